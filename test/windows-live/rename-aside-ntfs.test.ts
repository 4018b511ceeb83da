/**
 * The rename-aside on NTFS (the Windows host's `renameAside` / `restoreAside`, fs-ops.ts): the
 * folder is free again at once, the `.bak` holds every byte, junctions inside move as junctions
 * (their targets untouched), a junction target is refused, and a folder held open by another
 * process loses nothing. Windows only (see live.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearTree } from '../../electron/system/fs/safe-clear';
import { renameAsideLocal, restoreAsideLocal } from '../../electron/system/windows/fs-ops';
import {
  lockFile,
  makeSandbox,
  mklinkJunction,
  skipUnlessWindows,
  snapshot,
  writeTree,
} from './live';

const skip = skipUnlessWindows('windows-live/rename-aside-ntfs');

let box: ReturnType<typeof makeSandbox>;
let target: string;
let outside: string;
/** The host's fs-ops take Windows paths; on Windows they are the local paths themselves. */
const identity = (p: string) => p;

beforeEach(async () => {
  box = makeSandbox('wsops-aside-');
  target = path.join(box.root, 'SoftwareDistribution');
  outside = path.join(box.root, 'outside');
  writeTree(outside, { 'keep.txt': 'keep', 'sub/keep2.txt': 'keep2' });
  writeTree(target, {
    'Download/x/update.cab': 'cab',
    'DataStore/DataStore.edb': 'edb',
    'ro.txt': 'read-only',
  });
  fs.chmodSync(path.join(target, 'ro.txt'), 0o444);
  await mklinkJunction(path.join(target, 'Download', 'junction'), outside);
});

afterEach(async () => {
  await box.cleanup();
});

describe.skipIf(skip)('rename-aside on NTFS', () => {
  it('moves the folder to .bak with every byte, leaves an empty folder, and puts it back', async () => {
    const content = snapshot(target);
    const outsideBefore = snapshot(outside);

    const moved = await renameAsideLocal(target, identity);

    expect(moved).toMatchObject({ ok: true, bakPath: `${target}.bak` });
    expect(fs.readdirSync(target)).toEqual([]);
    expect(snapshot(`${target}.bak`)).toEqual(content);
    expect(fs.lstatSync(path.join(`${target}.bak`, 'Download', 'junction')).isSymbolicLink()).toBe(
      true,
    );
    expect(snapshot(outside)).toEqual(outsideBefore);

    // A second move while .bak exists takes .bak2; nothing is overwritten.
    writeTree(target, { 'new.txt': 'new' });
    const again = await renameAsideLocal(target, identity);
    expect(again).toMatchObject({ ok: true, bakPath: `${target}.bak2` });
    expect(fs.readdirSync(`${target}.bak2`)).toEqual(['new.txt']);
    expect(snapshot(`${target}.bak`)).toEqual(content);

    // Restore refuses a target that has content, then works once it is empty.
    writeTree(target, { 'fresh.txt': 'fresh' });
    const refused = await restoreAsideLocal(`${target}.bak`, target, identity);
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toMatch(/not empty/);
    expect(fs.readdirSync(target)).toEqual(['fresh.txt']);
    fs.unlinkSync(path.join(target, 'fresh.txt'));
    const restored = await restoreAsideLocal(`${target}.bak`, target, identity);
    expect(restored.ok).toBe(true);
    expect(snapshot(target)).toEqual(content);
    expect(fs.existsSync(`${target}.bak`)).toBe(false);
    expect(snapshot(outside)).toEqual(outsideBefore);
  });

  it('deleting the .bak afterwards removes the junction, not what it points to', async () => {
    const outsideBefore = snapshot(outside);
    const moved = await renameAsideLocal(target, identity);
    const r = await clearTree(moved.bakPath!);
    expect(r).toMatchObject({ failed: [], empty: true, linksRemoved: 1, filesRemoved: 3 });
    fs.rmdirSync(moved.bakPath!);
    expect(snapshot(outside)).toEqual(outsideBefore);
  });

  it('refuses to move a junction aside', async () => {
    const link = path.join(box.root, 'linked-SoftwareDistribution');
    await mklinkJunction(link, target);
    const content = snapshot(target);
    const moved = await renameAsideLocal(link, identity);
    expect(moved.ok).toBe(false);
    expect(moved.stderr).toMatch(/symbolic link or junction/);
    expect(fs.existsSync(`${link}.bak`)).toBe(false);
    expect(snapshot(target)).toEqual(content);
  });

  it('loses nothing when another process holds a file inside open', async () => {
    const content = snapshot(target);
    const lock = await lockFile(path.join(target, 'Download', 'x', 'update.cab'));
    let moved;
    try {
      moved = await renameAsideLocal(target, identity);
    } finally {
      await lock.release();
    }
    if (moved.ok) {
      // NTFS allowed the rename: everything is in .bak, the original name is free.
      expect(snapshot(moved.bakPath!)).toEqual(content);
      expect(fs.readdirSync(target)).toEqual([]);
    } else {
      // Refused (after ~2 s of retries): the folder is exactly as it was, with the reason.
      expect(moved.stderr).toMatch(/EPERM|EACCES|EBUSY/);
      expect(snapshot(target)).toEqual(content);
      expect(fs.existsSync(`${target}.bak`)).toBe(false);
    }
  });
});
