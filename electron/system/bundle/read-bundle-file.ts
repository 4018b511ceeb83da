/**
 * Reading one file of a diagnostics bundle, which may come from anyone: only a regular file that
 * is not a link, lies inside the bundle folder, is at most BUNDLE_FILE_MAX_BYTES long and is read
 * within BUNDLE_READ_TIMEOUT_MS. Anything else — a link (to /etc/shadow, /dev/zero…), a FIFO
 * (would block the reader), a device, a folder, an oversized file (a 1 GB file would exhaust the
 * V8 heap as a string) — is "not collected", with a note saying why. Never throws.
 *
 * How each trap is closed: lstat refuses links and non-regular files before anything is opened;
 * the open uses O_NOFOLLOW (a link swapped in after the lstat fails with ELOOP) and O_NONBLOCK
 * (a FIFO swapped in does not block the open); fstat on the open descriptor must show the same
 * regular file (same device and inode) as the lstat; at most the cap is read (plus one byte to
 * notice growth); and the read races a timer. Windows has no O_NOFOLLOW/O_NONBLOCK: there the
 * lstat + same-inode fstat check does the job (a FIFO there is not a file on disk).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** Per-file cap (documented in docs/diagnostics-bundle.md). */
export const BUNDLE_FILE_MAX_BYTES = 4 * 1024 * 1024;
/** Per-file time limit (documented in docs/diagnostics-bundle.md). */
export const BUNDLE_READ_TIMEOUT_MS = 5000;

export type BundleRead = { ok: true; bytes: Buffer; note?: string } | { ok: false; note: string };

export interface BundleReadOptions {
  maxBytes?: number;
  timeoutMs?: number;
  /**
   * A file over the cap is read from its end instead of refused (the `dir /s` listing, whose
   * totals are its last lines).
   */
  tail?: boolean;
}

const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;
const FLAGS =
  fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

function kindOf(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0)} MiB`;
}

/** Reads `name` inside the bundle folder `dir` under the rules above. */
export async function readBundleFile(
  dir: string,
  name: string,
  opts: BundleReadOptions = {},
): Promise<BundleRead> {
  const max = opts.maxBytes ?? BUNDLE_FILE_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? BUNDLE_READ_TIMEOUT_MS;
  if (!PLAIN_NAME.test(name)) return { ok: false, note: 'not a plain file name' };
  const file = path.join(dir, name);
  let st: fs.Stats;
  try {
    st = await fsp.lstat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      note: code === 'ENOENT' ? 'missing' : `cannot be read (${code ?? 'error'})`,
    };
  }
  if (!st.isFile()) return { ok: false, note: `${kindOf(st)}; only regular files are read` };
  if (st.size > max && !opts.tail)
    return { ok: false, note: `${mib(st.size)}, over the ${mib(max)} limit per file` };
  try {
    const realDir = await fsp.realpath(dir);
    const real = await fsp.realpath(file);
    if (path.dirname(real) !== realDir)
      return { ok: false, note: 'lies outside the bundle folder' };
  } catch {
    return { ok: false, note: 'changed while it was being read' };
  }
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(file, FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      note:
        code === 'ELOOP'
          ? 'a symbolic link; only regular files are read'
          : `cannot be read (${code ?? 'error'})`,
    };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const read = (async (): Promise<BundleRead> => {
    const fst = await fh.stat();
    if (!fst.isFile() || fst.ino !== st.ino || fst.dev !== st.dev)
      return { ok: false, note: 'changed while it was being read' };
    const from = opts.tail && fst.size > max ? fst.size - max : 0;
    // One byte more than allowed: a file that grows while read is noticed, not followed.
    const buf = Buffer.alloc(Math.min(fst.size - from, max) + 1);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got > max) return { ok: false, note: `grew past the ${mib(max)} limit while read` };
    return from > 0
      ? { ok: true, bytes: buf.subarray(0, got), note: `only the last ${mib(max)} read` }
      : { ok: true, bytes: buf.subarray(0, got) };
  })();
  const timeout = new Promise<BundleRead>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, note: `not read within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([read, timeout]);
  } catch (e) {
    return { ok: false, note: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    clearTimeout(timer);
    // A read still pending after the timeout closes the file when it returns.
    void read.finally(() => fh.close()).catch(() => undefined);
  }
}
