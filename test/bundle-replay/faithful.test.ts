/**
 * Issue 14 here, without Windows: a real capture (test/fixtures/windows) is parsed into the state
 * the live faithfulness test would read, the emulator answers the same command for that state
 * (electron/system/emulator/faithful.ts, through the emulator's own handlers), and the parser must
 * get the same facts — and the same exit code — from both.
 */
import { describe, expect, it } from 'vitest';
import { emulatorOutputFor, type LiveState } from '../../electron/system/emulator/faithful';
import * as cmd from '../../electron/system/windows/commands';
import {
  isMissingService,
  parseScQc,
  parseScQueryEx,
} from '../../electron/system/windows/parse-sc';
import { parseServiceKey } from '../../electron/system/windows/parse-reg';
import { parseWhoamiElevated } from '../../electron/system/windows/parse-whoami';
import { fixture, fixtureNames } from '../system/windows/fixtures';

const NAME = 'svc1';
const base = (): LiveState => ({
  services: {},
  serviceKeys: {},
  elevated: false,
  bootTime: '2024-05-02T06:15:00.000Z',
  bitlocker: null,
});

describe('the emulator answers a real capture’s state with the same facts', () => {
  it.each(fixtureNames('sc-queryex'))('sc queryex: %s', (name) => {
    const text = fixture('sc-queryex', name);
    const exitCode = isMissingService(text) ? 1060 : 0;
    const live = parseScQueryEx(text, exitCode);
    const state = base();
    if (live.state !== 'missing')
      state.services[NAME] = {
        state: live.state,
        pid: live.pid,
        startType: 'demand',
        delayed: false,
      };
    const a = cmd.scQueryEx(NAME);
    const emu = emulatorOutputFor(a.file, a.args, state);
    expect(parseScQueryEx(emu.stdout, emu.exitCode)).toEqual(live);
    expect(emu.exitCode).toBe(exitCode);
  });

  it.each(fixtureNames('sc-qc'))('sc qc: %s', (name) => {
    const live = parseScQc(fixture('sc-qc', name), 0);
    const state = base();
    state.services[NAME] = {
      state: 'stopped',
      pid: null,
      startType: live.startType,
      delayed: live.delayed,
    };
    const a = cmd.scQc(NAME);
    const emu = emulatorOutputFor(a.file, a.args, state);
    expect(parseScQc(emu.stdout, emu.exitCode)).toEqual(live);
    expect(emu.exitCode).toBe(0);
  });

  it('the service key, whoami and the boot time follow the state too', () => {
    const state = base();
    state.elevated = true;
    state.services.wuauserv = { state: 'running', pid: 1234, startType: 'demand', delayed: false };
    state.serviceKeys.wuauserv = {
      start: 'demand',
      imagePath: '%systemroot%\\system32\\svchost.exe -k netsvcs -p',
      displayName: '@%systemroot%\\system32\\wuaueng.dll,-105',
      pendingDelete: false,
    };
    const reg = cmd.regQueryService('wuauserv');
    expect(parseServiceKey(emulatorOutputFor(reg.file, reg.args, state).stdout)).toEqual(
      state.serviceKeys.wuauserv,
    );
    const gone = cmd.regQueryService('nosuch');
    expect(emulatorOutputFor(gone.file, gone.args, state).exitCode).toBe(1);
    const who = cmd.whoamiGroups();
    expect(parseWhoamiElevated(emulatorOutputFor(who.file, who.args, state).stdout)).toBe(true);
    const boot = cmd.lastBootTime();
    const out = emulatorOutputFor(boot.file, boot.args, state);
    expect(new Date(out.stdout.trim()).toISOString()).toBe(state.bootTime);
  });
});
