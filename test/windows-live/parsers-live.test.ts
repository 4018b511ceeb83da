/**
 * Every Windows parser against the live output of the runner's own tools, through the app's own
 * runner (OEM code-page decoding included), and each answer checked against a second, independent
 * source on the same machine: PowerShell's Get-Service / registry provider / CIM, Node's
 * os.uptime(), os.release(), and a folder this test made. A parser that reads a recorded fixture
 * right but the live text wrong fails here. Windows only (see live.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTree } from '../../electron/system/fs/safe-clear';
import * as cmd from '../../electron/system/windows/commands';
import { WindowsRealHost } from '../../electron/system/windows/host';
import { parseBugChecks } from '../../electron/system/windows/parse-bugchecks';
import { parseDirTotals } from '../../electron/system/windows/parse-dir';
import { parseManageBdeStatus } from '../../electron/system/windows/parse-manage-bde';
import {
  parseRegQuery,
  parseServiceKey,
  parseUninstallPrograms,
} from '../../electron/system/windows/parse-reg';
import { parseScQc, parseScQueryEx } from '../../electron/system/windows/parse-sc';
import { parseSystemInfo } from '../../electron/system/windows/parse-systeminfo';
import { parseWhoamiElevated } from '../../electron/system/windows/parse-whoami';
import type { ServiceState, StartType } from '../../electron/system/ports';
import { makeSandbox, powershellJson, runLive, runner, skipUnlessWindows, writeTree } from './live';

const skip = skipUnlessWindows('windows-live/parsers-live');

/** Services every Windows has; their state on the runner is whatever it is — we compare. */
const SERVICES = ['wuauserv', 'bits', 'cryptsvc'];
const NO_SUCH_SERVICE = 'wsopsNoSuchService42';

/** .NET ServiceControllerStatus / ServiceStartMode names → ours. */
const PS_STATUS: Record<string, ServiceState> = {
  Stopped: 'stopped',
  StartPending: 'start_pending',
  StopPending: 'stop_pending',
  Running: 'running',
  ContinuePending: 'start_pending',
  PausePending: 'paused',
  Paused: 'paused',
};
const PS_START: Record<string, StartType> = {
  Boot: 'boot',
  System: 'system',
  Automatic: 'auto',
  Manual: 'demand',
  Disabled: 'disabled',
};

describe.skipIf(skip)('parsers against live output on this Windows', () => {
  it('sc queryex / sc qc: state and start type equal what Get-Service says', async () => {
    const ps = await powershellJson<{ Name: string; Status: string; StartType: string }[]>(
      `@(Get-Service -Name ${SERVICES.join(',')} | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Status = [string]$_.Status; StartType = [string]$_.StartType } })`,
    );
    for (const name of SERVICES) {
      const q = await runLive(cmd.scQueryEx(name));
      const c = await runLive(cmd.scQc(name));
      expect(q.exitCode, `sc queryex ${name}`).toBe(0);
      const other = ps.find((s) => s.Name.toLowerCase() === name)!;
      expect(other, `Get-Service ${name}`).toBeDefined();
      const state = parseScQueryEx(q.stdout, q.exitCode).state;
      // A service can move between the two reads; a pending state is the only acceptable gap.
      if (!/pending/.test(state)) expect(state, `${name} state`).toBe(PS_STATUS[other.Status]);
      expect(parseScQc(c.stdout, c.exitCode), `${name} start`).toMatchObject({
        startType: PS_START[other.StartType],
        missing: false,
      });
    }
  });

  it('sc queryex / sc qc: a service that does not exist reads as missing', async () => {
    const q = await runLive(cmd.scQueryEx(NO_SUCH_SERVICE));
    const c = await runLive(cmd.scQc(NO_SUCH_SERVICE));
    expect(q.exitCode).toBe(1060);
    expect(parseScQueryEx(q.stdout, q.exitCode).state).toBe('missing');
    expect(parseScQc(c.stdout, c.exitCode).missing).toBe(true);
  });

  it('reg query of a service key: Start equals the start type from sc qc', async () => {
    for (const name of SERVICES) {
      const r = await runLive(cmd.regQueryService(name));
      expect(r.exitCode, `reg query ${name}`).toBe(0);
      const key = parseServiceKey(r.stdout);
      expect(key, `service key ${name}`).not.toBeNull();
      const c = await runLive(cmd.scQc(name));
      expect(key!.start).toBe(parseScQc(c.stdout, c.exitCode).startType);
      expect(key!.pendingDelete).toBe(false);
    }
    const gone = await runLive(cmd.regQueryService(NO_SUCH_SERVICE));
    expect(gone.exitCode).toBe(1);
    expect(parseServiceKey(gone.stdout)).toBeNull();
  });

  it('reg query /s of the Uninstall keys: the same programs the registry provider lists', async () => {
    for (const [argv, psPath] of [
      [cmd.regQueryUninstall(), 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall'],
      [
        cmd.regQueryUninstallWow64(),
        'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
      ],
    ] as const) {
      const r = await runLive(argv);
      expect(r.exitCode, argv.args.join(' ')).toBe(0);
      expect(parseRegQuery(r.stdout)?.length ?? 0).toBeGreaterThan(0);
      const programs = parseUninstallPrograms(r.stdout);
      expect(programs).not.toBeNull();
      const ps = await powershellJson<
        ({ DisplayName: string; DisplayVersion: string | null } | null)[]
      >(
        `@(Get-ChildItem -Path '${psPath}' -ErrorAction SilentlyContinue | ForEach-Object { $p = Get-ItemProperty -LiteralPath $_.PSPath -ErrorAction SilentlyContinue; if ($p.DisplayName) { [pscustomobject]@{ DisplayName = [string]$p.DisplayName; DisplayVersion = [string]$p.DisplayVersion } } })`,
      );
      const expected = ps
        .filter((p): p is { DisplayName: string; DisplayVersion: string | null } => !!p)
        .filter((p) => p.DisplayName.trim() !== '')
        .map((p) => `${p.DisplayName.trim()} | ${(p.DisplayVersion ?? '').trim()}`)
        .sort();
      const got = programs!.map((p) => `${p.name} | ${p.version}`).sort();
      expect(got).toEqual(expected);
    }
  });

  it('manage-bde -status: volume C: read, and its protection equals what CIM says', async (ctx) => {
    const exe = path.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'manage-bde.exe');
    if (!fs.existsSync(exe)) {
      console.warn(`windows-live/parsers-live: manage-bde skipped — ${exe} is not on this Windows`);
      return ctx.skip();
    }
    const r = await runLive(cmd.manageBdeStatus());
    const volumes = parseManageBdeStatus(r.stdout);
    expect(volumes, r.stdout.slice(0, 500)).not.toBeNull();
    const c = volumes!.find((v) => v.volume === (process.env.SystemDrive ?? 'C:').toUpperCase());
    expect(c).toBeDefined();
    expect(c!.percentEncrypted).not.toBeNull();
    expect(c!.percentEncrypted!).toBeGreaterThanOrEqual(0);
    expect(c!.percentEncrypted!).toBeLessThanOrEqual(100);
    // Win32_EncryptableVolume.ProtectionStatus: 0 off, 1 on, 2 unknown (locked).
    const cim = await powershellJson<{ DriveLetter: string; ProtectionStatus: number }[]>(
      `@(Get-CimInstance -Namespace 'root\\cimv2\\Security\\MicrosoftVolumeEncryption' -ClassName Win32_EncryptableVolume | ForEach-Object { [pscustomobject]@{ DriveLetter = [string]$_.DriveLetter; ProtectionStatus = [int]$_.ProtectionStatus } })`,
    ).catch(() => null);
    const mine = cim?.find((v) => v.DriveLetter.toUpperCase() === c!.volume);
    if (mine && mine.ProtectionStatus !== 2)
      expect(c!.protection).toBe(mine.ProtectionStatus === 1 ? 'on' : 'off');
    else expect(['on', 'off']).toContain(c!.protection);
  });

  it('the CIM boot time equals now minus os.uptime()', async () => {
    const host = new WindowsRealHost(runner);
    const boot = await host.bootTime();
    expect(boot).not.toBeNull();
    const fromUptime = Date.now() - os.uptime() * 1000;
    // Minutes of slack for clock corrections; a misread time zone or format is hours off.
    expect(Math.abs(Date.parse(boot!) - fromUptime)).toBeLessThan(5 * 60_000);
  });

  it('whoami /groups: elevated exactly when .NET says this process is an administrator', async () => {
    const r = await runLive(cmd.whoamiGroups());
    expect(r.exitCode).toBe(0);
    const elevated = parseWhoamiElevated(r.stdout);
    expect(elevated).not.toBeNull();
    const isAdmin = await powershellJson<boolean>(
      '([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)',
    );
    expect(elevated).toBe(isAdmin);
    // The host asks the same question the same way.
    expect(await new WindowsRealHost(runner).isAdmin()).toBe(elevated);
  });

  it('systeminfo: the build equals os.release()', async () => {
    const r = await runLive(cmd.systeminfo(), 180_000);
    const info = parseSystemInfo(r.stdout);
    expect(info).not.toBeNull();
    expect(info!.version).toBe(os.release());
    expect(info!.build).toBe(Number(os.release().split('.')[2]));
    expect(info!.caption).toMatch(/Windows/);
  });

  it('wevtutil: the bugcheck history parses (an empty list is a valid answer)', async () => {
    const r = await runLive(cmd.wevtutilBugchecks());
    expect(r.exitCode).toBe(0);
    const list = parseBugChecks(r.stdout);
    expect(Array.isArray(list)).toBe(true);
  });

  describe('dir /s /a', () => {
    let box: ReturnType<typeof makeSandbox>;
    beforeAll(() => {
      box = makeSandbox('wsops-dir-');
      const files: Record<string, string> = {};
      for (let i = 0; i < 120; i++) files[`d${i % 7}/sub${i % 3}/f${i}.bin`] = 'y'.repeat(i * 37);
      writeTree(box.root, files);
    });
    afterAll(async () => {
      await box.cleanup();
    });

    it('the totals equal a count of the same folder', async () => {
      const r = await runLive(cmd.dirSoftwareDistribution(box.root));
      const totals = parseDirTotals(r.stdout);
      const counted = await countTree(box.root);
      expect(totals).toEqual({ files: counted.files, bytes: counted.bytes });
      expect(totals!.files).toBe(120);
    });
  });
});
