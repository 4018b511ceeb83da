/**
 * The DiskCryptor release a practice machine's program entry stands for (its `version` is the
 * release name: 1.1.846.118, 1.2.2 …), with what that release registers and does, from
 * electron/knowledge/diskcryptor.ts (each fact with its source there).
 */
import {
  DISKCRYPTOR_RELEASES,
  supportsReflectDrivers,
  type DiskCryptorRelease,
} from '../../knowledge/diskcryptor';

export function releaseNamed(version: string): DiskCryptorRelease | undefined {
  return DISKCRYPTOR_RELEASES.find((r) => r.version === version);
}

/** DisplayName/DisplayVersion under DiskCryptor_is1 (rule dc-registration-strings). */
export function diskCryptorRegistration(version: string): {
  displayName: string;
  displayVersion: string;
} {
  const g = releaseNamed(version)?.registrations[0];
  return g
    ? { displayName: g.displayName, displayVersion: g.displayVersion }
    : { displayName: `DiskCryptor ${version}`, displayVersion: version };
}

/** The release can carry its driver through a feature update (PostOOBE.cmd + dcinst -reflect). */
export function keepsDriverThroughUpdates(version: string): boolean {
  const r = releaseNamed(version);
  return r !== undefined && supportsReflectDrivers(r);
}
