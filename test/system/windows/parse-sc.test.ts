import { describe, it, expect } from 'vitest';
import {
  parseScQc,
  parseScQueryEx,
  isMissingService,
} from '../../../electron/system/windows/parse-sc';
import { crlf, fixture } from './fixtures';

describe('parseScQueryEx', () => {
  it('reads RUNNING and the PID from Windows 7 output', () => {
    expect(parseScQueryEx(fixture('sc-queryex', 'win7-wuauserv-running.txt'))).toEqual({
      state: 'running',
      pid: 2992,
    });
  });

  it('reads a shared-process service on Server 2008 R2, with CRLF line endings too', () => {
    const text = fixture('sc-queryex', 'server2008r2-wuauserv-running.txt');
    expect(parseScQueryEx(text)).toEqual({ state: 'running', pid: 876 });
    expect(parseScQueryEx(crlf(text))).toEqual({ state: 'running', pid: 876 });
  });

  it('reads STOPPED (no PID line)', () => {
    expect(parseScQueryEx(fixture('sc-queryex', 'server2012r2-osqueryd-stopped.txt'))).toEqual({
      state: 'stopped',
      pid: null,
    });
  });

  it('takes the number, not the word: a relabelled line with a made-up word still parses', () => {
    const text = 'SERVICE_NAME: x\n        ZUSTAND            : 3  ANGEHALTEN_WIRD\n';
    expect(parseScQueryEx(text).state).toBe('stop_pending');
    // and a known word under an unknown label
    expect(parseScQueryEx('        ESTADO_X           : 7  PAUSED\n').state).toBe('paused');
  });

  it('reads the service block after the error lines of a Chinese install script', () => {
    // The OpenService 1060 lines in this output belong to commands run before the service existed.
    const text = fixture('sc-queryex', 'zh-win7-start-pending.txt');
    const block = text.slice(text.indexOf('SERVICE_NAME'));
    expect(parseScQueryEx(block)).toEqual({ state: 'start_pending', pid: 6308 });
  });

  it.each([['en-missing.txt'], ['es-missing.txt'], ['zh-missing.txt']])(
    'treats OpenService error 1060 as missing (%s)',
    (name) => {
      expect(parseScQueryEx(fixture('sc-queryex', name))).toEqual({ state: 'missing', pid: null });
    },
  );

  it('treats exit code 1060 as missing even without text', () => {
    expect(parseScQueryEx('', 1060).state).toBe('missing');
    expect(isMissingService('', 5)).toBe(false);
  });

  it('never throws and answers unknown for garbage', () => {
    for (const junk of ['', 'Access is denied.', '\u0000\u0001 STATE : x', 'STATE : 99 WHATEVER']) {
      expect(parseScQueryEx(junk)).toEqual({ state: 'unknown', pid: null });
    }
  });
});

describe('parseScQc', () => {
  it.each([
    ['gsps-auto-start.txt', 'auto', false],
    ['win10-wuauserv-demand.txt', 'demand', false],
    ['usosvc-delayed.txt', 'auto', true],
    ['wdboot-boot-start.txt', 'boot', false],
    ['zh-bits-demand.txt', 'demand', false],
    ['zh-usbhub-disabled.txt', 'disabled', false],
  ] as const)('%s → %s (delayed %s)', (name, startType, delayed) => {
    expect(parseScQc(fixture('sc-qc', name))).toEqual({ startType, delayed, missing: false });
  });

  it('reads a translated label by its keyword, and an unknown keyword by its label', () => {
    expect(parseScQc('        TIPO_AVVIO                : 2   AUTO_START  (DELAYED)\n')).toEqual({
      startType: 'auto',
      delayed: true,
      missing: false,
    });
    expect(parseScQc('        START_TYPE         : 1   SYSTEMSTART\n').startType).toBe('system');
  });

  it('reports a missing service', () => {
    expect(parseScQc(fixture('sc-queryex', 'en-missing.txt')).missing).toBe(true);
  });

  it('never throws on garbage', () => {
    for (const junk of ['', 'ERROR', 'START_TYPE : nine', 'START_TYPE : 9 STRANGE']) {
      expect(parseScQc(junk)).toEqual({ startType: 'unknown', delayed: false, missing: false });
    }
  });
});
