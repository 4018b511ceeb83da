/**
 * Status checks over a WindowsHost, shared by every Windows workflow and the bundle analysis.
 * A check never throws for a fact it cannot read: it says 'unknown'.
 */
import type { CheckDef, CheckOutcome, StepContext } from '../engine/workflow';
import type { BitLockerVolume, HostReads, ProgramInfo } from '../system/ports';
import { DISKCRYPTOR_PRODUCT } from '../knowledge/diskcryptor';
import { SETUPCONFIG_INI } from '../system/windows/commands';
import { formatBytes, formatCount } from '../../shared/format';

export const SOFTWARE_DISTRIBUTION = 'C:\\Windows\\SoftwareDistribution';
export const MEMORY_MANAGEMENT = '0x0000001a';
/** Microsoft asks for about 20 GB free for a feature update on 64-bit Windows. */
export const FEATURE_UPDATE_FREE_BYTES = 20 * 1024 ** 3;

export async function findProgram(
  host: HostReads,
  name: string,
): Promise<ProgramInfo | null | undefined> {
  const all = await findPrograms(host, name);
  return all === undefined ? undefined : (all[0] ?? null);
}

/**
 * Every uninstall entry for `name`, the live one first. Two entries happen (a stale one left in
 * the 32-bit view by an old install): the live one is the entry whose folder ReflectDrivers names
 * (DiskCryptor 1.2.2+) or whose folder still holds the program; an entry whose folder is gone
 * comes last. Acting on the stale one would run a missing uninstaller and record a wrong version.
 */
export async function findPrograms(
  host: HostReads,
  name: string,
): Promise<ProgramInfo[] | undefined> {
  const programs = await host.programs();
  if (programs === null) return undefined;
  const matches = programs.filter(
    (p) =>
      p.name.toLowerCase() === name.toLowerCase() ||
      p.name.toLowerCase().startsWith(`${name.toLowerCase()} `),
  );
  if (matches.length < 2) return matches;
  const ini = await host.readText(SETUPCONFIG_INI).catch(() => null);
  const reflect = /^\s*ReflectDrivers\s*=\s*"?([^"\r\n]*?)"?\s*$/im
    .exec(ini ?? '')?.[1]
    ?.replace(/\\+$/, '')
    .toLowerCase();
  const scored = await Promise.all(
    matches.map(async (p, i) => {
      const dir = p.installDir?.replace(/\\+$/, '');
      const named = reflect !== undefined && dir?.toLowerCase() === reflect;
      const present = dir ? await host.exists(dir).catch(() => false) : false;
      return { p, i, score: (named ? 2 : 0) + (present ? 1 : 0) };
    }),
  );
  return scored.sort((a, b) => b.score - a.score || a.i - b.i).map((s) => s.p);
}

export const osVersionCheck: CheckDef<HostReads> = {
  id: 'os-version',
  title: 'Windows version',
  async run(ctx) {
    const os = await ctx.host.os();
    if (!os) return { status: 'unknown', summary: 'Windows version could not be read' };
    return {
      status: 'pass',
      summary: `${os.caption} ${os.version} (build ${os.build})`,
      data: { caption: os.caption, version: os.version, build: os.build },
    };
  },
};

export const adminCheck: CheckDef<HostReads> = {
  id: 'admin-rights',
  title: 'Administrator rights',
  async run(ctx) {
    // "Administrator rights" means "can elevate": the app runs unelevated on purpose (asInvoker)
    // and asks Windows (UAC) for each admin step.
    const e = await ctx.host.elevation();
    if (e === null)
      return {
        status: 'unknown',
        summary: 'Could not tell whether this account can approve administrator prompts',
      };
    const data = { elevated: e.elevated, adminMember: e.adminMember };
    if (e.elevated)
      return { status: 'pass', summary: 'Workstation Ops runs as administrator: no prompts', data };
    return e.adminMember
      ? {
          status: 'pass',
          summary:
            'You are an administrator: each admin step shows a Windows prompt (User Account Control) — choose Yes',
          data,
        }
      : {
          status: 'pass',
          summary:
            "This is a standard account: each admin step asks for an administrator's name and password (User Account Control) — have them ready",
          data,
        };
  },
};

export function programCheck(
  name: string,
  id = `program-${name.toLowerCase()}`,
): CheckDef<HostReads> {
  return {
    id,
    title: `${name} installed`,
    async run(ctx) {
      const all = await findPrograms(ctx.host, name);
      if (all === undefined)
        return { status: 'unknown', summary: `Could not read the installed programs` };
      const [p, ...others] = all;
      if (!p)
        return { status: 'pass', summary: `${name} is not installed`, data: { installed: false } };
      const stale = others.map(
        (o) => `${o.name} ${o.version}${o.installDir ? ` (${o.installDir})` : ''}`,
      );
      return {
        status: stale.length ? 'warn' : 'pass',
        summary: `${name} ${p.version} is installed${p.installDir ? ` in ${p.installDir}` : ''}${stale.length ? `; another uninstall entry, ${stale.join(', ')}, is left over from an older install and is ignored — remove it only after this run (it may confuse other tools)` : ''}`,
        evidence: [p.uninstallString ? `UninstallString: ${p.uninstallString}` : ''].filter(
          Boolean,
        ),
        data: { installed: true, version: p.version, installDir: p.installDir ?? null },
      };
    },
  };
}

export const diskCryptorCheck = programCheck(DISKCRYPTOR_PRODUCT.name, 'diskcryptor-installed');

export function serviceCheck(
  name: string,
  opts: { expect?: 'running' | 'stopped'; title?: string } = {},
): CheckDef<HostReads> {
  return {
    id: `service-${name}`,
    title: opts.title ?? `Service ${name}`,
    async run(ctx) {
      const s = await ctx.host.service(name);
      const data = { state: s.state, startType: s.startType };
      const line = `${name}: ${s.state.toUpperCase()}, start type ${s.startType}`;
      if (s.state === 'unknown')
        return { status: 'unknown', summary: `${name}: state could not be read`, data };
      if (!opts.expect) return { status: 'pass', summary: line, data };
      if (s.state === 'missing')
        return { status: 'warn', summary: `${name} is not installed on this machine`, data };
      return s.state === opts.expect
        ? { status: 'pass', summary: line, data }
        : { status: 'fail', summary: `${line} — expected ${opts.expect.toUpperCase()}`, data };
    },
  };
}

export const dcryptDriverCheck: CheckDef<HostReads> = {
  id: 'dcrypt-driver',
  title: 'DiskCryptor driver (dcrypt)',
  async run(ctx) {
    const s = await ctx.host.service(DISKCRYPTOR_PRODUCT.driverService);
    const data = { state: s.state, startType: s.startType };
    switch (s.state) {
      case 'running':
        return { status: 'pass', summary: 'The dcrypt driver is running', data };
      case 'missing':
        return { status: 'pass', summary: 'The dcrypt driver is not installed', data };
      case 'stopped':
        return {
          status: 'warn',
          summary:
            'The dcrypt driver is installed but not running — DiskCryptor asks for a restart',
          data,
        };
      default:
        return { status: 'unknown', summary: `The dcrypt driver state is ${s.state}`, data };
    }
  },
};

/** Passes when the driver runs — the verify of the reinstall and repair steps. */
export const dcryptRunningCheck: CheckDef<HostReads> = {
  id: 'dcrypt-running',
  title: 'DiskCryptor driver running',
  async run(ctx) {
    const s = await ctx.host.service(DISKCRYPTOR_PRODUCT.driverService);
    const data = { state: s.state, startType: s.startType };
    if (s.state === 'running')
      return { status: 'pass', summary: 'The dcrypt driver is running: DiskCryptor works', data };
    if (s.state === 'unknown')
      return { status: 'unknown', summary: 'The dcrypt driver state could not be read', data };
    return {
      status: 'fail',
      summary: `The dcrypt driver is ${s.state} — DiskCryptor asks for a restart`,
      data,
    };
  },
};

export const bootEncryptionCheck: CheckDef<HostReads> = {
  id: 'boot-encryption',
  title: 'Boot volume encryption',
  async run(ctx) {
    const e = await ctx.host.encryption();
    const data = { bootVolumeEncryptedBy: e.bootVolumeEncryptedBy, bitlocker: e.bitlocker };
    switch (e.bootVolumeEncryptedBy) {
      case null:
        return { status: 'pass', summary: 'The boot volume is not encrypted', data };
      case 'diskcryptor':
        return {
          status: 'fail',
          summary:
            'The boot volume is encrypted by DiskCryptor: it cannot be uninstalled until you decrypt it',
          data,
        };
      case 'bitlocker':
        return {
          status: 'warn',
          summary:
            'The boot volume is protected by BitLocker: suspend protection before a feature update',
          data,
        };
      case 'veracrypt':
        return { status: 'warn', summary: 'The boot volume is encrypted by VeraCrypt', data };
      default:
        return {
          status: 'unknown',
          summary: 'Could not tell whether the boot volume is encrypted',
          data,
        };
    }
  },
};

export const softwareDistributionCheck: CheckDef<HostReads> = {
  id: 'softwaredistribution-size',
  title: 'SoftwareDistribution folder',
  async run(ctx) {
    const t = await ctx.host.treeStats(SOFTWARE_DISTRIBUTION);
    if (!t) return { status: 'unknown', summary: `${SOFTWARE_DISTRIBUTION} could not be read` };
    return {
      status: 'pass',
      summary: `${SOFTWARE_DISTRIBUTION}: ${formatCount(t.files)} files, ${formatBytes(t.bytes)}`,
      evidence: [`files ${t.files}`, `folders ${t.dirs}`, `bytes ${t.bytes}`, `links ${t.links}`],
      data: { files: t.files, bytes: t.bytes, dirs: t.dirs, links: t.links },
    };
  },
};

export const softwareDistributionEmptyCheck: CheckDef<HostReads> = {
  id: 'softwaredistribution-empty',
  title: 'SoftwareDistribution is empty',
  async run(ctx) {
    const t = await ctx.host.treeStats(SOFTWARE_DISTRIBUTION);
    if (!t) return { status: 'unknown', summary: `${SOFTWARE_DISTRIBUTION} could not be read` };
    const left = t.files + t.dirs + t.links;
    return left === 0
      ? {
          status: 'pass',
          summary: `${SOFTWARE_DISTRIBUTION} is empty`,
          data: { files: 0, bytes: 0 },
        }
      : {
          // A cache half cleared is not a reset cache: the step fails, never "done with a warning".
          status: 'fail',
          summary: `${SOFTWARE_DISTRIBUTION} still holds ${formatCount(t.files)} files (${formatBytes(t.bytes)}) and ${formatCount(t.dirs + t.links)} folders or links — something holds them (BITS, Windows Update, an antivirus): stop it, then resume to clear again`,
          data: { files: t.files, bytes: t.bytes },
        };
  },
};

export function bugcheckSince(sinceIso: string | null, id = 'bugchecks'): CheckDef<HostReads> {
  return {
    id,
    title: sinceIso
      ? 'No new MEMORY_MANAGEMENT blue screen'
      : 'MEMORY_MANAGEMENT (0x1A) blue screens',
    async run(ctx) {
      const list = await ctx.host.bugchecks();
      if (!list) return { status: 'unknown', summary: 'The bugcheck history could not be read' };
      const since = sinceIso ?? ctx.runStartedAt;
      const all1a = list.filter((b) => b.code === MEMORY_MANAGEMENT);
      const relevant =
        sinceIso === null ? all1a : all1a.filter((b) => Date.parse(b.time) > Date.parse(since));
      const evidence = relevant.map((b) => `${b.time} BugCheck ${b.code}`);
      if (relevant.length === 0) {
        // The System log rolls over and can be cleared: an empty history proves little before the
        // work starts. After the update, "none since the run started" is what the run saw itself.
        return sinceIso === null
          ? {
              status: 'warn',
              summary:
                'No MEMORY_MANAGEMENT (0x1A) blue screens recorded (events 1001 and Kernel-Power 41) — weak evidence: the System log may have rolled over or been cleared; if the update keeps rolling back, the cause may still be DiskCryptor',
              data: { count: 0 },
            }
          : { status: 'pass', summary: 'No new MEMORY_MANAGEMENT blue screen', data: { count: 0 } };
      }
      return {
        status: sinceIso === null ? 'warn' : 'fail',
        summary: `${relevant.length} MEMORY_MANAGEMENT (0x1A) blue screen${relevant.length === 1 ? '' : 's'}${sinceIso === null ? ', last ' + relevant.at(-1)!.time : ' since the run started'}`,
        evidence,
        data: { count: relevant.length, last: relevant.at(-1)!.time },
      };
    },
  };
}

export const bugcheckHistoryCheck = bugcheckSince(null);

/** No new 0x1A since this run started (the update verify). */
export const noNewBugcheckCheck: CheckDef<HostReads> = {
  ...bugcheckSince('run-start', 'no-new-bugcheck'),
  async run(ctx) {
    return bugcheckSince(ctx.runStartedAt, 'no-new-bugcheck').run(ctx);
  },
};

export const freeSpaceCheck: CheckDef<HostReads> = {
  id: 'free-space',
  title: 'Free space on C:',
  async run(ctx) {
    const free = await ctx.host.freeBytes('C:');
    if (free === null) return { status: 'unknown', summary: 'Free space on C: could not be read' };
    return free >= FEATURE_UPDATE_FREE_BYTES
      ? { status: 'pass', summary: `${formatBytes(free)} free on C:`, data: { freeBytes: free } }
      : {
          status: 'warn',
          summary: `Only ${formatBytes(free)} free on C: — a feature update needs about 20 GB`,
          data: { freeBytes: free },
        };
  },
};

export const pendingUpdateCheck: CheckDef<HostReads> = {
  id: 'pending-update',
  title: 'Pending feature update',
  async run(ctx) {
    const u = await ctx.host.pendingFeatureUpdate();
    if (u)
      return {
        status: 'pass',
        summary: `Feature update to ${u.version} is pending`,
        data: { version: u.version },
      };
    // Only a practice machine knows for sure; Windows keeps no reliable record of a staged update.
    return ctx.host.kind === 'practice'
      ? { status: 'pass', summary: 'No feature update is pending', data: { version: null } }
      : {
          status: 'unknown',
          summary: 'Not known: Settings → Windows Update shows whether a feature update is pending',
          data: { version: null },
        };
  },
};

/** Passes when the Windows version differs from the one preflight recorded. */
export const buildChangedCheck: CheckDef<HostReads> = {
  id: 'build-changed',
  title: 'Feature update installed',
  async run(ctx): Promise<CheckOutcome> {
    const before = ctx.lastCheck('os-version', 'preflight')?.data?.version;
    const os = await ctx.host.os();
    if (!os || typeof before !== 'string')
      return {
        status: 'unknown',
        summary: 'Could not compare the Windows version with the one before',
      };
    return os.version !== before
      ? {
          status: 'pass',
          summary: `Windows went from ${before} to ${os.version}`,
          data: { before, after: os.version },
        }
      : {
          status: 'fail',
          summary: `Windows is still ${os.version}: the feature update did not install`,
          data: { before, after: os.version },
        };
  },
};

/** VeraCrypt facts live in knowledge/ (the practice scenarios use them too). */
export { VERACRYPT } from '../knowledge/windows';

/**
 * BitLocker of the system volume (C:) as the host reports it; null when BitLocker does not cover
 * C:, undefined when it could not be read (never the same as "not protected").
 */
export async function systemBitLocker(
  ctx: StepContext<HostReads>,
): Promise<BitLockerVolume | null | undefined> {
  const e = await ctx.host.encryption();
  if (!e.bitlocker) return undefined;
  return e.bitlocker.find((b) => b.volume.toUpperCase() === 'C:') ?? null;
}

export function bitlockerProtectionCheck(
  expect: 'on' | 'off',
  id = `bitlocker-protection-${expect}`,
): CheckDef<HostReads> {
  return {
    id,
    title:
      expect === 'off' ? 'BitLocker protection of C: suspended' : 'BitLocker protection of C: on',
    async run(ctx) {
      const v = await systemBitLocker(ctx);
      if (!v) return { status: 'unknown', summary: 'BitLocker status of C: could not be read' };
      const data = {
        volume: v.volume,
        protection: v.protection,
        percentEncrypted: v.percentEncrypted,
      };
      if (v.protection === 'unknown')
        return { status: 'unknown', summary: 'BitLocker protection of C: could not be read', data };
      return v.protection === expect
        ? {
            status: 'pass',
            summary: `BitLocker protection of C: is ${v.protection === 'off' ? 'off (suspended)' : 'on'}`,
            data,
          }
        : {
            status: 'fail',
            summary: `BitLocker protection of C: is ${v.protection}, expected ${expect}`,
            data,
          };
    },
  };
}
