import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  TEST_ROOT_ENV,
  elevatedTaskArg,
  mapUnder,
  mapperFromEnv,
  runElevatedTaskFile,
} from '../../../electron/system/windows/elevated-runner';
import type { ElevatedTask } from '../../../electron/system/windows/elevated-task';

// A folder certainly outside the OS temp dir (the checkout itself may live under /tmp in CI).
const NOT_TEMP = path.parse(os.tmpdir()).root;

const SD = 'C:\\Windows\\SoftwareDistribution';
const DOWNLOADER = 'C:\\ProgramData\\Microsoft\\Network\\Downloader';
const INI = 'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini';

let root: string; // stands for the machine: <root>/C/Windows/…
let taskDir: string; // the parent's private temp dir
let toLocal: (p: string) => string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-elev-root-')));
  taskDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-elev-task-'));
  toLocal = mapUnder(root);
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(taskDir, { recursive: true, force: true });
});

function put(winPath: string, content = 'x'): string {
  const p = toLocal(winPath);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

async function run(task: ElevatedTask | object) {
  const file = path.join(taskDir, 'task.json');
  fs.writeFileSync(file, JSON.stringify(task));
  const code = await runElevatedTaskFile(file, { toLocal });
  // result.json: { nonce, result } — the nonce echoes the task's (none in these bare tasks).
  const result = JSON.parse(fs.readFileSync(path.join(taskDir, 'result.json'), 'utf8')).result;
  return { code, result };
}

describe('elevated helper: running a task', () => {
  it('clears SoftwareDistribution with the real clearTree and writes progress lines', async () => {
    for (let i = 0; i < 20; i++) put(`${SD}\\Download\\d${i % 3}\\f${i}.cab`, '0123456789');
    const { code, result } = await run({ v: 1, op: 'clear', path: SD });
    expect(code).toBe(0);
    expect(result).toMatchObject({
      ok: true,
      op: 'clear',
      report: { target: SD, filesRemoved: 20, bytesRemoved: 200, empty: true, failed: [] },
    });
    expect(fs.readdirSync(toLocal(SD))).toEqual([]);
    const lines = fs.readFileSync(path.join(taskDir, 'progress.ndjson'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ files: 20, bytes: 200 });
  });

  it('moves a folder aside and back', async () => {
    put(`${SD}\\DataStore\\DataStore.edb`, 'db');
    const aside = await run({ v: 1, op: 'rename-aside', path: SD });
    expect(aside.code).toBe(0);
    expect(aside.result.result).toMatchObject({ ok: true, bakPath: `${SD}.bak` });
    expect(fs.readdirSync(toLocal(SD))).toEqual([]);
    fs.rmSync(path.join(taskDir, 'result.json'));
    const back = await run({ v: 1, op: 'restore-aside', bakPath: `${SD}.bak`, target: SD });
    expect(back.code).toBe(0);
    expect(fs.readFileSync(toLocal(`${SD}\\DataStore\\DataStore.edb`), 'utf8')).toBe('db');
    expect(fs.existsSync(toLocal(`${SD}.bak`))).toBe(false);
  });

  it('deletes qmgr*.dat, writes SetupConfig.ini in its encoding and copies its backup', async () => {
    put(`${DOWNLOADER}\\qmgr0.dat`);
    expect((await run({ v: 1, op: 'delete-file', path: `${DOWNLOADER}\\qmgr0.dat` })).code).toBe(0);
    expect(fs.existsSync(toLocal(`${DOWNLOADER}\\qmgr0.dat`))).toBe(false);

    const ini = put(INI);
    fs.writeFileSync(ini, Buffer.from([0xff, 0xfe, ...Buffer.from('[old]', 'utf16le')]));
    fs.rmSync(path.join(taskDir, 'result.json'));
    expect((await run({ v: 1, op: 'copy-file', from: INI, to: `${INI}.wsops.bak` })).code).toBe(0);
    fs.rmSync(path.join(taskDir, 'result.json'));
    fs.writeFileSync(
      ini,
      Buffer.from([
        0xff,
        0xfe,
        ...Buffer.from(
          '[SetupConfig]\r\nReflectDrivers=C:\\x\r\nKeep=1\r\nPostOOBE=C:\\x\\y.cmd\r\n',
          'utf16le',
        ),
      ]),
    );
    expect((await run({ v: 1, op: 'remove-setupconfig-keys', path: INI })).code).toBe(0);
    expect(fs.readFileSync(ini)).toEqual(
      Buffer.from([0xff, 0xfe, ...Buffer.from('[SetupConfig]\r\nKeep=1\r\n', 'utf16le')]),
    );
    expect(fs.readFileSync(`${ini}.wsops.bak`).subarray(2).toString('utf16le')).toBe('[old]');
  });
});

describe('elevated helper: refusals (exit code 2, nothing touched)', () => {
  it('refuses a tampered task naming another folder', async () => {
    const victim = put('C:\\Users\\dev\\Documents\\thesis.docx');
    const { code, result } = await run({ v: 1, op: 'clear', path: 'C:\\Users\\dev' });
    expect(code).toBe(2);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^refused: /) });
    expect(fs.existsSync(victim)).toBe(true);
  });

  it('refuses to go through a link or junction on the way', async () => {
    // The Downloader folder is a link to the user's files: "delete qmgr0.dat" would land there.
    const elsewhere = path.join(root, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'qmgr0.dat'), 'precious');
    fs.mkdirSync(path.dirname(toLocal(DOWNLOADER)), { recursive: true });
    fs.symlinkSync(elsewhere, toLocal(DOWNLOADER), 'dir');
    const { code, result } = await run({
      v: 1,
      op: 'delete-file',
      path: `${DOWNLOADER}\\qmgr0.dat`,
    });
    expect(code).toBe(2);
    expect(result.error).toMatch(/link or junction/);
    expect(fs.readFileSync(path.join(elsewhere, 'qmgr0.dat'), 'utf8')).toBe('precious');
  });

  it('refuses the target itself being a link', async () => {
    const elsewhere = path.join(root, 'elsewhere');
    fs.mkdirSync(path.join(elsewhere, 'keep'), { recursive: true });
    fs.mkdirSync(path.dirname(toLocal(SD)), { recursive: true });
    fs.symlinkSync(elsewhere, toLocal(SD), 'dir');
    expect((await run({ v: 1, op: 'clear', path: SD })).code).toBe(2);
    expect(fs.existsSync(path.join(elsewhere, 'keep'))).toBe(true);
  });

  it('refuses files that are not a task', async () => {
    const file = path.join(taskDir, 'task.json');
    fs.writeFileSync(file, '{"v":1,"op":"clear"');
    expect(await runElevatedTaskFile(file, { toLocal })).toBe(2);
    expect(await runElevatedTaskFile(path.join(taskDir, 'missing.json'), { toLocal })).toBe(2);
    const { code } = await run({ v: 1, op: 'clear', path: SD, also: 'C:\\Users' });
    expect(code).toBe(2);
  });
});

describe('elevated helper: entry points', () => {
  it('finds the app argument', () => {
    expect(elevatedTaskArg(['app.exe', '--wsops-elevated-task', 'C:\\t\\task.json'])).toBe(
      'C:\\t\\task.json',
    );
    expect(elevatedTaskArg(['app.exe', '--resume'])).toBeNull();
    expect(elevatedTaskArg(['app.exe', '--wsops-elevated-task'])).toBe('');
  });

  it('maps paths from the test variable only under the OS temp dir', () => {
    expect(mapperFromEnv({}, true)('C:\\Windows')).toBe('C:\\Windows');
    expect(mapperFromEnv({ [TEST_ROOT_ENV]: root }, true)(SD)).toBe(
      path.join(root, 'C', 'Windows', 'SoftwareDistribution'),
    );
    expect(() => mapperFromEnv({ [TEST_ROOT_ENV]: NOT_TEMP }, true)).toThrow(/under/);
    expect(() => mapperFromEnv({ [TEST_ROOT_ENV]: os.tmpdir() }, true)).toThrow(/under/);
    const link = path.join(root, 'to-outside');
    fs.symlinkSync(NOT_TEMP, link, 'dir');
    expect(() => mapperFromEnv({ [TEST_ROOT_ENV]: link }, true)).toThrow(/under/);
    // Off unless allowed: a packaged app, or Windows, never honours it.
    expect(() => mapperFromEnv({ [TEST_ROOT_ENV]: root })).toThrow(/tests only/);
  });
});
