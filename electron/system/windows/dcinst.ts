/**
 * `dcinst.exe -isenc` answers only through its exit code: 51 (ST_ENCRYPTED) when DiskCryptor
 * encrypts the boot device, 0 when it does not (DCrypt/dcinst/dcinst.c). DiskCryptor's own
 * uninstaller refuses to run on 51, and so must we.
 */
export const DCINST_ENCRYPTED = 51;

export type BootEncryptionAnswer = 'encrypted' | 'not_encrypted' | 'unknown';

export function interpretIsEnc(exitCode: number | null): BootEncryptionAnswer {
  if (exitCode === DCINST_ENCRYPTED) return 'encrypted';
  if (exitCode === 0) return 'not_encrypted';
  return 'unknown';
}
