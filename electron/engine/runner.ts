/**
 * Drives a run: for each step, in order — skip/block conditions, checks before, the backup gate,
 * questions and confirmations, the action, the reboot, checks after, repeats. Every fact is
 * journaled before it is acted on, so `resume` after a crash, a kill or a reboot continues from
 * the fold of the journal. Actions are idempotent, so re-running an interrupted one is safe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, exitCodeFor } from '../../shared/model';
import type {
  AnswerSource,
  AnswerValue,
  CheckResult,
  MachineRef,
  Pause,
  PlannedAction,
  Progress,
  Question,
  RunState,
} from '../../shared/model';
import { InputError } from '../../shared/errors';
import type { LocalHost, WindowsHost } from '../system/ports';
import { noWindowsHost } from '../system/local/no-windows-host';
import { runReaders } from './run-readers';
import type { JournalEvent, JournalRecord } from './journal-events';
import { JOURNAL_FILE, JournalWriteError, JournalWriter, readJournal } from './journal';
import { foldJournal } from './fold';
import { acquireRunLock, newRunId, runDir } from './store';
import { detachedContext } from './detached-context';
import { PromptCancelled, type AnswerProvider } from './answers';
import { checkAnswer } from './answer-check';
import { currentOperator, type Operator } from './tool';
import {
  confirmQuestion,
  confirmQuestionId,
  restartQuestion,
  forMachine,
  skipReason,
  rebootReason,
  workflowQuestions,
  type ActionOutcome,
  type Outputs,
  type CheckDef,
  type StepContext,
  type StepDef,
  type StepProgress,
  type WorkflowDef,
} from './workflow';

export interface EngineDeps {
  stateDir: string;
  /** The Windows machine; may be absent for a local workflow, which then needs `local`. */
  host?: WindowsHost;
  /** This computer, for local workflows (WorkflowDef.local). */
  local?: LocalHost;
  machine: MachineRef;
  answers: AnswerProvider;
  onState?(state: RunState): void;
  /** Every journal record as it is written (the CLI prints from these). */
  onRecord?(record: JournalRecord, state: RunState): void;
  onProgress?(progress: Progress): void;
  signal?: AbortSignal;
  now?(): Date;
  /**
   * Resume only: answers that replace the recorded ones before the run continues (`null`
   * withdraws one, so the step asks again). How a stuck run is rescued: the step that failed on
   * a bad answer runs again with the new one.
   */
  reanswer?: Record<string, AnswerValue | null>;
  /** How the re-answers were given (default: an answers file). */
  reanswerSource?: AnswerSource;
  /** Who is running it (default: this process's user and host). */
  operator?: Operator;
}

export interface RunOutcome {
  state: RunState;
  exitCode: number;
  /** One line for the person: why it stopped, or what to do next. */
  message: string;
}

/** What the engine itself needs of a machine: prove a restart happened, ask for one. */
type MachineHost = Pick<WindowsHost, 'kind' | 'bootTime' | 'reboot'>;

function machineHost(deps: Pick<EngineDeps, 'host' | 'local'>): MachineHost {
  const h = deps.host ?? deps.local;
  if (!h)
    throw new Error(
      'engine: a run needs a Windows host or this computer (EngineDeps.host or .local)',
    );
  return h;
}

export async function startRun(workflow: WorkflowDef, deps: EngineDeps): Promise<RunOutcome> {
  const now = deps.now ?? (() => new Date());
  const runId = newRunId(workflow.id, now());
  const dir = runDir(deps.stateDir, runId);
  // The run appears only once its first record is on disk: a crash before that leaves a dot-dir
  // that listings ignore, never an empty journal that blocks resume.
  const staging = path.join(path.dirname(dir), `.starting-${runId}`);
  fs.mkdirSync(staging, { recursive: true });
  const bootTime = await machineHost(deps).bootTime();
  const os = deps.host ? await deps.host.os() : null;
  const windowsBuild = os && os.build > 0 ? os.build : null;
  const worded = forMachine(workflow, windowsBuild);
  const first = new JournalWriter(path.join(staging, JOURNAL_FILE), 0, now).append({
    type: 'run-started',
    runId,
    workflow: workflow.id,
    workflowTitle: workflow.title,
    machine: deps.machine,
    steps: worded.steps.map((s) => ({ id: s.id, title: s.title })),
    bootTime,
    ...(deps.host ? { windowsBuild } : {}),
    operator: deps.operator ?? currentOperator(),
  });
  fs.renameSync(staging, dir);
  const release = await acquireRunLock(dir);
  try {
    const writer = new JournalWriter(path.join(dir, JOURNAL_FILE), first.seq, now);
    return await new RunDriver(workflow, deps, dir, writer, [first]).drive();
  } finally {
    release();
  }
}

export async function resumeRun(
  workflow: WorkflowDef,
  runId: string,
  deps: EngineDeps,
): Promise<RunOutcome> {
  const dir = runDir(deps.stateDir, runId);
  const release = await acquireRunLock(dir);
  try {
    const { records, warnings } = readJournal(path.join(dir, JOURNAL_FILE));
    const writer = new JournalWriter(path.join(dir, JOURNAL_FILE), records.at(-1)!.seq, deps.now);
    const driver = new RunDriver(workflow, deps, dir, writer, records);
    if (driver.state.status === 'finished') {
      return {
        state: driver.state,
        exitCode: ExitCode.ok,
        message: 'This run has already finished.',
      };
    }
    if (driver.state.status === 'abandoned') {
      return {
        state: driver.state,
        exitCode: ExitCode.failed,
        message: 'This run was abandoned and cannot be resumed: start a new run.',
      };
    }
    for (const w of warnings) driver.emit({ type: 'warning', message: w });
    driver.applyReanswers(deps.reanswer ?? {}, deps.reanswerSource ?? 'answers-file');
    // Questions the run paused on are asked first on resume (e.g. the installer's path).
    if (driver.state.pause?.questions.length) {
      driver.pendingQuestions = {
        stepId: driver.state.pause.stepId,
        questions: driver.state.pause.questions,
      };
    }
    driver.emit({ type: 'resumed' });
    return await driver.drive();
  } finally {
    release();
  }
}

const CANCELLED = 'Cancelled at the prompt. Nothing was changed by this step; resume asks again.';

/** What a reboot records as the boot time when it could not be read. */
const UNKNOWN_BOOT = 'unknown';

class StopRun {
  constructor(readonly outcome: RunOutcome) {}
}

class RunDriver {
  state: RunState;
  pendingQuestions: { stepId: string; questions: Question[] } | undefined;

  private readonly workflow: WorkflowDef;

  constructor(
    workflow: WorkflowDef,
    private readonly deps: EngineDeps,
    private readonly dir: string,
    private readonly writer: JournalWriter,
    private readonly records: JournalRecord[],
  ) {
    // Load-time warnings (a dropped torn line) are journaled by resumeRun, so they fold in once.
    this.state = foldJournal(records);
    // Worded for the build the run started on, also after the update changed it.
    this.workflow = forMachine(workflow, this.state.windowsBuild ?? null);
  }

  private get by(): Operator {
    return this.deps.operator ?? currentOperator();
  }

  /** The machine whose restarts this run tracks. */
  private get host(): MachineHost {
    return machineHost(this.deps);
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /** Journal first, then update the in-memory fold from the whole journal. */
  emit(event: JournalEvent): void {
    const record = this.writer.append(event);
    this.records.push(record);
    this.state = foldJournal(this.records);
    this.deps.onRecord?.(record, this.state);
    this.deps.onState?.(this.state);
  }

  async drive(): Promise<RunOutcome> {
    try {
      for (const step of this.workflow.steps) {
        await this.runStep(step);
      }
      this.emit({ type: 'run-finished', status: 'finished' });
      return this.outcome(`Finished: ${this.workflow.title}.`);
    } catch (e) {
      if (e instanceof StopRun) return e.outcome;
      if (e instanceof JournalWriteError) {
        // The disk refused the log: stop here; the journal still holds every earlier fact.
        return { state: this.state, exitCode: ExitCode.failed, message: e.message };
      }
      throw e;
    }
  }

  private outcome(message: string): RunOutcome {
    const exitCode = this.state.pause?.cancelled
      ? ExitCode.cancelled
      : exitCodeFor(this.state.status);
    return { state: this.state, exitCode, message };
  }

  private stepState(id: string) {
    const s = this.state.steps.find((x) => x.id === id);
    if (!s) throw new Error(`unknown step ${id}`);
    return s;
  }

  private context(step: StepDef, attempt: number): StepContext {
    const startedAtMs = Date.now();
    return {
      host: this.deps.host ?? noWindowsHost(),
      ...(this.deps.local ? { local: this.deps.local } : {}),
      ...runReaders(() => this.state),
      runStartedAt: this.state.startedAt,
      attempt,
      signal: this.deps.signal ?? new AbortController().signal,
      runDir: this.dir,
      stateDir: this.deps.stateDir,
      progress: (p: StepProgress) => {
        const elapsed = (Date.now() - startedAtMs) / 1000;
        const rate = elapsed > 0 ? p.done / elapsed : undefined;
        const eta =
          rate && p.total !== undefined && rate > 0
            ? Math.max(0, (p.total - p.done) / rate)
            : undefined;
        this.deps.onProgress?.({
          runId: this.state.runId,
          stepId: step.id,
          ...p,
          ...(rate !== undefined ? { ratePerSecond: rate } : {}),
          ...(eta !== undefined ? { etaSeconds: eta } : {}),
        });
      },
    };
  }

  private async runChecks(
    step: StepDef,
    checks: CheckDef[] | undefined,
    phase: 'before' | 'after',
    ctx: StepContext,
  ) {
    const results: CheckResult[] = [];
    for (const check of checks ?? []) {
      const result = await runCheck(check, ctx, this.now());
      this.emit({ type: 'check', stepId: step.id, phase, result });
      results.push(result);
    }
    return results;
  }

  private stop(status: 'blocked' | 'failed', step: StepDef, summary: string): never {
    this.emit({ type: 'step-finished', stepId: step.id, status, summary });
    this.emit({ type: 'run-finished', status, message: summary });
    throw new StopRun(this.outcome(summary));
  }

  private pause(pause: Pause): never {
    this.emit({ type: 'paused', pause });
    throw new StopRun(this.outcome(pause.message));
  }

  /** Replaces recorded answers on resume; unknown question ids are bad input. */
  applyReanswers(reanswer: Record<string, AnswerValue | null>, source: AnswerSource): void {
    const known = workflowQuestions(this.workflow);
    for (const [id, value] of Object.entries(reanswer)) {
      const q = known.get(id);
      if (!q) throw new InputError(`answer ${id}: this workflow asks no such question`);
      const recorded = this.state.answers[id];
      if (value === null) {
        if (recorded) this.emit({ type: 'answer-cleared', questionId: id });
        continue;
      }
      const valid = validateAnswer(q, value);
      if (recorded && recorded.value === valid) continue;
      this.emit({
        type: 'answer',
        questionId: id,
        value: valid,
        source,
        by: this.by,
      });
    }
  }

  private checkGiven(q: Question, value: AnswerValue) {
    return checkAnswer(q, value, { windows: this.deps.host, local: this.deps.local });
  }

  /** Returns the answer, asking the provider if none is recorded; pauses when nobody answers. */
  private async answer(step: StepDef, q: Question, waitingMessage: string): Promise<AnswerValue> {
    const recorded = this.state.answers[q.id];
    // A recorded path that no longer checks out (or never did: logs from before answers were
    // checked) is asked again instead of failing the step the same way on every retry.
    const stale = recorded ? this.checkGiven(q, recorded.value) : undefined;
    // A recorded "no" is asked again on resume: the user may have changed their mind.
    if (
      recorded &&
      stale &&
      'value' in stale &&
      !(q.kind === 'confirm' && recorded.value === false)
    ) {
      if (stale.value !== recorded.value) {
        this.emit({
          type: 'answer',
          questionId: q.id,
          value: stale.value,
          source: recorded.source,
        });
      }
      return stale.value;
    }
    let problem = stale && 'problem' in stale ? stale.problem : undefined;
    let provided;
    try {
      provided = await this.deps.answers.ask(q, {
        stepId: step.id,
        stepTitle: step.title,
        check: (v) => this.checkGiven(q, v),
        ...(problem ? { problem } : {}),
      });
    } catch (e) {
      if (!(e instanceof PromptCancelled)) throw e;
      // Cancelled, not failed and not waiting: the run says so and resume asks again.
      this.emit({ type: 'step-finished', stepId: step.id, status: 'blocked', summary: CANCELLED });
      this.emit({ type: 'run-finished', status: 'cancelled', message: CANCELLED });
      throw new StopRun(this.outcome(CANCELLED));
    }
    let value: AnswerValue | undefined;
    if (provided !== undefined) {
      const checked = this.checkGiven(q, validateAnswer(q, provided.value));
      if ('value' in checked) value = checked.value;
      else problem = checked.problem;
    }
    if (value === undefined) {
      if (!problem && !q.required && q.default !== undefined) return q.default;
      if (!problem && !q.required) return '';
      this.pause({
        reason: 'answer',
        stepId: step.id,
        message: problem ? `${q.prompt}: ${problem}. Give another answer.` : waitingMessage,
        questions: [q],
        ...(problem ? { problem } : {}),
      });
    }
    this.emit({ type: 'answer', questionId: q.id, value, source: provided!.source, by: this.by });
    return value;
  }

  private async askAll(step: StepDef, questions: Question[] | undefined) {
    for (const q of questions ?? []) {
      const value = await this.answer(step, q, `Waiting for an answer: ${q.prompt}`);
      if (q.kind === 'confirm' && q.required && value !== true) {
        this.stop(
          'blocked',
          step,
          `Stopped: you answered no to "${q.prompt}". Resume to answer again.`,
        );
      }
    }
  }

  private async runStep(step: StepDef): Promise<void> {
    let st = this.stepState(step.id);
    if (st.status === 'done' || st.status === 'skipped') return;

    let attempt = Math.max(1, st.attempts);
    let rebootDone = false;
    if (st.reboot && !st.reboot.bootAfter && st.attempts === attempt) {
      const bootNow = await this.host.bootTime();
      const before = st.reboot.bootBefore;
      if (bootNow !== null && before !== UNKNOWN_BOOT && bootNow !== before) {
        this.emit({ type: 'reboot-confirmed', stepId: step.id, bootAfter: bootNow });
        rebootDone = true;
      } else if (bootNow === null || before === UNKNOWN_BOOT) {
        // Nothing proves the restart either way: the person says, rather than a second restart.
        await this.askRestarted(step, bootNow);
        rebootDone = true;
      } else {
        await this.requestReboot(step, true);
      }
    } else if (st.reboot?.bootAfter && st.status !== 'pending') {
      rebootDone = true;
    }

    for (;;) {
      if (st.status !== 'running' || st.attempts !== attempt) {
        this.emit({ type: 'step-started', stepId: step.id, attempt });
      }
      const ctx = this.context(step, attempt);

      if (!rebootDone) {
        if (attempt === 1) {
          const skip = await skipReason(step, ctx);
          if (skip) {
            this.emit({ type: 'step-finished', stepId: step.id, status: 'skipped', summary: skip });
            return;
          }
        }
        const block = await step.blockIf?.(ctx);
        if (block) this.stop('blocked', step, block);
        await this.runChecks(step, step.checks, 'before', ctx);
        await this.askAll(step, step.questions);
        if (this.pendingQuestions?.stepId === step.id) {
          await this.askAll(step, this.pendingQuestions.questions);
          this.pendingQuestions = undefined;
        }
        if (step.action) await this.runAction(step, attempt, ctx);
      }
      await this.askAll(step, step.afterQuestions);
      const after = await this.runChecks(step, step.verify, 'after', ctx);
      const failed = after.filter((c) => c.status === 'fail');
      if (failed.length === 0) {
        const summary = this.stepState(step.id).action?.summary ?? summarise(after) ?? 'Done.';
        this.emit({ type: 'step-finished', stepId: step.id, status: 'done', summary });
        return;
      }
      if (step.repeat && attempt < step.repeat.max) {
        attempt++;
        rebootDone = false;
        st = this.stepState(step.id);
        continue;
      }
      const why = failed.map((c) => c.summary).join('; ');
      this.stop('failed', step, step.repeat ? `${step.repeat.giveUp} (${why})` : why);
    }
  }

  private async runAction(step: StepDef, attempt: number, ctx: StepContext): Promise<void> {
    const action = step.action!;
    if (action.destructive) this.enforceBackupGate(step);
    if (action.destructive || action.reboot) {
      const q = confirmQuestion(step);
      const value = await this.answer(step, q, `Waiting for your confirmation: ${q.prompt}`);
      if (value !== true)
        this.stop('blocked', step, `Stopped: "${action.title}" was not confirmed.`);
    }
    const st = this.stepState(step.id);
    const alreadyDone =
      st.action && st.action.attempt === attempt && st.action.finishedAt && st.action.ok;
    if (!alreadyDone) {
      this.emit({ type: 'action-started', stepId: step.id, actionId: action.id, attempt });
      const startedAt = this.now().toISOString();
      let outcome: ActionOutcome;
      try {
        outcome = await action.run(ctx);
      } catch (e) {
        if (e instanceof JournalWriteError || e instanceof StopRun) throw e;
        outcome = isDeclined(e)
          ? { ok: false, declined: true, summary: `${action.title}: ${(e as Error).message}` }
          : { ok: false, summary: `${action.title} failed: ${(e as Error).message}` };
      }
      // The one place a declined prompt becomes "blocked": resume asks again.
      if (outcome.declined)
        outcome = {
          ...outcome,
          ok: false,
          blocked: true,
          summary: /resume/i.test(outcome.summary)
            ? outcome.summary
            : `${outcome.summary} Resume to try again.`,
        };
      // A cancelled action is not done: resume must run it again (it continues where it stopped).
      if (ctx.signal.aborted)
        outcome = { ...outcome, ok: false, summary: `Cancelled — ${outcome.summary}` };
      this.emit({
        type: 'action-finished',
        stepId: step.id,
        action: {
          id: action.id,
          attempt,
          ok: outcome.ok,
          summary: outcome.summary,
          details: outcome.details ?? [],
          outputs: outcome.outputs ?? {},
          startedAt,
          finishedAt: this.now().toISOString(),
        },
      });
      if (ctx.signal.aborted) {
        this.pause({
          reason: 'answer',
          stepId: step.id,
          message: 'Cancelled. Resume to continue this step where it stopped.',
          questions: [],
          cancelled: true,
        });
      }
      if (outcome.waitFor) {
        this.pause({
          reason: 'answer',
          stepId: step.id,
          message: outcome.waitFor.message,
          questions: outcome.waitFor.questions,
        });
      }
      if (outcome.blocked) this.stop('blocked', step, outcome.summary);
      if (!outcome.ok) this.stop('failed', step, outcome.summary);
    }
    if (action.reboot) await this.requestReboot(step, false);
  }

  private enforceBackupGate(step: StepDef): void {
    const gate = this.workflow.steps.find((s) => s.isBackupGate);
    if (!gate) return;
    const gs = this.stepState(gate.id);
    if (gs.status !== 'done') {
      this.stop(
        'blocked',
        step,
        `"${step.title}" needs a confirmed backup first (step "${gate.title}").`,
      );
    }
  }

  /**
   * "Did the PC restart?" when the boot time cannot tell. Yes confirms the restart; no restarts
   * again (the question says so). The answer is cleared once used, so a later restart of the same
   * step asks again instead of reusing it.
   */
  private async askRestarted(step: StepDef, bootNow: string | null): Promise<void> {
    const q = restartQuestion(step);
    const value = await this.answer(step, q, `Waiting for an answer: ${q.prompt}`);
    this.emit({ type: 'answer-cleared', questionId: q.id });
    if (value !== true) await this.requestReboot(step, 'answered-no');
    this.emit({
      type: 'reboot-confirmed',
      stepId: step.id,
      bootAfter: bootNow ?? `${UNKNOWN_BOOT} (you said the PC restarted)`,
    });
  }

  private async requestReboot(step: StepDef, again: boolean | 'answered-no'): Promise<never> {
    const bootBefore = (await this.host.bootTime()) ?? UNKNOWN_BOOT;
    this.emit({ type: 'reboot-requested', stepId: step.id, bootBefore });
    const result = await this.host.reboot(rebootReason(this.workflow.title, step.title));
    if (!result.ok) {
      this.stop(
        'failed',
        step,
        `Could not restart: ${result.stderr || result.stdout || 'unknown error'}`,
      );
    }
    const message =
      again === 'answered-no'
        ? 'You said the PC did not restart: it is restarting again. Workstation Ops will reopen on this step after the restart (or run resume).'
        : again
          ? 'The computer has not restarted yet (the boot time is unchanged). Restart it, then resume.'
          : this.host.kind === 'practice'
            ? 'The practice machine restarted. Run resume to continue.'
            : 'Restarting. Workstation Ops will reopen on this step after the restart (or run resume).';
    this.pause({ reason: 'reboot', stepId: step.id, message, questions: [] });
  }
}

/** A host error for a declined UAC prompt (ElevationDeclinedError and its kin carry `declined`). */
function isDeclined(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { declined?: unknown }).declined === true;
}

export async function runCheck(check: CheckDef, ctx: StepContext, now: Date): Promise<CheckResult> {
  try {
    const o = await check.run(ctx);
    return {
      id: check.id,
      title: check.title,
      status: o.status,
      summary: o.summary,
      evidence: o.evidence ?? [],
      ...(o.data ? { data: o.data } : {}),
      at: now.toISOString(),
    };
  } catch (e) {
    // A check that cannot tell says "unknown"; it never takes the run down.
    return {
      id: check.id,
      title: check.title,
      status: 'unknown',
      summary: `Could not check: ${(e as Error).message}`,
      evidence: [],
      at: now.toISOString(),
    };
  }
}

function summarise(checks: CheckResult[]): string | undefined {
  return checks.length ? checks.map((c) => c.summary).join('; ') : undefined;
}

function validateAnswer(q: Question, value: AnswerValue): AnswerValue {
  const bad = (expected: string) =>
    new InputError(`answer ${q.id}: expected ${expected}, got ${JSON.stringify(value)}`);
  switch (q.kind) {
    case 'confirm':
      if (typeof value !== 'boolean') throw bad('true or false');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a number');
      return value;
    case 'text':
    case 'path':
      if (typeof value !== 'string' || value.length > 4096 || value.includes('\0'))
        throw bad('a text');
      return value;
  }
}

/** Dry run: every step's checks and what its action would do. Writes nothing. */
export async function planRun(
  workflow: WorkflowDef,
  deps: Pick<EngineDeps, 'host' | 'local' | 'machine' | 'answers'> & {
    answersFile?: Record<string, AnswerValue>;
  },
): Promise<{ checks: { stepId: string; results: CheckResult[] }[]; actions: PlannedAction[] }> {
  const base = detachedContext(deps.host ?? noWindowsHost(), deps.answersFile ?? {}, deps.local);
  // The plan names steps as the run would on this machine (Windows 11 names its tools differently).
  const os = deps.host ? await deps.host.os() : null;
  const worded = forMachine(workflow, os && os.build > 0 ? os.build : null);
  const checks: { stepId: string; results: CheckResult[] }[] = [];
  const actions: PlannedAction[] = [];
  // The dry run follows the run's conditions: what the checks so far say decides skips and blocks.
  const planned = new Map<string, NonNullable<ActionOutcome['outputs']>>();
  let changed = false;
  const ctx: StepContext = {
    ...base,
    // Both spellings read the planned outputs: a typed read must see what describe() planned too.
    outputOf: <O extends Outputs>(step: StepDef<O>) =>
      planned.get(step.id) as Partial<O> | undefined,
    lastCheck: (checkId, stepId) => {
      for (const c of [...checks].reverse()) {
        if (stepId !== undefined && c.stepId !== stepId) continue;
        const hit = c.results.find((r) => r.id === checkId);
        if (hit) return { status: hit.status, ...(hit.data ? { data: hit.data } : {}) };
      }
      return undefined;
    },
  };
  for (const step of worded.steps) {
    const results: CheckResult[] = [];
    for (const c of step.checks ?? []) results.push(await runCheck(c, ctx, new Date()));
    checks.push({ stepId: step.id, results });
    if (!step.action) continue;
    const a = step.action;
    const flags = {
      destructive: a.destructive,
      needsAdmin: a.needsAdmin,
      reversible: a.reversible,
      reboot: a.reboot,
    };
    // Skips and blocks are judged on the machine as it is now. Once an earlier action would have
    // changed it (stopped a service, suspended BitLocker, uninstalled…), now says nothing about
    // then: from there on every action is listed and the run decides when it gets there.
    // A branch is decided by outputs, not the machine: it holds even after a planned change.
    const skipped = step.offBranch?.(ctx) ?? (changed ? null : await step.skipIf?.(ctx));
    const blocked = skipped || changed ? null : await step.blockIf?.(ctx);
    if (skipped || blocked) {
      actions.push({
        stepId: step.id,
        title: a.title,
        flags,
        commands: [],
        paths: [],
        notes: [],
        outcome: skipped
          ? { kind: 'skipped', reason: skipped }
          : { kind: 'blocked', reason: blocked! },
      });
      // A blocked step stops the run: nothing after it would happen.
      if (blocked) break;
      continue;
    }
    const { outputs, ...plan } = await a.describe(ctx);
    if (outputs) planned.set(step.id, outputs);
    changed ||= !a.keepsState && (a.destructive || a.needsAdmin || a.reboot);
    actions.push({ stepId: step.id, title: a.title, flags, ...plan });
  }
  return { checks, actions };
}

export { confirmQuestionId };
