/** The end of a run (or its log so far): what was done, the final checks, and the exports. */
import { useEffect } from 'react';
import type { ExportFormat } from '../api';
import { CheckList } from '../components/CheckList';
import { CheckIcon, Spinner } from '../components/Icons';
import { RunStatusBadge } from '../components/RunStatusBadge';
import { useFocusOnChange } from '../focus';
import { exportRun, go, openLogFolder, openRun, useApp } from '../store';
import { formatDuration, formatWhen } from '../time';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML' },
  { format: 'json', label: 'JSON' },
  { format: 'pdf', label: 'PDF' },
];

export function Finish({ runId }: { runId: string }) {
  const run = useApp((s) => s.live[runId]);
  const { busy, notice } = useApp();
  const heading = useFocusOnChange<HTMLHeadingElement>(`finish-${runId}`);
  useEffect(() => {
    if (!run) void openRun(runId);
  }, [run, runId]);
  if (!run) {
    return (
      <p className="working" role="status">
        <Spinner /> Opening…
      </p>
    );
  }
  const { state } = run;
  const finished = state.status === 'finished';
  const done = state.steps.filter((s) => s.status === 'done').length;
  const skipped = state.steps.filter((s) => s.status === 'skipped').length;
  const restarts = state.steps.filter((s) => s.reboot?.bootAfter).length;
  const last = state.steps.at(-1);
  const finalChecks = last?.after.length ? last.after : [];

  return (
    <div className="screen finish">
      <p className="eyebrow">
        {state.machine.kind === 'practice' ? 'Practice run' : 'Run'} · {state.machine.label}
      </p>
      <div className="finish-head">
        {finished && <CheckIcon className="finish-icon" />}
        <h1 ref={heading} tabIndex={-1}>
          {finished ? 'All done' : 'Run log'}: {state.workflowTitle}
        </h1>
      </div>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <RunStatusBadge status={state.status} active={run.active} />
          {state.message ? <span className="muted"> {state.message}</span> : null}
        </dd>
        <dt>Steps</dt>
        <dd>
          {done} done{skipped ? `, ${skipped} skipped (not needed)` : ''} of {state.steps.length}
          {restarts ? ` · ${restarts} restart${restarts === 1 ? '' : 's'} confirmed` : ''}
        </dd>
        <dt>Started</dt>
        <dd>{formatWhen(state.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>
          {state.finishedAt
            ? `${formatWhen(state.finishedAt)} (${formatDuration(state.startedAt, state.finishedAt)})`
            : 'not yet'}
        </dd>
        <dt>Run id</dt>
        <dd className="mono">{state.runId}</dd>
      </dl>
      {state.warnings.length > 0 && (
        <div className="callout callout-warn">
          <p>
            <strong>Warnings</strong>
          </p>
          <ul>
            {state.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {finalChecks.length > 0 && (
        <section className="section" aria-labelledby="final-title">
          <h2 id="final-title">Final check</h2>
          <CheckList checks={finalChecks} label="Final check" />
        </section>
      )}
      <section className="section export" aria-labelledby="export-title">
        <h2 id="export-title">Keep the log</h2>
        <p className="section-intro">
          The log lists every step, every check with its evidence, and every answer. Save it for
          your records or for someone helping you.
        </p>
        <div className="button-row">
          {FORMATS.map((f) => (
            <button
              key={f.format}
              type="button"
              className="btn btn-secondary"
              onClick={() => void exportRun(runId, f.format)}
              disabled={Boolean(busy)}
            >
              Export {f.label}
            </button>
          ))}
          <button type="button" className="btn btn-quiet" onClick={() => void openLogFolder(runId)}>
            Open log folder
          </button>
        </div>
        <p className="notice" role="status">
          {notice ?? ''}
        </p>
      </section>
      <div className="footer-actions">
        {!finished && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => go({ name: 'wizard', runId })}
          >
            Back to the steps
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={() => go({ name: 'home' })}>
          Back to home
        </button>
      </div>
    </div>
  );
}
