/** Who encrypts the boot volume, from what manage-bde and dcinst said. */
import type { BitLockerVolume, EncryptionInfo } from '../ports';
import type { BootEncryptionAnswer } from './dcinst';

const SYSTEM_DRIVE = 'C:';

/**
 * DiskCryptor wins when dcinst says so. BitLocker counts as encrypting C: when protection is on
 * or any of it is encrypted (a suspended volume is still encrypted). Anything we could not read
 * makes the answer 'unknown' rather than "nobody".
 */
export function bootEncryptor(
  bitlocker: BitLockerVolume[] | null,
  diskcryptor: BootEncryptionAnswer,
): EncryptionInfo['bootVolumeEncryptedBy'] {
  if (diskcryptor === 'encrypted') return 'diskcryptor';
  const c = bitlocker?.find((v) => v.volume === SYSTEM_DRIVE);
  if (c && (c.protection === 'on' || (c.percentEncrypted ?? 0) > 0)) return 'bitlocker';
  if (
    diskcryptor === 'unknown' ||
    !c ||
    (c.protection === 'unknown' && c.percentEncrypted === null)
  )
    return 'unknown';
  return null;
}
