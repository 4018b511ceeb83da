/**
 * The real PC's in-process file changes, shared by `WindowsRealHost` (when this process is
 * elevated, or the path needs no admin) and the elevated helper (`elevated-runner.ts`), so both
 * run the very same code. Paths come in as Windows paths and are mapped to local ones through
 * `toLocal` (identity on Windows; tests point it at a temp dir).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ClearProgress, ClearReport, CommandResult, MovedAside } from '../ports';
import { InputError } from '../../../shared/errors';
import { clearTreeInWorker, renameAside, restoreAside } from '../fs/safe-clear';
import { splitWinPath } from '../fs/contained-path';
import { removeSetupConfigKeys } from './setup-config';
import { SETUPCONFIG_LEFTOVER_KEYS } from './elevated-task';
import { readNoFollow, writeFileAtomicSync } from '../atomic-file';

export type ToLocal = (winPath: string) => string;

/** Folders a clear refuses outright: emptying them would wreck the machine. */
const NEVER_CLEAR =
  /^[A-Za-z]:\\(?:(?:Windows|Users|Program Files|Program Files \(x86\)|ProgramData)(?:\\System32)?)?\\?$/i;

export function localOf(winPath: string, toLocal: ToLocal): string {
  // The same rules as contained-path's mapper (which tests and the emulator use as toLocal).
  const split = splitWinPath(winPath);
  if (typeof split === 'string') throw new InputError(`not an absolute Windows path: ${winPath}`);
  return toLocal(winPath);
}

export function isAccessError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

export async function clearLocal(
  winPath: string,
  toLocal: ToLocal,
  opts: {
    signal?: AbortSignal;
    onProgress?: (p: ClearProgress) => void;
    progressIntervalMs?: number;
  },
): Promise<ClearReport> {
  if (NEVER_CLEAR.test(winPath)) throw new InputError(`refusing to empty ${winPath}`);
  // In a worker thread, so the app's main process (or the elevated helper's progress) never stalls.
  const report = await clearTreeInWorker(localOf(winPath, toLocal), opts);
  return { ...report, target: winPath };
}

/** Rename first, delete later (safe-clear's renameAside): frees the folder in milliseconds. */
export async function renameAsideLocal(winPath: string, toLocal: ToLocal): Promise<MovedAside> {
  const target = winPath.replace(/\\+$/, '');
  const local = localOf(target, toLocal);
  const name = path.win32.basename(target);
  try {
    const { bakPath } = await renameAside(local);
    const bakWin = `${target}${bakPath.slice(local.length)}`;
    return {
      ok: true,
      exitCode: 0,
      command: `ren "${target}" ${path.win32.basename(bakWin)}`,
      stdout: `${target} -> ${bakWin}`,
      stderr: '',
      bakPath: bakWin,
    };
  } catch (e) {
    return {
      ok: false,
      exitCode: 1,
      command: `ren "${target}" ${name}.bak`,
      stdout: '',
      stderr: (e as Error).message,
      bakPath: null,
    };
  }
}

export async function restoreAsideLocal(
  bakWinPath: string,
  targetWinPath: string,
  toLocal: ToLocal,
): Promise<CommandResult> {
  const target = targetWinPath.replace(/\\+$/, '');
  const command = `rmdir "${target}" && ren "${bakWinPath}" ${path.win32.basename(target)}`;
  try {
    await restoreAside(localOf(bakWinPath, toLocal), localOf(target, toLocal));
    return { ok: true, exitCode: 0, command, stdout: `${bakWinPath} -> ${target}`, stderr: '' };
  } catch (e) {
    return { ok: false, exitCode: 1, command, stdout: '', stderr: (e as Error).message };
  }
}

export const deleteCommand = (winPath: string): string => `del /f /q "${winPath}"`;

/**
 * One regular file; never a folder, link or junction. A missing file is already deleted.
 * Rethrows an access error (EPERM/EACCES) so the caller can retry it as administrator.
 */
export async function deleteFileLocal(winPath: string, toLocal: ToLocal): Promise<CommandResult> {
  const command = deleteCommand(winPath);
  const local = localOf(winPath, toLocal);
  let st: fs.Stats;
  try {
    st = await fsp.lstat(local);
  } catch {
    return {
      ok: true,
      exitCode: 0,
      command,
      stdout: `${winPath} does not exist; nothing to delete.`,
      stderr: '',
    };
  }
  if (!st.isFile())
    return {
      ok: false,
      exitCode: 1,
      command,
      stdout: '',
      stderr: `Refusing to delete ${winPath}: it is not a regular file.`,
    };
  try {
    await fsp.unlink(local);
    return { ok: true, exitCode: 0, command, stdout: `Deleted ${winPath}`, stderr: '' };
  } catch (e) {
    if (isAccessError(e)) throw e;
    return { ok: false, exitCode: 1, command, stdout: '', stderr: (e as Error).message };
  }
}

/** Keeps the file's existing encoding (SetupConfig.ini may be UTF-16). Throws on failure. */
export async function writeTextLocal(
  winPath: string,
  content: string,
  toLocal: ToLocal,
): Promise<void> {
  const local = localOf(winPath, toLocal);
  // Temp file + rename, no backup copy: a link at the target is refused, never written through.
  writeFileAtomicSync(local, await encodedFor(local, content), { backup: false });
}

/**
 * Removes DiskCryptor's leftover keys (SETUPCONFIG_LEFTOVER_KEYS) from the SetupConfig.ini it
 * reads itself, keeping every other byte — encoding and BOM, line endings, other keys, comments.
 * The elevated helper runs this, so no caller can hand it content to write. A missing file has
 * nothing to remove. Rethrows access errors (EPERM/EACCES) for the caller's elevation fallback.
 */
export async function removeSetupConfigKeysLocal(
  winPath: string,
  toLocal: ToLocal,
): Promise<CommandResult & { removed: string[] }> {
  const command = `remove ${SETUPCONFIG_LEFTOVER_KEYS.join(', ')} from "${winPath}"`;
  const local = localOf(winPath, toLocal);
  let existing: Buffer;
  try {
    existing = readNoFollow(local, 1024 * 1024);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return {
        ok: true,
        exitCode: 0,
        command,
        stdout: `${winPath} does not exist.`,
        stderr: '',
        removed: [],
      };
    throw e;
  }
  const fixed = setupConfigWithoutLeftovers(existing);
  if (fixed.removed.length > 0) writeFileAtomicSync(local, fixed.bytes, { backup: false });
  return {
    ok: true,
    exitCode: 0,
    command,
    stdout: fixed.removed.length ? `Removed ${fixed.removed.join(', ')}` : 'Nothing to remove',
    stderr: '',
    removed: fixed.removed,
  };
}

/**
 * SetupConfig.ini without DiskCryptor's leftover keys, byte for byte: only the removed lines'
 * bytes go; every other byte (encoding, BOM, line ends, other keys and their non-ASCII values)
 * stays. DiskCryptor writes the file with WritePrivateProfileStringW, which keeps a UTF-16 file
 * UTF-16 and writes a new one in the ANSI code page — so both shapes occur.
 */
export function setupConfigWithoutLeftovers(existing: Buffer): {
  bytes: Buffer;
  removed: string[];
} {
  const codec = iniCodec(existing);
  const fixed = removeSetupConfigKeys(codec.text, SETUPCONFIG_LEFTOVER_KEYS);
  return {
    bytes: fixed.removed.length ? codec.encode(fixed.text) : existing,
    removed: fixed.removed,
  };
}

/** The bytes `writeTextLocal` would write: `content` in the encoding of the file there now. */
export async function encodedFor(local: string, content: string): Promise<Buffer> {
  let existing: Buffer | null = null;
  try {
    existing = readNoFollow(local);
  } catch {
    existing = null;
  }
  return encodeLike(existing, content);
}

export async function copyFileLocal(
  fromWinPath: string,
  toWinPath: string,
  toLocal: ToLocal,
): Promise<void> {
  const from = localOf(fromWinPath, toLocal);
  const to = localOf(toWinPath, toLocal);
  writeFileAtomicSync(to, readNoFollow(from), { backup: false });
}

function encodeLike(existing: Buffer | null, content: string): Buffer {
  if (existing && existing[0] === 0xff && existing[1] === 0xfe) {
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')]);
  }
  if (existing && existing[0] === 0xef && existing[1] === 0xbb && existing[2] === 0xbf) {
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content, 'utf8')]);
  }
  return Buffer.from(content, 'utf8');
}

/**
 * Decodes an ini file so that encoding the text again gives back the same bytes: UTF-16 LE or
 * UTF-8 with their BOMs, BOM-less UTF-16 LE, UTF-8, else Latin-1 (one byte per character, so any
 * ANSI code page survives untouched).
 */
function iniCodec(buf: Buffer): { text: string; encode: (text: string) => Buffer } {
  const withBom = (bom: number[], enc: BufferEncoding) => {
    // UTF-16 of odd length: the stray last byte is kept as it is, not dropped.
    const odd = enc === 'utf16le' && (buf.length - bom.length) % 2 === 1;
    const body = buf.subarray(bom.length, odd ? buf.length - 1 : buf.length);
    const tail = odd ? buf.subarray(buf.length - 1) : Buffer.alloc(0);
    return {
      text: body.toString(enc),
      encode: (t: string) => Buffer.concat([Buffer.from(bom), Buffer.from(t, enc), tail]),
    };
  };
  if (buf[0] === 0xff && buf[1] === 0xfe) return withBom([0xff, 0xfe], 'utf16le');
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return withBom([0xef, 0xbb, 0xbf], 'utf8');
  if (buf.length >= 2 && buf.length % 2 === 0 && buf[1] === 0 && buf[0] !== 0)
    return withBom([], 'utf16le');
  const utf8 = buf.toString('utf8');
  if (Buffer.from(utf8, 'utf8').equals(buf)) return withBom([], 'utf8');
  return withBom([], 'latin1');
}
