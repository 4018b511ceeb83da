/**
 * Machine health on Windows: one PowerShell process, one batched CIM query, one JSON object —
 * what systeminformation's `powerShellStart()` buys (a single shell) while every byte still goes
 * through the host's CommandRunner, so a practice machine's emulator can answer it and a test can
 * count the process starts.
 *
 * `HEALTH_FRAGMENT` is a script fragment: it writes its result under `$wsops['health']`
 * (`HEALTH_KEY`), so the lead can batch it with other CIM reads in one powershell.exe;
 * `healthArgv()` runs it alone. `parseWindowsHealth` is pure over the printed JSON.
 *
 * Classes and values (Microsoft docs):
 * - Win32_Battery (https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-battery):
 *   BatteryStatus 1 Other = discharging, 2 Unknown = "the system has access to AC so no battery is
 *   being discharged", 3 Fully Charged, 4 Low, 5 Critical, 6 Charging, 7 Charging and High,
 *   8 Charging and Low, 9 Charging and Critical, 10 Undefined, 11 Partially Charged;
 *   EstimatedChargeRemaining = percent. No instance = no battery.
 * - MSFT_PhysicalDisk, namespace root\Microsoft\Windows\Storage — what Get-PhysicalDisk returns
 *   (https://learn.microsoft.com/en-us/previous-versions/windows/desktop/stormgmt/msft-physicaldisk):
 *   HealthStatus 0 Healthy, 1 Warning, 2 Unhealthy, 5 Unknown (values documented on
 *   MSFT_StorageFaultDomain, its base class); MediaType 0 Unspecified, 3 HDD, 4 SSD, 5 SCM;
 *   OperationalStatus[] 2 OK, 3 Degraded, 5 Predictive Failure, …; FriendlyName, SerialNumber, Size.
 * - Win32_LogicalDisk (https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-logicaldisk):
 *   DriveType 3 = Local Disk; DeviceID (C:), VolumeName, FileSystem, Size, FreeSpace (bytes).
 * - Win32_OperatingSystem (https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-operatingsystem):
 *   Caption, Version, BuildNumber, OSArchitecture, LastBootUpTime, SystemDrive,
 *   TotalVisibleMemorySize and FreePhysicalMemory (both in kilobytes).
 * - Servicing restart markers: HKLM\…\Component Based Servicing\RebootPending (key),
 *   HKLM\…\WindowsUpdate\Auto Update\RebootRequired (key), and the PendingFileRenameOperations
 *   value of HKLM\SYSTEM\CurrentControlSet\Control\Session Manager (MoveFileEx
 *   MOVEFILE_DELAY_UNTIL_REBOOT, https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-movefileexa).
 */
import { z } from 'zod';
import type { Argv } from './commands';
import type { Disk, Filesystem, MachineHealth, Power } from '../../../shared/health';
import { MachineHealthSchema } from '../../../shared/health';

/** The key the fragment writes under in `$wsops` (and so in the printed JSON). */
export const HEALTH_KEY = 'health';

export const REBOOT_MARKERS = [
  {
    id: 'CBS RebootPending',
    key: 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
  },
  {
    id: 'WU RebootRequired',
    key: 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired',
  },
  {
    id: 'PendingFileRenameOperations',
    key: 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager',
    value: 'PendingFileRenameOperations',
  },
] as const;
export type RebootMarkerId = (typeof REBOOT_MARKERS)[number]['id'];
export const REBOOT_MARKER_IDS = REBOOT_MARKERS.map((r) => r.id) as [
  RebootMarkerId,
  ...RebootMarkerId[],
];

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Each read in its own try/catch: a class that fails (no Storage module on an old Windows, WMI
 * repository damage) leaves its part null and a line in `errors`, the rest still answers.
 * Numbers stay numbers; OperationalStatus is joined to keep the JSON within -Depth 4.
 */
export const HEALTH_FRAGMENT = [
  `$h = [ordered]@{ now = (Get-Date).ToUniversalTime().ToString('o'); errors = @() }`,
  `try { $h.battery = @(Get-CimInstance -ClassName Win32_Battery -ErrorAction Stop | ForEach-Object { [ordered]@{ BatteryStatus = $_.BatteryStatus; EstimatedChargeRemaining = $_.EstimatedChargeRemaining } }) } catch { $h.battery = $null; $h.errors += ('Win32_Battery: ' + $_.Exception.Message) }`,
  `try { $h.physicalDisks = @(Get-CimInstance -Namespace root/Microsoft/Windows/Storage -ClassName MSFT_PhysicalDisk -ErrorAction Stop | ForEach-Object { [ordered]@{ FriendlyName = $_.FriendlyName; SerialNumber = $_.SerialNumber; Size = $_.Size; MediaType = $_.MediaType; HealthStatus = $_.HealthStatus; OperationalStatus = (@($_.OperationalStatus) -join ',') } }) } catch { $h.physicalDisks = $null; $h.errors += ('MSFT_PhysicalDisk: ' + $_.Exception.Message) }`,
  `try { $h.logicalDisks = @(Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType=3' -ErrorAction Stop | ForEach-Object { [ordered]@{ DeviceID = $_.DeviceID; VolumeName = $_.VolumeName; FileSystem = $_.FileSystem; Size = $_.Size; FreeSpace = $_.FreeSpace } }) } catch { $h.logicalDisks = $null; $h.errors += ('Win32_LogicalDisk: ' + $_.Exception.Message) }`,
  `try { $o = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop; $h.os = [ordered]@{ Caption = $o.Caption; Version = $o.Version; BuildNumber = $o.BuildNumber; OSArchitecture = $o.OSArchitecture; LastBootUpTime = $o.LastBootUpTime.ToUniversalTime().ToString('o'); TotalVisibleMemorySize = $o.TotalVisibleMemorySize; FreePhysicalMemory = $o.FreePhysicalMemory; SystemDrive = $o.SystemDrive } } catch { $h.os = $null; $h.errors += ('Win32_OperatingSystem: ' + $_.Exception.Message) }`,
  `try { $m = @(); ` +
    REBOOT_MARKERS.map((r) =>
      'value' in r
        ? `if ((Get-ItemProperty -LiteralPath ${q(r.key)} -Name ${q(r.value)} -ErrorAction SilentlyContinue).${r.value}) { $m += ${q(r.id)} }; `
        : `if (Test-Path -LiteralPath ${q(r.key)}) { $m += ${q(r.id)} }; `,
    ).join('') +
    `$h.rebootMarkers = $m } catch { $h.rebootMarkers = $null; $h.errors += ('restart markers: ' + $_.Exception.Message) }`,
  `$wsops[${q(HEALTH_KEY)}] = $h`,
].join('\n');

/** The standalone script: the fragment, then one JSON object on stdout. */
export function healthScript(fragments: readonly string[] = [HEALTH_FRAGMENT]): string {
  return [
    `$ErrorActionPreference = 'Stop'`,
    `$wsops = [ordered]@{}`,
    ...fragments,
    `$wsops | ConvertTo-Json -Depth 4 -Compress`,
  ].join('\n');
}

export function healthArgv(): Argv {
  return {
    file: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-Command', healthScript()],
  };
}

// ---- parsing ----

const num = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .nullable()
  .optional();
const str = z.string().nullable().optional();
/** ConvertTo-Json writes a one-element list as a bare object on some paths: accept both. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), item])
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === null ? null : Array.isArray(v) ? v : [v]));

const RawHealthSchema = z.object({
  now: str,
  errors: list(z.string()),
  battery: list(z.object({ BatteryStatus: num, EstimatedChargeRemaining: num })),
  physicalDisks: list(
    z.object({
      FriendlyName: str,
      SerialNumber: str,
      Size: num,
      MediaType: num,
      HealthStatus: num,
      OperationalStatus: z
        .union([z.string(), z.number(), z.array(z.number())])
        .nullable()
        .optional(),
    }),
  ),
  logicalDisks: list(
    z.object({ DeviceID: z.string(), VolumeName: str, FileSystem: str, Size: num, FreeSpace: num }),
  ),
  os: z
    .object({
      Caption: str,
      Version: str,
      BuildNumber: str,
      OSArchitecture: str,
      LastBootUpTime: str,
      TotalVisibleMemorySize: num,
      FreePhysicalMemory: num,
      SystemDrive: str,
    })
    .nullable()
    .optional(),
  rebootMarkers: list(z.string()),
});
export type RawWindowsHealth = z.input<typeof RawHealthSchema>;

const HEALTH_STATUS: Record<number, { health: Disk['health']; name: string }> = {
  0: { health: 'ok', name: 'Healthy' },
  1: { health: 'warning', name: 'Warning' },
  2: { health: 'failing', name: 'Unhealthy' },
  5: { health: 'unknown', name: 'Unknown' },
};
const MEDIA_TYPE: Record<number, Disk['type']> = { 3: 'hdd', 4: 'ssd', 5: 'scm' };
/** BatteryStatus values that mean "charging" (6–9) and "on AC" (2, 3 fully charged, charging, 11). */
const CHARGING = new Set([6, 7, 8, 9]);
const ON_AC = new Set([2, 3, 6, 7, 8, 9, 11]);
const DISCHARGING = new Set([1, 4, 5]);

export class WindowsHealthParseError extends Error {}

/**
 * The health the fragment printed. Anything that is not the fragment's JSON throws a
 * WindowsHealthParseError (one line); the host turns it into an all-unknown answer.
 */
export function parseWindowsHealth(stdout: string, now: Date = new Date()): MachineHealth {
  return healthFromRaw(parseHealthBatch(stdout), now);
}

export type RawHealth = z.output<typeof RawHealthSchema>;

/**
 * The batch's own part of the printed JSON, validated: the host reads the OS, the boot time and
 * the free space of a drive from it too (one powershell.exe for all of them).
 */
export function parseHealthBatch(stdout: string): RawHealth {
  let json: unknown;
  try {
    json = JSON.parse(stdout.trim().replace(/^\uFEFF/, ''));
  } catch {
    throw new WindowsHealthParseError('the health query did not print JSON');
  }
  const part =
    json && typeof json === 'object' ? (json as Record<string, unknown>)[HEALTH_KEY] : undefined;
  const parsed = RawHealthSchema.safeParse(part);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WindowsHealthParseError(
      `the health query printed an unexpected shape at ${HEALTH_KEY}.${issue?.path.join('.') ?? ''}`,
    );
  }
  return parsed.data;
}

function healthFromRaw(raw: RawHealth, now: Date): MachineHealth {
  const notes = [...(raw.errors ?? [])];
  const readAt = raw.now && !Number.isNaN(Date.parse(raw.now)) ? new Date(raw.now) : now;

  const power = parsePower(raw.battery);
  if (raw.battery === null) notes.push('Battery state could not be read');

  const disks: Disk[] | null =
    raw.physicalDisks?.map((d, i) => {
      const hs = d.HealthStatus ?? null;
      const known = hs === null ? undefined : HEALTH_STATUS[hs];
      const op =
        d.OperationalStatus === null || d.OperationalStatus === undefined
          ? ''
          : Array.isArray(d.OperationalStatus)
            ? d.OperationalStatus.join(',')
            : String(d.OperationalStatus);
      return {
        name: d.FriendlyName?.trim() || `Disk ${i}`,
        model: d.FriendlyName?.trim() || null,
        serial: d.SerialNumber?.trim() || null,
        sizeBytes: d.Size ?? null,
        type:
          (d.MediaType !== null && d.MediaType !== undefined && MEDIA_TYPE[d.MediaType]) ||
          'unknown',
        health: known?.health ?? 'unknown',
        healthSource: `MSFT_PhysicalDisk HealthStatus ${hs ?? 'missing'}${known ? ` (${known.name})` : ''}${op ? `, OperationalStatus ${op}` : ''}`,
      };
    }) ?? null;

  const systemDrive = raw.os?.SystemDrive?.toUpperCase() ?? null;
  const filesystems: Filesystem[] | null =
    raw.logicalDisks?.map((l) => ({
      mount: l.DeviceID.toUpperCase(),
      label: l.VolumeName?.trim() || null,
      fsType: l.FileSystem ?? null,
      sizeBytes: l.Size ?? null,
      freeBytes: l.FreeSpace ?? null,
      system: systemDrive !== null && l.DeviceID.toUpperCase() === systemDrive,
    })) ?? null;

  const boot = raw.os?.LastBootUpTime ? Date.parse(raw.os.LastBootUpTime) : NaN;
  const uptimeSeconds = Number.isNaN(boot)
    ? null
    : Math.max(0, Math.round((readAt.getTime() - boot) / 1000));

  const kb = (v: number | null | undefined) => (v === null || v === undefined ? null : v * 1024);
  const health: MachineHealth = {
    source: 'windows-cim',
    at: readAt.toISOString(),
    power,
    disks,
    filesystems,
    uptimeSeconds,
    pendingRestart:
      raw.rebootMarkers === null
        ? { pending: null, markers: [] }
        : { pending: raw.rebootMarkers.length > 0, markers: raw.rebootMarkers },
    os: {
      platform: 'win32',
      name: raw.os?.Caption?.trim() || null,
      version: raw.os?.Version ?? null,
      build: raw.os?.BuildNumber ?? null,
      arch: raw.os?.OSArchitecture ?? null,
    },
    memory: {
      totalBytes: kb(raw.os?.TotalVisibleMemorySize),
      availableBytes: kb(raw.os?.FreePhysicalMemory),
    },
    notes,
  };
  return MachineHealthSchema.parse(health);
}

function parsePower(
  battery: { BatteryStatus?: number | null; EstimatedChargeRemaining?: number | null }[] | null,
): Power {
  if (battery === null)
    return { hasBattery: null, percent: null, acConnected: null, charging: null };
  if (battery.length === 0)
    // A PC without a battery runs on mains power; Win32_Battery has nothing more to say.
    return { hasBattery: false, percent: null, acConnected: null, charging: null };
  const b = battery[0]!;
  const status = b.BatteryStatus ?? null;
  const pct = b.EstimatedChargeRemaining;
  return {
    hasBattery: true,
    percent: pct === null || pct === undefined ? null : Math.min(100, Math.max(0, pct)),
    acConnected:
      status === null ? null : ON_AC.has(status) ? true : DISCHARGING.has(status) ? false : null,
    charging:
      status === null
        ? null
        : CHARGING.has(status)
          ? true
          : DISCHARGING.has(status) || status === 3
            ? false
            : null,
  };
}
