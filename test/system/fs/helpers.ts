/**
 * Test helpers for the fs tests. Everything happens inside a fresh dir under os.tmpdir() that
 * the test created itself; `cleanup()` removes it (restoring write permission first, so
 * read-only leftovers don't survive when not running as root).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClearFs } from '../../../electron/system/fs/safe-clear';

export function makeTmp(prefix = 'wsops-fs-test-'): { root: string; cleanup: () => Promise<void> } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return {
    root,
    cleanup: async () => {
      restoreWritable(root);
      // fs.promises.rm walks in JS with lstat (never follows links) on every Node version.
      await fs.promises.rm(root, { recursive: true, force: true });
    },
  };
}

function restoreWritable(dir: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  try {
    fs.chmodSync(dir, 0o777);
  } catch {
    return;
  }
  for (const name of fs.readdirSync(dir)) restoreWritable(path.join(dir, name));
}

/** Writes files given as { 'a/b.txt': 'content' }, creating parent dirs. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** Relative paths of every entry below root (links not followed), sorted. */
export function listAll(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      out.push(path.relative(root, p));
      if (d.isDirectory() && !d.isSymbolicLink()) walk(p);
    }
  };
  walk(root);
  return out.sort();
}

export function errno(code: string, syscall: string, p: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: injected, ${syscall} '${p}'`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  e.path = p;
  return e;
}

type Cb = (err: NodeJS.ErrnoException | null, ...rest: never[]) => void;

/**
 * A fault-injecting fs layer: `before(op, path)` runs before each real call and may return an
 * error code to fail that call instead (the real call is then skipped), or do something to the
 * tree (a swap) first. All calls are recorded in `calls`.
 */
export function faultFs(before: (op: keyof ClearFs, p: string) => string | void): {
  fs: Partial<ClearFs>;
  calls: Array<[keyof ClearFs, string]>;
} {
  const calls: Array<[keyof ClearFs, string]> = [];
  const wrap =
    <K extends keyof ClearFs>(op: K, real: (...a: never[]) => void) =>
    (...args: unknown[]) => {
      const p = realName(args[0] as string);
      calls.push([op, p]);
      const code = before(op, p);
      const cb = args[args.length - 1] as Cb;
      if (code) return process.nextTick(() => cb(errno(code, op, p)));
      (real as (...a: unknown[]) => void)(...args);
    };
  return {
    calls,
    fs: {
      lstat: wrap('lstat', fs.lstat as never) as ClearFs['lstat'],
      readdir: wrap('readdir', fs.readdir as never) as ClearFs['readdir'],
      unlink: wrap('unlink', fs.unlink as never) as ClearFs['unlink'],
      rmdir: wrap('rmdir', fs.rmdir as never) as ClearFs['rmdir'],
      chmod: wrap('chmod', fs.chmod as never) as ClearFs['chmod'],
      realpath: wrap('realpath', fs.realpath.native as never) as ClearFs['realpath'],
      // The fd-relative walk (Linux) makes a folder writable with fchmod on its open fd: seen
      // here as a chmod of the folder's path, so one fault script serves both walks.
      fchmod: ((fd: number, mode: number, cb: Cb) => {
        const p = fs.readlinkSync(`/proc/self/fd/${fd}`);
        calls.push(['chmod', p]);
        const code = before('chmod', p);
        if (code) return process.nextTick(() => cb(errno(code, 'fchmod', p)));
        fs.fchmod(fd, mode, cb);
      }) as ClearFs['fchmod'],
    },
  };
}

/**
 * The fd-relative walk names entries `/proc/self/fd/<dirfd>/<name>`: the path that names now
 * (the kernel's view of the open directory), so fault scripts can keep matching real paths.
 */
export function realName(p: string): string {
  const m = /^\/proc\/self\/fd\/(\d+)(\/.*)?$/.exec(p);
  if (!m) return p;
  try {
    return fs.readlinkSync(`/proc/self/fd/${m[1]}`) + (m[2] ?? '');
  } catch {
    return p;
  }
}
