import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countTree,
  countTreeParallel,
  countTreeSync,
} from '../../../electron/system/fs/safe-clear';
import { generateSoftwareDistribution } from '../../../electron/system/fs/software-distribution-shape';
import { makeTmp, writeTree } from './helpers';
import type { ClearFs } from '../../../electron/system/fs/safe-clear';

let tmp: ReturnType<typeof makeTmp>;
let root: string;
beforeEach(() => {
  tmp = makeTmp();
  root = tmp.root;
});
afterEach(async () => {
  await tmp.cleanup();
});

/** Every file with size, mtime and content hash, links noted — an independent walk. */
function fingerprint(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        out.push(`${rel}/`);
        walk(p);
      } else {
        const st = fs.lstatSync(p);
        const hash = crypto.createHash('sha1').update(fs.readFileSync(p)).digest('hex');
        out.push(`${rel} ${st.size} ${st.mtimeMs} ${hash}`);
      }
    }
  };
  walk(dir);
  return out;
}

describe('generateSoftwareDistribution', () => {
  it('is deterministic for a seed (paths, sizes, mtimes, contents) and differs across seeds', async () => {
    const a = await generateSoftwareDistribution(path.join(root, 'a'), { files: 1500, seed: 42 });
    const b = await generateSoftwareDistribution(path.join(root, 'b'), { files: 1500, seed: 42 });
    const c = await generateSoftwareDistribution(path.join(root, 'c'), { files: 1500, seed: 43 });
    expect(a).toEqual(b);
    const fa = fingerprint(path.join(root, 'a'));
    expect(fa).toEqual(fingerprint(path.join(root, 'b')));
    expect(fa).not.toEqual(fingerprint(path.join(root, 'c')));
    expect(c.files).toBe(1500);
  });

  it.each([0, 1, 5, 17, 250, 4321])('creates exactly %i files', async (n) => {
    const dir = path.join(root, `sd${n}`);
    const stats = await generateSoftwareDistribution(dir, { files: n, seed: 1 });
    let files = 0;
    let dirs = 0;
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) {
          dirs++;
          walk(path.join(d, e.name));
        } else if (e.isFile()) files++;
      }
    };
    walk(dir);
    expect(files).toBe(n);
    expect(stats.files).toBe(n);
    expect(stats.dirs).toBe(dirs);
  });

  it('looks like SoftwareDistribution', async () => {
    const dir = path.join(root, 'SoftwareDistribution');
    await generateSoftwareDistribution(dir, { files: 5000, seed: 3 });
    expect(fs.statSync(path.join(dir, 'DataStore', 'DataStore.edb')).isFile()).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'DataStore', 'Logs'))).toContain('edb.log');
    expect(fs.existsSync(path.join(dir, 'ReportingEvents.log'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'PostRebootEventCache.V2'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'SLS')).length).toBeGreaterThan(0);
    const downloads = fs.readdirSync(path.join(dir, 'Download'));
    expect(downloads.length).toBeGreaterThan(3);
    for (const h of downloads) expect(h).toMatch(/^[0-9a-f]{32}$/);
    // Sizes: mostly small, a handful of big payloads; depths 1..5 below the root.
    const sizes: number[] = [];
    const depths = new Set<number>();
    const walk = (d: string, depth: number) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p, depth + 1);
        else {
          sizes.push(fs.statSync(p).size);
          depths.add(depth);
        }
      }
    };
    walk(dir, 0);
    const big = sizes.filter((s) => s >= 1024 * 1024);
    expect(big.length).toBeGreaterThanOrEqual(2);
    expect(big.length).toBeLessThanOrEqual(10);
    const small = sizes.filter((s) => s >= 512 && s <= 40 * 1024);
    expect(small.length / sizes.length).toBeGreaterThan(0.98);
    expect(sizes.filter((s) => s <= 4096).length / sizes.length).toBeGreaterThan(0.6);
    expect(Math.max(...depths)).toBe(5);
    expect([2, 3, 4].every((d) => depths.has(d))).toBe(true);
  });

  it('refuses a non-empty directory', async () => {
    writeTree(root, { 'x/existing.txt': 'e' });
    await expect(generateSoftwareDistribution(path.join(root, 'x'), { files: 3 })).rejects.toThrow(
      /not empty/,
    );
  });
});

describe('countTree', () => {
  it('matches a generated tree exactly (all three implementations)', async () => {
    const dir = path.join(root, 'SoftwareDistribution');
    const gen = await generateSoftwareDistribution(dir, { files: 3000, seed: 8 });
    expect(await countTree(dir)).toEqual(gen);
    expect(countTreeSync(dir)).toEqual(gen);
    expect(await countTreeParallel(dir)).toEqual(gen);
  });

  it('switching to the parallel walker mid-way (cold cache) still counts exactly', async () => {
    const dir = path.join(root, 'SoftwareDistribution');
    const gen = await generateSoftwareDistribution(dir, { files: 3000, seed: 12 });
    fs.symlinkSync(root, path.join(dir, 'Download', 'escape'), 'dir');
    let parallelCalls = 0;
    const lstat: ClearFs['lstat'] = (p, cb) => {
      parallelCalls++;
      fs.lstat(p, cb);
    };
    // Every slice looks "cold" (0 slow calls needed), so the count switches after two slices.
    const stats = await countTree(dir, { sliceMs: 1, coldSlowCalls: 0, fs: { lstat } });
    expect(parallelCalls).toBeGreaterThan(0);
    expect(parallelCalls).toBeLessThan(gen.files);
    expect(stats).toEqual({ ...gen, links: 1 });
  });

  it('counts links without following them', async () => {
    const dir = path.join(root, 't');
    writeTree(dir, { 'a.txt': '12345', 'd/b.txt': '123' });
    writeTree(path.join(root, 'outside'), { 'x.txt': 'x'.repeat(100), 'y/z.txt': 'z' });
    fs.symlinkSync(path.join(root, 'outside'), path.join(dir, 'd', 'dirlink'), 'dir');
    fs.symlinkSync(path.join(root, 'outside', 'x.txt'), path.join(dir, 'filelink'));
    fs.symlinkSync('..', path.join(dir, 'd', 'loop'));
    const mtime = new Date('2024-05-06T07:08:09Z');
    fs.utimesSync(path.join(dir, 'd', 'b.txt'), mtime, mtime);
    fs.utimesSync(path.join(dir, 'a.txt'), new Date('2020-01-01Z'), new Date('2020-01-01Z'));
    const expected = { files: 2, dirs: 1, bytes: 8, links: 3, newestMtimeMs: mtime.getTime() };
    expect(await countTree(dir)).toEqual(expected);
    expect(countTreeSync(dir)).toEqual(expected);
    expect(await countTreeParallel(dir)).toEqual(expected);
  });

  it('a missing target counts as nothing; a link target counts as one link', async () => {
    expect(await countTree(path.join(root, 'missing'))).toEqual({
      files: 0,
      dirs: 0,
      bytes: 0,
      links: 0,
      newestMtimeMs: null,
    });
    fs.mkdirSync(path.join(root, 'real'));
    fs.writeFileSync(path.join(root, 'real', 'f'), 'f');
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'), 'dir');
    expect(await countTree(path.join(root, 'link'))).toMatchObject({ files: 0, links: 1 });
  });

  it('yields to the event loop while counting (time slices)', async () => {
    const dir = path.join(root, 'SoftwareDistribution');
    await generateSoftwareDistribution(dir, { files: 4000, seed: 2 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const p = countTree(dir, { sliceMs: 1 });
    const stats = await p;
    clearInterval(timer);
    expect(stats.files).toBe(4000);
    expect(ticks).toBeGreaterThan(0);
  });
});
