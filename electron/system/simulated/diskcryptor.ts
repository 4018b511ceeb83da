import { DISKCRYPTOR_PRODUCT } from '../../knowledge/diskcryptor';

/** DiskCryptor facts the practice machines use (the product facts come from knowledge/). */
export const DISKCRYPTOR = {
  ...DISKCRYPTOR_PRODUCT,
  uninstallKey: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\DiskCryptor_is1',
  setupConfigIni: 'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini',
  /** Inno Setup names the real installers like this. */
  installerName: (version: string) => `dcrypt_setup_${version}.exe`,
} as const;

export function diskCryptorFiles(version: string): [string, string][] {
  return ['dcrypt.exe', 'dccon.exe', 'dcinst.exe', 'unins000.exe'].map((name) => [
    name,
    `practice stand-in for ${name} (DiskCryptor ${version})\r\n`,
  ]);
}

/** What DiskCryptor 1.2.2+ writes so Windows setup keeps its driver across feature updates. */
export function writeReflectDrivers(existing: string | null, installDir: string): string {
  const lines = (existing ?? '[SetupConfig]\r\n').split(/\r?\n/).filter((l) => l.length > 0);
  const kept = lines.filter((l) => !/^\s*(ReflectDrivers|PostOOBE)\s*=/i.test(l));
  if (!kept.some((l) => /^\s*\[SetupConfig\]\s*$/i.test(l))) kept.unshift('[SetupConfig]');
  kept.push(`ReflectDrivers="${installDir}"`, `PostOOBE="${installDir}\\dcinst.exe -setup"`);
  return `${kept.join('\r\n')}\r\n`;
}
