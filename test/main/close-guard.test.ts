/**
 * Closing the window: the decision (pure) and what the handler table's run manager tells it
 * while a real practice run clears the update cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeWarning, destructiveActionRunning } from '../../electron/main/close-guard';
import { createHandlerTable, type HandlerTable } from '../../electron/main/handlers';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import type { AppEvent, AnswerItem, RunView } from '../../shared/ipc';
import type { RunState, StepState } from '../../shared/model';

function state(steps: Partial<StepState>[]): RunState {
  return {
    runId: 'r',
    workflow: windowsUpdateDiskCryptor.id,
    workflowTitle: windowsUpdateDiskCryptor.title,
    status: 'running',
    startedAt: '2026-12-02T00:00:00.000Z',
    machine: { kind: 'practice', label: 'p', dir: '/x' },
    steps: steps.map((s) => ({
      id: 'x',
      title: 'x',
      status: 'pending',
      attempts: 0,
      before: [],
      after: [],
      ...s,
    })),
    answers: {},
    warnings: [],
  } as RunState;
}

const started = {
  id: 'a',
  attempt: 1,
  ok: false,
  summary: 'started',
  details: [],
  outputs: {},
  startedAt: '2026-12-02T00:00:01.000Z',
};
const clear = { id: 'clear-softwaredistribution', title: 'Clear the update cache' };

describe('closeWarning (pure)', () => {
  const w = windowsUpdateDiskCryptor;
  it('no run: closes without asking', () => {
    expect(closeWarning([])).toBeNull();
  });

  it('a destructive action started and not finished: the strong warning names the step', () => {
    const s = state([{ ...clear, status: 'running', action: started }]);
    expect(destructiveActionRunning({ workflow: w, state: s })).toEqual({ title: clear.title });
    const warning = closeWarning([{ workflow: w, state: s }])!;
    expect(warning.destructive).toBe(true);
    expect(warning.message).toContain('Clear the update cache');
    expect(warning.detail).toMatch(/stops it safely/);
    expect(warning.detail).toMatch(/Resume/);
  });

  it('the same step before its action starts, or after it finished: only the plain warning', () => {
    for (const s of [
      state([{ ...clear, status: 'running' }]),
      state([{ ...clear, status: 'running', action: { ...started, finishedAt: 'later' } }]),
      state([{ ...clear, status: 'done', action: started }]),
    ]) {
      expect(destructiveActionRunning({ workflow: w, state: s })).toBeNull();
      expect(closeWarning([{ workflow: w, state: s }])?.destructive).toBe(false);
    }
  });

  it('a non-destructive action running is not the strong warning', () => {
    const s = state([{ id: 'update-assistant', title: 'U', status: 'running', action: started }]);
    expect(closeWarning([{ workflow: w, state: s }])?.destructive).toBe(false);
  });

  it('fails closed: a running step the workflow does not know counts as destructive', () => {
    const s = state([{ id: 'gone', title: 'Gone', status: 'running', action: started }]);
    expect(closeWarning([{ workflow: w, state: s }])?.destructive).toBe(true);
  });

  it('an active run with no state yet still asks', () => {
    expect(closeWarning([{ workflow: w, state: null }])?.destructive).toBe(false);
  });
});

describe('the run manager feeds it during a real clear', () => {
  let tmp: string;
  let table: HandlerTable;
  let onEvent: (e: AppEvent) => void;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-close-'));
    onEvent = () => {};
    table = createHandlerTable({
      stateDir: path.join(tmp, 'state'),
      practiceRoot: path.join(tmp, 'practice'),
      platform: 'linux',
      appVersion: '0.0.0-test',
      emit: (e) => onEvent(e),
      dialogs: { pickFolder: async () => null, saveFile: async () => null },
      printToPdf: async () => new Uint8Array(),
      openPath: async () => {},
      openInBrowser: async () => {},
      progressIntervalMs: 0,
    });
  });
  afterEach(async () => {
    await table.runs.shutdown();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const call = (channel: string, payload?: unknown) =>
    (table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>)[channel]!(
      payload,
    );
  const settled = async (runId: string) => {
    await table.runs.idle();
    return (await call('runs:get', { runId })) as RunView;
  };
  const answers = (view: RunView): AnswerItem[] =>
    view.questions.map((q) =>
      q.kind !== 'confirm'
        ? { questionId: q.id, value: q.kind === 'number' ? 0 : '' }
        : q.phrase
          ? { questionId: q.id, value: true, phrase: q.phrase }
          : { questionId: q.id, value: true },
    );

  it('strong warning while the clear runs, none once the run waits', async () => {
    const made = (await call('practice:create', {
      scenario: 'diskcryptor-1709',
      files: 200,
    })) as { machine: { dir: string } };
    const { state: first } = (await call('runs:start', {
      workflowId: 'windows-update-diskcryptor',
      machine: { kind: 'practice', dir: made.machine.dir },
    })) as RunView;
    const runId = first.runId;
    let view = await settled(runId);
    expect(closeWarning(table.runs.activeRuns())).toBeNull();
    while (view.state.pause?.stepId !== 'clear-softwaredistribution') {
      await call('runs:answer', { runId, answers: answers(view) });
      view = await settled(runId);
    }
    const seen: (boolean | null)[] = [];
    onEvent = (e) => {
      if (e.type === 'progress' && e.progress.stepId === 'clear-softwaredistribution')
        seen.push(closeWarning(table.runs.activeRuns())?.destructive ?? null);
    };
    await call('runs:answer', { runId, answers: answers(view) });
    view = await settled(runId);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([true]));
    expect(view.state.pause?.stepId).toBe('reboot-after-clear');
    expect(closeWarning(table.runs.activeRuns())).toBeNull();
  });
});
