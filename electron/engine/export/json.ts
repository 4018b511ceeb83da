import type { RunState } from '../../../shared/model';
import { RUN_LOG_FORMAT, type RunLog } from '../../../shared/run-log';
import { TOOL } from '../tool';

/** The run as the documented JSON log (shared/run-log.ts). */
export function toRunLog(state: RunState, exportedAt = new Date()): RunLog {
  return {
    format: RUN_LOG_FORMAT,
    workflow: state.workflow,
    workflowTitle: state.workflowTitle,
    runId: state.runId,
    status: state.status,
    message: state.message ?? null,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt ?? null,
    machine: state.machine,
    operator: state.operator ?? null,
    tool: { name: TOOL.name, version: TOOL.version },
    answers: Object.entries(state.answers).map(([id, a]) => ({
      id,
      value: a.value,
      source: a.source,
      answeredAt: a.at ?? null,
      by: a.by ?? null,
    })),
    warnings: state.warnings,
    steps: state.steps.map((s) => ({
      id: s.id,
      title: s.title,
      status: s.status,
      attempts: s.attempts,
      startedAt: s.startedAt ?? null,
      finishedAt: s.finishedAt ?? null,
      summary: s.summary ?? null,
      confirmedBy: s.confirmedBy ?? null,
      action: s.action
        ? {
            id: s.action.id,
            ok: s.action.ok,
            summary: s.action.summary,
            details: s.action.details,
            startedAt: s.action.startedAt,
            finishedAt: s.action.finishedAt ?? null,
          }
        : null,
      reboot: s.reboot
        ? {
            requestedAt: s.reboot.requestedAt,
            bootBefore: s.reboot.bootBefore,
            bootAfter: s.reboot.bootAfter ?? null,
          }
        : null,
      checks: [
        ...s.before.map((c) => ({ phase: 'before' as const, ...pickCheck(c) })),
        ...s.after.map((c) => ({ phase: 'after' as const, ...pickCheck(c) })),
      ],
    })),
    exportedAt: exportedAt.toISOString(),
  };
}

function pickCheck(c: RunState['steps'][number]['before'][number]) {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    summary: c.summary,
    evidence: c.evidence,
    at: c.at,
  };
}

export function exportJson(state: RunState, exportedAt = new Date()): string {
  return `${JSON.stringify(toRunLog(state, exportedAt), null, 2)}\n`;
}
