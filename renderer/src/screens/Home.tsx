/**
 * Home: a run waiting after a restart first, then runs in progress, this computer at a glance
 * (OS, power, disks and their health, free space), the workflows this computer offers
 * (practice-only ones marked), backup reminders, and the history of finished runs.
 */
import type { AppWorkflow, Reminder, RunListItem } from '../api';
import { RestartIcon } from '../components/Icons';
import { RunStatusBadge } from '../components/RunStatusBadge';
import { MachineGlance } from '../components/MachineGlance';
import { ReminderForm } from '../components/ReminderForm';
import { useFocusOnChange } from '../focus';
import {
  abandonRun,
  checkReminder,
  deleteReminder,
  pickFolderPath,
  saveReminder,
  go,
  openBundle,
  openRun,
  resumeRun,
  runPreflight,
  useApp,
} from '../store';
import { useState } from 'react';
import { formatWhen } from '../time';

function ResumeBanner({ run }: { run: RunListItem }) {
  const practice = run.machine.kind === 'practice';
  return (
    <section className="resume-banner" aria-labelledby="resume-title">
      <RestartIcon className="resume-icon" />
      <div className="resume-text">
        <h2 id="resume-title">
          {practice ? 'The practice machine restarted' : 'Welcome back — your computer restarted'}
        </h2>
        <p>
          <strong>{run.workflowTitle}</strong> is waiting at{' '}
          <strong>“{run.stepTitle ?? 'the next step'}”</strong>
          {practice
            ? ` on ${run.machine.label}.`
            : '. Continue where you left off; the restart is checked first.'}
        </p>
      </div>
      <button type="button" className="btn btn-primary" onClick={() => void resumeRun(run.runId)}>
        Continue
      </button>
    </section>
  );
}

function WorkflowCard({ w, platform }: { w: AppWorkflow; platform: string }) {
  const windows = w.practice;
  // The buttons keep their visible words as their names; the card title describes them.
  const titleId = `wf-${w.id}`;
  const where = w.availableHere
    ? 'Runs on this computer'
    : w.practiceOnly
      ? 'Practice only on this computer'
      : 'Not available on this computer';
  return (
    <li className="card workflow-card">
      <div className="card-head">
        <h3 id={titleId}>{w.title}</h3>
        <span
          className={`tag ${w.practiceOnly ? 'tag-practice' : w.availableHere ? 'tag-ok' : 'tag-muted'}`}
        >
          {where}
        </span>
      </div>
      <p className="card-text">{w.description}</p>
      <p className="card-meta">
        {w.steps.length} steps
        {windows && !w.availableHere && platform !== 'win32'
          ? ' · for Windows PCs — rehearse it here on a simulated PC'
          : ''}
      </p>
      <div className="card-actions">
        {w.availableHere && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void runPreflight(w.id, { kind: 'real' })}
            aria-describedby={titleId}
          >
            Check this computer
          </button>
        )}
        {windows && (
          <button
            type="button"
            className={`btn ${w.availableHere ? 'btn-secondary' : 'btn-primary'}`}
            onClick={() => go({ name: 'practice', workflowId: w.id })}
            aria-describedby={titleId}
          >
            Practice on a simulated PC
          </button>
        )}
        {windows && (
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => void openBundle(w.id)}
            aria-describedby={titleId}
          >
            Open a diagnostics bundle…
          </button>
        )}
      </div>
    </li>
  );
}

function RunRow({ run }: { run: RunListItem }) {
  const finished = run.status === 'finished' || run.status === 'cancelled';
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="run-row">
      <div className="run-main">
        <div className="run-title" id={`run-${run.runId}`}>
          {run.workflowTitle}
        </div>
        <div className="run-meta">
          {run.machine.kind === 'practice' ? (
            <span className="tag tag-practice">Practice</span>
          ) : null}{' '}
          {run.machine.label} · started {formatWhen(run.startedAt)}
          {run.stepTitle && !finished ? ` · at “${run.stepTitle}”` : ''}
        </div>
      </div>
      <RunStatusBadge status={run.status} active={run.active} />
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() => void openRun(run.runId)}
        aria-describedby={`run-${run.runId}`}
      >
        {finished ? 'View' : 'Resume'}
      </button>
      {!finished && !run.active && !confirming && (
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={() => setConfirming(true)}
          aria-describedby={`run-${run.runId}`}
        >
          Abandon
        </button>
      )}
      {confirming && (
        <span className="abandon-confirm" role="group" aria-label="Abandon this run?">
          <span>Abandon? What can be undone is undone.</span>
          <button
            type="button"
            className="btn btn-danger btn-small"
            onClick={() => void abandonRun(run.runId).finally(() => setConfirming(false))}
          >
            Yes, abandon
          </button>
          <button
            type="button"
            className="btn btn-quiet btn-small"
            onClick={() => setConfirming(false)}
          >
            Keep it
          </button>
        </span>
      )}
    </li>
  );
}

function driveName(r: Reminder): string {
  return r.drive?.label ?? (r.drive?.serial ? `serial ${r.drive.serial}` : 'backup drive');
}

function ReminderRow({ r, onEdit }: { r: Reminder; onEdit(r: Reminder): void }) {
  const textId = `reminder-${r.id}`;
  const [removing, setRemoving] = useState(false);
  return (
    <li className="reminder-row">
      <span className={`badge ${r.overdue ? 'badge-warn' : 'badge-pass'}`}>
        {r.overdue ? 'Overdue' : 'On track'}
      </span>
      <span className="reminder-text" id={textId}>
        {r.nudge && <strong className="reminder-nudge">{r.nudge}. </strong>}
        <span className="mono">{r.source}</span> → <span className="mono">{r.backup}</span>
        <span className="muted">
          {' '}
          · every {r.intervalDays} days · last backup{' '}
          {r.lastBackupAt ? formatWhen(r.lastBackupAt) : 'never'}
          {r.dueAt ? ` · due ${formatWhen(r.dueAt)}` : ''}
          {r.drive
            ? ` · ${driveName(r)} ${r.driveConnected === null ? '(not looked up)' : r.driveConnected ? 'connected' : 'not connected'}`
            : ''}
        </span>
      </span>
      {r.overdue && (
        <button
          type="button"
          className={`btn btn-small ${r.nudge ? 'btn-primary' : 'btn-secondary'}`}
          onClick={() => void checkReminder(r.id)}
          aria-describedby={textId}
        >
          Check it now
        </button>
      )}
      <span className="reminder-actions">
        <button
          type="button"
          className="btn btn-small btn-quiet"
          onClick={() => onEdit(r)}
          aria-describedby={textId}
        >
          Edit
        </button>
        {removing ? (
          <>
            <button
              type="button"
              className="btn btn-small btn-danger"
              onClick={() => void deleteReminder(r.id)}
              aria-describedby={textId}
            >
              Remove it
            </button>
            <button
              type="button"
              className="btn btn-small btn-quiet"
              onClick={() => setRemoving(false)}
            >
              Keep it
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-quiet"
            onClick={() => setRemoving(true)}
            aria-describedby={textId}
          >
            Remove
          </button>
        )}
      </span>
    </li>
  );
}

export function Home() {
  const { workflows, runs, damaged, reminders, info, busy } = useApp();
  /** The reminder form: closed, a new reminder, or one being edited. */
  const [reminderForm, setReminderForm] = useState<null | 'new' | Reminder>(null);
  const heading = useFocusOnChange<HTMLHeadingElement>('home');
  const waiting = runs.filter((r) => r.status === 'paused-reboot');
  const open = runs.filter(
    (r) => r.status !== 'finished' && r.status !== 'cancelled' && r.status !== 'paused-reboot',
  );
  const history = runs.filter((r) => r.status === 'finished' || r.status === 'cancelled');
  const platform = info?.platform ?? '';

  return (
    <div className="screen home">
      <h1 ref={heading} tabIndex={-1} className="visually-hidden">
        Workstation Ops — home
      </h1>
      {waiting.map((r) => (
        <ResumeBanner key={r.runId} run={r} />
      ))}

      {open.length > 0 && (
        <section aria-labelledby="inprogress-title" className="section">
          <h2 id="inprogress-title">Runs in progress</h2>
          <ul className="run-list">
            {open.map((r) => (
              <RunRow key={r.runId} run={r} />
            ))}
          </ul>
        </section>
      )}

      <MachineGlance />

      <section aria-labelledby="workflows-title" className="section">
        <h2 id="workflows-title">What do you want to fix?</h2>
        <p className="section-intro">
          Each workflow checks your machine first, then walks you through the fix one step at a
          time. It checks every step and keeps a log you can export.
        </p>
        <ul className="card-list">
          {workflows.map((w) => (
            <WorkflowCard key={w.id} w={w} platform={platform} />
          ))}
        </ul>
      </section>

      <div className="two-col">
        <section aria-labelledby="reminders-title" className="section">
          <h2 id="reminders-title">Backup reminders</h2>
          {!reminders ? (
            <p className="muted">Loading…</p>
          ) : !reminders.available ? (
            <p className="muted">Backup reminders are not part of this version yet.</p>
          ) : reminders.reminders.length === 0 ? (
            <p className="muted">
              No backup reminders set up yet. A passing “Check a backup against its source” records
              your backup; reminders then show here and in the tray.
            </p>
          ) : (
            <ul className="reminder-list">
              {reminders.reminders.map((r) => (
                <ReminderRow key={r.id} r={r} onEdit={setReminderForm} />
              ))}
            </ul>
          )}
          {reminders?.available &&
            (reminderForm ? (
              <ReminderForm
                key={reminderForm === 'new' ? 'new' : reminderForm.id}
                editing={reminderForm === 'new' ? null : reminderForm}
                busy={busy !== null}
                onSave={saveReminder}
                onCancel={() => setReminderForm(null)}
                onBrowse={pickFolderPath}
              />
            ) : (
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => setReminderForm('new')}
              >
                Add a reminder
              </button>
            ))}
        </section>

        <section aria-labelledby="history-title" className="section">
          <h2 id="history-title">History</h2>
          {history.length === 0 ? (
            <p className="muted">No finished runs yet.</p>
          ) : (
            <ul className="run-list">
              {history.slice(0, 8).map((r) => (
                <RunRow key={r.runId} run={r} />
              ))}
            </ul>
          )}
          {damaged.length > 0 && (
            <p className="muted">
              {damaged.length} run log{damaged.length === 1 ? '' : 's'} could not be read:{' '}
              {damaged.map((d) => d.runId).join(', ')}.
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
