import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearTree,
  countTree,
  isFilesystemRoot,
  isFilesystemRootWin32,
  UnsafeTargetError,
  type ClearFs,
} from '../../../electron/system/fs/safe-clear';
import { generateSoftwareDistribution } from '../../../electron/system/fs/software-distribution-shape';
import { faultFs, listAll, makeTmp, writeTree } from './helpers';

let tmp: ReturnType<typeof makeTmp>;
let root: string;
beforeEach(() => {
  tmp = makeTmp();
  root = tmp.root;
});
afterEach(async () => {
  await tmp.cleanup();
});

/** A fault layer whose mutating calls never reach the disk (for refusal tests). */
function noMutations() {
  return faultFs((op) =>
    op === 'unlink' || op === 'rmdir' || op === 'chmod' ? 'EROFS' : undefined,
  );
}
const mutating = (calls: Array<[keyof ClearFs, string]>) =>
  calls.filter(([op]) => op === 'unlink' || op === 'rmdir' || op === 'chmod');

describe('clearTree: links are never followed', () => {
  it('removes symlinks at every depth without touching what they point to', async () => {
    writeTree(path.join(root, 'outside'), { 'keep.txt': 'keep', 'sub/keep2.txt': 'keep2' });
    const outside = path.join(root, 'outside');
    const target = path.join(root, 'target');
    let dir = target;
    for (let depth = 0; depth < 5; depth++) {
      writeTree(dir, { [`f${depth}.txt`]: 'data' });
      fs.symlinkSync(outside, path.join(dir, `dirlink${depth}`), 'dir');
      fs.symlinkSync(path.join(outside, 'keep.txt'), path.join(dir, `filelink${depth}`));
      fs.symlinkSync(path.join(root, 'nowhere'), path.join(dir, `dangling${depth}`));
      fs.symlinkSync('..', path.join(dir, `up${depth}`)); // a loop back up the tree
      dir = path.join(dir, `d${depth}`);
      fs.mkdirSync(dir);
    }
    const r = await clearTree(target);
    expect(listAll(outside)).toEqual(['keep.txt', 'sub', path.join('sub', 'keep2.txt')]);
    expect(fs.readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('keep');
    expect(fs.readdirSync(target)).toEqual([]);
    expect(r).toMatchObject({
      filesRemoved: 5,
      dirsRemoved: 5,
      linksRemoved: 20,
      failed: [],
      empty: true,
      aborted: false,
    });
  });

  it('refuses a target that is itself a symlink and deletes nothing', async () => {
    writeTree(path.join(root, 'real'), { 'a.txt': 'a', 'sub/b.txt': 'b' });
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'), 'dir');
    await expect(clearTree(path.join(root, 'link'))).rejects.toBeInstanceOf(UnsafeTargetError);
    // A trailing separator makes lstat follow the link; the guard must resolve it away first.
    await expect(clearTree(path.join(root, 'link') + path.sep)).rejects.toThrow(
      /symbolic link or junction/,
    );
    expect(listAll(path.join(root, 'real'))).toEqual(['a.txt', 'sub', path.join('sub', 'b.txt')]);
  });

  it('a target below a symlinked ancestor is fine (only the target itself must be real)', async () => {
    writeTree(path.join(root, 'real'), { 'x/y.txt': 'y' });
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'), 'dir');
    const r = await clearTree(path.join(root, 'alias', 'x'));
    expect(r).toMatchObject({ filesRemoved: 1, empty: true });
    expect(fs.existsSync(path.join(root, 'real', 'x'))).toBe(true);
  });
});

describe('clearTree: refused targets', () => {
  it('refuses / without any mutating call', async () => {
    const f = noMutations();
    await expect(clearTree('/', { fs: f.fs })).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(clearTree('/', { fs: f.fs })).rejects.toThrow(/root of a drive or filesystem/);
    await expect(clearTree('/..', { fs: f.fs })).rejects.toBeInstanceOf(UnsafeTargetError);
    expect(mutating(f.calls)).toEqual([]);
  });

  it('knows Windows roots, including long-path and UNC forms', () => {
    for (const p of [
      'C:\\',
      'c:/',
      'C:',
      '\\\\?\\C:\\',
      '\\\\.\\D:\\',
      '\\\\server\\share\\',
      '\\\\?\\UNC\\server\\share',
      '\\\\?\\Volume{12345678-aaaa-bbbb-cccc-1234567890ab}\\',
    ]) {
      expect(isFilesystemRootWin32(p), p).toBe(true);
    }
    for (const p of [
      'C:\\Windows\\SoftwareDistribution',
      '\\\\?\\C:\\Windows',
      '\\\\server\\share\\dir',
      'D:\\x',
    ]) {
      expect(isFilesystemRootWin32(p), p).toBe(false);
    }
    expect(isFilesystemRoot('/')).toBe(true);
    expect(isFilesystemRoot('//')).toBe(true);
    expect(isFilesystemRoot('/tmp')).toBe(false);
  });

  it('refuses the home folder and its parent, allows a folder inside home', async () => {
    const home = path.join(root, 'users', 'dev');
    writeTree(home, { 'precious.txt': 'p', 'Downloads/cache/x.bin': 'x' });
    const saved = process.env.HOME;
    process.env.HOME = home; // os.homedir() reads $HOME on POSIX
    try {
      const f = noMutations();
      await expect(clearTree(home, { fs: f.fs })).rejects.toThrow(/home folder/);
      await expect(clearTree(path.join(root, 'users'), { fs: f.fs })).rejects.toBeInstanceOf(
        UnsafeTargetError,
      );
      await expect(clearTree(root, { fs: f.fs })).rejects.toBeInstanceOf(UnsafeTargetError);
      expect(mutating(f.calls)).toEqual([]);
      const r = await clearTree(path.join(home, 'Downloads', 'cache'));
      expect(r).toMatchObject({ filesRemoved: 1, empty: true });
      expect(fs.readFileSync(path.join(home, 'precious.txt'), 'utf8')).toBe('p');
    } finally {
      process.env.HOME = saved;
    }
  });

  it('refuses a file; a missing target is already clear', async () => {
    writeTree(root, { 'file.txt': 'f' });
    await expect(clearTree(path.join(root, 'file.txt'))).rejects.toThrow(/not a folder/);
    expect(fs.existsSync(path.join(root, 'file.txt'))).toBe(true);
    const r = await clearTree(path.join(root, 'missing'));
    expect(r).toMatchObject({ filesRemoved: 0, dirsRemoved: 0, empty: true, failed: [] });
  });
});

describe('clearTree: awkward entries', () => {
  it('removes read-only files and read-only directories (real chmod)', async () => {
    const target = path.join(root, 'target');
    writeTree(target, {
      'ro.txt': 'r',
      'rodir/inner.txt': 'i',
      'rodir/deeper/x.txt': 'x',
      'noperm/y.txt': 'y',
    });
    fs.chmodSync(path.join(target, 'ro.txt'), 0o444);
    fs.chmodSync(path.join(target, 'rodir', 'inner.txt'), 0o444);
    fs.chmodSync(path.join(target, 'rodir', 'deeper'), 0o555);
    fs.chmodSync(path.join(target, 'rodir'), 0o555);
    fs.chmodSync(path.join(target, 'noperm'), 0o000);
    const r = await clearTree(target);
    expect(r).toMatchObject({ filesRemoved: 4, dirsRemoved: 3, failed: [], empty: true });
  });

  it('makes entries writable on EPERM/EACCES and retries (simulated, so it also bites as root)', async () => {
    const target = path.join(root, 'target');
    writeTree(target, {
      'readonly.txt': 'r',
      'locked/a.txt': 'a',
      'locked/b.txt': 'b',
      'rodir/c.txt': 'c',
    });
    writeTree(path.join(root, 'outside'), { 'o.txt': 'o' });
    fs.symlinkSync(path.join(root, 'outside', 'o.txt'), path.join(target, 'locked', 'link'));
    const locked = path.join(target, 'locked');
    const chmodded = new Set<string>();
    const f = faultFs((op, p) => {
      if (op === 'chmod') {
        chmodded.add(p);
        return;
      }
      // Windows: a read-only file can't be deleted until its attribute is cleared.
      if (op === 'unlink' && p.endsWith('readonly.txt') && !chmodded.has(p)) return 'EPERM';
      // POSIX: nothing in a non-writable dir can be unlinked until the dir is made writable.
      if (op === 'unlink' && path.dirname(p) === locked && !chmodded.has(locked)) return 'EACCES';
      // Windows: RemoveDirectory fails on a read-only directory.
      if (op === 'rmdir' && p.endsWith('rodir') && !chmodded.has(p)) return 'EPERM';
    });
    const r = await clearTree(target, { fs: f.fs, retryBaseMs: 1 });
    expect(r).toMatchObject({
      filesRemoved: 4,
      linksRemoved: 1,
      dirsRemoved: 2,
      failed: [],
      empty: true,
    });
    expect(chmodded).toContain(path.join(target, 'readonly.txt'));
    expect(chmodded).toContain(locked);
    expect(chmodded).toContain(path.join(target, 'rodir'));
    // chmod follows links: it must never be called on one.
    expect(chmodded).not.toContain(path.join(locked, 'link'));
    expect(fs.readFileSync(path.join(root, 'outside', 'o.txt'), 'utf8')).toBe('o');
  });

  it('removes paths longer than 260 characters', async () => {
    const target = path.join(root, 'target');
    const seg = 'a-folder-name-that-is-forty-chars-long-x';
    let rel = '';
    for (let i = 0; i < 10; i++) rel = path.join(rel, `${seg}${i}`);
    const longFile = path.join(rel, 'f'.repeat(200) + '.txt');
    writeTree(target, { [longFile]: 'deep' });
    expect(path.join(target, longFile).length).toBeGreaterThan(600);
    const r = await clearTree(target);
    expect(r).toMatchObject({ filesRemoved: 1, dirsRemoved: 10, failed: [], empty: true });
  });

  it('removes odd Unicode names (NFC/NFD, emoji, RTL, newlines, control characters)', async () => {
    const target = path.join(root, 'target');
    const names = [
      'caf\u00e9', // NFC
      'cafe\u0301', // NFD: a different name on ext4
      '😀 emoji 🧹',
      'שלום-مرحبا',
      '\u202Eevil-rtl-override.txt',
      'line\nbreak',
      'tab\tname',
      ' leading space',
      'trailing space ',
      '-dash',
      'back\\slash',
      `quote'"`,
      '日本語のファイル',
      '\u0001control',
    ];
    const files: Record<string, string> = {};
    for (const n of names) {
      files[n] = n;
      files[path.join(`dir-${n}`, n)] = n;
    }
    writeTree(target, files);
    const before = await countTree(target);
    expect(before).toMatchObject({ files: names.length * 2, dirs: names.length });
    const r = await clearTree(target);
    expect(r).toMatchObject({
      filesRemoved: names.length * 2,
      dirsRemoved: names.length,
      failed: [],
      empty: true,
    });
  });
});

/*
 * The next four tests drive the path-based walk (Windows and macOS, `fdRelative: false`): its
 * checks are keyed by path. On Linux the fd-relative walk closes the same races structurally;
 * test/hostile/clear-races.test.ts swaps folders mid-walk against it.
 */
describe('clearTree: the tree changes under the walk', () => {
  it('a directory swapped for a link just before it is listed is not followed', async () => {
    const target = path.join(root, 'target');
    writeTree(target, { 'victim/a.txt': 'a', 'victim/b.txt': 'b', 'other.txt': 'o' });
    const outside = path.join(root, 'outside');
    writeTree(outside, { 'a.txt': 'A', 'b.txt': 'B', 'extra.txt': 'E' });
    const victim = path.join(target, 'victim');
    let swapped = false;
    const f = faultFs((op, p) => {
      if (op === 'readdir' && p === victim && !swapped) {
        swapped = true;
        fs.renameSync(victim, path.join(root, 'moved'));
        fs.symlinkSync(outside, victim, 'dir');
      }
    });
    const r = await clearTree(target, { fs: f.fs, fdRelative: false });
    expect(swapped).toBe(true);
    expect(listAll(outside)).toEqual(['a.txt', 'b.txt', 'extra.txt']);
    expect(r).toMatchObject({ filesRemoved: 1, linksRemoved: 1, failed: [], empty: true });
  });

  it('an ancestor swapped for a link after its check is caught before its children are touched', async () => {
    const target = path.join(root, 'target');
    writeTree(target, { 'a/b/c.txt': 'c', 'a/b/d.txt': 'd' });
    const outside = path.join(root, 'outside');
    writeTree(outside, { 'b/c.txt': 'precious', 'b/d.txt': 'precious' });
    const a = path.join(target, 'a');
    let swapped = false;
    const f = faultFs((op, p) => {
      // The moment `a/b` has been listed and lstat'ed, `a` becomes a link to `outside`.
      if (op === 'lstat' && p === path.join(a, 'b') + path.sep + '..' && !swapped) {
        swapped = true;
        fs.renameSync(a, path.join(root, 'a-moved'));
        fs.symlinkSync(outside, a, 'dir');
      }
      // Same idea on Windows, where the check is realpath.
      if (op === 'realpath' && p === path.join(a, 'b') && !swapped) {
        swapped = true;
        fs.renameSync(a, path.join(root, 'a-moved'));
        fs.symlinkSync(outside, a, 'dir');
      }
    });
    const r = await clearTree(target, { fs: f.fs, fdRelative: false });
    expect(swapped).toBe(true);
    expect(fs.readFileSync(path.join(outside, 'b', 'c.txt'), 'utf8')).toBe('precious');
    expect(fs.readFileSync(path.join(outside, 'b', 'd.txt'), 'utf8')).toBe('precious');
    expect(r.failed).toEqual([{ path: path.join(a, 'b'), code: 'EOUTSIDE' }]);
    expect(r.empty).toBe(false);
    // Running again removes the swapped-in link (not what it points to) and finishes.
    const r2 = await clearTree(target);
    expect(r2).toMatchObject({ linksRemoved: 1, failed: [], empty: true });
    expect(listAll(outside)).toEqual(['b', path.join('b', 'c.txt'), path.join('b', 'd.txt')]);
  });

  it('a big directory swapped for a link between chunks: the rest of its listing is abandoned', async () => {
    const target = path.join(root, 'target');
    const big = path.join(target, 'big');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(big, { recursive: true });
    fs.mkdirSync(outside);
    for (let i = 0; i < 600; i++) {
      fs.writeFileSync(path.join(big, `f${i}`), 'x');
      fs.writeFileSync(path.join(outside, `f${i}`), 'precious');
    }
    let lstatsOfBig = 0;
    const f = faultFs((op, p) => {
      // 1st lstat of `big`: the check after listing it; 2nd: the check before its 2nd chunk.
      if (op === 'lstat' && p === big && ++lstatsOfBig === 2) {
        fs.renameSync(big, path.join(root, 'big-moved'));
        fs.symlinkSync(outside, big, 'dir');
      }
    });
    const r = await clearTree(target, { fs: f.fs, fdRelative: false });
    expect(lstatsOfBig).toBeGreaterThanOrEqual(2);
    expect(fs.readdirSync(outside)).toHaveLength(600);
    expect(r.failed).toEqual([{ path: big, code: 'ESWAPPED' }]);
    expect(r.filesRemoved).toBe(256);
    const r2 = await clearTree(target);
    expect(r2).toMatchObject({ linksRemoved: 1, empty: true });
    expect(fs.readdirSync(outside)).toHaveLength(600);
  });

  it('never descends into another filesystem (mount point)', async () => {
    const target = path.join(root, 'target');
    writeTree(target, { 'mnt/data.txt': 'mounted', 'x.txt': 'x' });
    const mnt = path.join(target, 'mnt');
    const lstat: ClearFs['lstat'] = (p, cb) =>
      fs.lstat(p, (err, st) => {
        if (!err && p === mnt) st.dev += 1; // pretend something is mounted here
        cb(err, st);
      });
    const r = await clearTree(target, { fs: { lstat }, fdRelative: false });
    expect(r.failed).toEqual([{ path: mnt, code: 'EXDEV' }]);
    expect(fs.readFileSync(path.join(mnt, 'data.txt'), 'utf8')).toBe('mounted');
    expect(r.filesRemoved).toBe(1);
  });

  it('ENOENT means someone else removed it: fine, not counted', async () => {
    const target = path.join(root, 'target');
    writeTree(target, { 'a.txt': 'a', 'gone.txt': 'g', 'dir/b.txt': 'b' });
    const f = faultFs((op, p) => {
      if (op === 'unlink' && p.endsWith('gone.txt')) fs.unlinkSync(p); // removed by "someone else"
    });
    const r = await clearTree(target, { fs: f.fs });
    expect(r).toMatchObject({ filesRemoved: 2, dirsRemoved: 1, failed: [], empty: true });
  });
});

describe('clearTree: locked files', () => {
  it('retries EBUSY with backoff: a file busy twice is removed on the third try', async () => {
    const target = path.join(root, 'target');
    writeTree(target, { 'busy.dat': 'b', 'ok.txt': 'o', 'sub/more.txt': 'm' });
    const busy = path.join(target, 'busy.dat');
    let tries = 0;
    const f = faultFs((op, p) => {
      if (op === 'unlink' && p === busy) return ++tries <= 2 ? 'EBUSY' : undefined;
    });
    const r = await clearTree(target, { fs: f.fs, retryBaseMs: 1 });
    expect(tries).toBe(3);
    expect(r).toMatchObject({ filesRemoved: 3, dirsRemoved: 1, failed: [], empty: true });
  });

  it('a file busy forever is reported by name; everything else is removed', async () => {
    const target = path.join(root, 'target');
    writeTree(target, {
      'deep/er/busy.dat': 'b',
      'deep/er/ok.txt': 'o',
      'deep/sibling.txt': 's',
      'top.txt': 't',
      'other/x.txt': 'x',
    });
    const busy = path.join(target, 'deep', 'er', 'busy.dat');
    let tries = 0;
    const f = faultFs((op, p) => {
      if (op === 'unlink' && p === busy) {
        tries++;
        return 'EBUSY';
      }
    });
    const r = await clearTree(target, { fs: f.fs, retryBaseMs: 1 });
    expect(tries).toBe(11); // first try + 10 retries
    // Only the cause is reported: its parents (not empty, so not removable) are not.
    expect(r.failed).toEqual([{ path: busy, code: 'EBUSY' }]);
    expect(r).toMatchObject({ filesRemoved: 4, dirsRemoved: 1, empty: false });
    expect(listAll(target)).toEqual([
      'deep',
      path.join('deep', 'er'),
      path.join('deep', 'er', 'busy.dat'),
    ]);
  });

  it('EMFILE on a listing is retried', async () => {
    const target = path.join(root, 'target');
    writeTree(target, { 'd/a.txt': 'a' });
    let n = 0;
    const f = faultFs((op, p) =>
      op === 'readdir' && p.endsWith(`${path.sep}d`) && ++n === 1 ? 'EMFILE' : undefined,
    );
    const r = await clearTree(target, { fs: f.fs, retryBaseMs: 1 });
    expect(r).toMatchObject({ filesRemoved: 1, dirsRemoved: 1, failed: [], empty: true });
  });
});

describe('clearTree: abort, resume, progress', () => {
  it('stops promptly on abort, reports what it did, and a re-run finishes exactly', async () => {
    const target = path.join(root, 'SoftwareDistribution');
    const gen = await generateSoftwareDistribution(target, { files: 3000, seed: 11 });
    const ac = new AbortController();
    let unlinks = 0;
    let abortedAt = 0;
    const f = faultFs((op) => {
      if (op === 'unlink' && ++unlinks === 300) {
        abortedAt = performance.now();
        ac.abort();
      }
    });
    const r1 = await clearTree(target, { fs: f.fs, signal: ac.signal });
    const stopMs = performance.now() - abortedAt;
    expect(r1.aborted).toBe(true);
    expect(r1.empty).toBe(false);
    expect(r1.filesRemoved).toBeGreaterThanOrEqual(250);
    expect(r1.filesRemoved).toBeLessThan(400); // only what was in flight finished
    expect(stopMs).toBeLessThan(2000);
    const mid = await countTree(target);
    expect(mid.files).toBe(gen.files - r1.filesRemoved);
    const r2 = await clearTree(target);
    expect(r2).toMatchObject({ aborted: false, empty: true, failed: [] });
    expect(r1.filesRemoved + r2.filesRemoved).toBe(gen.files);
    expect(r1.bytesRemoved + r2.bytesRemoved).toBe(gen.bytes);
    expect(r1.dirsRemoved + r2.dirsRemoved).toBe(gen.dirs);
  });

  it('an already-aborted signal touches nothing', async () => {
    const target = path.join(root, 'target');
    writeTree(target, { 'a.txt': 'a' });
    const f = faultFs(() => undefined);
    const r = await clearTree(target, { fs: f.fs, signal: AbortSignal.abort() });
    expect(r).toMatchObject({ aborted: true, filesRemoved: 0, empty: false });
    expect(mutating(f.calls)).toEqual([]);
  });

  it('reports progress at least ~4 times a second on a long clear, monotonic, with a final call', async () => {
    const target = path.join(root, 'SoftwareDistribution');
    const gen = await generateSoftwareDistribution(target, { files: 2500, seed: 5 });
    // Slow every unlink down so the clear takes over a second regardless of the disk.
    const unlink: ClearFs['unlink'] = (p, cb) => setTimeout(() => fs.unlink(p, cb), 15);
    const events: Array<{ files: number; bytes: number; totalFiles?: number; at: number }> = [];
    const t0 = performance.now();
    const r = await clearTree(target, {
      fs: { unlink },
      totalHint: { files: gen.files, bytes: gen.bytes },
      onProgress: (p) => events.push({ ...p, at: performance.now() }),
    });
    const secs = (performance.now() - t0) / 1000;
    expect(secs).toBeGreaterThan(0.8);
    expect(events.length / secs).toBeGreaterThanOrEqual(3); // 5/s nominal; loose for loaded machines
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.files).toBeGreaterThanOrEqual(events[i - 1]!.files);
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      files: r.filesRemoved,
      bytes: r.bytesRemoved,
      totalFiles: gen.files,
    });
    expect(r).toMatchObject({ filesRemoved: gen.files, bytesRemoved: gen.bytes, empty: true });
  });

  it('a throwing progress listener does not stop the clear', async () => {
    const target = path.join(root, 'target');
    writeTree(target, { 'a.txt': 'a', 'b/c.txt': 'c' });
    const r = await clearTree(target, {
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    expect(r).toMatchObject({ filesRemoved: 2, empty: true });
  });

  it('works with syncMeta (the worker mode) too', async () => {
    const target = path.join(root, 'SoftwareDistribution');
    const gen = await generateSoftwareDistribution(target, { files: 1500, seed: 9 });
    fs.symlinkSync(root, path.join(target, 'Download', 'escape'), 'dir');
    const r = await clearTree(target, { syncMeta: true });
    expect(r).toMatchObject({
      filesRemoved: gen.files,
      dirsRemoved: gen.dirs,
      bytesRemoved: gen.bytes,
      linksRemoved: 1,
      empty: true,
    });
    expect(fs.existsSync(root)).toBe(true);
  });
});
