import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { InputError } from '../../shared/errors';

/** 0 where the platform has no O_NOFOLLOW (Windows): lstat + rename semantics cover it there. */
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW;

export interface AtomicWriteOptions {
  /** Keep the previous good copy as `<file>.bak` (default true). */
  backup?: boolean;
  /** Create missing parent folders (default true). `export --out` says false: a typo is an error. */
  createDir?: boolean;
  /** Mode of a new file (default 0o666, less the umask). */
  mode?: number;
}

/**
 * Durable replace of a small file: write a temp file beside it, fsync, keep the previous good
 * copy as `<file>.bak`, rename over. On Windows antivirus/indexers briefly lock files, so the
 * rename is retried on EPERM/EACCES/EBUSY for about two seconds.
 *
 * Never writes through a link: the target must be absent or a regular file (a link there is
 * refused); the temp file and the `.bak` copy's temp are created with O_EXCL|O_NOFOLLOW (a name
 * that already exists, link or not, is never opened); and both reach their final names by
 * rename, which replaces a link put there meanwhile instead of following it. The previous copy is
 * read through an O_NOFOLLOW descriptor that must be a regular file.
 */
export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): void {
  const dir = path.dirname(file);
  if (opts.createDir ?? true) fs.mkdirSync(dir, { recursive: true });
  else if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new InputError(`${file}: the folder ${dir} does not exist`);
  const current = fs.lstatSync(file, { throwIfNoEntry: false });
  if (current?.isSymbolicLink())
    throw new InputError(`${file}: is a symbolic link or junction; refusing to write through it`);
  if (current && !current.isFile())
    throw new InputError(`${file}: exists and is not a regular file`);
  const tmp = tempName(dir, path.basename(file));
  writeNew(tmp, data, opts.mode);
  if (current && (opts.backup ?? true)) {
    try {
      const previous = readNoFollow(file);
      const bakTmp = tempName(dir, `${path.basename(file)}.bak`);
      writeNew(bakTmp, previous, opts.mode);
      renameWithRetrySync(bakTmp, `${file}.bak`);
    } catch {
      // A missing last-good copy is not a reason to refuse saving the new one.
    }
  }
  renameWithRetrySync(tmp, file);
  fsyncDirSync(dir);
}

function tempName(dir: string, base: string): string {
  return path.join(dir, `.${base}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
}

/** Creates `file` (which must not exist: O_EXCL also refuses a dangling link), writes, fsyncs. */
function writeNew(file: string, data: string | Uint8Array, mode = 0o666): void {
  const fd = fs.openSync(file, CREATE_NEW, mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw e;
  }
  fs.closeSync(fd);
}

/** The bytes of a regular file, never through a link (the open itself refuses one). */
export function readNoFollow(file: string, maxBytes = 64 * 1024 * 1024): Buffer {
  const st = fs.lstatSync(file);
  if (st.isSymbolicLink()) throw new Error(`${file} is a link`);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | O_NOFOLLOW);
  try {
    const fst = fs.fstatSync(fd);
    if (!fst.isFile() || fst.size > maxBytes)
      throw new Error(`${file} is not a small regular file`);
    // Same inode as the lstat: on Windows (no O_NOFOLLOW) this is what proves no link was swapped in.
    if (fst.ino !== st.ino || fst.dev !== st.dev) throw new Error(`${file} changed while read`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

const RETRYABLE = new Set(['EPERM', 'EACCES', 'EBUSY']);

function renameWithRetrySync(from: string, to: string): void {
  const deadline = Date.now() + 2000;
  let delay = 10;
  for (;;) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (!RETRYABLE.has(code) || Date.now() > deadline) {
        try {
          fs.unlinkSync(from);
        } catch {
          // best effort: the temp file is harmless
        }
        throw e;
      }
      sleepSync(delay);
      delay = Math.min(delay * 2, 200);
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Makes a rename durable on POSIX; Windows cannot open directories, which is fine there. */
export function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the data itself is already synced.
  }
}
