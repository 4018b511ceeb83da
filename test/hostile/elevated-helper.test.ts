/**
 * Issue 11 point 10: the elevated helper takes operations, not content. A task file rewritten to
 * "write PostOOBE=C:\Users\Public\evil.cmd into SetupConfig.ini" (which Windows setup would run
 * as SYSTEM) is refused; the SetupConfig change is "remove ReflectDrivers/PostOOBE", done by the
 * helper on the file it reads itself, keeping every other byte. The parent believes only a
 * result that answers its own task; the test-only path switch is off unless allowed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  TEST_ROOT_ENV,
  mapUnder,
  runElevatedTaskFile,
  testRootAllowed,
} from '../../electron/system/windows/elevated-runner';
import { runHelper } from '../../electron/system/windows/elevated-parent';
import type { CommandRunner } from '../../electron/system/command-runner';
import { SETUPCONFIG_INI as INI } from '../../electron/system/windows/commands';

const SD = 'C:\\Windows\\SoftwareDistribution';
let root: string;
let taskDir: string;
let ini: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-elev-hostile-')));
  taskDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-elev-task-'));
  ini = mapUnder(root)(INI);
  fs.mkdirSync(path.dirname(ini), { recursive: true });
});

async function helper(task: object, opts: { env?: NodeJS.ProcessEnv; allow?: boolean } = {}) {
  const file = path.join(taskDir, 'task.json');
  fs.writeFileSync(file, JSON.stringify(task));
  const code = await runElevatedTaskFile(file, {
    ...(opts.env
      ? { env: opts.env, allowTestRoot: opts.allow ?? false }
      : { toLocal: mapUnder(root) }),
  });
  const resultFile = path.join(taskDir, 'result.json');
  const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : null;
  fs.rmSync(resultFile, { force: true });
  return { code, result };
}

describe('the helper takes operations, not content', () => {
  it('refuses a task that carries content for SetupConfig.ini (PostOOBE=evil.cmd)', async () => {
    const before = '[SetupConfig]\r\nReflectDrivers="C:\\Program Files\\dcrypt"\r\n';
    fs.writeFileSync(ini, before);
    const evil = '[SetupConfig]\r\nPostOOBE=C:\\Users\\Public\\evil.cmd\r\n';
    const { code, result } = await helper({ v: 1, op: 'write-text', path: INI, content: evil });
    expect(code).toBe(2);
    expect(result.result.error).toMatch(/invalid task/);
    expect(fs.readFileSync(ini, 'utf8')).toBe(before);
  });

  it('removes ReflectDrivers/PostOOBE itself, every other byte kept (UTF-16 LE, mixed endings)', async () => {
    const text =
      '; written by hand\r\n[SetupConfig]\r\nPriority=Normal\nReflectDrivers="C:\\Program Files\\dcrypt"\r\n' +
      'postoobe = C:\\Program Files\\dcrypt\\dcinst.exe -setup\r\n[Other]\r\nPostOOBE=keep-me\r\nLast=1';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    fs.writeFileSync(ini, bytes);
    const { code, result } = await helper({ v: 1, op: 'remove-setupconfig-keys', path: INI });
    expect(code, JSON.stringify(result)).toBe(0);
    const want =
      '; written by hand\r\n[SetupConfig]\r\nPriority=Normal\n[Other]\r\nPostOOBE=keep-me\r\nLast=1';
    expect(fs.readFileSync(ini)).toEqual(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(want, 'utf16le')]),
    );
  });

  it('keeps ANSI bytes that are not UTF-8 exactly as they were', async () => {
    const bytes = Buffer.from('[SetupConfig]\r\nNote=Gr\xfc\xdfe\r\nPostOOBE=x\r\n', 'latin1');
    fs.writeFileSync(ini, bytes);
    expect((await helper({ v: 1, op: 'remove-setupconfig-keys', path: INI })).code).toBe(0);
    expect(fs.readFileSync(ini)).toEqual(
      Buffer.from('[SetupConfig]\r\nNote=Gr\xfc\xdfe\r\n', 'latin1'),
    );
  });

  it('never writes through a SetupConfig.ini that is a link', async () => {
    const outside = path.join(root, 'outside.ini');
    fs.writeFileSync(outside, '[SetupConfig]\r\nPostOOBE=x\r\n');
    fs.symlinkSync(outside, ini);
    const { code } = await helper({ v: 1, op: 'remove-setupconfig-keys', path: INI });
    expect(code).toBe(2);
    expect(fs.readFileSync(outside, 'utf8')).toBe('[SetupConfig]\r\nPostOOBE=x\r\n');
  });
});

describe('results: only the answer to our own task is believed', () => {
  const task = { v: 1, op: 'clear', path: SD } as const;
  const forged = {
    ok: true,
    op: 'clear',
    report: {
      target: SD,
      filesRemoved: 999,
      dirsRemoved: 0,
      bytesRemoved: 0,
      linksRemoved: 0,
      failed: [],
      empty: true,
    },
  };

  /** A stand-in for the elevated launch that plays a helper writing `write(dir)` as result. */
  const runnerWriting = (write: (dir: string, nonce: string) => unknown): CommandRunner => ({
    async run(_file, args) {
      const dir = path.dirname(args.at(-1)!);
      const nonce = JSON.parse(fs.readFileSync(path.join(dir, 'task.json'), 'utf8')).nonce;
      const body = write(dir, nonce);
      if (body !== undefined) fs.writeFileSync(path.join(dir, 'result.json'), JSON.stringify(body));
      return { ok: true, exitCode: 0, command: 'helper', stdout: '', stderr: '' };
    },
  });
  const run = (r: CommandRunner) =>
    runHelper(r, { exe: 'node', args: ['wsops', '__elevated'] }, task, { timeoutMs: 5000 });

  it('a result without the nonce (stale or planted) is refused', async () => {
    expect((await run(runnerWriting(() => forged))).result).toBeNull();
    expect(
      (await run(runnerWriting(() => ({ nonce: 'f'.repeat(32), result: forged })))).result,
    ).toBeNull();
  });

  it('a result for another operation is refused; the real one is taken', async () => {
    const other = {
      ...forged,
      op: 'rename-aside',
      result: { ok: true, exitCode: 0, command: '', stdout: '', stderr: '', bakPath: null },
    };
    expect((await run(runnerWriting((_d, nonce) => ({ nonce, result: other })))).result).toBeNull();
    expect(
      (await run(runnerWriting((_d, nonce) => ({ nonce, result: forged })))).result,
    ).toMatchObject({ ok: true, op: 'clear' });
  });

  it('a result that is a link is refused', async () => {
    const elsewhere = path.join(root, 'forged.json');
    const r = await run(
      runnerWriting((dir, nonce) => {
        fs.writeFileSync(elsewhere, JSON.stringify({ nonce, result: forged }));
        fs.symlinkSync(elsewhere, path.join(dir, 'result.json'));
        return undefined;
      }),
    );
    expect(r.result).toBeNull();
  });

  it('the helper refuses to run, and leaves alone, a result.json already in its folder', async () => {
    fs.mkdirSync(path.join(mapUnder(root)(SD)), { recursive: true });
    fs.writeFileSync(path.join(mapUnder(root)(SD), 'f'), 'x');
    const planted = JSON.stringify({ nonce: null, result: forged });
    fs.writeFileSync(path.join(taskDir, 'result.json'), planted);
    fs.writeFileSync(path.join(taskDir, 'task.json'), JSON.stringify(task));
    const code = await runElevatedTaskFile(path.join(taskDir, 'task.json'), {
      toLocal: mapUnder(root),
    });
    expect(code).toBe(2);
    expect(fs.readFileSync(path.join(taskDir, 'result.json'), 'utf8')).toBe(planted);
    expect(fs.existsSync(path.join(mapUnder(root)(SD), 'f'))).toBe(true);
  });
});

describe('the test-only path switch', () => {
  it('is off in a packaged app and on Windows', () => {
    expect(testRootAllowed(true, 'linux')).toBe(false);
    expect(testRootAllowed(false, 'win32')).toBe(false);
    expect(testRootAllowed(true, 'win32')).toBe(false);
    expect(testRootAllowed(false, 'linux')).toBe(true);
  });

  it('when not allowed, a task with the variable set is refused and nothing is touched', async () => {
    const f = path.join(mapUnder(root)(SD), 'keep');
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, 'x');
    const { code, result } = await helper(
      { v: 1, op: 'clear', path: SD },
      { env: { [TEST_ROOT_ENV]: root }, allow: false },
    );
    expect(code).toBe(2);
    expect(result.result.error).toMatch(/tests only/);
    expect(fs.existsSync(f)).toBe(true);
  });
});
