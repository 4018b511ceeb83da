/**
 * SetupConfig.ini (Windows setup's answer file for feature updates). DiskCryptor 1.2.2+ adds
 * ReflectDrivers/PostOOBE to [SetupConfig]. Pure functions; never throw on odd text.
 * Used by electron/workflows (keep these two signatures): parseSetupConfig, removeSetupConfigKeys.
 */
export interface SetupConfig {
  reflectDrivers: string | null;
  postOOBE: string | null;
}

const KEY_LINE = /^\s*([^=;#[\]]+?)\s*=\s*(.*?)\s*$/;

export function parseSetupConfig(text: string): SetupConfig {
  const out: SetupConfig = { reflectDrivers: null, postOOBE: null };
  let section = '';
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const header = /^\s*\[([^\]]*)\]\s*$/.exec(raw);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      continue;
    }
    if (section !== 'setupconfig') continue;
    const m = KEY_LINE.exec(raw);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    if (key === 'reflectdrivers') out.reflectDrivers = m[2]!;
    else if (key === 'postoobe') out.postOOBE = m[2]!;
  }
  return out;
}

/** Removes `keys` from [SetupConfig], keeping every other byte (line endings included). */
export function removeSetupConfigKeys(text: string, keys: string[]): string {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  let section = '';
  const parts = text.split(/(?<=\n)/);
  return parts
    .filter((line) => {
      const header = /^\s*\[([^\]]*)\]\s*$/.exec(line.replace(/\r?\n$/, ''));
      if (header) {
        section = header[1]!.trim().toLowerCase();
        return true;
      }
      const m = KEY_LINE.exec(line.replace(/\r?\n$/, ''));
      return !(section === 'setupconfig' && m && drop.has(m[1]!.replace(/^\uFEFF/, '').toLowerCase()));
    })
    .join('');
}
