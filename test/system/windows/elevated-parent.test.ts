import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WindowsRealHost } from '../../../electron/system/windows/host';
import {
  DECLINED_MESSAGE,
  ReplayRunner,
  type CommandRunner,
  type RunOptions,
} from '../../../electron/system/command-runner';
import { profileListDefaultArgv } from '../../../electron/system/windows/machine-paths';
import { readingArgv } from '../../../electron/system/windows/reading';
import * as cmd from '../../../electron/system/windows/commands';
import { mapUnder, runElevatedTaskFile } from '../../../electron/system/windows/elevated-runner';
import type { ClearProgress, CommandResult } from '../../../electron/system/ports';

const SD = 'C:\\Windows\\SoftwareDistribution';
const CAT = 'C:\\Windows\\System32\\catroot2';
const QMGR = 'C:\\ProgramData\\Microsoft\\Network\\Downloader\\qmgr0.dat';
const INI = 'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini';
const HELPER = {
  exe: 'C:\\Program Files\\nodejs\\node.exe',
  // Under Program Files: a standard user's prompt elevates only what users cannot change.
  args: ['C:\\Program Files\\wsops\\wsops.cjs', '__elevated'],
};
const MEDIUM = '"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""\r\n';
const HIGH = '"Mandatory Label\\High Mandatory Level","Label","S-1-16-12288",""\r\n';

type Helper = (taskFile: string) => Promise<{ exitCode: number; stderr?: string }>;

/**
 * PowerShell's Start-Process stand-in: the ReplayRunner answers (and records) every command, and
 * for the helper's launch it first plays the helper — by default the real task runner on the
 * temp machine — then answers with its exit code, so interpretElevated maps it as in real life.
 */
class ElevationStandIn implements CommandRunner {
  readonly replay: ReplayRunner;
  constructor(
    private readonly helper: Helper,
    whoami: string,
  ) {
    this.replay = new ReplayRunner([
      { file: 'whoami.exe', args: cmd.whoamiGroups().args, stdout: whoami, exitCode: 0 },
    ]);
  }

  async run(file: string, args: readonly string[], opts: RunOptions): Promise<CommandResult> {
    if (file === HELPER.exe && opts.elevated) {
      const { exitCode, stderr } = await this.helper(args.at(-1)!);
      this.replay.add({ file, args, elevated: true, exitCode, ...(stderr ? { stderr } : {}) });
    }
    return this.replay.run(file, args, opts);
  }
}

let root: string;
let toLocal: (p: string) => string;
const realHelper: Helper = async (taskFile) => ({
  exitCode: await runElevatedTaskFile(taskFile, { toLocal }),
});

function setup(helper: Helper = realHelper, whoami = MEDIUM) {
  const runner = new ElevationStandIn(helper, whoami);
  const host = new WindowsRealHost(runner, {
    toLocal,
    env: { SystemRoot: 'C:\\Windows', COMPUTERNAME: 'PC' },
    elevatedHelper: HELPER,
    helperPollMs: 5,
  });
  return { host, runner, calls: runner.replay.calls };
}

function put(winPath: string, content = 'x'): string {
  const p = toLocal(winPath);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** The nonce the parent put in the task (a fake helper must echo it, as the real one does). */
const nonceOf = (dir: string): string =>
  JSON.parse(fs.readFileSync(path.join(dir, 'task.json'), 'utf8')).nonce;

const helperCalls = (calls: ReplayRunner['calls']) => calls.filter((c) => c.file === HELPER.exe);

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-elev-parent-')));
  toLocal = mapUnder(root);
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('WindowsRealHost with an elevated helper (not elevated)', () => {
  it('clears through one elevated launch of the helper, with the exact argv', async () => {
    for (let i = 0; i < 12; i++) put(`${SD}\\Download\\f${i}`, 'abcd');
    let taskFile = '';
    const { host, calls } = setup(async (f) => {
      taskFile = f;
      expect(JSON.parse(fs.readFileSync(f, 'utf8'))).toEqual({
        v: 1,
        op: 'clear',
        path: SD,
        nonce: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      return realHelper(f);
    });
    const progress: ClearProgress[] = [];
    const report = await host.clearDirectory(SD, { onProgress: (p) => progress.push(p) });

    expect(report).toMatchObject({ target: SD, filesRemoved: 12, bytesRemoved: 48, empty: true });
    expect(fs.readdirSync(toLocal(SD))).toEqual([]);
    expect(progress.at(-1)).toEqual({ files: 12, bytes: 48 });
    // The ProfileList read (the machine's paths), the groups (the batch, not answered here, then
    // whoami) once, then the helper: node.exe wsops.cjs __elevated <task.json>, elevated.
    expect(calls).toEqual([
      { file: 'reg.exe', args: profileListDefaultArgv().args, elevated: false },
      { file: 'powershell.exe', args: readingArgv().args, elevated: false },
      { file: 'whoami.exe', args: ['/groups', '/fo', 'csv', '/nh'], elevated: false },
      { file: HELPER.exe, args: [...HELPER.args, taskFile], elevated: true },
    ]);
    expect(path.basename(taskFile)).toBe('task.json');
    expect(path.dirname(path.dirname(taskFile))).toBe(os.tmpdir());
    // The private temp dir is gone afterwards.
    expect(fs.existsSync(path.dirname(taskFile))).toBe(false);
  });

  it('is launched by the existing wrapper as: Start-Process -Verb RunAs -Wait -PassThru', () => {
    const task = 'C:\\Users\\dev\\AppData\\Local\\Temp\\wsops-elevated-Ab12Cd\\task.json';
    const argv = cmd.elevate({ file: HELPER.exe, args: [...HELPER.args, task] });
    expect(argv.file).toBe('powershell.exe');
    expect(argv.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(argv.args[3]).toContain(
      `$p = Start-Process -FilePath 'C:\\Program Files\\nodejs\\node.exe' -ArgumentList '"C:\\Program Files\\wsops\\wsops.cjs" __elevated ${task}' -Verb RunAs -WindowStyle Hidden -Wait -PassThru -ErrorAction Stop; exit $p.ExitCode`,
    );
  });

  it('relays progress from the progress file while the helper runs', async () => {
    const seen: ClearProgress[] = [];
    const { host } = setup(async (taskFile) => {
      const dir = path.dirname(taskFile);
      const prog = path.join(dir, 'progress.ndjson');
      const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
      for (const [files, bytes] of [
        [100, 1000],
        [250, 2600],
      ]) {
        fs.appendFileSync(prog, `${JSON.stringify({ files, bytes })}\n`);
        await wait(60);
      }
      fs.appendFileSync(prog, 'not json\n{"files":-1,"bytes":0}\n{"files":400,');
      await wait(60);
      fs.appendFileSync(prog, '"bytes":4000}\n');
      const report = {
        target: SD,
        filesRemoved: 400,
        dirsRemoved: 3,
        bytesRemoved: 4000,
        linksRemoved: 0,
        failed: [],
        empty: true,
      };
      fs.writeFileSync(
        path.join(dir, 'result.json'),
        JSON.stringify({ nonce: nonceOf(dir), result: { ok: true, op: 'clear', report } }),
      );
      return { exitCode: 0 };
    });
    const report = await host.clearDirectory(SD, { onProgress: (p) => seen.push(p) });
    expect(report.filesRemoved).toBe(400);
    expect(seen).toEqual([
      { files: 100, bytes: 1000 },
      { files: 250, bytes: 2600 },
      { files: 400, bytes: 4000 },
    ]);
  });

  it('asks the helper to stop when the clear is cancelled', async () => {
    const ac = new AbortController();
    const { host } = setup(async (taskFile) => {
      const cancel = path.join(path.dirname(taskFile), 'cancel');
      setTimeout(() => ac.abort(), 20);
      while (!fs.existsSync(cancel)) await new Promise((r) => setTimeout(r, 5));
      return realHelper(taskFile); // sees the cancel file at once
    });
    put(`${SD}\\a`);
    const report = await host.clearDirectory(SD, { signal: ac.signal });
    expect(report.target).toBe(SD);
  });

  it('maps a declined UAC prompt to declined: true with the existing message', async () => {
    put(QMGR);
    const declined: Helper = async () => ({
      exitCode: 1223,
      stderr:
        'This command cannot be run due to the error: The operation was canceled by the user.',
    });
    const { host } = setup(declined);
    const del = await host.deleteFile(QMGR);
    expect(del).toMatchObject({
      ok: false,
      declined: true,
      exitCode: 1223,
      stderr: DECLINED_MESSAGE,
    });
    expect(del.command).toBe(`del /f /q "${QMGR}"  (as administrator)`);
    expect(fs.existsSync(toLocal(QMGR))).toBe(true);

    const aside = await host.renameAside(SD);
    expect(aside).toMatchObject({ ok: false, declined: true, bakPath: null });
    await expect(host.clearDirectory(SD, {})).rejects.toMatchObject({
      declined: true,
      message: DECLINED_MESSAGE,
    });
    await expect(host.removeSetupConfigKeys()).rejects.toThrow(/declined/);
  });

  it('runs rename, restore, delete, copy and write through the helper', async () => {
    put(`${CAT}\\cat.db`, 'catalog');
    put(QMGR);
    put(INI, '[SetupConfig]\r\nReflectDrivers=C:\\Program Files\\dcrypt\r\n');
    const { host, calls } = setup();

    const aside = await host.renameAside(CAT);
    expect(aside).toMatchObject({ ok: true, bakPath: `${CAT}.bak` });
    expect(aside.command).toMatch(/\(as administrator\)$/);
    expect(fs.readdirSync(toLocal(CAT))).toEqual([]);
    expect((await host.restoreAside(`${CAT}.bak`, CAT)).ok).toBe(true);
    expect(fs.readFileSync(toLocal(`${CAT}\\cat.db`), 'utf8')).toBe('catalog');

    expect((await host.deleteFile(QMGR)).ok).toBe(true);
    expect(fs.existsSync(toLocal(QMGR))).toBe(false);

    await host.copyFile(INI, `${INI}.wsops.bak`);
    expect(await host.removeSetupConfigKeys()).toEqual({ removed: ['ReflectDrivers'] });
    expect(fs.readFileSync(toLocal(INI), 'utf8')).toBe('[SetupConfig]\r\n');
    expect(fs.readFileSync(toLocal(`${INI}.wsops.bak`), 'utf8')).toMatch(/ReflectDrivers/);

    // One whoami for the whole session, one elevated launch per operation.
    expect(calls.filter((c) => c.file === 'whoami.exe')).toHaveLength(1);
    expect(helperCalls(calls)).toHaveLength(5);
    expect(helperCalls(calls).every((c) => c.elevated)).toBe(true);
  });

  it('reports a refused task (the helper exits 2) as a failure with its reason', async () => {
    const { host } = setup(async (taskFile) => {
      fs.writeFileSync(
        path.join(path.dirname(taskFile), 'result.json'),
        JSON.stringify({
          nonce: nonceOf(path.dirname(taskFile)),
          result: {
            ok: false,
            error: 'refused: C:\\Windows\\SoftwareDistribution is a link or junction',
          },
        }),
      );
      return { exitCode: 2 };
    });
    const r = await host.renameAside(SD);
    expect(r).toMatchObject({ ok: false, exitCode: 2, bakPath: null });
    expect(r.stderr).toMatch(/link or junction/);
    await expect(host.clearDirectory(SD, {})).rejects.toThrow(/link or junction/);
  });

  it('reports a helper that left no result', async () => {
    const { host } = setup(async () => ({ exitCode: 1, stderr: 'node.exe crashed' }));
    const r = await host.deleteFile(QMGR);
    expect(r).toMatchObject({ ok: false, exitCode: 1, stderr: 'node.exe crashed' });
  });
});

describe('WindowsRealHost with an elevated helper: when it is not used', () => {
  it('runs in-process when this process is already elevated', async () => {
    put(`${SD}\\f`);
    const { host, calls } = setup(realHelper, HIGH);
    const report = await host.clearDirectory(SD, {});
    expect(report.filesRemoved).toBe(1);
    expect(helperCalls(calls)).toEqual([]);
  });

  it('runs in-process for paths the helper would refuse', async () => {
    const user = 'C:\\Users\\dev\\AppData\\Local\\Temp\\cache';
    put(`${user}\\f`);
    const { host, calls } = setup();
    expect((await host.clearDirectory(user, {})).filesRemoved).toBe(1);
    expect(helperCalls(calls)).toEqual([]);
  });

  it('runs in-process without a helper configured, and asks whoami only once', async () => {
    put(`${SD}\\f`);
    const runner = new ReplayRunner([
      { file: 'whoami.exe', args: cmd.whoamiGroups().args, stdout: MEDIUM, exitCode: 0 },
    ]);
    const host = new WindowsRealHost(runner, { toLocal });
    expect((await host.clearDirectory(SD, {})).filesRemoved).toBe(1);
    // Only the machine's paths were read (ProfileList), once.
    expect(runner.calls.map((c) => c.file)).toEqual(['reg.exe']);
    expect(await host.isAdmin()).toBe(false);
    expect(await host.isAdmin()).toBe(false);
    // The batch (not answered here) and whoami, once.
    expect(runner.calls.map((c) => c.file)).toEqual(['reg.exe', 'powershell.exe', 'whoami.exe']);
  });
});
