/**
 * Machine-health checks — power, disk health, free space, uptime and a pending restart, OS and
 * memory — over the one `health()` capability every host has: the Windows CIM query on a PC and on
 * a practice machine (through its emulator), systeminformation on Linux/macOS. Used by the
 * `system-health` workflow and by the flagship's preflight; `healthBlock` keeps the flagship's
 * destructive steps from running on a failing disk or a battery about to run out.
 */
import type { CheckDef, CheckOutcome, StepContext } from '../engine/workflow';
import type { HostReads, LocalHost } from '../system/ports';
import { hasWindowsHost } from '../system/local/no-windows-host';
import {
  BATTERY_MIN_PERCENT,
  systemFilesystem,
  unknownHealth,
  type Disk,
  type MachineHealth,
} from '../../shared/health';
import { formatBytes } from '../../shared/format';
import { FEATURE_UPDATE_FREE_BYTES } from './windows-checks';

type HealthSource = Pick<HostReads, 'health'> | Pick<LocalHost, 'health'>;

/** A Windows host (real PC or practice machine) wins; otherwise this computer. */
export function healthSource(
  ctx: Pick<StepContext<HostReads>, 'host' | 'local'>,
): HealthSource | null {
  if (hasWindowsHost(ctx.host) && (!ctx.local || ctx.local.platform === 'win32')) return ctx.host;
  return ctx.local ?? null;
}

/**
 * One reading serves every check of a preflight and the facts printed beside it: a reading is
 * reused for a few seconds (per host object), then read again — the battery changes.
 */
const READING_TTL_MS = 5_000;
const readings = new WeakMap<object, { at: number; reading: Promise<MachineHealth> }>();

export function readHealth(
  ctx: Pick<StepContext<HostReads>, 'host' | 'local'>,
  opts: { fresh?: boolean } = {},
): Promise<MachineHealth> {
  const source = healthSource(ctx);
  if (!source) return Promise.resolve(unknownHealth('unknown', 'This run has no machine to read'));
  const cached = readings.get(source);
  if (!opts.fresh && cached && Date.now() - cached.at < READING_TTL_MS) return cached.reading;
  const reading = source
    .health()
    .catch((e: unknown) =>
      unknownHealth(
        'unknown',
        `Health could not be read: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  readings.set(source, { at: Date.now(), reading });
  return reading;
}

const pct = (n: number | null) => (n === null ? '?' : `${Math.round(n)}%`);

// ---------------------------------------------------------------- power

export function powerOutcome(h: MachineHealth): CheckOutcome {
  const p = h.power;
  const data = { power: p };
  if (p.hasBattery === null)
    return {
      status: 'unknown',
      summary: 'Could not tell whether this machine runs on battery',
      data,
    };
  if (!p.hasBattery) return { status: 'pass', summary: 'No battery: runs on mains power', data };
  if (p.acConnected === true)
    return {
      status: 'pass',
      summary: `On AC power (battery ${pct(p.percent)}${p.charging ? ', charging' : ''})`,
      data,
    };
  if (p.percent !== null && p.percent < BATTERY_MIN_PERCENT)
    return {
      status: 'fail',
      summary: `On battery at ${pct(p.percent)}${p.acConnected === null ? ' (charger state unknown)' : ' without AC'}: a feature update or a driver removal needs the charger connected below ${BATTERY_MIN_PERCENT}%`,
      data,
    };
  if (p.percent === null)
    return { status: 'unknown', summary: 'On battery; the charge could not be read', data };
  if (p.acConnected === null)
    return {
      status: 'warn',
      summary: `Battery at ${pct(p.percent)}; whether the charger is connected could not be read — connect it before a feature update`,
      data,
    };
  return {
    status: 'warn',
    summary: `On battery at ${pct(p.percent)}: connect the charger before a feature update`,
    data,
  };
}

export const acPowerCheck: CheckDef<HostReads> = {
  id: 'ac-power',
  title: 'Power (battery and charger)',
  async run(ctx) {
    return powerOutcome(await readHealth(ctx));
  },
};

// ---------------------------------------------------------------- disks

function diskLine(d: Disk): string {
  const size = d.sizeBytes === null ? '' : `, ${formatBytes(d.sizeBytes)}`;
  return `${d.name}${d.serial ? ` (serial ${d.serial})` : ''}${size}: ${d.health} — ${d.healthSource}`;
}

export function diskHealthOutcome(h: MachineHealth): CheckOutcome {
  const disks = h.disks;
  if (disks === null)
    return {
      status: 'unknown',
      summary: `Disk health could not be read${h.notes[0] ? `: ${h.notes[0]}` : ''}`,
      evidence: h.notes,
      data: { disks: null },
    };
  const evidence = disks.map(diskLine);
  const data = { disks };
  if (disks.length === 0)
    return { status: 'unknown', summary: 'No physical disk was reported', evidence, data };
  const failing = disks.filter((d) => d.health === 'failing');
  if (failing.length)
    return {
      status: 'fail',
      summary: `${failing.map((d) => d.name).join(', ')} report${failing.length === 1 ? 's' : ''} failing: copy your data off now; no driver removal or update on this disk`,
      evidence,
      data,
    };
  const warning = disks.filter((d) => d.health === 'warning');
  if (warning.length)
    return {
      status: 'warn',
      summary: `${warning.map((d) => d.name).join(', ')} report${warning.length === 1 ? 's' : ''} a health warning: back up before anything risky`,
      evidence,
      data,
    };
  const unknown = disks.filter((d) => d.health === 'unknown');
  if (unknown.length === disks.length)
    return {
      status: 'unknown',
      summary: `Health of ${disks.length === 1 ? 'the disk' : `all ${disks.length} disks`} unknown (${disks[0]!.healthSource})`,
      evidence,
      data,
    };
  if (unknown.length)
    return {
      status: 'warn',
      summary: `${disks.length - unknown.length} disk${disks.length - unknown.length === 1 ? '' : 's'} healthy; the health of ${unknown.map((d) => d.name).join(', ')} is unknown`,
      evidence,
      data,
    };
  return {
    status: 'pass',
    summary: `${disks.length === 1 ? 'The disk reports' : `All ${disks.length} disks report`} healthy`,
    evidence,
    data,
  };
}

export const diskHealthCheck: CheckDef<HostReads> = {
  id: 'disk-health',
  title: 'Disk health',
  async run(ctx) {
    return diskHealthOutcome(await readHealth(ctx));
  },
};

// ---------------------------------------------------------------- free space

export function systemFreeSpaceOutcome(h: MachineHealth): CheckOutcome {
  const fs = systemFilesystem(h);
  if (!fs || fs.freeBytes === null)
    return { status: 'unknown', summary: 'Free space on the system volume could not be read' };
  const data = { mount: fs.mount, freeBytes: fs.freeBytes, neededBytes: FEATURE_UPDATE_FREE_BYTES };
  return fs.freeBytes >= FEATURE_UPDATE_FREE_BYTES
    ? { status: 'pass', summary: `${formatBytes(fs.freeBytes)} free on ${fs.mount}`, data }
    : {
        status: 'warn',
        summary: `Only ${formatBytes(fs.freeBytes)} free on ${fs.mount} — a feature update needs about ${formatBytes(FEATURE_UPDATE_FREE_BYTES)}`,
        data,
      };
}

export const systemFreeSpaceCheck: CheckDef<HostReads> = {
  id: 'free-space',
  title: 'Free space on the system volume',
  async run(ctx) {
    return systemFreeSpaceOutcome(await readHealth(ctx));
  },
};

// ---------------------------------------------------------------- uptime and restart

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

export function restartOutcome(h: MachineHealth): CheckOutcome {
  const up = h.uptimeSeconds === null ? 'uptime unknown' : `up ${duration(h.uptimeSeconds)}`;
  const data = { uptimeSeconds: h.uptimeSeconds, pendingRestart: h.pendingRestart };
  if (h.pendingRestart.pending)
    return {
      status: 'warn',
      summary: `A restart is pending (${h.pendingRestart.markers.join(', ')}); ${up} — restart before a feature update`,
      evidence: h.pendingRestart.markers,
      data,
    };
  if (h.pendingRestart.pending === false)
    return { status: 'pass', summary: `No restart pending; ${up}`, data };
  return {
    status: h.uptimeSeconds === null ? 'unknown' : 'pass',
    summary: `${up.charAt(0).toUpperCase()}${up.slice(1)}${h.os.platform === 'win32' ? '; whether a restart is pending could not be read' : ' (this OS keeps no pending-restart record)'}`,
    data,
  };
}

export const restartCheck: CheckDef<HostReads> = {
  id: 'uptime-restart',
  title: 'Uptime and pending restart',
  async run(ctx) {
    return restartOutcome(await readHealth(ctx));
  },
};

// ---------------------------------------------------------------- OS and memory

export function osMemoryOutcome(h: MachineHealth): CheckOutcome {
  const os = [h.os.name, h.os.version, h.os.build ? `(build ${h.os.build})` : null, h.os.arch]
    .filter(Boolean)
    .join(' ');
  const m = h.memory;
  const mem =
    m.totalBytes === null
      ? 'memory unknown'
      : `${formatBytes(m.totalBytes)} memory${m.availableBytes === null ? '' : `, ${formatBytes(m.availableBytes)} available`}`;
  const data = { os: h.os, memory: m };
  if (!os && m.totalBytes === null)
    return { status: 'unknown', summary: 'The OS and memory could not be read', data };
  return { status: 'pass', summary: `${os || h.os.platform}; ${mem}`, data };
}

export const osMemoryCheck: CheckDef<HostReads> = {
  id: 'os-memory',
  title: 'Operating system and memory',
  async run(ctx) {
    return osMemoryOutcome(await readHealth(ctx));
  },
};

// ---------------------------------------------------------------- the block

/**
 * Why a destructive step must not run now, or null. Fails closed on what matters for data: a
 * failing disk, disk health that could not be read at all, and a battery below the threshold
 * without the charger (the step then waits: resume re-checks once the charger is connected).
 */
export async function healthBlock(ctx: StepContext<HostReads>): Promise<string | null> {
  const h = await readHealth(ctx, { fresh: true });
  const disks = diskHealthOutcome(h);
  if (h.disks === null)
    return `Disk health could not be read (${h.notes[0] ?? 'no answer'}), so Workstation Ops cannot rule out a failing disk. Removing a driver or clearing system folders on a dying disk is how data gets lost. Check the disk (Settings → System → Storage → Disks & volumes, or the vendor's tool), then resume.`;
  if (disks.status === 'fail')
    return `A disk reports that it is failing: ${h.disks
      .filter((d) => d.health === 'failing')
      .map(diskLine)
      .join(
        '; ',
      )}. Do not remove drivers or update Windows on it: copy your data to another drive now, replace the disk, then resume.`;
  if (powerOutcome(h).status === 'fail')
    return `On battery at ${pct(h.power.percent)} without the charger. Connect the charger: this step waits until AC power is connected (resume re-checks it).`;
  return null;
}

// ---------------------------------------------------------------- at a glance

export interface HealthVerdict {
  id: string;
  title: string;
  status: CheckOutcome['status'];
  summary: string;
}

/** The same verdicts the checks give, for one reading (the app's Home shows them). */
export function healthVerdicts(h: MachineHealth): HealthVerdict[] {
  const pairs: [CheckDef<HostReads>, (h: MachineHealth) => CheckOutcome][] = [
    [acPowerCheck, powerOutcome],
    [diskHealthCheck, diskHealthOutcome],
    [systemFreeSpaceCheck, systemFreeSpaceOutcome],
    [restartCheck, restartOutcome],
    [osMemoryCheck, osMemoryOutcome],
  ];
  return pairs.map(([c, judge]) => {
    const o = judge(h);
    return { id: c.id, title: c.title, status: o.status, summary: o.summary };
  });
}
