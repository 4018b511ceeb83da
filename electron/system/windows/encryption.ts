/** Who encrypts the boot volume, from what manage-bde, dcinst and the veracrypt driver said. */
import type { BitLockerVolume, EncryptionInfo, ServiceInfo } from '../ports';
import type { BootEncryptionAnswer } from './dcinst';

const SYSTEM_DRIVE = 'C:';

/**
 * What the veracrypt driver's registration says about system encryption. VeraCrypt has no command
 * that reports it (its status is an IOCTL to the driver), but setting system encryption up makes
 * the driver boot-start and taking it down makes it system-start again (rule
 * `veracrypt-system-boot-start`), so the start type is the sign. A driver we could not read is
 * 'unknown', never "no VeraCrypt".
 */
export function veraCryptSystemAnswer(
  driver: ServiceInfo | null,
): 'encrypted' | 'not_encrypted' | 'unknown' {
  if (!driver || driver.state === 'unknown') return 'unknown';
  if (driver.state === 'missing') return 'not_encrypted';
  if (driver.startType === 'boot') return 'encrypted';
  return driver.startType === 'unknown' ? 'unknown' : 'not_encrypted';
}

/**
 * DiskCryptor wins when dcinst says so. BitLocker counts as encrypting C: when protection is on
 * or any of it is encrypted (a suspended volume is still encrypted). VeraCrypt counts when its
 * driver starts at boot (veraCryptSystemAnswer). Anything we could not read makes the answer
 * 'unknown' rather than "nobody".
 */
export function bootEncryptor(
  bitlocker: BitLockerVolume[] | null,
  diskcryptor: BootEncryptionAnswer,
  veracrypt: ReturnType<typeof veraCryptSystemAnswer>,
): EncryptionInfo['bootVolumeEncryptedBy'] {
  if (diskcryptor === 'encrypted') return 'diskcryptor';
  const c = bitlocker?.find((v) => v.volume === SYSTEM_DRIVE);
  if (c && (c.protection === 'on' || (c.percentEncrypted ?? 0) > 0)) return 'bitlocker';
  if (veracrypt === 'encrypted') return 'veracrypt';
  if (
    diskcryptor === 'unknown' ||
    veracrypt === 'unknown' ||
    !c ||
    (c.protection === 'unknown' && c.percentEncrypted === null)
  )
    return 'unknown';
  return null;
}
