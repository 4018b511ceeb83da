/** Check results as rows: status badge, title, summary, and the evidence on demand. */
import { useState } from 'react';
import type { CheckResult, CheckStatus, CommandRun } from '../api';
import { CauseBadge, StatusBadge } from './StatusBadge';

export function countStatuses(checks: CheckResult[]): Record<CheckStatus, number> {
  const c = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const x of checks) c[x.status]++;
  return c;
}

export function CheckSummary({
  checks,
  causes = [],
}: {
  checks: CheckResult[];
  causes?: string[] | undefined;
}) {
  // A fact that is the cause of the problem is not a pass for this job.
  const c = countStatuses(checks.filter((x) => !causes.includes(x.id)));
  const parts = [
    ...(causes.length ? [`${causes.length} cause${causes.length === 1 ? '' : 's'}`] : []),
    `${c.pass} passed`,
    `${c.warn} warning${c.warn === 1 ? '' : 's'}`,
    `${c.fail} failed`,
    ...(c.unknown ? [`${c.unknown} unknown`] : []),
  ];
  return (
    <p className="check-summary">
      <span className="summary-chips" aria-hidden="true">
        {(['pass', 'warn', 'fail', 'unknown'] as const)
          .filter((s) => s !== 'unknown' || c.unknown > 0)
          .map((s) => (
            <span key={s} className={`chip chip-${s}`}>
              {c[s]}
            </span>
          ))}
      </span>
      <span>{parts.join(' · ')}</span>
    </p>
  );
}

function CheckRow({ check, cause }: { check: CheckResult; cause: boolean }) {
  const [open, setOpen] = useState(false);
  const hasDetails = check.evidence.length > 0;
  const detailsId = `ev-${check.id}-${check.at}`.replace(/[^A-Za-z0-9_-]/g, '-');
  return (
    <li className={`check check-${cause ? 'cause' : check.status}`}>
      {cause ? <CauseBadge /> : <StatusBadge status={check.status} />}
      <div className="check-body">
        <div className="check-title">{check.title}</div>
        <div className="check-text">{check.summary}</div>
        {hasDetails && (
          <>
            <button
              type="button"
              className="link-button"
              aria-expanded={open}
              aria-controls={detailsId}
              onClick={() => setOpen(!open)}
            >
              {open ? 'Hide details' : 'Details'}
            </button>
            {open && (
              <pre id={detailsId} className="evidence">
                {check.evidence.join('\n')}
              </pre>
            )}
          </>
        )}
      </div>
    </li>
  );
}

/**
 * The latest result of each check, in first-seen order: a step that is resumed runs its checks
 * again, and the journal keeps every result — the person needs the current one.
 */
export function latestChecks(checks: CheckResult[]): CheckResult[] {
  const byId = new Map<string, CheckResult>();
  for (const c of checks) {
    byId.delete(c.id);
    byId.set(c.id, c);
  }
  const order = [...new Set(checks.map((c) => c.id))];
  return order.map((id) => byId.get(id)!);
}

/** The programs the checks started, as a PC runs them, on demand (folded by default). */
function CommandsRun({ commands }: { commands: CommandRun[] }) {
  return (
    <details className="commands-run">
      <summary>Commands run ({commands.length})</summary>
      <ul className="evidence" aria-label="Commands run">
        {commands.map((c, i) => (
          <li key={i} className="mono break">
            {c.command}{' '}
            <span className="muted">
              — exit {c.exitCode ?? 'none'}, {Math.round(c.ms)} ms
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function CheckList({
  checks,
  label,
  causes = [],
  commands = [],
}: {
  checks: CheckResult[];
  label: string;
  /** Check ids the diagnosis names as the cause: shown as "Cause", not as a pass. */
  causes?: string[] | undefined;
  commands?: CommandRun[];
}) {
  if (!checks.length) return null;
  return (
    <>
      <ul className="checks" aria-label={label}>
        {latestChecks(checks).map((c, i) => (
          <CheckRow key={`${c.id}-${i}`} check={c} cause={causes.includes(c.id)} />
        ))}
      </ul>
      {commands.length > 0 && <CommandsRun commands={commands} />}
    </>
  );
}
