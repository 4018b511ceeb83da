/**
 * Bugcheck history from `wevtutil qe System /q:"*[System[(EventID=1001)]]" /f:text` (or /f:xml).
 * Labels and messages are translated; provider names, ISO timestamps and hex codes are not, so
 * an event counts as a bugcheck by its provider (WER-SystemErrorReporting / BugCheck) and its
 * code is the first 8-digit hex number in it — the message always starts with the code and
 * lists its parameters after it. Kernel-Power 41 carries the code as decimal `BugcheckCode`.
 */
import type { BugCheck } from '../ports';
import { splitLines } from './text';

const BLOCK_START = /^\S*\[\d+\]:?\s*$/; // "Event[0]:", "Ereignis[0]:", "Event[1]"
const ISO_TIME = /(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?/;
const HEX8 = /(?<![0-9a-fA-Fx])0x([0-9a-fA-F]{8})(?![0-9a-fA-F])/;
const BUGCHECK_PROVIDER = /WER-SystemErrorReporting|(?::|Name=["'])\s*BugCheck\b/i;
const KERNEL_POWER = /Kernel-Power/i;
const BUGCHECK_CODE_DEC = /BugcheckCode["']?\s*(?:>|:|=)?\s*(\d+)/i;

/** A bugcheck logged twice (Kernel-Power 41 at boot, 1001 a little later) counts once. */
const SAME_CRASH_MS = 15 * 60 * 1000;

/** Null when non-empty text holds no event at all; [] for empty output (no matching events). */
export function parseBugChecks(text: string): BugCheck[] | null {
  if (text.trim() === '') return [];
  const blocks = splitBlocks(text);
  if (!blocks) return null;
  const fromWer: BugCheck[] = [];
  const fromPower: BugCheck[] = [];
  for (const block of blocks) {
    const time = isoTime(block);
    if (!time) continue;
    if (BUGCHECK_PROVIDER.test(block)) {
      const hex = HEX8.exec(block.slice(descriptionStart(block)));
      if (hex) fromWer.push({ time, code: normaliseBugcheckCode(hex[1]!, 16) });
    } else if (KERNEL_POWER.test(block)) {
      const dec = BUGCHECK_CODE_DEC.exec(block);
      // BugcheckCode 0 is a power loss or a hang, not a bugcheck.
      if (dec && Number(dec[1]) > 0)
        fromPower.push({ time, code: normaliseBugcheckCode(dec[1]!, 10) });
    }
  }
  return mergeBugChecks(fromWer, fromPower);
}

/** WER 1001 events plus the Kernel-Power 41 ones that are not the same crash. */
export function mergeBugChecks(fromWer: BugCheck[], fromPower: BugCheck[]): BugCheck[] {
  const extra = fromPower.filter(
    (p) =>
      !fromWer.some(
        (w) =>
          w.code === p.code && Math.abs(Date.parse(w.time) - Date.parse(p.time)) <= SAME_CRASH_MS,
      ),
  );
  return [...fromWer, ...extra];
}

/** `1a` / `0x0000001A` / 26 (decimal) → `0x0000001a`. */
export function normaliseBugcheckCode(code: string, radix: 10 | 16): string {
  const n = parseInt(code.replace(/^0x/i, ''), radix);
  return `0x${(Number.isFinite(n) ? n >>> 0 : 0).toString(16).padStart(8, '0')}`;
}

function splitBlocks(text: string): string[] | null {
  if (/<Event[\s>]/.test(text)) {
    const parts = text.split(/(?=<Event[\s>])/).filter((p) => /<Event[\s>]/.test(p));
    return parts.length ? parts : null;
  }
  const blocks: string[] = [];
  let current: string[] | null = null;
  for (const line of splitLines(text)) {
    if (BLOCK_START.test(line)) {
      current = [];
      blocks.push('');
      continue;
    }
    if (current) {
      current.push(line);
      blocks[blocks.length - 1] = current.join('\n');
    }
  }
  if (blocks.length) return blocks;
  // A bare event as Event Viewer copies it: one block, recognised by its timestamp.
  return ISO_TIME.test(text) || BUGCHECK_PROVIDER.test(text) ? [text] : null;
}

/** Skip the header so a hex Keywords value (XML) or record id can't be taken for the code. */
function descriptionStart(block: string): number {
  const xml = block.search(/<EventData|<UserData/);
  if (xml >= 0) return xml;
  const bugcheck = block.search(/bugcheck|0x[0-9a-fA-F]{8}\s*\(/i);
  return bugcheck >= 0 ? Math.max(0, block.lastIndexOf('\n', bugcheck)) : 0;
}

function isoTime(block: string): string | null {
  const m = ISO_TIME.exec(block);
  if (!m) return null;
  const ms = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  const base = `${m[1]}T${m[2]}.${ms}`;
  if (!m[4]) return base; // wevtutil prints local time without an offset on older Windows
  const zone = m[4] === 'Z' ? 'Z' : m[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const d = new Date(`${base}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
