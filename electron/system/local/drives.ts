/**
 * Which drives are connected right now — to tell a backup reminder its drive is plugged in. Read
 * with systeminformation `blockDevices()` (labels, serials, mount points) and `fsSize()` (what is
 * mounted), each under our own timeout. On Windows systeminformation runs PowerShell per call:
 * one shell is kept for both (`powerShellStart` / `powerShellRelease`). Never throws: a failed
 * read is null ("could not tell"), never "not connected".
 */
import type { Systeminformation } from 'systeminformation';

export interface ConnectedDrive {
  /** Device name (sdb1, disk2s1, C:). */
  name: string;
  label: string | null;
  serial: string | null;
  /** Where it is mounted, when it is. */
  mount: string | null;
  removable: boolean;
}

export interface DrivesApi {
  blockDevices(): Promise<Systeminformation.BlockDevicesData[]>;
  fsSize(): Promise<Systeminformation.FsSizeData[]>;
  powerShellStart?(): void;
  powerShellRelease?(): void;
}

export const DRIVES_TIMEOUT_MS = 8_000;

function within<T>(ms: number, p: Promise<T>): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.catch(() => null),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
      timer.unref?.();
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The drives this computer sees. A whole disk's serial is copied onto its partitions (Linux lists
 * the serial on the disk, the label on the partition), so either can name the drive.
 */
export async function connectedDrives(
  opts: { si?: DrivesApi; platform?: NodeJS.Platform; timeoutMs?: number } = {},
): Promise<ConnectedDrive[] | null> {
  const platform = opts.platform ?? process.platform;
  const si = opts.si ?? ((await import('systeminformation')).default as unknown as DrivesApi);
  const ms = opts.timeoutMs ?? DRIVES_TIMEOUT_MS;
  if (platform === 'win32') si.powerShellStart?.();
  try {
    const [devices, sizes] = await Promise.all([
      within(ms, si.blockDevices()),
      within(ms, si.fsSize()),
    ]);
    if (!devices) return null;
    // fsSize knows mounts blockDevices may leave empty (keyed by device path, /dev/sdb1).
    const mountOf = new Map((sizes ?? []).map((f) => [f.fs, f.mount]));
    const diskSerial = new Map<string, string>();
    for (const d of devices) if (d.type === 'disk' && d.serial) diskSerial.set(d.name, d.serial);
    return devices
      .filter((d) => d.type !== 'loop' && d.type !== 'rom')
      .map((d) => {
        const parent = [...diskSerial.keys()].find((k) => d.name !== k && d.name.startsWith(k));
        const serial = d.serial?.trim() || (parent ? diskSerial.get(parent)! : '') || null;
        const mount =
          d.mount?.trim() ||
          mountOf.get(d.device ?? `/dev/${d.name}`) ||
          mountOf.get(d.name) ||
          null;
        return {
          name: d.name,
          label: d.label?.trim() || null,
          serial,
          mount,
          removable: Boolean(d.removable),
        };
      });
  } finally {
    if (platform === 'win32') si.powerShellRelease?.();
  }
}
