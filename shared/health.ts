/**
 * The machine at a glance — power, disks and their health, filesystems and free space, uptime, a
 * pending restart, OS and memory — as one shape for every host: the Windows PowerShell/CIM probe
 * (a real PC and a practice machine's emulator), systeminformation on Linux/macOS. The `system-health`
 * workflow, the flagship's preflight, `wsops check --json` (facts) and the app's Home all read
 * this. Every fact is nullable: null means "the OS would not tell", never a guess.
 */
import { z } from 'zod';

export const DiskHealthSchema = z.enum(['ok', 'warning', 'failing', 'unknown']);
export type DiskHealth = z.infer<typeof DiskHealthSchema>;

const Bytes = z.number().nonnegative().nullable();

export const PowerSchema = z.object({
  hasBattery: z.boolean().nullable(),
  /** Charge remaining, 0–100. */
  percent: z.number().min(0).max(100).nullable(),
  acConnected: z.boolean().nullable(),
  charging: z.boolean().nullable(),
});
export type Power = z.infer<typeof PowerSchema>;

export const DiskSchema = z.object({
  name: z.string(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  sizeBytes: Bytes,
  type: z.enum(['ssd', 'hdd', 'scm', 'unknown']),
  health: DiskHealthSchema,
  /** Where the health came from, e.g. "MSFT_PhysicalDisk HealthStatus 0 (Healthy)". */
  healthSource: z.string(),
});
export type Disk = z.infer<typeof DiskSchema>;

export const FilesystemSchema = z.object({
  /** A drive (C:) on Windows, a mount point (/) elsewhere. */
  mount: z.string(),
  label: z.string().nullable(),
  fsType: z.string().nullable(),
  sizeBytes: Bytes,
  freeBytes: Bytes,
  /** The volume the OS runs from (Windows: SystemDrive; elsewhere: /). */
  system: z.boolean(),
});
export type Filesystem = z.infer<typeof FilesystemSchema>;

export const MachineHealthSchema = z.object({
  /** Which probe answered: the Windows CIM query or systeminformation. */
  source: z.enum(['windows-cim', 'systeminformation']),
  /** When it was read (ISO). */
  at: z.string(),
  power: PowerSchema,
  /** null: the disks could not be listed at all. */
  disks: z.array(DiskSchema).nullable(),
  /** null: the filesystems could not be listed at all. */
  filesystems: z.array(FilesystemSchema).nullable(),
  uptimeSeconds: z.number().nonnegative().nullable(),
  pendingRestart: z.object({
    /** null: could not tell (or the OS keeps no such record). */
    pending: z.boolean().nullable(),
    /** Which markers were found, e.g. "CBS RebootPending". */
    markers: z.array(z.string()),
  }),
  os: z.object({
    platform: z.string(),
    name: z.string().nullable(),
    version: z.string().nullable(),
    build: z.string().nullable(),
    arch: z.string().nullable(),
  }),
  memory: z.object({ totalBytes: Bytes, availableBytes: Bytes }),
  /** What could not be read, one line each (shown as evidence). */
  notes: z.array(z.string()),
});
export type MachineHealth = z.infer<typeof MachineHealthSchema>;

/** The filesystem the OS runs from, when known. */
export function systemFilesystem(h: MachineHealth): Filesystem | null {
  return h.filesystems?.find((f) => f.system) ?? null;
}

/** Below this charge, on battery, a feature update or a driver removal must wait for AC. */
export const BATTERY_MIN_PERCENT = 50;

/** What a host answers when the probe could not run or printed nonsense: all unknown, with why. */
export function unknownHealth(
  platform: string,
  why: string,
  now: Date = new Date(),
): MachineHealth {
  return {
    source: platform === 'win32' ? 'windows-cim' : 'systeminformation',
    at: now.toISOString(),
    power: { hasBattery: null, percent: null, acConnected: null, charging: null },
    disks: null,
    filesystems: null,
    uptimeSeconds: null,
    pendingRestart: { pending: null, markers: [] },
    os: { platform, name: null, version: null, build: null, arch: null },
    memory: { totalBytes: null, availableBytes: null },
    notes: [why],
  };
}
