/**
 * The clear on real NTFS: junctions made by `mklink /J` and by Node, directory and file symlinks,
 * read-only files and folders, a file another process holds locked. The claim under test is the
 * one that matters on a PC: everything inside the target goes (except what is locked, which is
 * reported), and not one file outside it is touched — junction targets included. Windows only
 * (see live.ts); on Linux the same walker is tested with symlinks in test/system/fs/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearTree,
  clearTreeInWorker,
  UnsafeTargetError,
  type ClearFs,
} from '../../electron/system/fs/safe-clear';
import {
  lockFile,
  makeSandbox,
  mklinkJunction,
  skipUnlessWindows,
  snapshot,
  writeTree,
} from './live';

const skip = skipUnlessWindows('windows-live/safe-clear-ntfs');

let box: ReturnType<typeof makeSandbox>;
let outside: string;
let target: string;

/** What a junction or link must never lead the clear into. */
const OUTSIDE_FILES = {
  'keep.txt': 'keep',
  'sub/keep2.txt': 'keep2',
  'sub/deeper/keep3.bin': 'x'.repeat(70_000),
  'readonly.txt': 'ro',
};

beforeEach(() => {
  box = makeSandbox('wsops-ntfs-');
  outside = path.join(box.root, 'outside');
  target = path.join(box.root, 'SoftwareDistribution');
  writeTree(outside, OUTSIDE_FILES);
  fs.chmodSync(path.join(outside, 'readonly.txt'), 0o444);
  fs.mkdirSync(target);
});

afterEach(async () => {
  await box.cleanup();
});

/** A SoftwareDistribution-like tree with every kind of entry a real one can hold, and worse. */
async function hostileTree(): Promise<void> {
  writeTree(target, {
    'Download/a1/payload.cab': 'cab',
    'Download/a1/b2/c3/deep.esd': 'esd',
    'DataStore/DataStore.edb': 'edb',
    'ReportingEvents.log': 'log',
  });
  // Junctions: one from mklink /J (as a person or installer makes it), one from Node.
  await mklinkJunction(path.join(target, 'Download', 'mklink-junction'), outside);
  fs.symlinkSync(outside, path.join(target, 'DataStore', 'node-junction'), 'junction');
  // A junction back up to the box (a loop out of the target) and one into the target itself.
  await mklinkJunction(path.join(target, 'Download', 'a1', 'up'), box.root);
  fs.symlinkSync(path.join(target, 'Download'), path.join(target, 'self-junction'), 'junction');
  // A junction whose target is gone, as after an uninstall.
  fs.mkdirSync(path.join(box.root, 'gone'));
  fs.symlinkSync(path.join(box.root, 'gone'), path.join(target, 'dangling-junction'), 'junction');
  fs.rmdirSync(path.join(box.root, 'gone'));
  // Symlinks (the runner is an administrator, so these are allowed).
  fs.symlinkSync(outside, path.join(target, 'dir-symlink'), 'dir');
  fs.symlinkSync(path.join(outside, 'keep.txt'), path.join(target, 'file-symlink.txt'), 'file');
  // Read-only files, and a folder full of them.
  writeTree(target, { 'ro/one.txt': '1', 'ro/two.txt': '2', 'plain-ro.txt': 'ro' });
  for (const f of ['ro/one.txt', 'ro/two.txt', 'plain-ro.txt'])
    fs.chmodSync(path.join(target, f), 0o444);
}

describe.skipIf(skip)('the clear on NTFS', () => {
  it('removes everything inside, junctions and links as links, and touches nothing outside', async () => {
    await hostileTree();
    // A junction really is one here (the test would prove nothing otherwise).
    expect(fs.lstatSync(path.join(target, 'Download', 'mklink-junction')).isSymbolicLink()).toBe(
      true,
    );
    expect(fs.readdirSync(path.join(target, 'Download', 'mklink-junction')).sort()).toEqual(
      ['keep.txt', 'readonly.txt', 'sub'].sort(),
    );
    const before = snapshot(outside);
    const boxBefore = fs.readdirSync(box.root).sort();

    const r = await clearTree(target);

    expect(r.failed).toEqual([]);
    expect(r.empty).toBe(true);
    expect(fs.readdirSync(target)).toEqual([]);
    // 5 junctions + 2 symlinks, each removed as a link.
    expect(r.linksRemoved).toBe(7);
    expect(r.filesRemoved).toBe(7);
    expect(snapshot(outside)).toEqual(before);
    expect(fs.readdirSync(box.root).sort()).toEqual(boxBefore);
  });

  it('does the same in the worker thread the app uses', async () => {
    await hostileTree();
    const before = snapshot(outside);
    const r = await clearTreeInWorker(target);
    expect(r).toMatchObject({ failed: [], empty: true, linksRemoved: 7, filesRemoved: 7 });
    expect(snapshot(outside)).toEqual(before);
  });

  it('reports a locked file, removes the rest, and finishes on a second run once it is free', async () => {
    await hostileTree();
    writeTree(target, { 'Download/locked/in-use.cab': 'held by another process' });
    const lockedFile = path.join(target, 'Download', 'locked', 'in-use.cab');
    const before = snapshot(outside);
    const lock = await lockFile(lockedFile);
    let first;
    try {
      first = await clearTree(target, { retries: 3, retryBaseMs: 20 });
    } finally {
      await lock.release();
    }
    expect(first.failed.map((f) => path.relative(target, f.path))).toEqual([
      path.join('Download', 'locked', 'in-use.cab'),
    ]);
    expect(['EBUSY', 'EPERM', 'EACCES']).toContain(first.failed[0]!.code);
    expect(first.empty).toBe(false);
    // Everything else went; the locked file's folders stay because they are not empty.
    expect(fs.readdirSync(target)).toEqual(['Download']);
    expect(fs.readdirSync(path.join(target, 'Download'))).toEqual(['locked']);
    expect(snapshot(outside)).toEqual(before);

    const second = await clearTree(target);
    expect(second).toMatchObject({ failed: [], empty: true, filesRemoved: 1 });
    expect(snapshot(outside)).toEqual(before);
  });

  it('refuses a target that is itself a junction and deletes nothing', async () => {
    writeTree(path.join(box.root, 'real'), { 'a.txt': 'a', 'b/c.txt': 'c' });
    const link = path.join(box.root, 'junction-target');
    await mklinkJunction(link, path.join(box.root, 'real'));
    const before = snapshot(path.join(box.root, 'real'));
    await expect(clearTree(link)).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(clearTree(link + path.sep)).rejects.toThrow(/symbolic link or junction/);
    await expect(clearTreeInWorker(link)).rejects.toBeInstanceOf(UnsafeTargetError);
    expect(snapshot(path.join(box.root, 'real'))).toEqual(before);
  });

  it('refuses the drive root, in every spelling, before any change', async () => {
    // A fault layer that turns every change into an error: even a broken guard deletes nothing.
    const mutations: string[] = [];
    const refuse =
      (op: string) =>
      (p: string, ...rest: unknown[]) => {
        mutations.push(`${op} ${p}`);
        const cb = rest[rest.length - 1] as (e: NodeJS.ErrnoException) => void;
        const e = new Error(`EROFS: blocked by the test, ${op} '${p}'`) as NodeJS.ErrnoException;
        e.code = 'EROFS';
        process.nextTick(() => cb(e));
      };
    const noChanges: Partial<ClearFs> = {
      unlink: refuse('unlink') as ClearFs['unlink'],
      rmdir: refuse('rmdir') as ClearFs['rmdir'],
      chmod: refuse('chmod') as ClearFs['chmod'],
    };
    const drive = (process.env.SystemDrive ?? 'C:').toUpperCase();
    for (const root of [`${drive}\\`, drive, `${drive}/`, `\\\\?\\${drive}\\`]) {
      await expect(clearTree(root, { fs: noChanges }), root).rejects.toThrow(
        /root of a drive or filesystem/,
      );
    }
    expect(mutations).toEqual([]);
  });
});
