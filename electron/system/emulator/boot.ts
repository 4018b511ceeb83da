/**
 * A restart of the practice machine: what Windows does at shutdown and boot (services marked for
 * deletion go, boot drivers load) and the seed's physics (simulated/physics.ts: the feature
 * update blue-screens while the DiskCryptor driver is installed).
 */
import fs from 'node:fs';
import { applyReboot } from '../simulated/physics';
import { parseSetupConfig } from '../windows/setup-config';
import type { EmulatedMachine } from './machine';
import { keepsDriverThroughUpdates } from './diskcryptor-releases';
import { SETUPCONFIG_INI, SOFTWARE_DISTRIBUTION } from '../windows/commands';

export function restartMachine(machine: EmulatedMachine, reason: string): void {
  const cacheEmpty = isEmptyDir(machine.toLocal(SOFTWARE_DISTRIBUTION));
  const reflectDriversValid = reflectDriversKeepDiskCryptor(machine);
  machine.update(null, (p) => {
    // A service marked for deletion (an uninstalled driver) is removed at shutdown.
    for (const [name, s] of Object.entries(p.services)) if (s.deleteFlag) delete p.services[name];
    const encryptedByDc = p.encryption.bootVolumeEncryptedBy === 'diskcryptor';
    if (encryptedByDc && !p.services.dcrypt) {
      // Nothing left to decrypt the boot volume: Windows cannot start.
      p.sim.unbootable = true;
      p.sim.history.push({
        time: new Date().toISOString(),
        event:
          'boot failed: the system volume is DiskCryptor-encrypted and the dcrypt driver is gone (INACCESSIBLE_BOOT_DEVICE)',
      });
    }
    applyReboot(p, { now: new Date(), cacheEmpty, reason, reflectDriversValid });
    if (p.sim.bitlockerResumeAfterBoots !== null && p.sim.bitlockerResumeAfterBoots > 0) {
      p.sim.bitlockerResumeAfterBoots -= 1;
      if (p.sim.bitlockerResumeAfterBoots === 0) {
        p.sim.bitlockerResumeAfterBoots = null;
        for (const v of p.encryption.bitlocker) v.protection = 'on';
      }
    }
  });
}

/**
 * Windows setup migrates the DiskCryptor driver only when DiskCryptor writes ReflectDrivers and
 * SetupConfig.ini's entry names its install folder, which still exists.
 */
function reflectDriversKeepDiskCryptor(machine: EmulatedMachine): boolean {
  const p = machine.load();
  const dc = p.programs.find((x) => x.name === 'DiskCryptor');
  if (!dc?.installDir || !keepsDriverThroughUpdates(dc.version)) return false;
  let text: string;
  try {
    text = fs.readFileSync(machine.toLocal(SETUPCONFIG_INI), 'utf8');
  } catch {
    return false;
  }
  const folder = parseSetupConfig(text).reflectDrivers?.replace(/^"|"$/g, '').replace(/\\+$/, '');
  return (
    folder !== undefined &&
    folder.toLowerCase() === dc.installDir.toLowerCase() &&
    fs.existsSync(machine.toLocal(folder))
  );
}

function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}
