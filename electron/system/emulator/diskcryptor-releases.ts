/**
 * What each DiskCryptor release registers (ARCHITECTURE.md, verified in DavidXanatos/DiskCryptor:
 * 1.1.846.118 registers "DiskCryptor 1.1" / DisplayVersion "1.1"; the 1.2.2 release registers
 * "1.2.1"). Superseded by electron/knowledge/diskcryptor.ts when that lands.
 */
export function diskCryptorRegistration(fileVersion: string): {
  displayName: string;
  displayVersion: string;
} {
  const [a = '0', b = '0', c = '0'] = fileVersion.split('.');
  const displayVersion = a === '1' && b === '2' && c === '2' ? '1.2.1' : `${a}.${b}`;
  return { displayName: `DiskCryptor ${displayVersion}`, displayVersion };
}

/** DiskCryptor 1.2.2 and later write ReflectDrivers/PostOOBE (DCrypt/dcapi/w10.c). */
export function writesReflectDrivers(fileVersion: string): boolean {
  const [a = 0, b = 0, c = 0] = fileVersion.split('.').map(Number);
  return a > 1 || (a === 1 && (b > 2 || (b === 2 && c >= 2)));
}
