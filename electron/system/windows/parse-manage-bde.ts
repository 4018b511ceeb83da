/**
 * `manage-bde -status`. Labels and values are translated ("Schutzstatus: Der Schutz ist
 * aktiviert."), numbers use the locale's decimal comma. What is stable: the volume line carries
 * the drive letter followed by `[label]`, and the only value ending in `%` is the percentage
 * encrypted. Protection is read from the protection line's value in the languages we have seen
 * and is 'unknown' otherwise.
 */
import type { BitLockerVolume } from '../ports';
import { labelValue, splitLines } from './text';

/** `Volume C: [OS]` (English), `Volume "C:" []` (German). */
const VOLUME_LINE = /^\s*\S+\s+"?([A-Za-z]):"?\s*\[/;
const PERCENT = /^(\d{1,3}(?:[.,]\d+)?)\s*%$/;
const PROTECTION_LABELS =
  /^(protection status|schutzstatus|[ée]tat de la protection|estado de (la )?protecci[óo]n|stato (della )?protezione|status ochrony|beveiligingsstatus|состояние защиты)$/i;
// Letter lookarounds instead of \b, which only knows ASCII letters.
const OFF =
  /(?<!\p{L})(off|deaktiviert|d[ée]sactiv[ée]e?|desactivada|disattivata|wyłączona|uit|отключена)(?!\p{L})/iu;
const ON =
  /(?<!\p{L})(on|aktiviert|activ[ée]e?|activada|attivata|włączona|aan|включена)(?!\p{L})/iu;

/** Null when the text contains no volume at all (an error message, garbage). */
export function parseManageBdeStatus(text: string): BitLockerVolume[] | null {
  const volumes: BitLockerVolume[] = [];
  let current: BitLockerVolume | null = null;
  for (const line of splitLines(text)) {
    const vol = VOLUME_LINE.exec(line);
    if (vol) {
      current = {
        volume: `${vol[1]!.toUpperCase()}:`,
        protection: 'unknown',
        percentEncrypted: null,
      };
      volumes.push(current);
      continue;
    }
    if (!current) continue;
    const lv = labelValue(line);
    if (!lv) continue;
    const [label, value] = lv;
    const pct = PERCENT.exec(value);
    if (pct && current.percentEncrypted === null) {
      const n = Number(pct[1]!.replace(',', '.'));
      if (Number.isFinite(n) && n >= 0 && n <= 100) current.percentEncrypted = n;
      continue;
    }
    if (PROTECTION_LABELS.test(label)) current.protection = protectionOf(value);
  }
  return volumes.length > 0 ? volumes : null;
}

function protectionOf(value: string): BitLockerVolume['protection'] {
  // "deaktiviert" contains "aktiviert": the off words are checked first.
  if (OFF.test(value)) return 'off';
  if (ON.test(value)) return 'on';
  return 'unknown';
}
