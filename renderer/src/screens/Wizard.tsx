/**
 * The wizard: the step list beside the current step — its instructions, its checks before and
 * after, what its action did, and whatever the run waits for (answers, a typed confirmation, a
 * restart), or the progress of a long action with Cancel.
 */
import { useState } from 'react';
import type { RunState, RunView, StepState, StepSummary } from '../api';
import { CheckList } from '../components/CheckList';
import { CheckIcon, RestartIcon, ShieldIcon, Spinner } from '../components/Icons';
import { Markdown } from '../components/Markdown';
import { ProgressBar } from '../components/ProgressBar';
import { QuestionForm } from '../components/QuestionForm';
import { RunStatusBadge } from '../components/RunStatusBadge';
import { PHASE_LABEL, StepList, stepPhase } from '../components/StepList';
import { useFocusOnChange } from '../focus';
import { answer, cancelRun, go, openWebPage, pickPath, resumeRun, useApp } from '../store';
import { formatWhen } from '../time';

export function currentStepId(state: RunState): string | null {
  if (state.pause) return state.pause.stepId;
  const running = state.steps.find((s) => s.status === 'running');
  if (running) return running.id;
  const stopped = state.steps.find((s) => s.status === 'blocked' || s.status === 'failed');
  if (stopped) return stopped.id;
  const next = state.steps.find((s) => s.status === 'pending' || s.status === 'waiting');
  return next?.id ?? state.steps.at(-1)?.id ?? null;
}

function ActionFlags({
  action,
  practice,
}: {
  action: NonNullable<StepSummary['action']>;
  practice: boolean;
}) {
  const flags: { key: string; text: string; tone: string }[] = [];
  if (action.needsAdmin)
    flags.push({
      key: 'admin',
      text: practice ? 'Administrator (simulated)' : 'Needs administrator',
      tone: 'admin',
    });
  if (action.destructive)
    flags.push({ key: 'destructive', text: 'Changes your system', tone: 'danger' });
  if (!action.reversible)
    flags.push({ key: 'irreversible', text: 'Cannot be undone', tone: 'danger' });
  if (action.reboot)
    flags.push({
      key: 'reboot',
      text: practice ? 'Restarts the practice machine' : 'Restarts the computer',
      tone: 'info',
    });
  return (
    <div className="action-card">
      <div className="action-title">
        <span className="muted small">Action</span> {action.title}
      </div>
      {flags.length > 0 && (
        <ul className="flag-list" aria-label="About this action">
          {flags.map((f) => (
            <li key={f.key} className={`flag flag-${f.tone}`}>
              {f.key === 'admin' && <ShieldIcon />}
              {f.key === 'reboot' && <RestartIcon />}
              {f.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ActionResult({ step, working }: { step: StepState; working: boolean }) {
  const [open, setOpen] = useState(false);
  const a = step.action;
  if (!a && !step.reboot) return null;
  // While the action runs, the progress (or "Working…") above says everything.
  if (working && a && !a.finishedAt && !step.reboot) return null;
  return (
    <div className="result">
      <h3>What happened</h3>
      {a && (
        <p className={`result-line ${a.ok || /^Cancelled/.test(a.summary) ? '' : 'is-bad'}`}>
          {a.summary === 'started' ? 'The action started but did not finish.' : a.summary}
          {a.finishedAt && <span className="muted small"> · {formatWhen(a.finishedAt)}</span>}
        </p>
      )}
      {step.reboot && (
        <p className="result-line">
          {step.reboot.bootAfter ? (
            <>
              <CheckIcon className="ok-icon" /> Restart confirmed (booted{' '}
              {formatWhen(step.reboot.bootAfter)}).
            </>
          ) : (
            'Restart requested. When the run continues, Workstation Ops checks that the machine really restarted (its boot time changed).'
          )}
        </p>
      )}
      {a && a.details.length > 0 && (
        <>
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide details' : 'Details'}
          </button>
          {open && <pre className="evidence">{a.details.join('\n')}</pre>}
        </>
      )}
    </div>
  );
}

function RebootPanel({ run, busy }: { run: RunView; busy: boolean }) {
  const practice = run.state.machine.kind === 'practice';
  return (
    <div className="reboot-panel" role="region" aria-labelledby="reboot-title">
      <RestartIcon className="reboot-icon" />
      {practice ? (
        <>
          <h3 id="reboot-title">The practice machine restarted — continue</h3>
          <p>
            On a real PC, Windows would restart now, and Workstation Ops would reopen on this step
            after you sign in.
          </p>
        </>
      ) : (
        <>
          <h3 id="reboot-title">Restarting…</h3>
          <p>
            <strong>Workstation Ops will reopen on this step after the restart.</strong> Save your
            work in other programs now: Windows restarts in about 30 seconds.
          </p>
        </>
      )}
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void resumeRun(run.state.runId)}
        disabled={busy}
      >
        {practice ? 'Continue' : 'I restarted — continue'}
      </button>
    </div>
  );
}

function InteractionBody({
  run,
  step,
  summary,
  busy,
}: {
  run: RunView;
  step: StepState;
  summary: StepSummary | undefined;
  busy: boolean;
}) {
  const { state, active, questions, progress } = run;
  // Reset by the parent's key: a new drive (or a new pause) is a new InteractionBody.
  const [cancelling, setCancelling] = useState(false);
  const practice = state.machine.kind === 'practice';

  if (active) {
    if (progress && progress.stepId === step.id) {
      return (
        <ProgressBar
          progress={progress}
          label={progress.phase === 'delete' ? 'Deleting files…' : `${progress.phase}…`}
          cancelling={cancelling}
          onCancel={() => {
            setCancelling(true);
            void cancelRun(state.runId);
          }}
        />
      );
    }
    return (
      <p className="working" role="status">
        <Spinner /> Working on this step…
      </p>
    );
  }
  switch (state.status) {
    case 'waiting-answer':
      if (questions.length > 0) {
        return (
          <QuestionForm
            key={`${step.id}|${questions.map((q) => q.id).join('|')}`}
            questions={questions}
            step={summary}
            practice={practice}
            busy={busy}
            problems={
              state.pause?.problem && state.pause.questions[0]
                ? { [state.pause.questions[0].id]: state.pause.problem }
                : {}
            }
            onSubmit={(answers) => void answer(state.runId, answers)}
            onBrowse={(q, current) => pickPath(state.runId, q, current)}
          />
        );
      }
      return (
        <div className="callout callout-info">
          <p>{state.pause?.message ?? 'This run is paused.'}</p>
          <ResumeButton runId={state.runId} busy={busy} label="Continue" />
        </div>
      );
    case 'paused-reboot':
      return <RebootPanel run={run} busy={busy} />;
    case 'blocked':
    case 'failed':
      return (
        <div className="callout callout-fail" role="alert">
          <p>
            <strong>{state.status === 'blocked' ? 'Stopped here.' : 'This step failed.'}</strong>{' '}
            {state.message}
          </p>
          <RetryWithAnswers run={run} step={step} summary={summary} busy={busy} />
          <div className="form-actions">
            <ResumeButton runId={state.runId} busy={busy} label="Try again" />
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => go({ name: 'finish', runId: state.runId })}
            >
              Log and export
            </button>
          </div>
        </div>
      );
    case 'running':
      return (
        <div className="callout callout-info">
          <p>
            This run was interrupted here (the app closed while it worked). Continuing repeats the
            interrupted part safely.
          </p>
          <ResumeButton runId={state.runId} busy={busy} label="Continue" />
        </div>
      );
    default:
      return null;
  }
}

/** What the current step needs now; `data-interaction`/`data-key` let tests and tools follow it. */
export function interactionKind(run: RunView, stepId: string): string {
  if (run.active) return run.progress?.stepId === stepId ? 'progress' : 'working';
  const s = run.state.status;
  if (s === 'waiting-answer') return run.questions.length ? 'form' : 'paused';
  if (s === 'paused-reboot') return 'reboot';
  if (s === 'blocked' || s === 'failed') return 'stopped';
  if (s === 'running') return 'interrupted';
  return 'none';
}

function Interaction(props: {
  run: RunView;
  step: StepState;
  summary: StepSummary | undefined;
  busy: boolean;
}) {
  const kind = interactionKind(props.run, props.step.id);
  const key = `${props.step.id}|${props.step.attempts}|${kind}|${props.run.questions.map((q) => q.id).join(',')}`;
  return (
    <div className="interaction" data-interaction={kind} data-key={key}>
      <InteractionBody key={key} {...props} />
    </div>
  );
}

export function Wizard({ runId }: { runId: string }) {
  const run = useApp((s) => s.live[runId]);
  const busy = useApp((s) => s.busy);
  // A step the person opened in the list; it counts only while the run stays on the same current
  // step — when the run moves on, the wizard follows it again.
  const [picked, setPicked] = useState<{ id: string; whileAt: string | null } | null>(null);
  const currentId = run ? currentStepId(run.state) : null;
  const selected = picked && picked.whileAt === currentId ? picked.id : null;
  const setSelected = (id: string | null) =>
    setPicked(id === null ? null : { id, whileAt: currentId });
  const shownId = selected ?? currentId;
  const focusKey = run
    ? `${shownId}:${run.active ? 'active' : `${run.state.status}:${run.questions.map((q) => q.id).join(',')}`}`
    : 'loading';
  const heading = useFocusOnChange<HTMLHeadingElement>(focusKey);

  if (!run) {
    return (
      <p className="working" role="status">
        <Spinner /> Opening…
      </p>
    );
  }
  const { state, workflow } = run;
  const index = Math.max(
    0,
    state.steps.findIndex((s) => s.id === shownId),
  );
  const step = state.steps[index]!;
  const summary = workflow.steps.find((s) => s.id === step.id);
  const isCurrent = step.id === currentId;
  const phase = stepPhase(step, state, run.active, isCurrent);
  const practice = state.machine.kind === 'practice';
  // On the step's definition, worded for this machine's build; main allows only known pages.
  const links = summary?.links ?? [];

  return (
    <div className="screen wizard">
      <div className="wizard-head">
        <div>
          <p className="eyebrow">
            {practice ? 'Practice run' : 'Run'} · {state.machine.label}
          </p>
          <h1 className="wizard-title">{state.workflowTitle}</h1>
        </div>
        <RunStatusBadge status={state.status} active={run.active} />
      </div>
      <div className="wizard-body">
        <StepList
          run={state}
          active={run.active}
          currentId={currentId}
          selectedId={shownId}
          onSelect={(id) => setSelected(id === currentId ? null : id)}
        />
        <section className="step-panel" aria-labelledby="step-title">
          <p className="eyebrow">
            Step {index + 1} of {state.steps.length} ·{' '}
            <span data-phase={phase}>{PHASE_LABEL[phase]}</span>
          </p>
          <h2 id="step-title" ref={heading} tabIndex={-1}>
            {step.title}
          </h2>
          {!isCurrent && (
            <p className="viewing-note">
              You are looking at an earlier or later step.{' '}
              <button type="button" className="link-button" onClick={() => setSelected(null)}>
                Back to the current step
              </button>
            </p>
          )}
          {summary && <Markdown source={summary.instructions} />}
          {links.length > 0 && (
            <ul className="link-list">
              {links.map((l) => (
                <li key={l.url}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void openWebPage(l.url)}
                  >
                    {l.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {summary?.action && <ActionFlags action={summary.action} practice={practice} />}
          {step.before.length > 0 && (
            <div className="check-block">
              <h3>Checks before</h3>
              <CheckList checks={step.before} label="Checks before" />
            </div>
          )}
          {isCurrent && (
            <Interaction run={run} step={step} summary={summary} busy={Boolean(busy)} />
          )}
          <ActionResult step={step} working={isCurrent && run.active} />
          {step.after.length > 0 && (
            <div className="check-block">
              <h3>Checks after</h3>
              <CheckList checks={step.after} label="Checks after" />
            </div>
          )}
          {(step.status === 'skipped' || (step.status === 'done' && !step.action)) &&
            step.summary && <p className="result-line muted">{step.summary}</p>}
        </section>
      </div>
      <div className="footer-actions">
        <button type="button" className="btn btn-quiet" onClick={() => go({ name: 'home' })}>
          Back to home
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() => go({ name: 'finish', runId })}
        >
          Log and export
        </button>
      </div>
    </div>
  );
}

/** Continues a paused, blocked or interrupted run (the engine repeats the interrupted part safely). */
function ResumeButton({ runId, busy, label }: { runId: string; busy: boolean; label: string }) {
  return (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => void resumeRun(runId)}
      disabled={busy}
    >
      {label}
    </button>
  );
}

/**
 * A step that failed on an answer can be retried with another one: its questions (not its
 * confirmations), filled with what was answered; an emptied optional field withdraws the answer.
 */
function RetryWithAnswers({
  run,
  step,
  summary,
  busy,
}: {
  run: RunView;
  step: StepState;
  summary: StepSummary | undefined;
  busy: boolean;
}) {
  const { state } = run;
  const questions = (summary?.questions ?? []).filter((q) => q.kind !== 'confirm');
  if (questions.length === 0 || state.pause) return null;
  const current = Object.fromEntries(
    questions.flatMap((q) => (state.answers[q.id] ? [[q.id, state.answers[q.id]!.value]] : [])),
  );
  return (
    <details className="retry-answers" open>
      <summary>Change the answers and try again</summary>
      <QuestionForm
        key={`retry-${step.id}-${step.attempts}`}
        questions={questions}
        step={undefined}
        practice={state.machine.kind === 'practice'}
        busy={busy}
        current={current}
        submitLabel="Try again with these answers"
        onBrowse={(q, current) => pickPath(state.runId, q, current)}
        onSubmit={(answers) =>
          void resumeRun(
            state.runId,
            answers.map((a) => ({
              questionId: a.questionId,
              value: a.value === '' ? null : a.value,
            })),
          )
        }
      />
    </details>
  );
}
