/** One line per run, for `wsops runs` and the app's Runs list (the same fields in both). */
import type { RunState } from '../../shared/model';

export interface RunSummary {
  runId: string;
  workflow: string;
  workflowTitle: string;
  status: RunState['status'];
  startedAt: string;
  finishedAt: string | null;
  machine: RunState['machine'];
  /** The step the run is on (paused/running) or stopped at. */
  stepTitle: string | null;
  message: string | null;
}

export function summariseRun(s: RunState): RunSummary {
  const stepId =
    s.pause?.stepId ??
    s.steps.find((x) => x.status === 'running' || x.status === 'blocked' || x.status === 'failed')
      ?.id;
  return {
    runId: s.runId,
    workflow: s.workflow,
    workflowTitle: s.workflowTitle,
    status: s.status,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt ?? null,
    machine: s.machine,
    stepTitle: s.steps.find((x) => x.id === stepId)?.title ?? null,
    message: s.message ?? s.pause?.message ?? null,
  };
}
