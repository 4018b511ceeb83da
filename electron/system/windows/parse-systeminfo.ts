/**
 * `systeminfo`. Every label is translated ("Betriebssystemversion", "Versión del sistema
 * operativo"), and the line order is fixed: OS Name, then OS Version. So the version is found by
 * its shape — `10.0.NNNNN` anywhere, else the first line whose value starts with `6.3.NNNN`
 * (dates come later in the output) — and the caption is the line just before it.
 */
import type { OsInfo } from '../ports';
import { labelValue, splitLines } from './text';

const WIN10_PLUS = /\b(10\.0\.(\d{5}))\b/;
// NT versions are 5.x, 6.x and 10.0 with a one-digit minor; dates (17.04.2020, 10.06.2016) are not.
const ANY_VERSION = /^((?:5|6|10)\.\d\.(\d{3,5}))(?![.,\d])/;

/** Null when no version can be found. */
export function parseSystemInfo(text: string): OsInfo | null {
  const lines = splitLines(text)
    .map((line) => labelValue(line))
    .filter((lv): lv is [string, string] => lv !== null && lv[0] !== '');
  let index = lines.findIndex(([, value]) => WIN10_PLUS.test(value));
  let match = index >= 0 ? WIN10_PLUS.exec(lines[index]![1]) : null;
  if (!match) {
    index = lines.findIndex(([, value]) => ANY_VERSION.test(value));
    match = index >= 0 ? ANY_VERSION.exec(lines[index]![1]) : null;
  }
  if (!match) return null;
  const before = index > 0 ? lines[index - 1]![1] : '';
  const caption = /windows/i.test(before)
    ? before
    : (lines.find(([, v]) => /windows/i.test(v))?.[1] ?? '');
  return { caption: caption.trim(), version: match[1]!, build: Number(match[2]) };
}
