/**
 * SetupConfig.ini (`C:\Users\Default\AppData\Local\Microsoft\Windows\WSUS\SetupConfig.ini`):
 * Windows Setup reads its [SetupConfig] section on every feature update. Encryption tools add
 * ReflectDrivers/PostOOBE there; a leftover entry pointing at an uninstalled tool blocks upgrades.
 * Keys are case-insensitive, like GetPrivateProfileString.
 */

export interface SetupConfigValues {
  reflectDrivers: string | null;
  postOOBE: string | null;
}

/** The earlier name of SetupConfigValues. */
export type SetupConfig = SetupConfigValues;

const SECTION = /^\s*\[([^\]]*)\]\s*$/;
const KEY = /^\s*([^=;#[\s][^=]*?)\s*=\s*(.*?)\s*$/;

function isSetupConfigSection(name: string): boolean {
  return name.trim().toLowerCase() === 'setupconfig';
}

/** Values of [SetupConfig] (surrounding quotes removed). Never throws: garbage gives nulls. */
export function parseSetupConfig(text: string): SetupConfigValues {
  const out: SetupConfigValues = { reflectDrivers: null, postOOBE: null };
  let inSection = false;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const section = SECTION.exec(line);
    if (section) {
      inSection = isSetupConfigSection(section[1]!);
      continue;
    }
    if (!inSection) continue;
    const kv = KEY.exec(line);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    const value = unquote(kv[2]!);
    // The first definition wins, as with GetPrivateProfileString.
    if (key === 'reflectdrivers' && out.reflectDrivers === null) out.reflectDrivers = value;
    if (key === 'postoobe' && out.postOOBE === null) out.postOOBE = value;
  }
  return out;
}

function unquote(value: string): string {
  const m = /^"(.*)"$/.exec(value);
  return m ? m[1]! : value;
}

/**
 * Removes the given keys from [SetupConfig] and keeps every other byte — other keys, comments,
 * blank lines, CRLF or LF endings, a missing final newline — exactly as it was.
 */
export function removeSetupConfigKeys(
  text: string,
  keys: readonly string[],
): { text: string; removed: string[] } {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  const removed: string[] = [];
  let inSection = false;
  let out = '';
  // Each piece is one line including its own terminator, so joining them restores the input.
  for (const piece of text.match(/[^\r\n]*(?:\r\n|\n|\r|$)/g) ?? []) {
    if (piece === '') continue;
    const line = piece.replace(/[\r\n]+$/, '');
    const section = SECTION.exec(line.replace(/^\uFEFF/, ''));
    if (section) inSection = isSetupConfigSection(section[1]!);
    else if (inSection) {
      const kv = KEY.exec(line);
      if (kv && wanted.has(kv[1]!.toLowerCase())) {
        removed.push(kv[1]!);
        continue;
      }
    }
    out += piece;
  }
  return { text: out, removed };
}
