import os from 'node:os';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_ROOT_ENV, mapUnder } from '../../../electron/system/windows/elevated-runner';
import { tempDir, wsops } from '../../helpers/cli';

// A folder certainly outside the OS temp dir (the checkout itself may live under /tmp in CI).
const NOT_TEMP = path.parse(os.tmpdir()).root;

// End to end: the real bundled CLI as the elevated helper would be started (minus the UAC
// prompt), on a temp tree that WSOPS_TEST_ELEVATED_ROOT maps C:\ to.
const SD = 'C:\\Windows\\SoftwareDistribution';

let root: string;
let taskDir: string;
beforeEach(() => {
  root = fs.realpathSync(tempDir('wsops-elev-e2e-'));
  taskDir = tempDir('wsops-elev-e2e-task-');
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(taskDir, { recursive: true, force: true });
});

function writeTask(task: object): string {
  const file = path.join(taskDir, 'task.json');
  fs.writeFileSync(file, JSON.stringify(task));
  return file;
}
const result = () => JSON.parse(fs.readFileSync(path.join(taskDir, 'result.json'), 'utf8')).result;

describe('wsops __elevated (bundled CLI)', () => {
  it('clears a tree and leaves result and progress files', () => {
    const local = mapUnder(root)(SD);
    for (let i = 0; i < 30; i++) {
      fs.mkdirSync(path.join(local, `d${i % 4}`), { recursive: true });
      fs.writeFileSync(path.join(local, `d${i % 4}`, `f${i}`), 'abc');
    }
    const r = wsops(['__elevated', writeTask({ v: 1, op: 'clear', path: SD })], {
      [TEST_ROOT_ENV]: root,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(result()).toMatchObject({
      ok: true,
      report: { target: SD, filesRemoved: 30, dirsRemoved: 4, bytesRemoved: 90, empty: true },
    });
    expect(fs.readdirSync(local)).toEqual([]);
    const last = fs
      .readFileSync(path.join(taskDir, 'progress.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .at(-1);
    expect(JSON.parse(last!)).toEqual({ files: 30, bytes: 90 });
  });

  it('refuses a path off the allowlist and a mapped root outside the temp dir', () => {
    const victim = path.join(mapUnder(root)('C:\\Users\\dev'), 'keep.txt');
    fs.mkdirSync(path.dirname(victim), { recursive: true });
    fs.writeFileSync(victim, 'keep');
    const off = wsops(['__elevated', writeTask({ v: 1, op: 'clear', path: 'C:\\Users\\dev' })], {
      [TEST_ROOT_ENV]: root,
    });
    expect(off.code).toBe(2);
    expect(result().error).toMatch(/^refused: /);
    expect(fs.existsSync(victim)).toBe(true);

    // A result already in the folder (planted, or stale): nothing runs, it is left as it was.
    const planted = fs.readFileSync(path.join(taskDir, 'result.json'), 'utf8');
    const again = wsops(['__elevated', writeTask({ v: 1, op: 'clear', path: SD })], {
      [TEST_ROOT_ENV]: root,
    });
    expect(again.code).toBe(2);
    expect(fs.readFileSync(path.join(taskDir, 'result.json'), 'utf8')).toBe(planted);
    fs.rmSync(path.join(taskDir, 'result.json'));

    const outside = wsops(['__elevated', writeTask({ v: 1, op: 'clear', path: SD })], {
      [TEST_ROOT_ENV]: NOT_TEMP,
    });
    expect(outside.code).toBe(2);
    expect(result().error).toMatch(/must name a folder under/);
  });

  it('is hidden from help and needs exactly one task file', () => {
    expect(wsops(['help']).stdout).not.toContain('__elevated');
    expect(wsops(['__elevated']).code).toBe(2);
  });
});
