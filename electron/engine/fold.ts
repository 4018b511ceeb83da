/**
 * The current state of a run is a fold of its journal — nothing else is stored, so a crash can
 * never leave state and log disagreeing.
 */
import type { RunState, StepState } from '../../shared/model';
import type { JournalRecord } from './journal-events';

/** One line for the log and the exports: the run was abandoned, and what that left. */
export function abandonMessage(undone: readonly string[], cannotUndo: readonly string[]): string {
  const parts = ['Abandoned.'];
  if (undone.length) parts.push(`Undone: ${undone.join(' ')}`);
  if (cannotUndo.length) parts.push(`Cannot be undone: ${cannotUndo.join(' ')}`);
  if (!undone.length && !cannotUndo.length) parts.push('Nothing this run changed needed undoing.');
  return parts.join(' ');
}

export function foldJournal(records: readonly JournalRecord[], warnings: string[] = []): RunState {
  const first = records[0];
  if (!first || first.type !== 'run-started')
    throw new Error('journal does not start with run-started');
  const state: RunState = {
    runId: first.runId,
    workflow: first.workflow,
    workflowTitle: first.workflowTitle,
    status: 'running',
    startedAt: first.t,
    machine: first.machine,
    ...(first.operator ? { operator: first.operator } : {}),
    ...(first.windowsBuild !== undefined ? { windowsBuild: first.windowsBuild } : {}),
    steps: first.steps.map((s): StepState => ({
      id: s.id,
      title: s.title,
      status: 'pending',
      attempts: 0,
      before: [],
      after: [],
    })),
    answers: {},
    warnings: [...warnings],
  };
  const byId = new Map(state.steps.map((s) => [s.id, s]));
  const step = (id: string): StepState => {
    let s = byId.get(id);
    if (!s) {
      // A journal written by an older workflow version may name a step that no longer exists.
      s = { id, title: id, status: 'pending', attempts: 0, before: [], after: [] };
      byId.set(id, s);
      state.steps.push(s);
    }
    return s;
  };

  for (const r of records.slice(1)) {
    switch (r.type) {
      case 'run-started':
        break;
      case 'step-started': {
        const s = step(r.stepId);
        s.status = 'running';
        if (r.attempt !== s.attempts) {
          s.attempts = r.attempt;
          s.before = [];
          s.after = [];
          // A new attempt needs its own reboot; the previous one proves nothing about it.
          delete s.reboot;
        }
        s.startedAt ??= r.t;
        delete s.finishedAt;
        delete s.summary;
        state.status = 'running';
        delete state.pause;
        delete state.message;
        break;
      }
      case 'check': {
        // A resumed step runs its checks again: the latest result replaces the earlier one
        // (the journal keeps both).
        const list = step(r.stepId)[r.phase];
        const at = list.findIndex((c) => c.id === r.result.id);
        if (at >= 0) list[at] = r.result;
        else list.push(r.result);
        break;
      }
      case 'answer': {
        state.answers[r.questionId] = {
          value: r.value,
          source: r.source,
          at: r.t,
          ...(r.by ? { by: r.by } : {}),
        };
        const m = /^confirm:(.+)$/.exec(r.questionId);
        if (m) {
          if (r.value === true) step(m[1]!).confirmedBy = r.source;
          else delete step(m[1]!).confirmedBy;
        }
        break;
      }
      case 'answer-cleared': {
        delete state.answers[r.questionId];
        const m = /^confirm:(.+)$/.exec(r.questionId);
        if (m) delete step(m[1]!).confirmedBy;
        break;
      }
      case 'action-started':
        step(r.stepId).action = {
          id: r.actionId,
          attempt: r.attempt,
          ok: false,
          summary: 'started',
          details: [],
          outputs: {},
          startedAt: r.t,
        };
        break;
      case 'action-finished':
        step(r.stepId).action = r.action;
        break;
      case 'reboot-requested': {
        const s = step(r.stepId);
        s.reboot = { requestedAt: r.t, bootBefore: r.bootBefore };
        break;
      }
      case 'reboot-confirmed': {
        const s = step(r.stepId);
        if (s.reboot) s.reboot.bootAfter = r.bootAfter;
        break;
      }
      case 'step-finished': {
        const s = step(r.stepId);
        s.status = r.status;
        s.summary = r.summary;
        s.finishedAt = r.t;
        break;
      }
      case 'paused':
        state.status = r.pause.reason === 'reboot' ? 'paused-reboot' : 'waiting-answer';
        state.pause = r.pause;
        step(r.pause.stepId).status = 'waiting';
        break;
      case 'resumed':
        state.status = 'running';
        delete state.pause;
        delete state.message;
        break;
      case 'run-finished':
        state.status = r.status;
        if (r.message !== undefined) state.message = r.message;
        delete state.pause;
        if (r.status === 'finished') state.finishedAt = r.t;
        break;
      case 'warning':
        state.warnings.push(r.message);
        break;
      case 'run-abandoned':
        state.status = 'abandoned';
        state.abandoned = { undone: r.undone, cannotUndo: r.cannotUndo };
        state.message = abandonMessage(r.undone, r.cannotUndo);
        delete state.pause;
        break;
    }
  }
  return state;
}
