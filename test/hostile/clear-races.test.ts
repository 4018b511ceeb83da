/**
 * Issue 11 point 8: races during the clear. A folder swapped for a link between its check and
 * the descent, a link swapped in between an lstat and a chmod, a bind mount of an outside
 * folder on the same filesystem: nothing outside the target may be deleted or changed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearTree, type ClearFs } from '../../electron/system/fs/safe-clear';
import { tempDir } from '../helpers/cli';
import { diff, outsideTree, snapshot } from './helpers';

function tree(root: string, dirs: number, files: number): void {
  for (let d = 0; d < dirs; d++) {
    const dir = path.join(root, `d${d}`, 'sub');
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < files; f++) fs.writeFileSync(path.join(dir, `f${f}`), 'x');
  }
}

/**
 * A child process that, until killed, swaps `<target>/d<i>` for a link to `outside` and back
 * (rename the real folder aside, symlink in its place, then undo), as fast as it can.
 */
function swapper(target: string, outside: string, dirs: number) {
  const code = `
    const fs = require('fs'), path = require('path');
    const [target, outside, n] = [process.argv[1], process.argv[2], Number(process.argv[3])];
    for (let k = 0; ; k++) {
      const d = path.join(target, 'd' + (k % n)), aside = d + '.aside';
      try { fs.renameSync(d, aside); } catch { continue; }
      try { fs.symlinkSync(outside, d); } catch {}
      const until = Date.now() + 2; while (Date.now() < until) {}
      try { fs.unlinkSync(d); } catch {}
      try { fs.renameSync(aside, d); } catch {}
    }`;
  return spawn(process.execPath, ['-e', code, target, outside, String(dirs)], { stdio: 'ignore' });
}

describe('clear races', () => {
  it('a swapper loop turning folders into links to the outside: 0 outside files lost', async () => {
    const root = tempDir('wsops-race-');
    const outside = outsideTree(path.join(root, 'outside'), 50);
    fs.mkdirSync(path.join(outside, 'sub'), { recursive: true });
    for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(outside, 'sub', `f${i}`), 'keep');
    const before = snapshot(outside);
    const target = path.join(root, 'target');
    let rounds = 0;
    for (; rounds < 30; rounds++) {
      tree(target, 8, 40);
      const child = swapper(target, outside, 8);
      await new Promise((r) => setTimeout(r, 20));
      try {
        await clearTree(target, { retries: 2, retryBaseMs: 1 });
      } finally {
        child.kill('SIGKILL');
        await new Promise((r) => child.on('exit', r));
      }
      // Leftovers of the swapper (a link or an .aside folder) are fine; outside must be intact.
      expect(diff(before, snapshot(outside))).toEqual([]);
      for (const n of fs.readdirSync(target)) {
        const p = path.join(target, n);
        if (fs.lstatSync(p).isSymbolicLink()) fs.unlinkSync(p);
      }
      await clearTree(target);
    }
    expect(rounds).toBe(30);
  }, 120_000);

  it('every folder swapped for a link after it was checked, mid-chunk: 0 outside files lost', async () => {
    const root = tempDir('wsops-race-');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(outside, 'sub'), { recursive: true });
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(outside, 'sub', `f${i}`), 'keep');
    const before = snapshot(outside);
    const target = path.join(root, 'target');
    tree(target, 8, 40);
    let swapped = false;
    const seam: Partial<ClearFs> = {
      // At the first file deletion (every check already passed for its folder), swap every
      // top folder for a link to the outside, whose layout matches: paths now lead there.
      unlink: (p, cb) => {
        if (!swapped && path.basename(p) === 'f0') {
          swapped = true;
          for (let d = 0; d < 8; d++) {
            const dir = path.join(target, `d${d}`);
            fs.renameSync(dir, `${dir}.aside`);
            fs.symlinkSync(outside, dir);
          }
        }
        fs.unlink(p, cb);
      },
    };
    await clearTree(target, { fs: seam });
    expect(swapped).toBe(true);
    expect(diff(before, snapshot(outside))).toEqual([]);
  });

  it('a link swapped in between the lstat and the chmod: the outside file keeps its mode', async () => {
    const root = tempDir('wsops-race-');
    const secret = path.join(root, 'secret.txt');
    fs.writeFileSync(secret, 'keep');
    fs.chmodSync(secret, 0o600);
    const target = path.join(root, 'target');
    fs.mkdirSync(path.join(target, 'a'), { recursive: true });
    const victim = path.join(target, 'a', 'ro.txt');
    fs.writeFileSync(victim, 'x');
    let failedOnce = false;
    let swapped = false;
    const swap = (p: string) => {
      if (!swapped && p.endsWith('ro.txt')) {
        swapped = true;
        fs.unlinkSync(victim);
        fs.symlinkSync(secret, victim);
      }
    };
    const seam: Partial<ClearFs> = {
      // The first unlink of ro.txt fails as for a read-only file: the walker makes it writable.
      unlink: (p, cb) => {
        if (!failedOnce && p.endsWith('ro.txt')) {
          failedOnce = true;
          const e = Object.assign(new Error('EPERM'), { code: 'EPERM' });
          return queueMicrotask(() => cb(e));
        }
        fs.unlink(p, cb);
      },
      // Whatever the walker uses to change the mode, the swap lands right before it.
      chmod: (p, mode, cb) => {
        swap(p);
        fs.chmod(p, mode, cb);
      },
      open: (p, flags, mode, cb) => {
        swap(p);
        fs.open(p, flags, mode, cb);
      },
    };
    const r = await clearTree(target, { fs: seam, retryBaseMs: 1 });
    expect(failedOnce).toBe(true);
    expect(swapped).toBe(true);
    expect(fs.statSync(secret).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(secret, 'utf8')).toBe('keep');
    expect(r.failed).toEqual([]);
  });

  it('a bind mount of an outside folder (same filesystem) is not descended', async (ctx) => {
    const root = tempDir('wsops-race-');
    const outside = outsideTree(path.join(root, 'outside'), 5);
    const target = path.join(root, 'target');
    const mnt = path.join(target, 'Download', 'bound');
    fs.mkdirSync(mnt, { recursive: true });
    fs.writeFileSync(path.join(target, 'Download', 'own.cab'), 'x');
    if (spawnSync('mount', ['--bind', outside, mnt]).status !== 0) return ctx.skip();
    try {
      expect(fs.statSync(mnt).dev).toBe(fs.statSync(target).dev);
      const before = snapshot(outside);
      const r = await clearTree(target);
      expect(diff(before, snapshot(outside))).toEqual([]);
      expect(r.failed).toEqual([{ path: mnt, code: 'EXDEV' }]);
      expect(fs.existsSync(path.join(target, 'Download', 'own.cab'))).toBe(false);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});
