/**
 * Answers are checked when they are given, not when a step fails on them later: a path must
 * name something that exists on the machine the run works on. Windows accepts `/` as a
 * separator and `\\server\share` network paths, so those forms are normalised to the
 * backslash form the rest of the code expects (Microsoft, "File path formats on Windows
 * systems": "both the forward slash and the backslash are accepted as directory separators").
 */
import fs from 'node:fs';
import type { AnswerValue, Question } from '../../shared/model';
import type { LocalHost, WindowsHost } from '../system/ports';

export type AnswerCheck = { value: AnswerValue } | { problem: string };

const DRIVE_PATH = /^[A-Za-z]:[\\/]/;
const UNC_PATH = /^[\\/]{2}(?![?.][\\/])[^\\/]+[\\/][^\\/]+/;

/** `C:/Backups/x` ↦ `C:\Backups\x`; `//nas/share/x` ↦ `\\nas\share\x`; doubled separators folded. */
export function normalizeWindowsPath(text: string): string {
  const t = text.trim();
  if (UNC_PATH.test(t)) return `\\\\${t.slice(2).replace(/[\\/]+/g, '\\')}`;
  if (DRIVE_PATH.test(t)) return t.replace(/[\\/]+/g, '\\');
  return t;
}

export function isUncPath(text: string): boolean {
  return UNC_PATH.test(text) && text.startsWith('\\\\');
}

/**
 * Checks one answer against the machine. Only paths are checked (an empty optional path means
 * "skip"); on a host that cannot see its files (a diagnostics bundle) a path is taken as given.
 */
export function checkAnswer(
  q: Question,
  value: AnswerValue,
  machine: { windows?: WindowsHost | undefined; local?: LocalHost | undefined },
): AnswerCheck {
  if (q.kind !== 'path' || typeof value !== 'string' || value === '') return { value };
  if (machine.windows && !machine.local) return checkWindowsPath(machine.windows, value);
  const p = value.trim();
  if (!fs.existsSync(p)) return { problem: `${p} does not exist on this computer` };
  return { value: p };
}

function checkWindowsPath(host: WindowsHost, given: string): AnswerCheck {
  const winPath = normalizeWindowsPath(given);
  if (!DRIVE_PATH.test(winPath) && !isUncPath(winPath)) {
    return {
      problem: `${given} is not a full Windows path (like C:\\Users\\you\\Backup or \\\\server\\share)`,
    };
  }
  let local: string | null;
  try {
    local = host.localPath(winPath);
  } catch (e) {
    return {
      problem: isUncPath(winPath)
        ? `${winPath}: a network share cannot be reached from ${host.kind === 'practice' ? 'a practice machine' : 'here'}; use a folder on a drive`
        : `${winPath}: ${(e as Error).message}`,
    };
  }
  if (local === null) return { value: winPath };
  if (!fs.existsSync(local)) return { problem: `${winPath} does not exist` };
  return { value: winPath };
}
