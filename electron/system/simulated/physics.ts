/**
 * What a restart does to the practice machine — the seed's physics:
 * - a staged feature update is attempted at every boot; while the DiskCryptor driver is
 *   installed it blue-screens with 0x1A (MEMORY_MANAGEMENT) and rolls back;
 * - once the driver is gone and the download cache was cleared and a fresh copy staged (the
 *   Update Assistant), the update installs and the version changes;
 * - automatic and boot services start; the dcrypt driver may stay down after the first
 *   reinstall (behaviours.driverNeedsExtraCycleAfterReinstall) until one more cycle;
 * - DiskCryptor 1.2.2+ whose SetupConfig.ini ReflectDrivers names its (existing) install folder:
 *   Windows setup migrates the driver, so the update installs with DiskCryptor in place;
 * - a feature update installed while BitLocker protects the system volume changes what the TPM
 *   measures: the next boot asks for the 48-digit recovery key (sim.bitlockerRecoveryPrompts).
 */
import type { MachineProfile } from './profile';
import { DISKCRYPTOR } from './diskcryptor';

export interface RebootInput {
  now: Date;
  /** SoftwareDistribution is empty at shutdown. */
  cacheEmpty: boolean;
  reason: string;
  /** DiskCryptor's ReflectDrivers entry is valid (the host checks SetupConfig.ini and the folder). */
  reflectDriversValid?: boolean;
}

export function applyReboot(p: MachineProfile, input: RebootInput): void {
  const previous = Date.parse(p.boot.time);
  // Boot times must strictly increase even when two simulated restarts share a millisecond.
  const bootMs = Math.max(input.now.getTime(), previous + 1000);
  const bootTime = new Date(bootMs).toISOString();
  const log = (event: string) => p.sim.history.push({ time: bootTime, event });
  log(`restart (${input.reason})`);

  const update = p.pendingFeatureUpdate;
  if (update && input.cacheEmpty && !update.cacheCleared) {
    update.cacheCleared = true;
    // The corrupted download is gone; nothing is staged until the Update Assistant runs.
    update.staged = false;
    log('SoftwareDistribution found empty: update cache reset');
  }
  const driverInstalled = p.services[DISKCRYPTOR.driverService] !== undefined;
  if (update && update.staged) {
    if (driverInstalled && !input.reflectDriversValid) {
      p.bugchecks.push({ time: bootTime, code: '0x0000001a' });
      log(
        `feature update to ${update.version} failed: BugCheck 0x1A MEMORY_MANAGEMENT, rolled back`,
      );
    } else if (!update.cacheCleared) {
      update.staged = false;
      log(`feature update to ${update.version} failed: corrupted download cache, rolled back`);
    } else {
      log(
        `feature update installed: ${p.os.version} -> ${update.version}${driverInstalled ? ' (ReflectDrivers kept the DiskCryptor driver)' : ''}`,
      );
      p.os.version = update.version;
      p.pendingFeatureUpdate = null;
      const system = p.encryption.bitlocker.find((b) => b.volume.toUpperCase() === 'C:');
      if (system?.protection === 'on') {
        p.sim.bitlockerRecoveryPrompts += 1;
        log(
          'BitLocker recovery screen: protection was not suspended for the update, the recovery key was needed',
        );
      }
    }
  }

  for (const [name, service] of Object.entries(p.services)) {
    const autoStart = ['auto', 'boot', 'system'].includes(service.startType);
    if (name === DISKCRYPTOR.driverService) {
      const stuck =
        p.behaviours.driverNeedsExtraCycleAfterReinstall && p.sim.dcryptReinstalls === 1;
      service.state = stuck ? 'stopped' : 'running';
      if (stuck) log('dcrypt driver did not start: DiskCryptor asks for another restart');
    } else if (autoStart) {
      service.state = 'running';
    } else if (service.state !== 'stopped') {
      service.state = 'stopped';
    }
  }
  p.boot = { count: p.boot.count + 1, time: bootTime };
}
