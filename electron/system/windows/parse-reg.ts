/**
 * `reg query KEY [/s]` text. A key is a line starting at column 0 with a hive name; each value is
 * an indented line `name<4 spaces>REG_TYPE<4 spaces>data`. Names may contain spaces
 * ("Inno Setup: App Path"), so the name ends at the first 4-space gap followed by a REG_ type.
 */
import type { ProgramInfo, StartType } from '../ports';
import { splitLines } from './text';

export interface RegValue {
  name: string;
  type: string;
  /** Raw text after the type: strings as printed, DWORDs as 0x… */
  data: string;
}

export interface RegKey {
  key: string;
  values: RegValue[];
}

const KEY_LINE = /^(HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU|HKCC)(\\.*)?$/;
const VALUE_LINE = /^(?: {2,}|\t)(\S.*?)(?: {4,}|\t+)(REG_[A-Z_]+)(?:(?: {4}|\t+)(.*))?$/;

/** Null when the text holds no registry key at all (error text, garbage, nothing). */
export function parseRegQuery(text: string): RegKey[] | null {
  const keys: RegKey[] = [];
  let current: RegKey | null = null;
  for (const raw of splitLines(text)) {
    const line = raw.replace(/\s+$/, '');
    if (KEY_LINE.test(line)) {
      current = { key: line, values: [] };
      keys.push(current);
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (m && current) current.values.push({ name: m[1]!, type: m[2]!, data: m[3] ?? '' });
  }
  return keys.length > 0 ? keys : null;
}

export function valueOf(key: RegKey, name: string): RegValue | undefined {
  const lower = name.toLowerCase();
  return key.values.find((v) => v.name.toLowerCase() === lower);
}

/** REG_DWORD/REG_QWORD data (`0x1c`) as a number; null when not a number. */
export function dwordOf(value: RegValue | undefined): number | null {
  if (!value) return null;
  const m = /^0x([0-9a-f]+)$/i.exec(value.data.trim());
  if (m) return parseInt(m[1]!, 16);
  return /^\d+$/.test(value.data.trim()) ? Number(value.data.trim()) : null;
}

function str(key: RegKey, name: string): string | undefined {
  const v = valueOf(key, name);
  const s = v?.data.trim();
  return s ? s : undefined;
}

/** Folder path as Windows shows it, without surrounding quotes or a trailing backslash. */
function cleanDir(dir: string | undefined): string | undefined {
  if (!dir) return undefined;
  let d = dir.trim().replace(/^"(.*)"$/, '$1');
  if (d.length > 3) d = d.replace(/\\+$/, '');
  return d || undefined;
}

/**
 * Uninstall entries → programs. Entries without DisplayName are what Programs and Features hides
 * too (patches, components), so they are skipped. Null when the text is not reg output at all.
 */
export function parseUninstallPrograms(text: string): ProgramInfo[] | null {
  return programsFromKeys(parseRegQuery(text));
}

/**
 * A `reg export` file (UTF-16 LE, "Windows Registry Editor Version 5.00"): `[KEY]` lines, then
 * `"name"="string"` (backslash and quote escaped), `"name"=dword:0000000a`, `hex(2):` (expand
 * strings, UTF-16 LE bytes, lines continued with a trailing backslash). Unlike `reg query`, which
 * prints in the console's OEM code page, it keeps every character of a name or folder. Values come
 * back in reg query's shape (DWORDs as 0x…), so the same readers apply.
 */
export function parseRegExport(text: string): RegKey[] | null {
  const lines = splitLines(text);
  if (!/^Windows Registry Editor Version 5\.00$/.test(lines[0]?.trim() ?? '')) return null;
  const keys: RegKey[] = [];
  let current: RegKey | null = null;
  for (let i = 1; i < lines.length; i++) {
    let line = lines[i]!;
    while (line.endsWith('\\') && /=hex(?:\([0-9a-f]+\))?:/i.test(line) && i + 1 < lines.length)
      line = line.slice(0, -1) + lines[++i]!.trim();
    const key = /^\[(.+)\]$/.exec(line.trim());
    if (key) {
      current = { key: key[1]!, values: [] };
      keys.push(current);
      continue;
    }
    if (!current) continue;
    const v = /^(?:"((?:[^"\\]|\\.)*)"|@)=(.*)$/.exec(line);
    if (!v) continue;
    const name = v[1] === undefined ? '(Default)' : unescapeReg(v[1]);
    const raw = v[2]!;
    const sz = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
    if (sz) current.values.push({ name, type: 'REG_SZ', data: unescapeReg(sz[1]!) });
    const dw = /^dword:([0-9a-f]{8})$/i.exec(raw);
    if (dw)
      current.values.push({
        name,
        type: 'REG_DWORD',
        data: `0x${parseInt(dw[1]!, 16).toString(16)}`,
      });
    const ex = /^hex\(2\):([0-9a-f,\s]*)$/i.exec(raw);
    if (ex) {
      const bytes = Buffer.from(
        ex[1]!
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean)
          .map((b) => parseInt(b, 16)),
      );
      const data = bytes.toString('utf16le').split('\u0000')[0]!;
      current.values.push({ name, type: 'REG_EXPAND_SZ', data });
    }
  }
  return keys.length > 0 ? keys : null;
}

function unescapeReg(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

export function programsFromKeys(keys: RegKey[] | null): ProgramInfo[] | null {
  if (!keys) return null;
  const programs: ProgramInfo[] = [];
  for (const key of keys) {
    const name = str(key, 'DisplayName');
    if (!name) continue;
    const installDir =
      cleanDir(str(key, 'InstallLocation')) ?? cleanDir(str(key, 'Inno Setup: App Path'));
    const uninstallString = str(key, 'UninstallString');
    const publisher = str(key, 'Publisher');
    programs.push({
      name,
      version: str(key, 'DisplayVersion') ?? '',
      ...(installDir ? { installDir } : {}),
      ...(uninstallString ? { uninstallString } : {}),
      ...(publisher ? { publisher } : {}),
    });
  }
  return programs;
}

const START_VALUES: Record<number, StartType> = {
  0: 'boot',
  1: 'system',
  2: 'auto',
  3: 'demand',
  4: 'disabled',
};

export interface ServiceKey {
  start: StartType;
  imagePath?: string;
  displayName?: string;
  /** DeleteFlag=1: the service is marked for deletion until the next restart. */
  pendingDelete: boolean;
}

/** `reg query HKLM\SYSTEM\CurrentControlSet\Services\NAME`; null when the key is not in the text. */
export function parseServiceKey(text: string): ServiceKey | null {
  const keys = parseRegQuery(text);
  const key = keys?.find((k) => /\\Services\\[^\\]+$/i.test(k.key)) ?? keys?.[0];
  if (!key) return null;
  const start = dwordOf(valueOf(key, 'Start'));
  const imagePath = str(key, 'ImagePath');
  const displayName = str(key, 'DisplayName');
  return {
    start: start === null ? 'unknown' : (START_VALUES[start] ?? 'unknown'),
    ...(imagePath ? { imagePath } : {}),
    ...(displayName ? { displayName } : {}),
    pendingDelete: dwordOf(valueOf(key, 'DeleteFlag')) === 1,
  };
}
