/**
 * The practice machine's answer to the health query (electron/system/windows/health.ts): exactly
 * the JSON `healthScript()` prints on a real PC — same keys, same CIM property names and enum
 * values — built from machine.json's `health` section (defaults: on AC, one healthy SSD, C: with
 * the profile's `freeBytes` free). So a practice run goes through the real parser.
 */
import type { MachineProfile } from '../simulated/profile';
import { HealthSectionSchema } from '../simulated/profile';
import { HEALTH_KEY, type RawWindowsHealth } from '../windows/health';
import { IDENTITY_KEY, SERVICES_KEY } from '../windows/reading';
import type { EmulatedService } from './formats';

/** MSFT_PhysicalDisk HealthStatus / MediaType values (see windows/health.ts for the sources). */
const HEALTH_STATUS = { healthy: 0, warning: 1, unhealthy: 2, unknown: 5 } as const;
const MEDIA_TYPE = { unspecified: 0, hdd: 3, ssd: 4 } as const;
/** MSFT_StorageFaultDomain OperationalStatus: OK 2, Predictive Failure 5, Unknown 0. */
const OPERATIONAL = { healthy: '2', warning: '3', unhealthy: '5', unknown: '0' } as const;

/** Win32_Battery BatteryStatus for the section's power state: 1 discharging, 3 full, 6 charging. */
function batteryStatus(p: { percent: number; acConnected: boolean }): number {
  if (!p.acConnected) return 1;
  return p.percent >= 100 ? 3 : 6;
}

export function emulatedHealth(profile: MachineProfile, now: Date = new Date()): RawWindowsHealth {
  const h = profile.health ?? HealthSectionSchema.parse({});
  const build = profile.os.version.split('.').pop() ?? '';
  // The script's catch for Win32_OperatingSystem: os null and one line in errors.
  const from = profile.behaviours.osQueryFailsFromBoot;
  const osFails = from !== null && profile.boot.count >= from;
  return {
    now: now.toISOString(),
    errors: osFails
      ? ['Win32_OperatingSystem: (practice machine) the CIM query did not answer']
      : [],
    battery: h.power.hasBattery
      ? [{ BatteryStatus: batteryStatus(h.power), EstimatedChargeRemaining: h.power.percent }]
      : [],
    physicalDisks: h.disks.map((d) => ({
      FriendlyName: d.name,
      SerialNumber: d.serial,
      Size: d.sizeBytes,
      MediaType: MEDIA_TYPE[d.mediaType],
      HealthStatus: HEALTH_STATUS[d.healthStatus],
      OperationalStatus: OPERATIONAL[d.healthStatus],
    })),
    logicalDisks: [
      {
        DeviceID: 'C:',
        VolumeName: 'Windows',
        FileSystem: 'NTFS',
        Size: Math.max(h.systemVolumeSizeBytes, profile.freeBytes),
        FreeSpace: profile.freeBytes,
      },
    ],
    os: osFails
      ? null
      : {
          Caption: profile.os.caption,
          Version: profile.os.version,
          BuildNumber: build,
          OSArchitecture: '64-bit',
          LastBootUpTime: new Date(profile.boot.time).toISOString(),
          // Win32_OperatingSystem reports memory in kilobytes.
          TotalVisibleMemorySize: Math.round(h.memory.totalBytes / 1024),
          FreePhysicalMemory: Math.round(
            Math.min(h.memory.availableBytes, h.memory.totalBytes) / 1024,
          ),
          SystemDrive: 'C:',
        },
    rebootMarkers: [...h.rebootMarkers],
  };
}

/** What `powershell.exe … healthScript()` prints on this practice machine (one JSON line). */
export function emulatedHealthJson(profile: MachineProfile, now: Date = new Date()): string {
  return JSON.stringify({ [HEALTH_KEY]: emulatedHealth(profile, now) });
}

/** Win32_BaseService State / StartMode strings for the emulator's service model. */
const CIM_STATE = {
  stopped: 'Stopped',
  start_pending: 'Start Pending',
  stop_pending: 'Stop Pending',
  running: 'Running',
  paused: 'Paused',
} as const;
const CIM_START_MODE = {
  boot: 'Boot',
  system: 'System',
  auto: 'Auto',
  demand: 'Manual',
  disabled: 'Disabled',
} as const;

/**
 * What the preflight's batch (windows/reading.ts) prints: the health part, the token's group SIDs
 * as WindowsIdentity's claims list them (Administrators enabled when elevated, deny-only in an
 * administrator's split token), and Win32_BaseService for the services that exist.
 */
export function emulatedReadingJson(
  profile: MachineProfile,
  who: { admin: boolean; elevated: boolean; services: EmulatedService[] },
  now: Date = new Date(),
): string {
  const groupSids = ['S-1-1-0', 'S-1-5-32-545', 'S-1-5-4', 'S-1-5-11', 'S-1-5-15'];
  if (who.elevated) groupSids.push('S-1-5-32-544');
  return JSON.stringify({
    [HEALTH_KEY]: emulatedHealth(profile, now),
    [IDENTITY_KEY]: {
      groupSids,
      denyOnlySids: who.admin && !who.elevated ? ['S-1-5-114', 'S-1-5-32-544'] : [],
    },
    [SERVICES_KEY]: who.services.map((s) => ({
      Name: s.name,
      State: CIM_STATE[s.state as keyof typeof CIM_STATE] ?? 'Unknown',
      StartMode: CIM_START_MODE[s.startType as keyof typeof CIM_START_MODE] ?? 'Unknown',
    })),
  });
}
