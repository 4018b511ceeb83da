/**
 * system-health: is this machine fit for something risky? Read-only, real on every OS: power
 * (battery, charge, charger), disk health (SMART / Windows storage health), free space on the
 * system volume, uptime and a pending restart, OS and memory. On Windows (this PC or a practice
 * machine) one batched PowerShell CIM query answers everything; on Linux/macOS systeminformation.
 * The flagship's preflight runs the same checks (health-checks.ts).
 */
import type { Outputs, StepDef, WorkflowDef } from '../../engine/workflow';
import type { HostReads } from '../../system/ports';
import {
  acPowerCheck,
  diskHealthCheck,
  osMemoryCheck,
  restartCheck,
  systemFreeSpaceCheck,
} from '../health-checks';

export const SYSTEM_HEALTH_ID = 'system-health';

/** What this workflow asks of the machine (ports.ts): it only looks. */
type Needs = HostReads;

const read: StepDef<Outputs, Needs> = {
  id: 'health',
  title: 'Read the machine health',
  instructions:
    'Reads, changes nothing. **Power**: battery, charge and whether the charger is connected — on battery below 50 % a feature update or a driver removal is a fail. **Disks**: the health each physical disk reports (Windows: `MSFT_PhysicalDisk` HealthStatus; Linux/macOS: SMART through systeminformation, which needs `smartctl` — and root on Linux — or says unknown). **Free space** on the system volume against the ~20 GB a Windows feature update needs. **Uptime** and, on Windows, the servicing restart markers (CBS `RebootPending`, Windows Update `RebootRequired`, `PendingFileRenameOperations`). **OS and memory.**',
  checks: [acPowerCheck, diskHealthCheck, systemFreeSpaceCheck, restartCheck, osMemoryCheck],
};

export const systemHealth: WorkflowDef<Needs> = {
  id: SYSTEM_HEALTH_ID,
  title: 'Machine health before anything risky',
  description:
    'Power (battery and charger), disk health, free space, uptime and a pending restart, OS and memory — on Windows, macOS and Linux. Read-only; run it before a feature update or a driver removal. Runs on practice machines too.',
  platforms: ['win32', 'darwin', 'linux'],
  windowsOnly: false,
  local: 'preferred',
  steps: [read],
};
