/**
 * The summary `dir /s /a FOLDER` prints last:
 *
 *      Total Files Listed:                     (de: "Anzahl der angezeigten Dateien:")
 *               35 File(s)      4,500,939 bytes (de: "35 Datei(en),  4.500.939 Bytes")
 *               11 Dir(s)  6,078,951,424 bytes free
 *
 * The heading is translated but always ends with a colon and is followed by the files line;
 * numbers use the locale's group separator (`,` `.` `'`, a space, or a no-break space that an
 * OEM code page shows as `ÿ`).
 */
import { splitLines } from './text';

export interface DirTotals {
  files: number;
  bytes: number;
}

const SEP = "[.,'\\u00a0\\u202f\\u00ff ]";
const NUM = `(\\d{1,3}(?:${SEP}\\d{3})+|\\d+)`;
const TOTAL_LINE = new RegExp(`^\\s*${NUM}\\s+\\D+?\\s+${NUM}\\s+\\S+\\s*$`);

/** Null when the text has no final summary (not dir output, folder missing, truncated). */
export function parseDirTotals(text: string): DirTotals | null {
  const lines = splitLines(text);
  for (let i = lines.length - 2; i >= 0; i--) {
    const heading = lines[i]!.trim();
    if (!heading.endsWith(':') || /[A-Za-z]:\\/.test(heading)) continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    const m = next ? TOTAL_LINE.exec(next) : null;
    if (!m) return null;
    const files = toNumber(m[1]!);
    const bytes = toNumber(m[2]!);
    return files === null || bytes === null ? null : { files, bytes };
  }
  return null;
}

function toNumber(s: string): number | null {
  const n = Number(s.replace(/\D/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}
