import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { compareBackup, pickSample } from '../../../electron/system/local/backup-compare';

const roots: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-compare-'));
  roots.push(d);
  return d;
}
afterEach(async () => {
  // Only what this test created; fs.promises.rm walks with lstat (never recursive rmSync: see ARCHITECTURE.md).
  for (const d of roots.splice(0)) await fs.promises.rm(d, { recursive: true, force: true });
});

function write(root: string, rel: string, content: string, mtime?: Date) {
  const p = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  if (mtime) fs.utimesSync(p, mtime, mtime);
}

const T0 = new Date('2026-01-01T10:00:00Z');

function pair(files = 40) {
  const base = tmp();
  const src = path.join(base, 'src');
  const bak = path.join(base, 'bak');
  for (let i = 0; i < files; i++) {
    const rel = `d${i % 4}/f${i}.txt`;
    write(src, rel, `content ${i}\n`, T0);
    write(bak, rel, `content ${i}\n`, T0);
  }
  return { base, src, bak };
}

/** Everything a compare could change: paths, sizes, contents, modes and mtimes. */
function fingerprint(root: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      const hash = e.isFile()
        ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')
        : '';
      out.push(`${path.relative(root, p)} ${st.mode} ${st.size} ${st.mtimeMs} ${hash}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out.join('\n');
}

describe('compareBackup', () => {
  it('passes an identical copy and hashes a bounded sample', async () => {
    const { src, bak } = pair(40);
    const r = await compareBackup(src, bak, { sampleSize: 10, seed: 7 });
    expect(r.verdict).toBe('pass');
    expect(r.source).toMatchObject({ files: 40, dirs: 4, links: 0 });
    expect(r.backup.files).toBe(40);
    expect(r.source.newestMtimeMs).toBe(T0.getTime());
    expect(r.hashSample).toMatchObject({ seed: 7, requested: 10, checked: 10, mismatched: [] });
    expect(r.summary).toMatch(/^Backup complete: all 40 source files/);
  });

  it('fails on files missing from the backup and lists them', async () => {
    const { src, bak } = pair(12);
    fs.unlinkSync(path.join(bak, 'd1', 'f5.txt'));
    await fs.promises.rm(path.join(bak, 'd3'), { recursive: true });
    const r = await compareBackup(src, bak);
    expect(r.verdict).toBe('fail');
    expect(r.missing.count).toBe(4);
    expect(r.missing.examples).toEqual(['d1/f5.txt', 'd3/f11.txt', 'd3/f3.txt', 'd3/f7.txt']);
    expect(r.summary).toMatch(/4 of 12 source files are missing from the backup/);
  });

  it('warns when the source changed after the backup (newer beyond the 2 s FAT tolerance)', async () => {
    const { src, bak } = pair(8);
    fs.utimesSync(
      path.join(src, 'd0', 'f4.txt'),
      new Date(T0.getTime() + 60_000),
      new Date(T0.getTime() + 60_000),
    );
    fs.utimesSync(
      path.join(src, 'd0', 'f0.txt'),
      new Date(T0.getTime() + 1_500),
      new Date(T0.getTime() + 1_500),
    );
    const r = await compareBackup(src, bak);
    expect(r.verdict).toBe('warn');
    expect(r.newerInSource).toEqual({ count: 1, examples: ['d0/f4.txt'] });
    expect(r.source.newestMtimeMs).toBeGreaterThan(r.backup.newestMtimeMs!);
  });

  it('fails when a sampled file differs in content though size and time match', async () => {
    const { src, bak } = pair(6);
    write(bak, 'd2/f2.txt', 'CONTENT 2\n', T0);
    const r = await compareBackup(src, bak, { sampleSize: 1000 });
    expect(r.verdict).toBe('fail');
    expect(r.hashSample.mismatched).toEqual(['d2/f2.txt']);
    expect(r.summary).toMatch(/differ in content \(SHA-256\)/);
  });

  it('warns on a different size when the source is not newer', async () => {
    const { src, bak } = pair(4);
    write(bak, 'd1/f1.txt', 'longer content 1\n', new Date(T0.getTime() + 5000));
    const r = await compareBackup(src, bak);
    expect(r.verdict).toBe('warn');
    expect(r.differentSize.examples).toEqual(['d1/f1.txt']);
  });

  it('counts links and never follows them, inside the trees; refuses a linked root', async () => {
    const { base, src, bak } = pair(4);
    const outside = path.join(base, 'outside');
    for (let i = 0; i < 50; i++) write(outside, `o${i}.bin`, 'x'.repeat(100));
    fs.symlinkSync(outside, path.join(src, 'link-to-outside'), 'dir');
    fs.symlinkSync(path.join(outside, 'o1.bin'), path.join(src, 'd0', 'file-link'));
    const r = await compareBackup(src, bak);
    expect(r.source).toMatchObject({ files: 4, links: 2 });
    expect(r.verdict).toBe('pass');

    const linkedRoot = path.join(base, 'src-link');
    fs.symlinkSync(src, linkedRoot, 'dir');
    const l = await compareBackup(linkedRoot, bak);
    expect(l.verdict).toBe('fail');
    expect(l.problem).toMatch(/is a link \(to .*src\); links are never followed/);
  });

  it('never writes: both trees are byte-, mode- and time-identical afterwards', async () => {
    const { src, bak } = pair(20);
    fs.chmodSync(path.join(src, 'd0', 'f0.txt'), 0o444);
    const before = fingerprint(src) + fingerprint(bak);
    await compareBackup(src, bak, { sampleSize: 1000 });
    expect(fingerprint(src) + fingerprint(bak)).toBe(before);
  });

  it('refuses a missing folder, a file, and nested folders — before reading anything', async () => {
    const { base, src, bak } = pair(2);
    expect((await compareBackup(path.join(base, 'nope'), bak)).problem).toMatch(
      /source folder .*nope does not exist/,
    );
    expect((await compareBackup(src, path.join(src, 'd0', 'f0.txt'))).problem).toMatch(
      /is not a folder/,
    );
    expect((await compareBackup(src, path.join(src, 'd0'))).problem).toMatch(
      /one is inside the other/,
    );
    expect((await compareBackup(src, src)).verdict).toBe('fail');
  });

  it('an empty source warns', async () => {
    const base = tmp();
    fs.mkdirSync(path.join(base, 'a'));
    fs.mkdirSync(path.join(base, 'b'));
    expect((await compareBackup(path.join(base, 'a'), path.join(base, 'b'))).verdict).toBe('warn');
  });

  it('case-insensitive matching (Windows/macOS) hashes the backup under its own spelling', async () => {
    const base = tmp();
    write(path.join(base, 'src'), 'Docs/Report.TXT', 'same\n', T0);
    write(path.join(base, 'bak'), 'docs/report.txt', 'same\n', T0);
    const r = await compareBackup(path.join(base, 'src'), path.join(base, 'bak'), {
      foldCase: true,
    });
    expect(r.verdict).toBe('pass');
    expect(r.hashSample.checked).toBe(1);
    expect(
      (await compareBackup(path.join(base, 'src'), path.join(base, 'bak'), { foldCase: false }))
        .verdict,
    ).toBe('fail');
  });

  it('stops promptly when aborted', async () => {
    const { src, bak } = pair(30);
    const ac = new AbortController();
    ac.abort();
    await expect(compareBackup(src, bak, { signal: ac.signal })).rejects.toThrow(/cancelled/);
  });
});

describe('pickSample', () => {
  const list = Array.from({ length: 1000 }, (_, i) => `f${String(i).padStart(4, '0')}`);
  it('is deterministic for a seed, differs between seeds, is bounded and distinct', () => {
    const a = pickSample(list, 32, 42);
    expect(pickSample(list, 32, 42)).toEqual(a);
    expect(pickSample(list, 32, 43)).not.toEqual(a);
    expect(new Set(a).size).toBe(32);
    expect([...a].sort()).toEqual(a);
    expect(pickSample(list.slice(0, 5), 32, 1)).toHaveLength(5);
    expect(pickSample(list, 0, 1)).toEqual([]);
  });
});
