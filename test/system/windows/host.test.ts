import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { WindowsRealHost } from '../../../electron/system/windows/host';
import {
  ReplayRunner,
  type CommandRunner,
  type Recording,
  type RunOptions,
} from '../../../electron/system/command-runner';
import * as cmd from '../../../electron/system/windows/commands';
import type { CommandResult } from '../../../electron/system/ports';
import { isInputError } from '../../../shared/errors';
import { fixture } from './fixtures';
import { readingArgv } from '../../../electron/system/windows/reading';
import { wevtutilCrashEventsXml } from '../../../electron/system/emulator/formats';

/** What the CIM batch (windows/health.ts) prints, with only the parts a test names. */
const cim = (health: Record<string, unknown>) => JSON.stringify({ health });

const rec = (
  a: cmd.Argv,
  stdout: string,
  exitCode: number | null = 0,
  extra: Partial<Recording> = {},
): Recording => ({
  file: a.file,
  args: a.args,
  stdout,
  exitCode,
  ...extra,
});

let tmp: string;
const toLocal = (winPath: string) =>
  path.join(
    tmp,
    ...winPath
      .replace(/^([A-Za-z]):\\?/, '$1\\')
      .split('\\')
      .filter(Boolean),
  );

function host(
  recordings: Recording[],
  opts: Partial<ConstructorParameters<typeof WindowsRealHost>[1]> = {},
) {
  const runner = new ReplayRunner(recordings);
  const h = new WindowsRealHost(runner, {
    toLocal,
    env: {
      SystemRoot: 'C:\\Windows',
      USERPROFILE: 'C:\\Users\\dev',
      COMPUTERNAME: 'DESKTOP-DC1709',
    },
    sleep: async () => {},
    resumeExe: 'C:\\Program Files\\Workstation Ops\\Workstation Ops.exe',
    ...opts,
  });
  return { h, runner };
}

const missing = fixture('sc-queryex', 'en-missing.txt');

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-realhost-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('WindowsRealHost reads', () => {
  it('reads the OS once from CIM (never systeminfo.exe, which takes seconds) and remembers it', async () => {
    const { h, runner } = host([
      rec(
        readingArgv(),
        `${cim({ os: { Caption: 'Microsoft Windows 10 Enterprise', Version: '10.0.19045', BuildNumber: '19045' } })}\r\n`,
      ),
    ]);
    const expected = {
      caption: 'Microsoft Windows 10 Enterprise',
      version: '10.0.19045',
      build: 19045,
    };
    expect(await h.os()).toEqual(expected);
    expect(await h.os()).toEqual(expected);
    expect(runner.calls).toHaveLength(1);
    expect(h.kind).toBe('real');
    expect(h.readOnly).toBe(false);
    expect(h.label).toBe('This PC (DESKTOP-DC1709)');
  });

  it('asks again when the CIM query failed', async () => {
    const { h, runner } = host([rec(readingArgv(), '', null)]);
    expect(await h.os()).toBeNull();
    expect(await h.os()).toBeNull();
    expect(runner.calls).toHaveLength(2);
  });

  it('tells elevated from not elevated by the mandatory-label SID', async () => {
    const high = '"Mandatory Label\\High Mandatory Level","Label","S-1-16-12288",""';
    const medium = '"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""';
    expect(await host([rec(cmd.whoamiGroups(), high)]).h.isAdmin()).toBe(true);
    expect(await host([rec(cmd.whoamiGroups(), medium)]).h.isAdmin()).toBe(false);
    expect(await host([]).h.isAdmin()).toBeNull();
  });

  it('combines sc queryex and sc qc into a service', async () => {
    const { h } = host([
      rec(cmd.scQueryEx('wuauserv'), fixture('sc-queryex', 'win7-wuauserv-running.txt')),
      rec(cmd.scQc('wuauserv'), fixture('sc-qc', 'win10-wuauserv-demand.txt')),
      rec(cmd.scQueryEx('veracrypt'), missing, 1060),
      rec(cmd.scQc('veracrypt'), missing, 1060),
    ]);
    expect(await h.service('wuauserv')).toEqual({
      name: 'wuauserv',
      state: 'running',
      startType: 'demand',
    });
    expect(await h.service('veracrypt')).toEqual({
      name: 'veracrypt',
      state: 'missing',
      startType: 'unknown',
    });
    expect(await h.service('bits')).toEqual({
      name: 'bits',
      state: 'unknown',
      startType: 'unknown',
    });
  });

  it('merges the 64-bit and WOW6432Node program lists; null when neither could be read', async () => {
    const { h } = host([
      rec(cmd.regQueryUninstall(), fixture('reg-query', 'zcode-hkcu-uninstall.txt')),
      rec(cmd.regQueryUninstallWow64(), fixture('reg-query', 'es-checkmk-wow64-uninstall.txt')),
    ]);
    expect((await h.programs())!.map((p) => p.name)).toEqual([
      'Check MK Agent 2.1',
      'Netcatty 1.1.79',
      'ZCode 3.14.4',
    ]);
    expect(await host([]).h.programs()).toBeNull();
  });

  it('reads bugchecks; a failed wevtutil is unknown (null), not "none"', async () => {
    const { h } = host([
      rec(cmd.wevtutilBugchecks(), fixture('wevtutil', 'composed-1709-0x1a.txt')),
    ]);
    expect((await h.bugchecks())!.map((b) => b.code)).toEqual(['0x0000001a', '0x0000001a']);
    expect(
      await host([rec(cmd.wevtutilBugchecks(), 'Access is denied.', 5)]).h.bugchecks(),
    ).toBeNull();
    expect(await host([rec(cmd.wevtutilBugchecks(), '')]).h.bugchecks()).toEqual([]);
  });

  it('reads both crash records in one wevtutil; the same crash in both counts once', async () => {
    const crash = { time: '2018-06-02T09:14:00.000Z', code: '0x0000001a' };
    const onlyPower = { time: '2018-05-01T08:00:00.000Z', code: '0x000000ef' };
    const xml = wevtutilCrashEventsXml(
      [
        { kind: '41', e: crash },
        { kind: '1001', e: crash },
        { kind: '41', e: onlyPower },
      ],
      'DESKTOP-DC1709',
    );
    const { h, runner } = host([rec(cmd.wevtutilCrashEvents(), xml)]);
    expect((await h.bugchecks())!.map((b) => b.code)).toEqual(['0x0000001a', '0x000000ef']);
    expect(runner.calls.map((c) => c.file)).toEqual(['wevtutil.exe']);
    // The query refused (an old wevtutil, a bundle without it): the pair, failing closed as before.
    const refused = host([
      rec(cmd.wevtutilCrashEvents(), 'The specified query is invalid.', 15001),
      rec(cmd.wevtutilBugchecks(), 'Access is denied.', 5),
    ]);
    expect(await refused.h.bugchecks()).toBeNull();
    expect(refused.runner.calls).toHaveLength(3);
  });

  it('reports BitLocker on C: when DiskCryptor is not installed', async () => {
    const { h } = host([
      rec(cmd.manageBdeStatus(), fixture('manage-bde', 'de-encrypted-on.txt')),
      rec(cmd.scQueryEx('dcrypt'), missing, 1060),
      rec(cmd.scQc('dcrypt'), missing, 1060),
    ]);
    expect(await h.encryption()).toEqual({
      bootVolumeEncryptedBy: 'bitlocker',
      bitlocker: [{ volume: 'C:', protection: 'on', percentEncrypted: 100 }],
    });
  });

  it('asks dcinst -isenc in DiskCryptor’s install folder; 51 means DiskCryptor encrypts the boot disk', async () => {
    const dcDir = 'D:\\Tools\\dcrypt';
    const uninstall = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\DiskCryptor_is1\r\n    Inno Setup: App Path    REG_SZ    ${dcDir}\r\n    DisplayName    REG_SZ    DiskCryptor 1.1.846.118\r\n    DisplayVersion    REG_SZ    1.1.846.118\r\n`;
    const { h, runner } = host([
      rec(cmd.manageBdeStatus(), fixture('manage-bde', 'de-decrypted.txt')),
      rec(
        cmd.scQueryEx('dcrypt'),
        'SERVICE_NAME: dcrypt\n        TYPE               : 1  KERNEL_DRIVER\n        STATE              : 4  RUNNING\n',
      ),
      rec(cmd.scQc('dcrypt'), fixture('sc-qc', 'wdboot-boot-start.txt')),
      rec(cmd.regQueryUninstall(), uninstall),
      rec(cmd.regQueryUninstallWow64(), '', 1),
      rec(cmd.dcinstIsEnc(dcDir), '', 51),
    ]);
    expect((await h.encryption()).bootVolumeEncryptedBy).toBe('diskcryptor');
    expect(runner.calls.at(-1)).toEqual({
      file: 'D:\\Tools\\dcrypt\\dcinst.exe',
      args: ['-isenc'],
      elevated: false,
    });
  });

  it('says unknown when manage-bde needs an administrator', async () => {
    const { h } = host([
      rec(
        cmd.manageBdeStatus(),
        'ERROR: An attempt to access a required resource was denied.',
        -2147024891,
      ),
      rec(cmd.scQueryEx('dcrypt'), missing, 1060),
      rec(cmd.scQc('dcrypt'), missing, 1060),
    ]);
    // "Could not read" is never "no BitLocker": bitlocker null, boot encryption unknown.
    expect(await h.encryption()).toEqual({ bootVolumeEncryptedBy: 'unknown', bitlocker: null });
  });

  it('reads the boot time through PowerShell CIM; garbage is null', async () => {
    expect(
      await host([
        rec(readingArgv(), cim({ os: { LastBootUpTime: '2024-05-02T06:15:00.0000000Z' } })),
      ]).h.bootTime(),
    ).toBe('2024-05-02T06:15:00.000Z');
    expect(
      await host([rec(readingArgv(), 'Get-CimInstance : Access denied', 1)]).h.bootTime(),
    ).toBeNull();
  });

  it('answers the user profile from the environment and never guesses a pending feature update', async () => {
    const { h } = host([]);
    expect(await h.userProfile()).toBe('C:\\Users\\dev');
    expect(await h.pendingFeatureUpdate()).toBeNull();
  });
});

describe('WindowsRealHost files', () => {
  it('reads UTF-16 files, lists, hashes, counts and checks existence', async () => {
    const ini = 'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini';
    const local = toLocal(ini);
    fs.mkdirSync(path.dirname(local), { recursive: true });
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('[SetupConfig]\r\nReflectDrivers="C:\\Program Files\\dcrypt"\r\n', 'utf16le'),
    ]);
    fs.writeFileSync(local, bytes);
    const { h } = host([]);
    expect(await h.exists(ini)).toBe(true);
    expect(await h.readText(ini)).toBe(
      '[SetupConfig]\r\nReflectDrivers="C:\\Program Files\\dcrypt"\r\n',
    );
    expect(await h.listDir('C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS')).toEqual(
      ['SetupConfig.ini'],
    );
    expect(await h.sha256(ini)).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(await h.treeStats('C:\\Users\\Default')).toMatchObject({
      files: 1,
      bytes: bytes.length,
      links: 0,
    });
    expect(await h.readText('C:\\nope.txt')).toBeNull();
    expect(await h.listDir('C:\\nope')).toBeNull();
    expect(await h.treeStats('C:\\nope')).toBeNull();
    expect(await h.exists('C:\\nope')).toBe(false);
  });

  it('keeps a UTF-16 file UTF-16 when writing it back, and writes new files as UTF-8', async () => {
    const ini = 'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini';
    fs.mkdirSync(path.dirname(toLocal(ini)), { recursive: true });
    fs.writeFileSync(
      toLocal(ini),
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('[SetupConfig]\r\nX=1\r\n', 'utf16le'),
      ]),
    );
    const { h } = host([]);
    await h.writeText(ini, '[SetupConfig]\r\n');
    expect(fs.readFileSync(toLocal(ini))).toEqual(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[SetupConfig]\r\n', 'utf16le')]),
    );
    await h.writeText('C:\\Temp\\new.txt', 'héllo');
    expect(fs.readFileSync(toLocal('C:\\Temp\\new.txt'), 'utf8')).toBe('héllo');
    await h.copyFile('C:\\Temp\\new.txt', 'C:\\Backup\\new.txt');
    expect(fs.readFileSync(toLocal('C:\\Backup\\new.txt'), 'utf8')).toBe('héllo');
  });

  it('refuses relative paths, .. segments and emptying system folders', async () => {
    const { h } = host([]);
    for (const bad of ['Windows\\x', 'C:\\Windows\\..\\Users', '\\\\server\\share\\x']) {
      await expect(h.exists(bad)).rejects.toSatisfy(isInputError);
      expect(await h.readText(bad)).toBeNull();
    }
    for (const bad of [
      'C:\\',
      'C:\\Windows',
      'c:\\windows\\system32\\',
      'C:\\Users',
      'C:\\Program Files',
    ]) {
      await expect(h.clearDirectory(bad, {})).rejects.toThrowError(/refusing to empty/);
    }
  });

  it('empties a folder through clearTree and reports the Windows path', async () => {
    const sd = 'C:\\Windows\\SoftwareDistribution';
    fs.mkdirSync(path.join(toLocal(sd), 'Download', 'abc'), { recursive: true });
    fs.writeFileSync(path.join(toLocal(sd), 'Download', 'abc', 'f.cab'), 'x'.repeat(10));
    fs.writeFileSync(path.join(toLocal(sd), 'ReportingEvents.log'), 'y');
    const { h } = host([]);
    const report = await h.clearDirectory(sd, {});
    expect(report).toMatchObject({
      target: sd,
      filesRemoved: 2,
      bytesRemoved: 11,
      empty: true,
      failed: [],
    });
    expect(fs.readdirSync(toLocal(sd))).toEqual([]);
  });

  it('reads free space from CIM (Win32_LogicalDisk.FreeSpace); garbage and bad drives are null', async () => {
    const disks = cim({ logicalDisks: [{ DeviceID: 'C:', FreeSpace: 42949672960 }] });
    expect(await host([rec(readingArgv(), `${disks}\r\n`)]).h.freeBytes('C:')).toBe(42949672960);
    expect(await host([rec(readingArgv(), `${disks}\r\n`)]).h.freeBytes('D:')).toBeNull();
    expect(await host([rec(readingArgv(), 'Access denied', 1)]).h.freeBytes('C:')).toBeNull();
    expect(await host([rec(readingArgv(), '\r\n')]).h.freeBytes('C:')).toBeNull();
    expect(await host([]).h.freeBytes('C:\\Windows')).toBeNull();
  });
});

describe('WindowsRealHost admin actions', () => {
  it('stops a service with one UAC prompt and waits until it is stopped', async () => {
    const { h, runner } = host([
      rec(cmd.scStop('wuauserv'), '', 0, { elevated: true }),
      rec(cmd.scQueryEx('wuauserv'), '        STATE              : 3  STOP_PENDING\n'),
      rec(cmd.scQueryEx('wuauserv'), '        STATE              : 1  STOPPED\n'),
    ]);
    const r = await h.stopService('wuauserv');
    expect(r.ok).toBe(true);
    expect(r.command).toBe('sc.exe stop wuauserv  (as administrator)');
    expect(runner.calls.map((c) => [c.args.join(' '), c.elevated])).toEqual([
      ['stop wuauserv', true],
      ['queryex wuauserv', false],
      ['queryex wuauserv', false],
    ]);
  });

  it('treats "not started" (1062) as already stopped and "already running" (1056) as started', async () => {
    const { h } = host([
      rec(cmd.scStop('bits'), '', 1062, { elevated: true }),
      rec(cmd.scQueryEx('bits'), fixture('sc-queryex', 'server2012r2-osqueryd-stopped.txt')),
      rec(cmd.scStart('bits'), '', 1056, { elevated: true }),
      rec(cmd.scQueryEx('bits'), fixture('sc-queryex', 'win7-wuauserv-running.txt')),
    ]);
    expect((await h.stopService('bits')).ok).toBe(true);
    expect((await h.startService('bits')).ok).toBe(true);
  });

  it('returns declined:true with a clear message when the UAC prompt is declined, and does not poll', async () => {
    const { h, runner } = host([rec(cmd.scStop('cryptsvc'), '', 1223, { elevated: true })]);
    const r = await h.stopService('cryptsvc');
    expect(r).toMatchObject({ ok: false, declined: true, exitCode: 1223 });
    expect(r.stderr).toMatch(/administrator prompt was declined/);
    expect(runner.calls).toHaveLength(1);
  });

  it('sets a start type through sc config … start= value', async () => {
    const { h, runner } = host([
      rec(cmd.scConfigStart('wuauserv', 'demand'), '[SC] ChangeServiceConfig SUCCESS', 0, {
        elevated: true,
      }),
    ]);
    expect((await h.setStartType('wuauserv', 'demand')).ok).toBe(true);
    expect(runner.calls[0]).toEqual({
      file: 'sc.exe',
      args: ['config', 'wuauserv', 'start=', 'demand'],
      elevated: true,
    });
  });

  it('never shows two UAC prompts at once', async () => {
    let active = 0;
    let maxActive = 0;
    const slow: CommandRunner = {
      async run(file: string, args: readonly string[], opts: RunOptions): Promise<CommandResult> {
        if (opts.elevated) {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((r) => setTimeout(r, 20));
          active--;
        }
        return {
          ok: true,
          exitCode: 0,
          command: `${file} ${args.join(' ')}`,
          stdout: 'STATE : 1 STOPPED\nSTATE : 4 RUNNING',
          stderr: '',
        };
      },
    };
    const h = new WindowsRealHost(slow, { toLocal, sleep: async () => {}, settleMs: 0 });
    await Promise.all([
      h.setStartType('bits', 'demand'),
      h.setStartType('wuauserv', 'demand'),
      h.setStartType('cryptsvc', 'auto'),
    ]);
    expect(maxActive).toBe(1);
  });

  it('refuses to uninstall DiskCryptor while it encrypts the boot disk', async () => {
    const dc = {
      name: 'DiskCryptor 1.1.846.118',
      version: '1.1.846.118',
      installDir: 'C:\\Program Files\\dcrypt',
      uninstallString: '"C:\\Program Files\\dcrypt\\unins000.exe"',
    };
    const { h, runner } = host([rec(cmd.dcinstIsEnc(), '', 51)]);
    const r = await h.uninstallProgram(dc);
    expect(r).toMatchObject({ ok: false, exitCode: 51 });
    expect(r.stderr).toMatch(/Decrypt the disk/);
    expect(runner.calls.some((c) => c.elevated)).toBe(false);
  });

  it('runs the Inno Setup uninstaller elevated with /SILENT /NORESTART when the disk is not encrypted', async () => {
    const dc = {
      name: 'DiskCryptor 1.1.846.118',
      version: '1.1.846.118',
      installDir: 'C:\\Program Files\\dcrypt',
      uninstallString: '"C:\\Program Files\\dcrypt\\unins000.exe"',
    };
    const { h, runner } = host([
      rec(cmd.dcinstIsEnc(), '', 0),
      {
        file: 'C:\\Program Files\\dcrypt\\unins000.exe',
        args: ['/SILENT', '/NORESTART'],
        elevated: true,
        exitCode: 0,
      },
    ]);
    expect((await h.uninstallProgram(dc)).ok).toBe(true);
    expect(runner.calls.at(-1)).toEqual({
      file: 'C:\\Program Files\\dcrypt\\unins000.exe',
      args: ['/SILENT', '/NORESTART'],
      elevated: true,
    });
  });

  it('explains when a program has no uninstall command', async () => {
    const r = await host([]).h.uninstallProgram({ name: 'Orphan', version: '1' });
    expect(r).toMatchObject({ ok: false, exitCode: null });
    expect(r.stderr).toMatch(/Settings > Apps/);
  });

  it('runs an installer elevated, and an .msi through msiexec', async () => {
    const { h, runner } = host([
      {
        file: 'C:\\Users\\dev\\Downloads\\dcrypt_setup_1.2.3.exe',
        args: [],
        elevated: true,
        exitCode: 0,
      },
      { file: 'msiexec.exe', args: ['/i', 'C:\\Users\\dev\\Downloads\\x.msi'], exitCode: 0 },
    ]);
    expect(
      (
        await h.runInstaller('C:\\Users\\dev\\Downloads\\dcrypt_setup_1.2.3.exe', {
          elevated: true,
        })
      ).ok,
    ).toBe(true);
    expect((await h.runInstaller('C:\\Users\\dev\\Downloads\\x.msi', { elevated: false })).ok).toBe(
      true,
    );
    expect(runner.calls.map((c) => c.elevated)).toEqual([true, false]);
  });
});

describe('WindowsRealHost restart and launchers', () => {
  it('registers resume-at-logon from a task XML in TEMP, then restarts in 30 s', async () => {
    const shutdown = cmd.shutdownRestart('Workstation Ops: restart for step 5', 30);
    const calls: { file: string; args: readonly string[]; xml?: string }[] = [];
    const runner: CommandRunner = {
      async run(file, args) {
        const i = args.indexOf('/XML');
        calls.push({
          file,
          args,
          ...(i >= 0 ? { xml: fs.readFileSync(toLocal(args[i + 1]!)).toString('utf16le') } : {}),
        });
        return { ok: true, exitCode: 0, command: file, stdout: '', stderr: '' };
      },
    };
    const h = new WindowsRealHost(runner, {
      toLocal,
      env: { USERNAME: 'dev', USERDOMAIN: 'PC', TEMP: 'C:\\Users\\dev\\AppData\\Local\\Temp' },
      resumeExe: 'C:\\Program Files\\Workstation Ops\\Workstation Ops.exe',
      resumeArgs: ['--resume-after-restart'],
    });
    const r = await h.reboot('Workstation Ops: restart for step 5');
    expect(r.ok).toBe(true);
    expect(calls.map((c) => c.file)).toEqual(['schtasks.exe', 'shutdown.exe']);
    expect(calls[1]!.args).toEqual(shutdown.args);
    expect(calls[0]!.xml).toMatch(/<UserId>PC\\dev<\/UserId>/);
    expect(calls[0]!.xml).toMatch(
      /<Command>C:\\Program Files\\Workstation Ops\\Workstation Ops.exe<\/Command><Arguments>--resume-after-restart<\/Arguments>/,
    );
    expect(r.stdout).toMatch(/open again when you sign in/);
    // The XML file is gone again.
    expect(fs.readdirSync(toLocal('C:\\Users\\dev\\AppData\\Local\\Temp'))).toEqual([]);
  });

  it('still restarts when the task cannot be registered, and says to reopen the app', async () => {
    const shutdown = cmd.shutdownRestart('r', 30);
    const { h } = host([rec(shutdown, '')]);
    const r = await h.reboot('r');
    expect(r.ok).toBe(true);
    expect(r.stdout).toMatch(/open Workstation Ops yourself after the restart/);
  });

  it('opens Settings > Troubleshoot where msdt is gone, msdt where it exists; explorer’s exit 1 is success', async () => {
    const { h, runner } = host([
      rec(cmd.settingsTroubleshoot(), '', 1),
      rec(cmd.msdtWindowsUpdate(), '', 0),
    ]);
    expect((await h.launch('troubleshooter')).ok).toBe(true);
    fs.mkdirSync(toLocal('C:\\Windows\\System32'), { recursive: true });
    fs.writeFileSync(toLocal('C:\\Windows\\System32\\msdt.exe'), '');
    expect((await h.launch('troubleshooter')).ok).toBe(true);
    expect(runner.calls.map((c) => c.file)).toEqual(['explorer.exe', 'msdt.exe']);
  });

  it('opens the Update Assistant page for the running Windows version', async () => {
    const { h, runner } = host([
      rec(
        readingArgv(),
        cim({ os: { Caption: 'Microsoft Windows 11 Pro', Version: '10.0.22631' } }),
      ),
      rec(cmd.openUrl('https://www.microsoft.com/software-download/windows11'), '', 1),
      rec(cmd.getHelp(), '', 1),
    ]);
    expect((await h.launch('update-assistant')).ok).toBe(true);
    expect((await h.launch('get-help')).ok).toBe(true);
    expect(runner.calls.map((c) => c.args.at(-1))).toEqual([
      readingArgv().args.at(-1),
      'https://www.microsoft.com/software-download/windows11',
      'ms-contact-support:',
    ]);
  });
});

describe('WindowsRealHost optional capabilities', () => {
  it('moves a folder aside and back, refusing to mix caches', async () => {
    const sd = 'C:\\Windows\\SoftwareDistribution';
    fs.mkdirSync(path.join(toLocal(sd), 'Download'), { recursive: true });
    fs.writeFileSync(path.join(toLocal(sd), 'Download', 'a.cab'), 'a');
    const { h } = host([]);
    expect(h.localPath(sd)).toBe(toLocal(sd));
    const moved = await h.renameAside(sd);
    expect(moved).toMatchObject({
      ok: true,
      bakPath: `${sd}.bak`,
      command: `ren "${sd}" SoftwareDistribution.bak`,
    });
    expect(fs.readdirSync(toLocal(sd))).toEqual([]);
    expect(fs.readdirSync(toLocal(`${sd}.bak`))).toEqual(['Download']);
    fs.writeFileSync(path.join(toLocal(sd), 'new.txt'), 'n');
    const refused = await h.restoreAside(`${sd}.bak`, sd);
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toMatch(/not empty/);
    fs.rmSync(path.join(toLocal(sd), 'new.txt'));
    expect((await h.restoreAside(`${sd}.bak`, sd)).ok).toBe(true);
    expect(fs.readdirSync(toLocal(sd))).toEqual(['Download']);
    expect((await h.renameAside('C:\\does\\not\\exist')).ok).toBe(false);
  });

  it('deletes one regular file, accepts a missing one, refuses a folder', async () => {
    const f = 'C:\\ProgramData\\Microsoft\\Network\\Downloader\\qmgr0.dat';
    fs.mkdirSync(path.dirname(toLocal(f)), { recursive: true });
    fs.writeFileSync(toLocal(f), 'q');
    const { h } = host([]);
    expect(await h.deleteFile(f)).toMatchObject({ ok: true, stdout: `Deleted ${f}` });
    expect(fs.existsSync(toLocal(f))).toBe(false);
    expect((await h.deleteFile(f)).ok).toBe(true);
    const dir = await h.deleteFile('C:\\ProgramData\\Microsoft\\Network\\Downloader');
    expect(dir.ok).toBe(false);
    expect(dir.stderr).toMatch(/not a regular file/);
  });

  it('suspends and resumes BitLocker through one UAC prompt each', async () => {
    const { h, runner } = host([
      rec(cmd.manageBdeSuspend('C:', 0), '', 0, { elevated: true }),
      rec(cmd.manageBdeResume('C:'), '', 1223, { elevated: true }),
    ]);
    expect((await h.suspendBitLocker('C:')).ok).toBe(true);
    expect(await h.resumeBitLocker('C:')).toMatchObject({ ok: false, declined: true });
    expect(runner.calls).toEqual([
      {
        file: 'manage-bde.exe',
        args: ['-protectors', '-disable', 'C:', '-RebootCount', '0'],
        elevated: true,
      },
      { file: 'manage-bde.exe', args: ['-protectors', '-enable', 'C:'], elevated: true },
    ]);
  });
});
