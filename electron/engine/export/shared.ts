import type { CheckStatus, StepStatus } from '../../../shared/model';
import type { RunLog } from '../../../shared/run-log';

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

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A time as the person reads it — local, with its UTC offset — next to the UTC the log keeps:
 * `2026-12-02 08:15:03 +01:00 (2026-12-02T07:15:03Z)`. `offsetMinutes` is for tests (default:
 * this computer's offset at that moment).
 */
export function localAndUtc(iso: string | null, offsetMinutes?: number): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const off = offsetMinutes ?? -d.getTimezoneOffset();
  const l = new Date(d.getTime() + off * 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const local = `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())} ${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${local} (${d.toISOString().replace(/\.\d{3}Z$/, 'Z')})`;
}

/** The sign-off verdict at the top of every export: finished or not, and with which warnings. */
export function verdictOf(log: RunLog): { ok: boolean; headline: string; warnings: string[] } {
  const warnings = [
    ...log.warnings,
    ...log.steps.flatMap((s) =>
      s.checks
        .filter((c, i, all) => c.status === 'warn' && all.findIndex((x) => x.id === c.id) === i)
        .map((c) => `${s.title}: ${c.summary}`),
    ),
  ];
  const ok = log.status === 'finished';
  const status = ok ? 'Finished' : `Not finished — ${log.status}`;
  const tail = warnings.length
    ? `, with ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`
    : ok
      ? ', no warnings'
      : '';
  return { ok, headline: `${status}${tail}${log.message ? `: ${log.message}` : ''}`, warnings };
}

/** Every answer and confirmation: what, the value, how it was given, by whom and when. */
export function answerRows(log: RunLog): {
  what: string;
  value: string;
  how: string;
  who: string;
  when: string;
}[] {
  const stepTitle = (id: string) => log.steps.find((s) => s.id === id)?.title ?? id;
  return log.answers.map((a) => {
    const confirm = /^confirm:(.+)$/.exec(a.id);
    return {
      what: confirm ? `Confirmed: ${stepTitle(confirm[1]!)}` : a.id,
      value: confirm ? (a.value === true ? 'yes' : 'no') : JSON.stringify(a.value),
      how: SOURCE_WORD[a.source],
      who: a.by
        ? `${a.by.user} on ${a.by.host}`
        : log.operator
          ? `${log.operator.user} on ${log.operator.host}`
          : 'not recorded',
      when: localAndUtc(a.answeredAt),
    };
  });
}

export const SOURCE_WORD: Record<RunLog['answers'][number]['source'], string> = {
  'yes-flag': '--yes',
  'answers-file': 'answers file',
  prompt: 'typed at the prompt',
  app: 'in the app',
  default: 'the default',
};
