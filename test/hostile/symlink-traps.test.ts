/**
 * Issue 11 point 6 (and 7): a practice machine whose folders or files are links to the outside.
 * "Nothing outside the folder is touched": every outside file is hashed before and after a full
 * run of the flagship (run --yes, resume after every restart), through the real CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runToEnd, tempDir, wsops } from '../helpers/cli';
import { diff, outsideTree, snapshot } from './helpers';
import { SETUPCONFIG_INI } from '../../electron/system/windows/commands';
import { mapInside } from '../../electron/system/fs/contained-path';
import { writeFileAtomicSync } from '../../electron/system/atomic-file';
import { checkPrivateDir, ensurePrivateDir } from '../../electron/system/fs/private-dir';
import { practiceRoot } from '../../electron/system/simulated/scenario';

const WF = 'windows-update-diskcryptor';
const INI = SETUPCONFIG_INI.slice(3).split('\\');
const LEFTOVER =
  '[SetupConfig]\r\nReflectDrivers="C:\\Program Files\\dcrypt"\r\nPostOOBE="C:\\x"\r\n';

function machineWith(trap: (machine: string, outside: string) => void) {
  const root = tempDir('wsops-trap-');
  const machine = path.join(root, 'machine');
  const outside = outsideTree(path.join(root, 'outside'));
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  const init = wsops(['practice', 'init', machine, '--files', '30'], env);
  expect(init.code, init.stderr).toBe(0);
  trap(machine, outside);
  return { root, machine, outside, env };
}

/** Replaces `<machine>/<rel>` by a link to a copy of it in `outside/<name>` (contents kept). */
function swapForLink(machine: string, rel: string[], outside: string, name: string) {
  const inside = path.join(machine, ...rel);
  const target = path.join(outside, name);
  fs.cpSync(inside, target, { recursive: true });
  // A file of our own in every copied folder: a delete-then-recreate through the link (the
  // reinstall writes the same stand-in files back) still shows as a loss.
  const mark = (d: string) => {
    if (!fs.lstatSync(d).isDirectory()) return;
    for (const e of fs.readdirSync(d)) mark(path.join(d, e));
    fs.writeFileSync(path.join(d, 'outside-marker.txt'), d);
  };
  mark(target);
  fs.rmSync(inside, { recursive: true });
  fs.symlinkSync(target, inside);
}

const TRAPS: Record<string, (machine: string, outside: string) => void> = {
  'C as a link': (m, o) => swapForLink(m, ['C'], o, 'C'),
  'C/Windows as a link': (m, o) => swapForLink(m, ['C', 'Windows'], o, 'Windows'),
  'C/Program Files as a link': (m, o) => swapForLink(m, ['C', 'Program Files'], o, 'PF'),
  'C/Windows/SoftwareDistribution as a link': (m, o) =>
    swapForLink(m, ['C', 'Windows', 'SoftwareDistribution'], o, 'SD'),
  'SetupConfig.ini as a link': (m, o) => {
    fs.writeFileSync(path.join(o, 'SetupConfig.ini'), LEFTOVER);
    const ini = path.join(m, 'C', ...INI);
    fs.mkdirSync(path.dirname(ini), { recursive: true });
    fs.rmSync(ini, { force: true });
    fs.symlinkSync(path.join(o, 'SetupConfig.ini'), ini);
  },
  'machine.json.bak as a link': (m, o) =>
    fs.symlinkSync(path.join(o, 'keep-0.txt'), path.join(m, 'machine.json.bak')),
  'a dangling link as the next temp file is harmless': (m, o) =>
    fs.symlinkSync(path.join(o, 'new-file'), path.join(m, 'machine.json.tmp')),
};

describe('symlink traps in a practice machine: nothing outside is lost or changed', () => {
  for (const [name, trap] of Object.entries(TRAPS)) {
    it(name, () => {
      const { outside, machine, env } = machineWith(trap);
      const before = snapshot(outside);
      expect(before.size).toBeGreaterThan(6);
      const { last } = runToEnd([WF, '--machine', machine], env);
      expect(diff(before, snapshot(outside))).toEqual([]);
      // A refused path is a clean one-line message, never a stack trace.
      expect(last.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    });
  }

  it('machine.json itself as a link: refused with one line, the outside file unchanged', () => {
    const { outside, machine, env } = machineWith((m, o) =>
      swapForLink(m, ['machine.json'], o, 'mj'),
    );
    const before = snapshot(outside);
    const r = wsops(['run', WF, '--machine', machine, '--yes'], env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/machine\.json: is a symbolic link/);
    expect(diff(before, snapshot(outside))).toEqual([]);
  });
});

describe('mapInside', () => {
  const root = tempDir('wsops-map-');
  fs.mkdirSync(path.join(root, 'C', 'Windows'), { recursive: true });
  const outside = tempDir('wsops-out-');
  fs.symlinkSync(outside, path.join(root, 'C', 'Link'));
  fs.writeFileSync(path.join(root, 'C', 'file'), 'x');

  it('maps plain paths, existing or not', () => {
    const real = fs.realpathSync(root);
    expect(mapInside(root, 'C:\\Windows\\x\\y')).toBe(path.join(real, 'C', 'Windows', 'x', 'y'));
    expect(mapInside(root, 'd:\\')).toBe(path.join(real, 'D'));
  });

  it.each([
    ['C:\\Windows\\..\\..\\etc', /`\.` and `\.\.`/],
    ['\\\\?\\C:\\Windows', /device and network/],
    ['\\\\srv\\share\\x', /device and network/],
    ['C:\\Windows\\a\0b', /control characters/],
    ['C:\\Windows/../../x', /character Windows refuses/],
    ['C:\\Windows\\f:stream', /character Windows refuses/],
    ['Windows\\x', /not an absolute Windows path/],
    ['C:\\Link', /symbolic link or junction/],
    ['C:\\Link\\deeper\\x', /C:\\Link is a symbolic link/],
    ['C:\\file\\x', /C:\\file is not a folder/],
  ])('refuses %j', (p, why) => {
    expect(() => mapInside(root, p)).toThrow(why);
  });

  it('forWrite refuses a folder where a file would be written', () => {
    expect(() => mapInside(root, 'C:\\Windows', { forWrite: true })).toThrow(/not a regular file/);
    expect(mapInside(root, 'C:\\file', { forWrite: true })).toMatch(/file$/);
  });

  it('refuses a bind mount of a folder on the same filesystem (mountinfo)', async (ctx) => {
    const { spawnSync } = await import('node:child_process');
    const target = path.join(root, 'C', 'Windows', 'Bound');
    fs.mkdirSync(target);
    const r = spawnSync('mount', ['--bind', outside, target]);
    if (r.status !== 0) return ctx.skip(); // needs CAP_SYS_ADMIN; root here, maybe not elsewhere
    try {
      expect(fs.statSync(target).dev).toBe(fs.statSync(root).dev);
      expect(() => mapInside(root, 'C:\\Windows\\Bound\\x')).toThrow(/mount point/);
    } finally {
      spawnSync('umount', [target]);
    }
  });
});

describe('atomic-file never writes through a link', () => {
  it('refuses a link as the target and replaces (not follows) a link at .bak', () => {
    const dir = tempDir('wsops-atomic-');
    const outside = outsideTree(tempDir('wsops-out-'));
    const before = snapshot(outside);
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, 'old');
    fs.symlinkSync(path.join(outside, 'keep-1.txt'), `${file}.bak`);
    writeFileAtomicSync(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.lstatSync(`${file}.bak`).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('old');
    const link = path.join(dir, 'export.md');
    fs.symlinkSync(path.join(outside, 'keep-2.txt'), link);
    expect(() => writeFileAtomicSync(link, 'evil')).toThrow(/symbolic link/);
    expect(diff(before, snapshot(outside))).toEqual([]);
  });
});

describe('point 7: the practice root', () => {
  it('lives in the state dir, not a fixed folder of the shared temp dir', () => {
    expect(practiceRoot('/home/u/.config/Workstation Ops')).toBe(
      path.join('/home/u/.config/Workstation Ops', 'practice-machines'),
    );
  });

  it('is made 0700, and one owned by another user (uid 12345) or open to others is refused', () => {
    const base = tempDir('wsops-root-');
    const mine = ensurePrivateDir(path.join(base, 'mine'));
    expect(fs.statSync(mine).mode & 0o777).toBe(0o700);
    const theirs = path.join(base, 'theirs');
    fs.mkdirSync(theirs, { mode: 0o777 });
    fs.chownSync(theirs, 12345, 12345);
    fs.chmodSync(theirs, 0o777);
    const open = path.join(base, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o755);
    const before = snapshot(base);
    expect(() => ensurePrivateDir(theirs)).toThrow(/belongs to another user \(uid 12345\)/);
    expect(() => checkPrivateDir(open)).toThrow(/chmod 700/);
    const link = path.join(base, 'link');
    fs.symlinkSync(mine, link);
    expect(() => checkPrivateDir(link)).toThrow(/symbolic link/);
    expect(diff(before, snapshot(base)).filter((d) => !d.includes('link'))).toEqual([]);
  });
});
