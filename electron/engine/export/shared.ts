import type { CheckStatus, StepStatus } from '../../../shared/model';

export const STATUS_WORD: Record<StepStatus, string> = {
  pending: 'not started',
  running: 'interrupted',
  waiting: 'waiting',
  blocked: 'blocked',
  failed: 'failed',
  done: 'done',
  skipped: 'skipped',
};

export const CHECK_MARK: Record<CheckStatus, string> = {
  pass: '✔ pass',
  warn: '⚠ warn',
  fail: '✘ fail',
  unknown: '? unknown',
};

/** Done and skipped steps need nothing more from the user. */
export function isTicked(status: StepStatus): boolean {
  return status === 'done' || status === 'skipped';
}

export function timeRange(start: string | null, end: string | null): string {
  if (!start) return 'not started';
  return `${start} → ${end ?? '…'}`;
}
