/**
 * dialog:pick-path through the handler table: the dialog is injected (a recorder — Electron's
 * showOpenDialog is the boundary); what is under test is the request check, the practice
 * machine's path mapping and the refusals.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlerTable, type HandlerTable } from '../../electron/main/handlers';
import { practiceDialogPath, practiceWindowsPath } from '../../electron/system/emulator/machine';
import type { RunView } from '../../shared/ipc';

let tmp: string;
let table: HandlerTable;
let answer: string | null;
let asked: { kind: string; title: string; defaultPath?: string }[];

function setup(withDialog = true) {
  table = createHandlerTable({
    stateDir: path.join(tmp, 'state'),
    practiceRoot: path.join(tmp, 'practice'),
    platform: 'linux',
    appVersion: '0.0.0-test',
    emit: () => {},
    dialogs: {
      pickFolder: async () => null,
      saveFile: async () => null,
      ...(withDialog
        ? {
            pickPath: async (o: {
              kind: 'file' | 'folder';
              title: string;
              defaultPath?: string;
            }) => {
              asked.push(o);
              return answer;
            },
          }
        : {}),
    },
    printToPdf: async () => new Uint8Array(),
    openPath: async () => {},
    openInBrowser: async () => {},
    progressIntervalMs: 0,
  });
}

const call = (channel: string, payload?: unknown) =>
  (table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>)[channel]!(
    payload,
  );

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-pick-'));
  answer = null;
  asked = [];
  setup();
});
afterEach(async () => {
  await table.runs.shutdown();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('dialog:pick-path', () => {
  it('without a run: the dialog as asked, its answer as is; cancel is null', async () => {
    answer = '/home/me/backup';
    await expect(
      call('dialog:pick-path', { kind: 'folder', title: 'Where the backup is', defaultPath: '/x' }),
    ).resolves.toEqual({ path: '/home/me/backup' });
    expect(asked).toEqual([{ kind: 'folder', title: 'Where the backup is', defaultPath: '/x' }]);
    answer = null;
    await expect(call('dialog:pick-path', { kind: 'file', title: 'Installer' })).resolves.toEqual({
      path: null,
    });
    expect(asked[1]).toEqual({ kind: 'file', title: 'Installer' });
  });

  it('rejects a bad request with one line naming the field', async () => {
    const e = (await call('dialog:pick-path', { kind: 'disk', title: 't' }).catch(
      (x: Error) => x,
    )) as Error;
    expect(e.message).toMatch(/^dialog:pick-path: field kind: /);
    const e2 = (await call('dialog:pick-path', {
      kind: 'file',
      title: 't',
      defaultPath: 'a\0b',
    }).catch((x: Error) => x)) as Error;
    expect(e2.message).toMatch(/^dialog:pick-path: field defaultPath: contains a NUL/);
    expect(asked).toEqual([]);
  });

  it('says so where there is no dialog', async () => {
    setup(false);
    await expect(call('dialog:pick-path', { kind: 'file', title: 't' })).rejects.toThrow(
      /^dialog:pick-path: this window cannot open a file dialog$/,
    );
  });

  it('for a practice run: opens in the machine, answers its Windows path, refuses outside', async () => {
    const made = (await call('practice:create', { scenario: 'diskcryptor-1709', files: 5 })) as {
      machine: { dir: string };
    };
    const dir = made.machine.dir;
    const { state } = (await call('runs:start', {
      workflowId: 'windows-update-diskcryptor',
      machine: { kind: 'practice', dir },
    })) as RunView;
    await table.runs.idle();
    answer = path.join(dir, 'C', 'Users', 'dev', 'Downloads', 'dcrypt_setup.exe');
    await expect(
      call('dialog:pick-path', {
        kind: 'file',
        title: 'Installer',
        defaultPath: 'C:\\Users\\dev\\Downloads',
        runId: state.runId,
      }),
    ).resolves.toEqual({ path: 'C:\\Users\\dev\\Downloads\\dcrypt_setup.exe' });
    expect(asked[0]!.defaultPath).toBe(path.join(dir, 'C', 'Users', 'dev', 'Downloads'));

    answer = path.join(tmp, 'elsewhere.exe');
    const e = (await call('dialog:pick-path', {
      kind: 'file',
      title: 'Installer',
      runId: state.runId,
    }).catch((x: Error) => x)) as Error;
    expect(e.message).toMatch(/^dialog:pick-path: .*elsewhere\.exe is not on the practice machine/);
    expect(e.message).not.toContain('\n');
    expect(asked[1]!.defaultPath).toBe(dir);
  });
});

describe('practice path mapping', () => {
  it('maps both ways and never out of the machine', () => {
    const dir = path.resolve('/tmp/m');
    expect(practiceWindowsPath(dir, path.join(dir, 'C', 'Windows'))).toBe('C:\\Windows');
    expect(practiceWindowsPath(dir, path.join(dir, 'C'))).toBe('C:\\');
    expect(practiceWindowsPath(dir, dir)).toBeNull();
    expect(practiceWindowsPath(dir, path.join(dir, 'machine.json'))).toBeNull();
    expect(practiceWindowsPath(dir, '/tmp/other')).toBeNull();
    expect(practiceDialogPath(dir, 'd:\\Data\\x')).toBe(path.join(dir, 'D', 'Data', 'x'));
    expect(practiceDialogPath(dir, 'C:\\..\\..\\etc')).toBe(dir);
    expect(practiceDialogPath(dir, 'relative')).toBe(dir);
    expect(practiceDialogPath(dir, undefined)).toBe(dir);
  });
});
