/**
 * Issue 10 point 10: `wsops abandon [RUN_ID|latest]` undoes what can be undone on the machine
 * the run changed (practice machines through the emulator), says what cannot, and marks the run
 * `abandoned` in its log and exports.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { wsops } from '../helpers/cli';
import { RunLogSchema } from '../../shared/run-log';
import {
  editMachine,
  newestRun,
  practice,
  readMachine,
  removeTempDirs,
} from '../workflows/helpers';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';

function exported(env: Record<string, string>) {
  const md = wsops(['export', 'latest', '--format', 'md'], env);
  const json = wsops(['export', 'latest', '--format', 'json'], env);
  expect(json.code, json.stderr).toBe(0);
  return { md: md.stdout, log: RunLogSchema.parse(JSON.parse(json.stdout)) };
}

describe('wsops abandon', () => {
  it('bitlocker-11, abandoned after the suspend: protection back on, Windows Update back, run abandoned', () => {
    const { machine, env } = practice('bitlocker-11', 20);
    expect(wsops(['run', WF, '--machine', machine, '--yes'], env).code).toBe(3);
    expect(wsops(['resume', '--yes'], env).code).toBe(3);
    expect(readMachine(machine).encryption.bitlocker[0].protection).toBe('off');

    const r = wsops(['abandon', 'latest'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('BitLocker protection of C: is on again');
    expect(r.stdout).toContain('Windows Update');
    const m = readMachine(machine);
    expect(m.encryption.bitlocker[0].protection).toBe('on');
    expect(m.sim.bitlockerResumeAfterBoots).toBeNull();
    expect(m.services.wuauserv).toMatchObject({ startType: 'demand', state: 'running' });

    const { md, log } = exported(env);
    expect(log.status).toBe('abandoned');
    expect(md).toContain('- Status: **abandoned**');
    // Abandoned is final: resume refuses it, and abandoning again changes nothing.
    const again = wsops(['resume', '--yes'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/no unfinished run/);
    expect(wsops(['abandon', 'latest'], env).code).toBe(0);
  });

  it('diskcryptor-1709 abandoned after the uninstall: says DiskCryptor cannot come back by itself and how', () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    expect(wsops(['run', WF, '--machine', machine, '--yes'], env).code).toBe(3);
    const r = wsops(['abandon', 'latest', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { undone: string[]; cannotUndo: string[] };
    expect(out.cannotUndo.join('\n')).toMatch(
      /DiskCryptor 1\.1 is uninstalled: reinstall it from C:\\Users\\dev\\Downloads\\dcrypt_setup\.exe/,
    );
    expect(out.undone.join('\n')).toMatch(/Windows Update/);
    expect(readMachine(machine).services.wuauserv.startType).toBe('demand');
    expect(exported(env).log.status).toBe('abandoned');
  });
});

describe('runs:abandon (the app’s Abandon button)', () => {
  it('undoes through the same handler table the app registers, and marks the run abandoned', async () => {
    const { createHandlerTable } = await import('../../electron/main/handlers');
    const { root, machine, env } = practice('diskcryptor-1709', 20);
    editMachine(machine, (m) => (m.behaviours.wuauservRestartsItself = true));
    // Leave wuauserv disabled the way a crash inside the clear step would.
    expect(wsops(['run', WF, '--machine', machine, '--yes'], env).code).toBe(3);
    editMachine(machine, (m) => (m.services.wuauserv.startType = 'disabled'));
    const table = createHandlerTable({
      stateDir: env.WSOPS_STATE_DIR!,
      practiceRoot: root,
      platform: 'linux',
      appVersion: '0.0.0-test',
      emit: () => {},
      dialogs: { pickFolder: async () => null, saveFile: async () => null },
      printToPdf: async () => new Uint8Array(),
      openPath: async () => {},
      openInBrowser: async () => {},
    });
    const handlers = table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>;
    const runId = newestRun(env);
    const r = (await handlers['runs:abandon']!({ runId })) as {
      undone: string[];
      cannotUndo: string[];
    };
    await table.runs.shutdown();
    expect(r.undone).toContain(
      'Windows Update (wuauserv) has its start type demand again and is running.',
    );
    expect(r.cannotUndo.some((c) => c.startsWith('DiskCryptor 1.1 is uninstalled'))).toBe(true);
    expect(readMachine(machine).services.wuauserv).toMatchObject({
      startType: 'demand',
      state: 'running',
    });
    expect(exported(env).log.status).toBe('abandoned');
    const bad = (await handlers['runs:abandon']!({ runId: 42 }).catch((e: Error) => e)) as Error;
    expect(bad.message).toMatch(/^runs:abandon: field runId: /);
  });
});
