/**
 * The preflight's batch (windows/reading.ts): the identity and services parts read as whoami and
 * sc would, anything else sends the host back to those programs — never a guess.
 */
import { describe, expect, it } from 'vitest';
import { WindowsRealHost } from '../../../electron/system/windows/host';
import { ReplayRunner, type Recording } from '../../../electron/system/command-runner';
import * as cmd from '../../../electron/system/windows/commands';
import {
  identityFromReading,
  readingArgv,
  serviceFromReading,
  servicesFragment,
} from '../../../electron/system/windows/reading';
import { healthArgv } from '../../../electron/system/windows/health';
import { fixture } from './fixtures';

const batch = (parts: Record<string, unknown>) => `${JSON.stringify({ health: {}, ...parts })}\r\n`;
const EVERYONE = 'S-1-1-0';
const ADMINS = 'S-1-5-32-544';

describe('the identity part', () => {
  it('elevated: Administrators enabled; split token: deny-only; standard user: neither', () => {
    expect(identityFromReading(batch({ identity: { groupSids: [EVERYONE, ADMINS] } }))).toEqual({
      elevated: true,
      adminMember: true,
    });
    expect(
      identityFromReading(
        batch({ identity: { groupSids: [EVERYONE], denyOnlySids: ['S-1-5-114', ADMINS] } }),
      ),
    ).toEqual({ elevated: false, adminMember: true });
    // ConvertTo-Json writes a one-element list as a bare string.
    expect(
      identityFromReading(batch({ identity: { groupSids: EVERYONE, denyOnlySids: [] } })),
    ).toEqual({ elevated: false, adminMember: false });
  });

  it('absent, failed (null), empty or not JSON: no answer', () => {
    expect(identityFromReading(batch({}))).toBeNull();
    expect(identityFromReading(batch({ identity: null }))).toBeNull();
    expect(identityFromReading(batch({ identity: { groupSids: [] } }))).toBeNull();
    expect(identityFromReading('Get-CimInstance : Access denied')).toBeNull();
  });
});

describe('the services part', () => {
  const services = [
    { Name: 'dcrypt', State: 'Running', StartMode: 'Boot' },
    { Name: 'wuauserv', State: 'Stopped', StartMode: 'Manual' },
  ];
  it('maps Win32_BaseService State and StartMode, by name without regard to case', () => {
    expect(serviceFromReading(batch({ services }), 'dcrypt')).toEqual({
      state: 'running',
      startType: 'boot',
    });
    expect(serviceFromReading(batch({ services }), 'WuAuServ')).toEqual({
      state: 'stopped',
      startType: 'demand',
    });
    expect(
      serviceFromReading(
        batch({ services: { Name: 'dcrypt', State: 'Stop Pending', StartMode: 'Auto' } }),
        'dcrypt',
      ),
    ).toEqual({ state: 'stop_pending', startType: 'auto' });
  });

  it('not returned, unknown values or a failed part: ask sc (null), never "missing"', () => {
    expect(serviceFromReading(batch({ services: [] }), 'dcrypt')).toBeNull();
    expect(serviceFromReading(batch({ services: null }), 'dcrypt')).toBeNull();
    expect(
      serviceFromReading(
        batch({ services: [{ Name: 'dcrypt', State: 'Unknown', StartMode: 'Boot' }] }),
        'dcrypt',
      ),
    ).toBeNull();
  });

  it('refuses a name that would need escaping in the WQL filter', () => {
    expect(() => servicesFragment(["x' OR Name='y"])).toThrow(/bad service name/);
    expect(servicesFragment(['dcrypt', 'wuauserv'])).toContain(
      `-Filter "Name='dcrypt' OR Name='wuauserv'"`,
    );
  });
});

const rec = (a: cmd.Argv, stdout: string, exitCode: number | null = 0): Recording => ({
  file: a.file,
  args: a.args,
  stdout,
  exitCode,
});
const host = (recordings: Recording[], kind: 'real' | 'bundle' = 'real') => {
  const runner = new ReplayRunner(recordings);
  return { h: new WindowsRealHost(runner, { kind, env: { SystemRoot: 'C:\\Windows' } }), runner };
};

describe('WindowsRealHost over the batch', () => {
  it('elevation and the services from one powershell.exe; sc only for what it did not return', async () => {
    const { h, runner } = host([
      rec(
        readingArgv(),
        batch({
          identity: { groupSids: [EVERYONE], denyOnlySids: [ADMINS] },
          services: [{ Name: 'wuauserv', State: 'Running', StartMode: 'Manual' }],
        }),
      ),
      rec(cmd.scQueryEx('dcrypt'), fixture('sc-queryex', 'en-missing.txt'), 1060),
      rec(cmd.scQc('dcrypt'), fixture('sc-queryex', 'en-missing.txt'), 1060),
    ]);
    expect(await h.elevation()).toEqual({ elevated: false, adminMember: true });
    expect(await h.service('wuauserv')).toEqual({
      name: 'wuauserv',
      state: 'running',
      startType: 'demand',
    });
    // Not returned by the batch: only sc's 1060 says missing.
    expect((await h.service('dcrypt')).state).toBe('missing');
    expect(runner.calls.map((c) => `${c.file} ${c.args[0]}`)).toEqual([
      'powershell.exe -NoProfile',
      'sc.exe queryex',
      'sc.exe qc',
    ]);
  });

  it('a batch without the identity part: whoami, as before', async () => {
    const { h, runner } = host([
      rec(readingArgv(), batch({})),
      rec(cmd.whoamiGroups(), '"Mandatory Label\\High Mandatory Level","Label","S-1-16-12288",""'),
    ]);
    expect(await h.elevation()).toEqual({ elevated: true, adminMember: true });
    expect(runner.calls.map((c) => c.file)).toEqual(['powershell.exe', 'whoami.exe']);
  });

  it('a bundle recorded before the batch replays the health-only one; a PC does not retry it', async () => {
    const os = batch({ health: { os: { Caption: 'Windows 10', Version: '10.0.16299' } } });
    const bundle = host([rec(healthArgv(), os)], 'bundle');
    expect((await bundle.h.os())?.build).toBe(16299);
    const pc = host([rec(healthArgv(), os)]);
    expect(await pc.h.os()).toBeNull();
    expect(pc.runner.calls).toHaveLength(1);
  });
});
