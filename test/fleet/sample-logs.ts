/**
 * Run logs for report tests and the report bench, built from a step list like the flagship's and
 * checked against RunLogSchema, so a change of the schema breaks them here first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RUN_LOG_FORMAT, RunLogSchema, type RunLog } from '../../shared/run-log';
import type { RunStatus } from '../../shared/model';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';

export interface SampleOptions {
  host?: string;
  status?: RunStatus;
  /** Index of the step that failed/blocked/waits (for the matching run statuses). */
  stopAt?: number;
  startedAt?: string;
  /** An after-check status to put on the last step. */
  lastCheck?: 'pass' | 'warn' | 'fail' | 'unknown';
}

const STOP_STEP: Partial<Record<RunStatus, RunLog['steps'][number]['status']>> = {
  failed: 'failed',
  blocked: 'blocked',
  'waiting-answer': 'waiting',
  'paused-reboot': 'done',
  running: 'running',
  cancelled: 'pending',
};

export function sampleRunLog(i: number, opts: SampleOptions = {}): RunLog {
  const status = opts.status ?? 'finished';
  const start = Date.parse(opts.startedAt ?? '2026-11-30T08:00:00.000Z') + i * 60_000;
  const at = (k: number) => new Date(start + k * 1000).toISOString();
  const defs = windowsUpdateDiskCryptor.steps;
  const stopAt = status === 'finished' ? defs.length : (opts.stopAt ?? 5);
  const steps: RunLog['steps'] = defs.map((d, k) => {
    const before = k < stopAt;
    const stop = k === stopAt ? STOP_STEP[status] : undefined;
    const stepStatus = before ? 'done' : (stop ?? 'pending');
    const ran = before || stop !== undefined;
    return {
      id: d.id,
      title: d.title,
      status: stepStatus,
      attempts: ran ? 1 : 0,
      startedAt: ran ? at(k) : null,
      finishedAt: before ? at(k + 1) : null,
      summary: stop && stop !== 'done' ? `${d.title}: stopped here in sample ${i}` : null,
      confirmedBy: null,
      action: null,
      reboot:
        before && /reboot|reinstall|repair/.test(d.id)
          ? { requestedAt: at(k), bootBefore: at(k - 1), bootAfter: at(k + 1) }
          : null,
      checks: before
        ? [
            {
              phase: 'after' as const,
              id: `${d.id}-verified`,
              title: `${d.title} verified`,
              status: k === defs.length - 1 ? (opts.lastCheck ?? 'pass') : 'pass',
              summary: 'sample',
              evidence: [`line ${k}`],
              at: at(k + 1),
            },
          ]
        : [],
    };
  });
  return RunLogSchema.parse({
    format: RUN_LOG_FORMAT,
    workflow: windowsUpdateDiskCryptor.id,
    workflowTitle: windowsUpdateDiskCryptor.title,
    runId: `sample-${i}`,
    status,
    message: status === 'finished' || status === 'paused-reboot' ? null : `stopped in sample ${i}`,
    startedAt: at(0),
    finishedAt: status === 'finished' ? at(defs.length) : null,
    machine: { kind: 'practice', label: opts.host ?? `pc-${String(i).padStart(4, '0')}` },
    answers: [],
    warnings: [],
    steps,
    exportedAt: at(defs.length + 1),
  });
}

/** Writes `count` logs (every 10th failed, every 7th paused) and returns their file names. */
export function writeSampleLogs(dir: string, count: number): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const status: RunStatus = i % 10 === 3 ? 'failed' : i % 7 === 2 ? 'paused-reboot' : 'finished';
    const name = `pc-${String(i).padStart(4, '0')}.json`;
    fs.writeFileSync(path.join(dir, name), JSON.stringify(sampleRunLog(i, { status }), null, 2));
    names.push(name);
  }
  return names;
}
