/**
 * Issue 11 point 2: elevated commands keep their output. Start-Process -Verb RunAs cannot
 * redirect (rule start-process-runas-no-redirect: the emulator gives a RunAs child's output to
 * nobody), so sc/manage-bde/the uninstaller run inside our elevated helper, which writes exit
 * code and output to its result file. A cancel before the prompt is answered runs nothing; the
 * wrapper's console window is hidden.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import path from 'node:path';
import { createPracticeHost, PRACTICE_HELPER } from '../../electron/system/emulator/host';
import { EmulatedMachine } from '../../electron/system/emulator/machine';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { runHelper } from '../../electron/system/windows/elevated-parent';
import { tempDir } from '../helpers/cli';
import { readingArgv } from '../../electron/system/windows/reading';

let dir: string;
beforeEach(async () => {
  dir = path.join(tempDir('wsops-realpc-'), 'pc');
  await initPracticeMachine(dir, { files: 5 });
});

describe('admin commands through the elevated helper', () => {
  it('a failing sc start reaches the person with its message and exit code', async () => {
    new EmulatedMachine(dir).update(null, (p) => {
      p.services.wuauserv = {
        state: 'stopped',
        startType: 'disabled',
        delayed: false,
        deleteFlag: false,
      };
    });
    const { host, emulator } = createPracticeHost(dir);
    const r = await host.startService('wuauserv');
    expect(r).toMatchObject({ ok: false, exitCode: 1058 });
    expect(r.stdout + r.stderr).toMatch(/1058/);
    expect(r.stdout + r.stderr).toMatch(/disabled/i);
    // It ran elevated, inside the helper, started through a hidden RunAs wrapper.
    // (The other powershell.exe is the batched read that told the host it is not elevated.)
    const wrapper = emulator.started.find(
      (s) => s.file.endsWith('powershell.exe') && s.args.at(-1) !== readingArgv().args.at(-1),
    );
    expect(wrapper?.args.at(-1)).toMatch(/-Verb RunAs -WindowStyle Hidden -Wait/);
    expect(emulator.started.some((s) => s.file === PRACTICE_HELPER.exe)).toBe(true);
    expect(
      emulator.started.some(
        (s) => s.file.toLowerCase().endsWith('\\sc.exe') && s.elevated && s.args[0] === 'start',
      ),
    ).toBe(true);
  });

  it('a successful sc stop keeps what sc printed', async () => {
    const { host } = createPracticeHost(dir);
    const r = await host.stopService('bits');
    expect(r.ok).toBe(true);
    expect(r.stdout).toMatch(/STOP_PENDING/);
  });

  it('a BitLocker suspend of another volume than the system drive is refused by the helper', async () => {
    const { runner } = createPracticeHost(dir);
    const r = await runHelper(
      runner,
      PRACTICE_HELPER,
      { v: 1, op: 'bitlocker', action: 'suspend', volume: 'E:' },
      { timeoutMs: 0 },
    );
    expect(r.result).toMatchObject({ ok: false, error: expect.stringMatching(/system drive C:/) });
  });

  it('a cancel before the prompt is answered runs nothing', async () => {
    const { runner } = createPracticeHost(dir);
    const ac = new AbortController();
    ac.abort();
    const r = await runHelper(
      runner,
      PRACTICE_HELPER,
      { v: 1, op: 'service', action: 'stop', service: 'wuauserv' },
      { timeoutMs: 0, signal: ac.signal },
    );
    expect(r.result).toMatchObject({ ok: false, error: expect.stringMatching(/cancelled/) });
    expect(new EmulatedMachine(dir).load().services.wuauserv?.state).toBe('running');
  });

  it('never takes a service outside the Windows Update set', async () => {
    const { host } = createPracticeHost(dir);
    // dcrypt is not on the helper's list: it goes to the plain wrapper, which loses the output.
    const r = await host.stopService('dcrypt');
    expect(r.stdout).toBe('');
  });
});
