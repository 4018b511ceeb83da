import fs from 'node:fs';
import path from 'node:path';

/**
 * Durable replace of a small file: write a temp file beside it, fsync, keep the previous good
 * copy as `<file>.bak`, rename over. On Windows antivirus/indexers briefly lock files, so the
 * rename is retried on EPERM/EACCES/EBUSY for about two seconds.
 */
export function writeFileAtomicSync(file: string, data: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (fs.existsSync(file)) {
    try {
      fs.copyFileSync(file, `${file}.bak`);
    } catch {
      // A missing last-good copy is not a reason to refuse saving the new one.
    }
  }
  renameWithRetrySync(tmp, file);
  fsyncDirSync(dir);
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
