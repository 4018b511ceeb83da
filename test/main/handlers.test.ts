/**
 * The app's handler table against a real practice machine and a real state dir (both temp):
 * the same engine, journal and simulated Windows the app drives — only Electron's dialogs and
 * shell are replaced by recorders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlerTable, type HandlerTable } from '../../electron/main/handlers';
import { channels, type AppEvent, type RunView, type AnswerItem } from '../../shared/ipc';
import { RunLogSchema } from '../../shared/run-log';

let tmp: string;
let table: HandlerTable;
let events: AppEvent[];
let saveTo: string | null;
let pickFolder: string | null;
let opened: string[];

function setup(platform: NodeJS.Platform = 'linux') {
  events = [];
  opened = [];
  table = createHandlerTable({
    stateDir: path.join(tmp, 'state'),
    practiceRoot: path.join(tmp, 'practice'),
    platform,
    appVersion: '0.0.0-test',
    emit: (e) => events.push(e),
    dialogs: {
      pickFolder: async () => pickFolder,
      saveFile: async () => saveTo,
    },
    printToPdf: async (html) => new TextEncoder().encode(`%PDF-test ${html.length}`),
    openPath: async (p) => void opened.push(`path:${p}`),
    openInBrowser: async (u) => void opened.push(`url:${u}`),
    progressIntervalMs: 0,
  });
}

const call = (channel: string, payload?: unknown) =>
  (table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>)[channel]!(
    payload,
  );

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-handlers-'));
  saveTo = null;
  pickFolder = null;
  setup();
});

afterEach(async () => {
  await table.runs.shutdown();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function settled(runId: string): Promise<RunView> {
  await table.runs.idle();
  return (await call('runs:get', { runId })) as RunView;
}

/** What the wizard submits: every question answered, destructive confirmations typed. */
function formAnswers(view: RunView): AnswerItem[] {
  return view.questions.map((q) => {
    if (q.kind !== 'confirm') return { questionId: q.id, value: q.kind === 'number' ? 0 : '' };
    const step = view.workflow.steps.find((s) => `confirm:${s.id}` === q.id);
    return step?.action?.destructive && q.phrase
      ? { questionId: q.id, value: true, phrase: q.phrase }
      : { questionId: q.id, value: true };
  });
}

describe('payload validation', () => {
  it('rejects a bad payload with one line naming the channel and the field', async () => {
    const e1 = await call('runs:get', { runId: 42 }).catch((e: Error) => e);
    expect(e1).toBeInstanceOf(Error);
    expect((e1 as Error).message).toMatch(/^runs:get: field runId: .*string/);
    expect((e1 as Error).message).not.toContain('\n');

    const e2 = (await call('runs:answer', {
      runId: 'x',
      answers: [{ questionId: 'q', value: { nested: 1 } }],
    }).catch((e: Error) => e)) as Error;
    expect(e2.message).toMatch(/^runs:answer: field answers\[0\]\.value: /);
    expect(e2.message).not.toContain('\n');

    const e3 = (await call('runs:export', { runId: 'x', format: 'docx' }).catch(
      (e: Error) => e,
    )) as Error;
    expect(e3.message).toMatch(/^runs:export: field format: /);

    const e4 = (await call('workflows:list', { sneaky: true }).catch((e: Error) => e)) as Error;
    expect(e4.message).toMatch(/^workflows:list: field \(root\): .*sneaky/);

    const e5 = (await call('practice:create', { scenario: 'nope', files: 10 }).catch(
      (e: Error) => e,
    )) as Error;
    expect(e5.message).toMatch(/^practice:create: field scenario: unknown scenario "nope"/);
  });

  it('has a handler for every channel of the contract', () => {
    expect(Object.keys(table.handlers).sort()).toEqual(
      Object.values(channels)
        .map((c) => c.channel)
        .sort(),
    );
  });

  it('refuses folders the app did not make or the person did not pick', async () => {
    const outside = fs.mkdtempSync(path.join(tmp, 'elsewhere-'));
    const e = (await call('workflows:preflight', {
      workflowId: 'windows-update-diskcryptor',
      machine: { kind: 'practice', dir: outside },
    }).catch((x: Error) => x)) as Error;
    expect(e.message).toMatch(
      /^workflows:preflight: field machine\.dir: .* not a practice machine made or opened in the app$/,
    );
  });

  it('runs on the real machine only on Windows', async () => {
    const e = (await call('runs:start', {
      workflowId: 'windows-update-diskcryptor',
      machine: { kind: 'real' },
    }).catch((x: Error) => x)) as Error;
    expect(e.message).toBe(
      'runs:start: field machine.kind: this computer is not Windows — use a practice machine',
    );
  });

  it('opens only allowlisted https pages', async () => {
    await expect(
      call('shell:open-web-page', { url: 'https://github.com/DavidXanatos/DiskCryptor/releases' }),
    ).resolves.toEqual({ opened: true });
    for (const url of [
      'http://www.microsoft.com/software-download/windows10',
      'https://evil.example/',
      'file:///etc/passwd',
      'https://www.microsoft.com.evil.example/software-download',
    ]) {
      await expect(call('shell:open-web-page', { url })).rejects.toThrow(
        /^shell:open-web-page: field url: not an address this app opens$/,
      );
    }
    expect(opened).toEqual(['url:https://github.com/DavidXanatos/DiskCryptor/releases']);
  });
});

describe('workflows and practice machines', () => {
  it('lists workflows with their applicability on this platform', async () => {
    const res = (await call('workflows:list')) as {
      workflows: { id: string; availableHere: boolean; practiceOnly: boolean }[];
    };
    const dc = res.workflows.find((w) => w.id === 'windows-update-diskcryptor')!;
    expect(dc).toMatchObject({ availableHere: false, practiceOnly: true });
    setup('win32');
    const win = (await call('workflows:list')) as typeof res;
    expect(win.workflows.find((w) => w.id === 'windows-update-diskcryptor')).toMatchObject({
      availableHere: true,
      practiceOnly: false,
    });
  });

  it('creates a practice machine, lists it and runs a preflight on it', async () => {
    const made = (await call('practice:create', { scenario: 'diskcryptor-1709', files: 40 })) as {
      machine: { dir: string; label: string };
      files: number;
    };
    expect(made.files).toBe(40);
    expect(made.machine.dir.startsWith(path.join(tmp, 'practice'))).toBe(true);
    const list = (await call('practice:list')) as {
      machines: { dir: string }[];
      scenarios: { id: string }[];
    };
    expect(list.machines.map((m) => m.dir)).toEqual([made.machine.dir]);
    expect(list.scenarios.map((s) => s.id)).toContain('diskcryptor-encrypted-boot');
    const pf = (await call('workflows:preflight', {
      workflowId: 'windows-update-diskcryptor',
      machine: { kind: 'practice', dir: made.machine.dir },
    })) as { machine: { kind: string }; checks: { id: string; status: string }[] };
    expect(pf.machine.kind).toBe('practice');
    expect(pf.checks.length).toBeGreaterThan(5);
    expect(
      pf.checks.find((c) => c.id === 'bugchecks')?.status ??
        pf.checks.some((c) => c.status === 'warn'),
    ).toBeTruthy();
  });

  it('local workflows run on this computer; a practice machine is refused where they need real folders', async () => {
    const list = (await call('workflows:list')) as {
      workflows: { id: string; availableHere: boolean; practice: boolean }[];
    };
    expect(list.workflows.find((w) => w.id === 'backup-check')).toMatchObject({
      availableHere: true,
      practice: false,
    });
    const made = (await call('practice:create', { scenario: 'bitlocker-11', files: 0 })) as {
      machine: { dir: string };
    };
    await expect(
      call('runs:start', {
        workflowId: 'backup-check',
        machine: { kind: 'practice', dir: made.machine.dir },
      }),
    ).rejects.toThrow(
      /^runs:start: field machine\.kind: backup-check works on this computer's own folders, not on a practice machine$/,
    );
    const pf = (await call('workflows:preflight', {
      workflowId: 'encryption-status',
      machine: { kind: 'practice', dir: made.machine.dir },
    })) as {
      machine: { kind: string };
      checks: unknown[];
    };
    expect(pf.machine.kind).toBe('practice');
    const here = (await call('workflows:preflight', {
      workflowId: 'encryption-status',
      machine: { kind: 'real' },
    })) as { machine: { kind: string } };
    expect(here.machine.kind).toBe('real');
  });

  it('opens a practice machine folder the person picks, and says why another folder is not one', async () => {
    pickFolder = fs.mkdtempSync(path.join(tmp, 'not-a-machine-'));
    await expect(call('practice:open')).rejects.toThrow(/machine\.json: not found/);
    pickFolder = null;
    await expect(call('practice:open')).resolves.toEqual({ machine: null });
  });
});

describe('a run driven through the handler table', () => {
  it('starts, pauses for answers, and the answers carry it to the end across every restart', async () => {
    const made = (await call('practice:create', { scenario: 'diskcryptor-1709', files: 60 })) as {
      machine: { dir: string };
    };
    const first = (await call('runs:start', {
      workflowId: 'windows-update-diskcryptor',
      machine: { kind: 'practice', dir: made.machine.dir },
    })) as RunView;
    const runId = first.state.runId;
    expect(first.state.machine.kind).toBe('practice');

    // The backup step waits for its confirmation; its optional folders come in the same form.
    let view = await settled(runId);
    expect(view.state.status).toBe('waiting-answer');
    expect(view.active).toBe(false);
    expect(view.questions.map((q) => q.id)).toEqual([
      'backupSource',
      'backupTarget',
      'backupConfirmed',
    ]);

    // Wrong answers are refused before anything is journaled.
    await expect(
      call('runs:answer', { runId, answers: [{ questionId: 'backupConfirmed', value: 'yes' }] }),
    ).rejects.toThrow(/^runs:answer: field answers\[0\]\.value: expected true or false$/);
    await expect(
      call('runs:answer', {
        runId,
        answers: [{ questionId: 'confirm:uninstall-diskcryptor', value: true }],
      }),
    ).rejects.toThrow(
      /^runs:answer: field answers\[0\]\.questionId: the run does not ask "confirm:uninstall-diskcryptor" now$/,
    );
    await expect(
      call('runs:answer', { runId, answers: [{ questionId: 'backupSource', value: '' }] }),
    ).rejects.toThrow(/missing an answer to "backupConfirmed"/);

    const answered = (await call('runs:answer', { runId, answers: formAnswers(view) })) as RunView;
    expect(answered.state.runId).toBe(runId);
    view = await settled(runId);
    expect(view.state.answers.backupConfirmed).toMatchObject({ value: true, source: 'app' });

    // The uninstall is destructive: the typed phrase is required, by the main process too.
    expect(view.state.pause?.stepId).toBe('uninstall-diskcryptor');
    const confirm = view.questions.find((q) => q.id === 'confirm:uninstall-diskcryptor')!;
    expect(confirm.phrase).toBe('I UNDERSTAND');
    await expect(
      call('runs:answer', { runId, answers: [{ questionId: confirm.id, value: true }] }),
    ).rejects.toThrow(
      /^runs:answer: field answers\[0\]\.phrase: type "I UNDERSTAND" exactly to confirm$/,
    );
    await expect(
      call('runs:answer', {
        runId,
        answers: [{ questionId: confirm.id, value: true, phrase: 'i understand' }],
      }),
    ).rejects.toThrow(/phrase/);

    const restarts: string[] = [];
    const progressSteps = new Set<string>();
    for (let guard = 0; guard < 40; guard++) {
      if (view.state.status === 'finished') break;
      if (view.state.status === 'waiting-answer') {
        expect(view.questions.length).toBeGreaterThan(0);
        await call('runs:answer', { runId, answers: formAnswers(view) });
      } else if (view.state.status === 'paused-reboot') {
        restarts.push(view.state.pause!.stepId);
        await call('runs:resume', { runId });
      } else {
        throw new Error(`unexpected status ${view.state.status}: ${view.state.message ?? ''}`);
      }
      view = await settled(runId);
    }
    for (const e of events) if (e.type === 'progress') progressSteps.add(e.progress.stepId);

    expect(view.state.status).toBe('finished');
    expect(restarts).toEqual([
      'reboot-after-clear',
      'reboot-into-update',
      'reinstall-diskcryptor',
      'reboot-again',
      'repair-diskcryptor',
    ]);
    expect(view.state.steps.find((s) => s.id === 'uninstall-diskcryptor')?.confirmedBy).toBe('app');
    expect(progressSteps.has('clear-softwaredistribution')).toBe(true);
    // The practice machine really changed: the update cache is empty.
    expect(
      fs.readdirSync(path.join(made.machine.dir, 'C', 'Windows', 'SoftwareDistribution')),
    ).toEqual([]);

    // Events streamed every state; the last one says the run is settled.
    const runEvents = events.filter((e) => e.type === 'run');
    expect(runEvents.length).toBeGreaterThan(20);
    expect(runEvents.at(-1)).toMatchObject({
      type: 'run',
      active: false,
      state: { status: 'finished' },
    });

    const runsList = (await call('runs:list')) as { runs: { runId: string; status: string }[] };
    expect(runsList.runs).toEqual([expect.objectContaining({ runId, status: 'finished' })]);

    // Export: the save dialog picks the file; the content is the engine's exporter.
    saveTo = path.join(tmp, 'out', 'log.json');
    fs.mkdirSync(path.dirname(saveTo), { recursive: true });
    await expect(call('runs:export', { runId, format: 'json' })).resolves.toEqual({
      saved: true,
      path: saveTo,
    });
    const log = RunLogSchema.parse(JSON.parse(fs.readFileSync(saveTo, 'utf8')));
    expect(log.status).toBe('finished');
    saveTo = path.join(tmp, 'out', 'log.md');
    await call('runs:export', { runId, format: 'md' });
    expect(fs.readFileSync(saveTo, 'utf8')).toContain('Uninstall DiskCryptor');
    saveTo = path.join(tmp, 'out', 'log.pdf');
    await call('runs:export', { runId, format: 'pdf' });
    expect(fs.readFileSync(saveTo, 'utf8')).toMatch(/^%PDF-test \d+$/);
    saveTo = null;
    await expect(call('runs:export', { runId, format: 'md' })).resolves.toEqual({
      saved: false,
      path: null,
    });

    await expect(call('runs:open-log-folder', { runId })).resolves.toEqual({
      path: path.join(tmp, 'state', 'runs', runId),
    });
    expect(opened).toContain(`path:${path.join(tmp, 'state', 'runs', runId)}`);
  });

  it('cancels a long action; resume continues where it stopped', async () => {
    // Enough files that the clear is still going when the cancel reaches the helper (it polls).
    const made = (await call('practice:create', {
      scenario: 'diskcryptor-1709',
      files: 20000,
    })) as {
      machine: { dir: string };
    };
    const { state } = (await call('runs:start', {
      workflowId: 'windows-update-diskcryptor',
      machine: { kind: 'practice', dir: made.machine.dir },
    })) as RunView;
    let view = await settled(state.runId);
    while (view.state.pause?.stepId !== 'clear-softwaredistribution') {
      await call('runs:answer', { runId: state.runId, answers: formAnswers(view) });
      view = await settled(state.runId);
    }
    // Cancel at the first progress tick of the clear (0 of N, sent as it starts).
    const cancelled = new Promise<boolean>((resolve) => {
      const push = events.push.bind(events);
      events.push = (...items: AppEvent[]) => {
        for (const e of items) {
          if (e.type === 'progress' && e.progress.stepId === 'clear-softwaredistribution') {
            events.push = push; // once
            void (
              call('runs:cancel', { runId: state.runId }) as Promise<{ cancelled: boolean }>
            ).then((r) => resolve(r.cancelled));
          }
        }
        return push(...items);
      };
    });
    await call('runs:answer', { runId: state.runId, answers: formAnswers(view) });
    expect(await cancelled).toBe(true);
    view = await settled(state.runId);
    expect(view.state.status).toBe('waiting-answer');
    expect(view.state.pause?.message).toMatch(/^Cancelled/);
    expect(view.questions).toEqual([]);
    // Stopped before the end: files are still there.
    const cleared = view.state.steps.find((s) => s.id === 'clear-softwaredistribution')!.action!;
    expect(cleared.outputs.filesRemoved).toBeLessThan(20000);
    expect(
      fs.readdirSync(path.join(made.machine.dir, 'C', 'Windows', 'SoftwareDistribution')).length,
    ).toBeGreaterThan(0);
    await call('runs:resume', { runId: state.runId });
    view = await settled(state.runId);
    expect(view.state.steps.find((s) => s.id === 'clear-softwaredistribution')?.status).toBe(
      'done',
    );
    expect(view.state.pause?.stepId).toBe('reboot-after-clear');
  });

  it('keeps the main process responsive while a large clear runs (it is async, bounded)', async () => {
    const made = (await call('practice:create', {
      scenario: 'diskcryptor-1709',
      files: 20000,
    })) as { machine: { dir: string } };
    const { state } = (await call('runs:start', {
      workflowId: 'windows-update-diskcryptor',
      machine: { kind: 'practice', dir: made.machine.dir },
    })) as RunView;
    let view = await settled(state.runId);
    while (view.state.pause?.stepId !== 'clear-softwaredistribution') {
      await call('runs:answer', { runId: state.runId, answers: formAnswers(view) });
      view = await settled(state.runId);
    }
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await call('runs:answer', { runId: state.runId, answers: formAnswers(view) });
    view = await settled(state.runId);
    delay.disable();
    expect(view.state.steps.find((s) => s.id === 'clear-softwaredistribution')?.status).toBe(
      'done',
    );
    // A window that freezes for more than a quarter second feels broken; the clear must not do that.
    expect(delay.max / 1e6).toBeLessThan(250);
  });
});
