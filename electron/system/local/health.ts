/**
 * Machine health on this computer (Linux/macOS) with systeminformation — the only module that
 * imports it. Its rules, from its own docs and our architecture notes:
 * - it has no timeouts: every call here is wrapped in our own, and a late answer is "unknown";
 * - `diskLayout()` is heavy (lsblk + smartctl per disk on Linux, system_profiler on macOS): it is
 *   called only from this probe, never on a render path (the app's Home asks through IPC and the
 *   main process caches a reading for a few seconds);
 * - never `processes()`;
 * - on Windows every call spawns PowerShell unless `powerShellStart()` keeps one open: this probe
 *   starts it once and releases it at the end (the Windows host itself uses its own batched CIM
 *   query instead, see ../windows/health.ts).
 * SMART needs smartctl and usually root on Linux; without them systeminformation answers
 * `smartStatus: 'unknown'` (or lists no disks in a VM): that is reported as unknown, not ok.
 */
import os from 'node:os';
import type { Systeminformation } from 'systeminformation';
import {
  MachineHealthSchema,
  type Disk,
  type Filesystem,
  type MachineHealth,
} from '../../../shared/health';

/** The systeminformation calls this probe makes (tests pass a fake with the same shape). */
export interface SystemInformationApi {
  battery(): Promise<Systeminformation.BatteryData>;
  diskLayout(): Promise<Systeminformation.DiskLayoutData[]>;
  blockDevices(): Promise<Systeminformation.BlockDevicesData[]>;
  fsSize(): Promise<Systeminformation.FsSizeData[]>;
  time(): Systeminformation.TimeData;
  osInfo(): Promise<Systeminformation.OsData>;
  mem(): Promise<Systeminformation.MemData>;
  powerShellStart?(): void;
  powerShellRelease?(): void;
}

/** What the probe read; null where a call failed or timed out. */
export interface SystemInformationSnapshot {
  battery: Systeminformation.BatteryData | null;
  diskLayout: Systeminformation.DiskLayoutData[] | null;
  blockDevices: Systeminformation.BlockDevicesData[] | null;
  fsSize: Systeminformation.FsSizeData[] | null;
  time: Systeminformation.TimeData | null;
  osInfo: Systeminformation.OsData | null;
  mem: Systeminformation.MemData | null;
}

export interface LocalHealthOptions {
  si?: SystemInformationApi;
  platform?: NodeJS.Platform;
  /** Per call (diskLayout runs smartctl per disk: give it room). */
  timeoutMs?: number;
  now?: () => Date;
  /** How long a diskLayout answer is reused (0: never). */
  diskLayoutMaxAgeMs?: number;
}

export const LOCAL_HEALTH_TIMEOUT_MS = 10_000;
/**
 * diskLayout is the heavy call (smartctl per disk; system_profiler on macOS) and SMART verdicts
 * change over days, not seconds: one answer is kept this long, while battery, free space and
 * uptime are read every time (Home refreshes every 30 s).
 */
export const DISK_LAYOUT_MAX_AGE_MS = 5 * 60_000;
const diskLayouts = new WeakMap<
  SystemInformationApi,
  { at: number; value: Promise<Systeminformation.DiskLayoutData[] | null> }
>();

/** Resolves to null (and notes why) when the call fails or outlives `ms`. */
async function within<T>(
  what: string,
  ms: number,
  call: () => Promise<T> | T,
  notes: string[],
): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref?.();
  });
  try {
    const r = await Promise.race([Promise.resolve().then(call), timeout]);
    if (r === 'timeout') {
      notes.push(
        `${what}: no answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`,
      );
      return null;
    }
    return r;
  } catch (e) {
    notes.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  } finally {
    clearTimeout(timer);
  }
}

async function loadSi(): Promise<SystemInformationApi> {
  const mod = await import('systeminformation');
  return (mod.default ?? mod) as SystemInformationApi;
}

function cachedDiskLayout(
  si: SystemInformationApi,
  ms: number,
  notes: string[],
  maxAgeMs: number,
): Promise<Systeminformation.DiskLayoutData[] | null> {
  const hit = diskLayouts.get(si);
  if (hit && Date.now() - hit.at < maxAgeMs) return hit.value;
  const value = within('diskLayout', ms, () => si.diskLayout(), notes);
  // A failed or late answer is not kept: the next reading tries again.
  void value.then((v) => {
    if (v === null) diskLayouts.delete(si);
  });
  if (maxAgeMs > 0) diskLayouts.set(si, { at: Date.now(), value });
  return value;
}

export async function probeLocalHealth(opts: LocalHealthOptions = {}): Promise<MachineHealth> {
  const platform = opts.platform ?? process.platform;
  const ms = opts.timeoutMs ?? LOCAL_HEALTH_TIMEOUT_MS;
  const notes: string[] = [];
  const si = opts.si ?? (await loadSi());
  const ps = platform === 'win32';
  if (ps) si.powerShellStart?.();
  try {
    const [battery, diskLayout, blockDevices, fsSize, time, osInfo, mem] = await Promise.all([
      within('battery', ms, () => si.battery(), notes),
      cachedDiskLayout(si, ms, notes, opts.diskLayoutMaxAgeMs ?? DISK_LAYOUT_MAX_AGE_MS),
      within('blockDevices', ms, () => si.blockDevices(), notes),
      within('fsSize', ms, () => si.fsSize(), notes),
      within('time', ms, () => si.time(), notes),
      within('osInfo', ms, () => si.osInfo(), notes),
      within('mem', ms, () => si.mem(), notes),
    ]);
    return healthFromSystemInformation(
      { battery, diskLayout, blockDevices, fsSize, time, osInfo, mem },
      { platform, now: (opts.now ?? (() => new Date()))(), notes },
    );
  } finally {
    if (ps) si.powerShellRelease?.();
  }
}

/** systeminformation's smartStatus words → our health. */
export function smartHealth(status: string | undefined): Disk['health'] {
  const s = (status ?? '').trim().toLowerCase();
  if (s === 'ok' || s === 'passed' || s === 'verified') return 'ok';
  if (s === 'predicted failure' || s === 'failing' || s === 'failed') return 'failing';
  if (s === 'degraded') return 'warning';
  return 'unknown';
}

function diskType(t: string | undefined): Disk['type'] {
  const s = (t ?? '').toUpperCase();
  if (s.includes('SSD') || s.includes('NVME')) return 'ssd';
  if (s === 'HD' || s === 'HDD') return 'hdd';
  return 'unknown';
}

const text = (s: string | undefined | null) => (s && s.trim() ? s.trim() : null);
const bytes = (n: number | undefined | null) =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;

/** Pure: the snapshot as a MachineHealth. */
export function healthFromSystemInformation(
  s: SystemInformationSnapshot,
  ctx: { platform: NodeJS.Platform; now: Date; notes?: string[] },
): MachineHealth {
  const notes = [...(ctx.notes ?? [])];
  const b = s.battery;
  const power = b
    ? b.hasBattery
      ? {
          hasBattery: true,
          percent: bytes(b.percent) === null ? null : Math.min(100, b.percent),
          acConnected: typeof b.acConnected === 'boolean' ? b.acConnected : null,
          charging: typeof b.isCharging === 'boolean' ? b.isCharging : null,
        }
      : // No battery: a mains-powered machine; systeminformation's acConnected is its assumption.
        { hasBattery: false, percent: null, acConnected: null, charging: null }
    : { hasBattery: null, percent: null, acConnected: null, charging: null };

  let disks: Disk[] | null = null;
  if (s.diskLayout && s.diskLayout.length > 0) {
    disks = s.diskLayout.map((d, i) => {
      const health = smartHealth(d.smartStatus);
      return {
        name: text(d.name) ?? text(d.device) ?? `Disk ${i}`,
        model: text(d.name),
        serial: text(d.serialNum),
        sizeBytes: bytes(d.size),
        type: diskType(d.type),
        health,
        healthSource:
          health === 'unknown'
            ? `systeminformation diskLayout smartStatus "${d.smartStatus || 'unknown'}" (SMART needs smartctl${ctx.platform === 'linux' ? ' and root' : ''})`
            : `systeminformation diskLayout smartStatus "${d.smartStatus}"`,
      };
    });
  } else if (s.blockDevices) {
    // diskLayout lists nothing in many VMs and containers: the block devices still name the disks.
    disks = s.blockDevices
      .filter((d) => d.type === 'disk' && bytes(d.size) !== null && d.size > 0)
      .map((d) => ({
        name: text(d.name) ?? 'disk',
        model: text(d.model),
        serial: text(d.serial),
        sizeBytes: bytes(d.size),
        type: diskType(d.physical),
        health: 'unknown' as const,
        healthSource:
          'no SMART data: systeminformation diskLayout listed no disks (a VM, or no smartctl)',
      }));
  }
  if (!disks) notes.push('Disks could not be listed');

  const systemMount = ctx.platform === 'win32' ? (process.env.SystemDrive ?? 'C:') : '/';
  const labels = new Map<string, string>();
  for (const d of s.blockDevices ?? []) if (d.mount && d.label) labels.set(d.mount, d.label);
  const filesystems: Filesystem[] | null =
    s.fsSize?.map((f) => ({
      mount: f.mount,
      label: labels.get(f.mount) ?? null,
      fsType: text(f.type),
      sizeBytes: bytes(f.size),
      freeBytes: bytes(f.available),
      system: f.mount.toLowerCase() === systemMount.toLowerCase(),
    })) ?? null;

  const uptime = s.time && Number.isFinite(s.time.uptime) ? Math.round(s.time.uptime) : null;
  const o = s.osInfo;
  const health: MachineHealth = {
    source: 'systeminformation',
    at: ctx.now.toISOString(),
    power,
    disks,
    filesystems,
    uptimeSeconds: uptime ?? (ctx.platform === process.platform ? Math.round(os.uptime()) : null),
    // Linux and macOS keep no servicing record a program can read; Windows is read by the CIM probe.
    pendingRestart: { pending: null, markers: [] },
    os: {
      platform: ctx.platform,
      name: text(o?.distro),
      version: text(o?.release),
      build: text(o?.build) ?? text(o?.kernel),
      arch: text(o?.arch),
    },
    memory: { totalBytes: bytes(s.mem?.total), availableBytes: bytes(s.mem?.available) },
    notes,
  };
  return MachineHealthSchema.parse(health);
}
