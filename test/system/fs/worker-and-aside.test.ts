import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearTreeInWorker,
  countTree,
  renameAside,
  restoreAside,
  UnsafeTargetError,
  workerDiagnostics,
} from '../../../electron/system/fs/safe-clear';
import { generateSoftwareDistribution } from '../../../electron/system/fs/software-distribution-shape';
import { listAll, makeTmp, writeTree } from './helpers';

let tmp: ReturnType<typeof makeTmp>;
let root: string;
beforeEach(() => {
  tmp = makeTmp();
  root = tmp.root;
});
afterEach(async () => {
  await tmp.cleanup();
});

const here = path.dirname(fileURLToPath(import.meta.url));
const safeClearSource = path.resolve(here, '../../../electron/system/fs/safe-clear.ts');

describe('clearTreeInWorker', () => {
  it('clears in a worker thread (no in-process fallback), relaying progress', async () => {
    const target = path.join(root, 'SoftwareDistribution');
    const gen = await generateSoftwareDistribution(target, { files: 2000, seed: 4 });
    fs.symlinkSync(root, path.join(target, 'escape'), 'dir');
    const before = { ...workerDiagnostics };
    const events: number[] = [];
    const r = await clearTreeInWorker(target, {
      progressIntervalMs: 20,
      totalHint: { files: gen.files, bytes: gen.bytes },
      onProgress: (p) => events.push(p.files),
    });
    expect(workerDiagnostics.started).toBe(before.started + 1);
    expect(workerDiagnostics.fallbacks).toBe(before.fallbacks);
    expect(r).toMatchObject({
      filesRemoved: gen.files,
      dirsRemoved: gen.dirs,
      bytesRemoved: gen.bytes,
      linksRemoved: 1,
      empty: true,
      failed: [],
    });
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toBe(gen.files);
    expect(fs.existsSync(root)).toBe(true);
  });

  it('relays abort; a re-run finishes', async () => {
    const target = path.join(root, 'SoftwareDistribution');
    const gen = await generateSoftwareDistribution(target, { files: 6000, seed: 6 });
    const ac = new AbortController();
    const r1 = await clearTreeInWorker(target, {
      signal: ac.signal,
      progressIntervalMs: 10,
      onProgress: (p) => {
        if (p.files > 0) ac.abort();
      },
    });
    expect(r1.aborted).toBe(true);
    expect(r1.filesRemoved).toBeLessThan(gen.files);
    expect((await countTree(target)).files).toBe(gen.files - r1.filesRemoved);
    const r2 = await clearTreeInWorker(target);
    expect(r2).toMatchObject({ aborted: false, empty: true });
    expect(r1.filesRemoved + r2.filesRemoved).toBe(gen.files);
  });

  it('an already-aborted signal removes nothing', async () => {
    const target = path.join(root, 't');
    writeTree(target, { 'a.txt': 'a' });
    const r = await clearTreeInWorker(target, { signal: AbortSignal.abort() });
    expect(r).toMatchObject({ aborted: true, filesRemoved: 0 });
    expect(fs.existsSync(path.join(target, 'a.txt'))).toBe(true);
  });

  it('refusals arrive as UnsafeTargetError', async () => {
    writeTree(path.join(root, 'real'), { 'a.txt': 'a' });
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'), 'dir');
    const err = await clearTreeInWorker(path.join(root, 'link')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeTargetError);
    expect((err as Error).message).toMatch(/symbolic link or junction/);
    await expect(clearTreeInWorker('/')).rejects.toBeInstanceOf(UnsafeTargetError);
    expect(fs.existsSync(path.join(root, 'real', 'a.txt'))).toBe(true);
  });

  // The app ships as esbuild/electron-vite bundles: the worker must still find its code.
  it.each([
    ['esm', false, false],
    ['cjs', false, false],
    ['esm', true, false],
    ['cjs', true, false],
    ['esm', false, true],
    ['esm', true, true],
    ['cjs', true, true],
  ] as const)(
    'works from a single-file %s bundle (minify: %s, keepNames: %s)',
    async (format, minify, keepNames) => {
      const out = path.join(root, `bundle.${format === 'esm' ? 'mjs' : 'cjs'}`);
      const entry = path.join(root, 'entry.ts');
      // CJS has no top-level await, so the body is wrapped in an async IIFE for both formats.
      fs.writeFileSync(
        entry,
        `import { clearTreeInWorker, workerDiagnostics } from ${JSON.stringify(safeClearSource)};
void (async () => {
  const r = await clearTreeInWorker(process.argv[2]);
  console.log(JSON.stringify({ r, d: workerDiagnostics }));
})();`,
      );
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format,
        outfile: out,
        minify,
        keepNames,
        logLevel: 'silent',
      });
      const target = path.join(root, 'target');
      writeTree(target, { 'a.txt': 'a', 'b/c.txt': 'c', 'b/d/e.txt': 'e' });
      fs.symlinkSync(root, path.join(target, 'b', 'escape'), 'dir');
      const stdout = execFileSync(process.execPath, [out, target], { encoding: 'utf8' });
      const { r, d } = JSON.parse(stdout) as {
        r: Record<string, unknown>;
        d: { started: number; fallbacks: number };
      };
      expect(d).toMatchObject({ started: 1, fallbacks: 0 });
      expect(r).toMatchObject({ filesRemoved: 3, dirsRemoved: 2, linksRemoved: 1, empty: true });
      expect(fs.existsSync(out)).toBe(true);
    },
  );
});

describe('renameAside / restoreAside', () => {
  it('moves the folder aside, recreates it empty, picks .bak2 when .bak is taken, restores', async () => {
    const target = path.join(root, 'SoftwareDistribution');
    writeTree(target, { 'DataStore/DataStore.edb': 'edb', 'Download/x.cab': 'cab' });
    const t0 = performance.now();
    const { bakPath } = await renameAside(target);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(bakPath).toBe(`${target}.bak`);
    expect(fs.readdirSync(target)).toEqual([]);
    expect(listAll(bakPath)).toEqual([
      'DataStore',
      path.join('DataStore', 'DataStore.edb'),
      'Download',
      path.join('Download', 'x.cab'),
    ]);

    writeTree(target, { 'new.txt': 'n' });
    const second = await renameAside(target);
    expect(second.bakPath).toBe(`${target}.bak2`);
    expect(fs.readdirSync(target)).toEqual([]);

    // Restoring over a non-empty folder is refused and changes nothing.
    writeTree(target, { 'fresh.txt': 'f' });
    await expect(restoreAside(bakPath, target)).rejects.toThrow(/not empty/);
    expect(fs.readdirSync(target)).toEqual(['fresh.txt']);
    expect(fs.existsSync(bakPath)).toBe(true);

    fs.unlinkSync(path.join(target, 'fresh.txt'));
    await restoreAside(bakPath, target);
    expect(fs.existsSync(bakPath)).toBe(false);
    expect(fs.readFileSync(path.join(target, 'DataStore', 'DataStore.edb'), 'utf8')).toBe('edb');
  });

  it('refuses links and roots', async () => {
    writeTree(path.join(root, 'real'), { 'a.txt': 'a' });
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'), 'dir');
    await expect(renameAside(path.join(root, 'link'))).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(renameAside('/')).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(
      restoreAside(path.join(root, 'link'), path.join(root, 'x')),
    ).rejects.toBeInstanceOf(UnsafeTargetError);
    expect(fs.existsSync(path.join(root, 'link'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'x'))).toBe(false);
  });
});
