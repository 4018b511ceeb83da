/**
 * One report row per input file: a run log, a check output, or a file that could not be read.
 * Verdicts are decided here and nowhere else (detect.ps1 reads them through `wsops report`).
 */
import { z } from 'zod';
import { firstIssue } from '../../../shared/parse-input';
import { RUN_LOG_FORMAT, RunLogSchema, type RunLog } from '../../../shared/run-log';
import type { CheckResult, RunStatus } from '../../../shared/model';
import { CheckOutputSchema, type CheckOutput, type ReportRow, type Verdict } from './schema';
import type { InputFile } from './read';

/**
 * How a workflow's check output shows "the problem": a program check whose data says
 * `installed: true` and a bugcheck check whose data counts at least one blue screen. The CLI
 * builds it from the workflow's own check definitions, so the ids are never copied.
 */
export interface DiagnosisRule {
  workflow: string;
  installedCheckId: string;
  bugcheckCheckId: string;
  /** e.g. "DiskCryptor installed and 0x1A blue screens". */
  problem: string;
}

const InstalledDataSchema = z.object({ installed: z.boolean() });
const BugcheckDataSchema = z.object({ count: z.number().int().nonnegative() });

export function rowFor(input: InputFile, rules: readonly DiagnosisRule[]): ReportRow {
  if (input.kind === 'skipped') return notRead(input.name, 'skipped', input.reason);
  if (input.kind === 'unreadable') return notRead(input.name, 'unreadable', input.reason);
  let raw: unknown;
  try {
    raw = JSON.parse(input.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return notRead(input.name, 'unreadable', `not valid JSON (${(e as Error).message})`);
  }
  if (isObject(raw) && raw.format === RUN_LOG_FORMAT) {
    const parsed = RunLogSchema.safeParse(raw);
    return parsed.success
      ? runRow(input.name, parsed.data)
      : notRead(input.name, 'unreadable', `run log ${firstIssue(parsed.error)}`);
  }
  if (isObject(raw) && 'checks' in raw) {
    const parsed = CheckOutputSchema.safeParse(raw);
    return parsed.success
      ? checkRow(input.name, parsed.data, rules)
      : notRead(input.name, 'unreadable', `check output ${firstIssue(parsed.error)}`);
  }
  return notRead(
    input.name,
    'unreadable',
    `neither a run log (format "${RUN_LOG_FORMAT}") nor a "wsops check --json" output`,
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function notRead(file: string, kind: 'skipped' | 'unreadable', reason: string): ReportRow {
  return {
    file,
    kind,
    host: null,
    workflow: null,
    status: kind,
    startedAt: null,
    finishedAt: null,
    restarts: null,
    problem: reason,
    verdict: kind,
    verdictText: kind === 'skipped' ? `not read: ${reason}` : `unreadable: ${reason}`,
  };
}

const PROBLEM_STEP = new Set(['failed', 'blocked', 'waiting', 'running']);

function runRow(file: string, log: RunLog): ReportRow {
  const step = log.steps.find((s) => PROBLEM_STEP.has(s.status));
  const problem = step
    ? `${step.title} (${step.status})${step.summary ? `: ${step.summary}` : ''}`
    : log.message;
  const { verdict, verdictText } = runVerdict(log);
  return {
    file,
    kind: 'run',
    host: log.machine.label,
    workflow: log.workflow,
    status: log.status,
    startedAt: log.startedAt,
    finishedAt: log.finishedAt,
    restarts: log.steps.filter((s) => s.reboot !== null).length,
    problem,
    verdict,
    verdictText,
  };
}

const IN_PROGRESS: Partial<Record<RunStatus, string>> = {
  'paused-reboot': 'paused for a restart: run wsops resume after it',
  'waiting-answer': 'waiting for an answer: wsops resume --answers FILE',
  running: 'interrupted: run wsops resume',
};

function runVerdict(log: RunLog): { verdict: Verdict; verdictText: string } {
  if (log.status === 'finished') {
    // The checks after each step say whether it worked; the last result of each check counts.
    const last = new Map<string, RunLog['steps'][number]['checks'][number]>();
    for (const s of log.steps) for (const c of s.checks) if (c.phase === 'after') last.set(c.id, c);
    const bad = [...last.values()].filter((c) => c.status === 'fail' || c.status === 'unknown');
    if (bad.length === 0)
      return { verdict: 'ok', verdictText: 'finished; every check after a step passed' };
    return {
      verdict: 'attention',
      verdictText: `finished, but ${bad.map((c) => `${c.title}: ${c.status}`).join('; ')}`,
    };
  }
  const waiting = IN_PROGRESS[log.status];
  if (waiting) return { verdict: 'in-progress', verdictText: waiting };
  return {
    verdict: 'failed',
    verdictText: `${log.status}${log.message ? `: ${log.message}` : ''}`,
  };
}

function checkRow(file: string, out: CheckOutput, rules: readonly DiagnosisRule[]): ReportRow {
  const times = out.checks.map((c) => c.at).sort();
  const failed = out.checks.filter((c) => c.status === 'fail');
  const { verdict, verdictText } = checkVerdict(out, rules);
  return {
    file,
    kind: 'check',
    host: out.machine.label,
    workflow: out.workflow,
    status: 'checked',
    startedAt: times[0] ?? null,
    finishedAt: times.at(-1) ?? null,
    restarts: null,
    problem: failed.length ? failed.map((c) => `${c.title}: ${c.summary}`).join('; ') : null,
    verdict,
    verdictText,
  };
}

/**
 * The diagnosis of a check output. With a rule for the workflow: the problem when the program is
 * installed and at least one blue screen is recorded; clear when either is proven absent;
 * unknown otherwise. Without a rule: a failed check is a problem, every check passing is clear.
 */
export function checkVerdict(
  out: CheckOutput,
  rules: readonly DiagnosisRule[],
): { verdict: Verdict; verdictText: string } {
  const failed = out.checks.filter((c) => c.status === 'fail');
  const rule = rules.find((r) => r.workflow === out.workflow);
  if (!rule) {
    if (failed.length)
      return {
        verdict: 'problem',
        verdictText: `failed: ${failed.map((c) => c.title).join('; ')}`,
      };
    const unread = out.checks.filter((c) => c.status === 'unknown');
    if (unread.length || out.checks.length === 0)
      return {
        verdict: 'unknown',
        verdictText: `not read: ${unread.map((c) => c.title).join('; ') || 'no checks'}`,
      };
    return { verdict: 'clear', verdictText: 'every check passed or warned' };
  }
  const installed = dataOf(out.checks, rule.installedCheckId, InstalledDataSchema)?.installed;
  const count = dataOf(out.checks, rule.bugcheckCheckId, BugcheckDataSchema)?.count;
  if (installed === true && count !== undefined && count > 0)
    return {
      verdict: 'problem',
      verdictText: `${rule.problem} (${count} blue screen${count === 1 ? '' : 's'})`,
    };
  if (installed === false) return { verdict: 'clear', verdictText: 'not installed' };
  if (count === 0) return { verdict: 'clear', verdictText: 'no blue screens recorded' };
  const missing = [
    installed === undefined ? rule.installedCheckId : null,
    count === undefined ? rule.bugcheckCheckId : null,
  ].filter(Boolean);
  return { verdict: 'unknown', verdictText: `could not be read: ${missing.join(', ')}` };
}

/** The structured data of a check that passed or warned, if it has the expected shape. */
function dataOf<S extends z.ZodType>(
  checks: CheckResult[],
  id: string,
  schema: S,
): z.infer<S> | undefined {
  const c = checks.find((x) => x.id === id);
  if (!c || c.status === 'unknown') return undefined;
  const parsed = schema.safeParse(c.data);
  return parsed.success ? parsed.data : undefined;
}
