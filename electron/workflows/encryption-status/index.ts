/**
 * encryption-status: is this computer's disk encrypted, and by what? Read-only, real on every OS:
 * - Windows (this PC or a practice machine): BitLocker through the WindowsHost `encryption()`
 *   port (`manage-bde -status` on a real PC), plus DiskCryptor/VeraCrypt and their drivers;
 * - macOS: `fdesetup status` → FileVault on/off;
 * - Linux: `lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT` → LUKS containers, dm-crypt mappings and what
 *   is mounted on them, `/` above all.
 * A missing or failing command is "unknown" with the reason, never a crash.
 */
import type {
  CheckDef,
  CheckOutcome,
  StepContext,
  StepDef,
  WorkflowDef,
  Outputs,
} from '../../engine/workflow';
import type { CommandResult, LocalHost } from '../../system/ports';
import { hasWindowsHost } from '../../system/local/no-windows-host';
import { parseLsblk, type LsblkReport } from '../../system/local/parse-lsblk';
import { parseFdesetupStatus, type FileVaultStatus } from '../../system/local/parse-fdesetup';
import { DISKCRYPTOR_PRODUCT as DISKCRYPTOR } from '../../knowledge/diskcryptor';
import { VERACRYPT, findProgram } from '../windows-checks';
import type { HostReads } from '../../system/ports';

/** What this workflow asks of the machine (ports.ts): it only looks. */
type Needs = HostReads;

const COMMAND_MS = 15_000;
export const LSBLK_ARGS = ['-J', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINT'] as const;
/** By full path: fdesetup lives in /usr/bin on every macOS, and PATH could hold anything. */
export const FDESETUP = '/usr/bin/fdesetup';

type Where = { kind: 'windows' } | { kind: 'linux' | 'darwin' | 'other'; local: LocalHost };

/** A Windows host (real PC or practice machine) wins; otherwise this computer's OS. */
function where(ctx: StepContext<Needs>): Where {
  if (hasWindowsHost(ctx.host) && (!ctx.local || ctx.local.platform === 'win32'))
    return { kind: 'windows' };
  if (!ctx.local) return { kind: 'windows' };
  const p = ctx.local.platform;
  return { kind: p === 'linux' || p === 'darwin' ? p : 'other', local: ctx.local };
}

interface Ran<T> {
  result: CommandResult;
  parsed: T | null;
}

// One command per run and check set: the three checks share it. Keyed by the run's start so a
// long-lived app process never reuses another run's answer.
const cache = new WeakMap<object, Map<string, Promise<unknown>>>();

function once<T>(
  ctx: StepContext<Needs>,
  owner: object,
  key: string,
  make: () => Promise<T>,
): Promise<T> {
  let m = cache.get(owner);
  if (!m) cache.set(owner, (m = new Map()));
  const k = `${ctx.runStartedAt}\0${key}`;
  if (!m.has(k)) m.set(k, make());
  return m.get(k) as Promise<T>;
}

/** manage-bde on a real PC can be slow and may need elevation: read it once per run. */
function windowsEncryption(ctx: StepContext<Needs>) {
  return once(ctx, ctx.host, 'encryption', () => ctx.host.encryption());
}

function lsblk(ctx: StepContext<Needs>, local: LocalHost): Promise<Ran<LsblkReport>> {
  return once(ctx, local, 'lsblk', async () => {
    const result = await local.run('lsblk', LSBLK_ARGS, { timeoutMs: COMMAND_MS });
    return { result, parsed: result.ok ? parseLsblk(result.stdout) : null };
  });
}

function fdesetup(ctx: StepContext<Needs>, local: LocalHost): Promise<Ran<FileVaultStatus>> {
  return once(ctx, local, 'fdesetup', async () => {
    const result = await local.run(FDESETUP, ['status'], { timeoutMs: COMMAND_MS });
    const parsed = parseFdesetupStatus(result.stdout);
    return { result, parsed: parsed.state === 'unknown' && !result.ok ? null : parsed };
  });
}

function couldNotRun(r: CommandResult, what: string): CheckOutcome {
  const why = (r.stderr || r.stdout).trim().split(/\r?\n/)[0] || `exit ${r.exitCode ?? '?'}`;
  return {
    status: 'unknown',
    summary: `${what}: ${why}`,
    evidence: [`> ${r.command}  (exit ${r.exitCode ?? '?'})`],
    data: { command: r.command, exitCode: r.exitCode },
  };
}

function chainText(chain: string[]): string {
  return chain.join(' → ');
}

// ---------------------------------------------------------------- checks

const systemVolumeCheck: CheckDef<Needs> = {
  id: 'system-volume',
  title: 'System volume encrypted',
  async run(ctx) {
    const w = where(ctx);
    if (w.kind === 'windows') {
      const e = await windowsEncryption(ctx);
      const c = e.bitlocker?.find((b) => b.volume.toUpperCase() === 'C:');
      const data = {
        platform: 'win32',
        bootVolumeEncryptedBy: e.bootVolumeEncryptedBy,
        bitlocker: e.bitlocker,
      };
      switch (e.bootVolumeEncryptedBy) {
        case 'bitlocker':
          if (c?.protection === 'off')
            return {
              status: 'warn',
              summary: `C: is encrypted by BitLocker (${c.percentEncrypted ?? '?'}%), but protection is off (suspended): anyone can start it without the key`,
              data,
            };
          return {
            status: 'pass',
            summary: `C: is protected by BitLocker${c?.percentEncrypted != null ? ` (${c.percentEncrypted}% encrypted)` : ''}`,
            data,
          };
        case 'diskcryptor':
          return { status: 'pass', summary: 'C: is encrypted by DiskCryptor', data };
        case 'veracrypt':
          return { status: 'pass', summary: 'C: is encrypted by VeraCrypt', data };
        case null:
          return { status: 'warn', summary: 'C: is not encrypted', data };
        default:
          return {
            status: 'unknown',
            summary:
              'Could not tell whether C: is encrypted (manage-bde needs an administrator prompt)',
            data,
          };
      }
    }
    if (w.kind === 'darwin') {
      const { result, parsed } = await fdesetup(ctx, w.local);
      if (!parsed) return couldNotRun(result, 'FileVault status unknown');
      const data = { platform: 'darwin', fileVault: parsed };
      const evidence = result.stdout.split(/\r?\n/).filter(Boolean);
      if (parsed.state === 'unknown')
        return {
          status: 'unknown',
          summary: `FileVault status unknown: fdesetup said "${parsed.line ?? ''}"`,
          evidence,
          data,
        };
      if (parsed.state === 'on') {
        return parsed.progress?.direction === 'encrypting'
          ? {
              status: 'warn',
              summary: `FileVault is on; encryption in progress (${parsed.progress.percent ?? '?'}%)`,
              evidence,
              data,
            }
          : parsed.progress?.direction === 'decrypting'
            ? {
                status: 'warn',
                summary: `FileVault is being turned off: decryption in progress (${parsed.progress.percent ?? '?'}%)`,
                evidence,
                data,
              }
            : {
                status: 'pass',
                summary: 'FileVault is on: the startup disk is encrypted',
                evidence,
                data,
              };
      }
      return {
        status: 'warn',
        summary: parsed.deferred
          ? 'FileVault is off; it will be turned on at the next restart'
          : 'FileVault is off: the startup disk is not encrypted',
        evidence,
        data,
      };
    }
    if (w.kind === 'linux') {
      const { result, parsed } = await lsblk(ctx, w.local);
      if (!parsed)
        return result.ok
          ? {
              status: 'unknown',
              summary: 'lsblk printed something that is not its JSON',
              evidence: [result.stdout.slice(0, 200)],
            }
          : couldNotRun(result, 'Disk encryption unknown');
      const data = { platform: 'linux', root: parsed.root };
      if (!parsed.root)
        return {
          status: 'unknown',
          summary:
            '/ is not on a block device lsblk lists (a container, overlay or network filesystem?)',
          data,
        };
      return parsed.root.encrypted
        ? {
            status: 'pass',
            summary: `/ is on an encrypted device: ${chainText(parsed.root.chain)}`,
            data,
          }
        : {
            status: 'warn',
            summary: `/ is on ${parsed.root.chain.length > 1 ? chainText(parsed.root.chain) : parsed.root.device}, which is not encrypted`,
            data,
          };
    }
    return { status: 'unknown', summary: `Not supported on ${w.local.platform}` };
  },
};

const volumesCheck: CheckDef<Needs> = {
  id: 'encrypted-volumes',
  title: 'Encrypted volumes',
  async run(ctx) {
    const w = where(ctx);
    if (w.kind === 'windows') {
      const e = await windowsEncryption(ctx);
      if (!e.bitlocker)
        return {
          status: 'unknown',
          summary:
            'BitLocker could not be read (manage-bde needs the administrator prompt): unknown, not "none"',
        };
      const lines = e.bitlocker.map(
        (b) =>
          `${b.volume} BitLocker protection ${b.protection}, ${b.percentEncrypted ?? '?'}% encrypted`,
      );
      return {
        status: 'pass',
        summary: e.bitlocker.length ? `BitLocker: ${lines.join('; ')}` : 'No BitLocker volumes',
        evidence: lines,
        data: { bitlocker: e.bitlocker },
      };
    }
    if (w.kind === 'darwin') {
      const { result, parsed } = await fdesetup(ctx, w.local);
      if (!parsed) return couldNotRun(result, 'fdesetup could not run');
      return {
        status: parsed.state === 'unknown' ? 'unknown' : 'pass',
        summary: `fdesetup: ${result.stdout.split(/\r?\n/).filter(Boolean).join(' ')}`,
        data: { fileVault: parsed },
      };
    }
    if (w.kind === 'linux') {
      const { result, parsed } = await lsblk(ctx, w.local);
      if (!parsed) return couldNotRun(result, 'lsblk could not run');
      const evidence = [
        ...parsed.luks.map((l) => `LUKS container ${l.name}: ${l.opened ? 'open' : 'locked'}`),
        ...parsed.crypt.map(
          (c) => `dm-crypt mapping ${c.name}${c.parent ? ` on ${c.parent}` : ''}`,
        ),
        ...parsed.encryptedMounts.map(
          (m) => `${m.mountpoint} on ${m.device} (encrypted by ${m.via})`,
        ),
      ];
      const summary =
        parsed.luks.length || parsed.crypt.length
          ? `${parsed.luks.length} LUKS container${parsed.luks.length === 1 ? '' : 's'} (${parsed.luks.filter((l) => l.opened).length} open), ${parsed.crypt.length} dm-crypt mapping${parsed.crypt.length === 1 ? '' : 's'}; mounted on them: ${parsed.encryptedMounts.map((m) => m.mountpoint).join(', ') || 'nothing'}`
          : `No LUKS or dm-crypt devices among ${parsed.devices.length} block devices`;
      return {
        status: 'pass',
        summary,
        evidence,
        data: {
          luks: parsed.luks,
          crypt: parsed.crypt,
          encryptedMounts: parsed.encryptedMounts,
          devices: parsed.devices.length,
        },
      };
    }
    return { status: 'unknown', summary: `Not supported on ${w.local.platform}` };
  },
};

const softwareCheck: CheckDef<Needs> = {
  id: 'encryption-software',
  title: 'Third-party encryption drivers (DiskCryptor, VeraCrypt)',
  async run(ctx) {
    const w = where(ctx);
    if (w.kind !== 'windows') {
      return {
        status: 'pass',
        summary:
          w.kind === 'darwin'
            ? 'Not applicable: FileVault is part of macOS'
            : w.kind === 'linux'
              ? 'Not applicable: dm-crypt is part of the Linux kernel'
              : 'Not applicable',
      };
    }
    const lines: string[] = [];
    const data: Record<string, unknown> = {};
    for (const tool of [
      { name: DISKCRYPTOR.name, driver: DISKCRYPTOR.driverService },
      { name: VERACRYPT.name, driver: VERACRYPT.driverService },
    ]) {
      const p = await findProgram(ctx.host, tool.name);
      const s = await ctx.host.service(tool.driver);
      data[tool.name] = {
        installed: p === undefined ? null : p !== null,
        version: p?.version ?? null,
        driver: s.state,
      };
      if (p === undefined) lines.push(`${tool.name}: installed programs could not be read`);
      else if (p === null && s.state === 'missing') lines.push(`${tool.name}: not installed`);
      else
        lines.push(
          `${tool.name}${p ? ` ${p.version}` : ''}: driver ${tool.driver} ${s.state}${s.state === 'stopped' ? ' (installed, not running: it asks for a restart)' : ''}`,
        );
    }
    const installed = Object.values(data).some(
      (d) => (d as { installed: boolean | null }).installed,
    );
    return {
      status: 'pass',
      summary: installed ? lines.join('; ') : 'Neither DiskCryptor nor VeraCrypt is installed',
      evidence: lines,
      data,
    };
  },
};

// ---------------------------------------------------------------- steps

const status: StepDef<Outputs, Needs> = {
  id: 'status',
  title: 'Read the encryption status',
  instructions:
    'Reads, changes nothing. **Windows**: BitLocker (`manage-bde -status`) for every volume, and whether DiskCryptor or VeraCrypt is installed and its driver loaded. **macOS**: `fdesetup status` (FileVault). **Linux**: `lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT` — LUKS containers (`crypto_LUKS`), dm-crypt mappings (`crypt`) and what is mounted on them, above all `/`. A tool that is missing or fails gives "unknown" with the reason.',
  checks: [systemVolumeCheck, volumesCheck, softwareCheck],
};

const verdict: StepDef<Outputs, Needs> = {
  id: 'verdict',
  title: 'Verdict',
  instructions: 'One line: is the system volume encrypted?',
  // The system-volume check again (its command output is cached for the run): its line is the verdict.
  verify: [{ ...systemVolumeCheck, id: 'encryption-verdict', title: 'Verdict: system volume' }],
};

export const encryptionStatus: WorkflowDef<Needs> = {
  id: 'encryption-status',
  title: 'Disk encryption status',
  description:
    "Whether this computer's system disk is encrypted and by what: BitLocker, DiskCryptor or VeraCrypt on Windows, FileVault on macOS, LUKS/dm-crypt on Linux (what is mounted on encrypted devices, / above all). Read-only; runs on practice machines too.",
  platforms: ['win32', 'darwin', 'linux'],
  windowsOnly: false,
  local: 'preferred',
  steps: [status, verdict],
};
