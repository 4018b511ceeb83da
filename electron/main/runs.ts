/**
 * Runs driven by the app. The engine drives a run until it must stop (a question, a restart, the
 * end); the app starts that drive in the background, streams every state change and progress
 * tick to the window, and — when the person answers — hands the answers to the engine through
 * an AnswerProvider (source 'app') and drives on. Pure Node: no Electron here.
 */
import type { AnswerProvider } from '../engine/answers';
import { resumeRun, startRun, type EngineDeps, type RunOutcome } from '../engine/runner';
import type { WorkflowDef, StepDef } from '../engine/workflow';
import { confirmQuestion } from '../engine/workflow';
import type { AnswerValue, MachineRef, Progress, Question, RunState } from '../../shared/model';
import type { AppEvent } from '../../shared/ipc';
import type { LocalHost, WindowsHost } from '../system/ports';

/** The machine(s) a run works on: a Windows host, this computer (local workflows), or both. */
export interface Hosts {
  host?: WindowsHost | undefined;
  local?: LocalHost | undefined;
}

function hostsOf(h: Hosts): Pick<EngineDeps, 'host' | 'local'> {
  return { ...(h.host ? { host: h.host } : {}), ...(h.local ? { local: h.local } : {}) };
}

/** Answers given in the app, waiting for the engine to ask for them. */
export class AppAnswers implements AnswerProvider {
  private readonly pending = new Map<string, AnswerValue>();

  give(answers: { questionId: string; value: AnswerValue }[]): void {
    for (const a of answers) this.pending.set(a.questionId, a.value);
  }

  async ask(q: Question) {
    if (!this.pending.has(q.id)) return undefined;
    const value = this.pending.get(q.id)!;
    this.pending.delete(q.id);
    return { value, source: 'app' as const };
  }
}

function isAnswered(state: RunState, q: Question): boolean {
  const a = state.answers[q.id];
  // A recorded "no" is asked again by the engine, so it counts as unanswered.
  return a !== undefined && !(q.kind === 'confirm' && a.value === false);
}

/**
 * The form the person fills in while the run waits: the question(s) the engine paused on, plus
 * the other unanswered questions of the same group. The engine pauses only on required questions
 * and skips optional ones it has no answer for; showing them together lets the person give the
 * optional ones (e.g. the backup folders to compare) in the same form — the engine asks the
 * group again on resume and takes them.
 */
export function questionsFor(workflow: WorkflowDef, state: RunState): Question[] {
  const pause = state.pause;
  if (state.status !== 'waiting-answer' || !pause || pause.questions.length === 0) return [];
  const step = workflow.steps.find((s) => s.id === pause.stepId);
  const pausedIds = new Set(pause.questions.map((q) => q.id));
  const groups = [step?.questions, step?.afterQuestions].filter((g): g is Question[] => Boolean(g));
  const group = groups.find((g) => g.some((q) => pausedIds.has(q.id))) ?? [];
  const out = group.filter((q) => pausedIds.has(q.id) || !isAnswered(state, q));
  for (const q of pause.questions) if (!out.some((o) => o.id === q.id)) out.push(q);
  return out;
}

/** The step a confirmation question belongs to (`confirm:<stepId>`), if any. */
export function confirmedStep(workflow: WorkflowDef, questionId: string): StepDef | undefined {
  const stepId = /^confirm:(.+)$/.exec(questionId)?.[1];
  const step = stepId ? workflow.steps.find((s) => s.id === stepId) : undefined;
  return step && step.action && confirmQuestion(step).id === questionId ? step : undefined;
}

interface ActiveRun {
  runId: string;
  controller: AbortController;
  workflow: WorkflowDef;
  /** Its latest state (absent until the drive reports one). */
  state?: RunState;
}

export interface RunManagerDeps {
  stateDir: string;
  emit(event: AppEvent): void;
  /** Progress messages at most this often per run (the last one is always sent). */
  progressIntervalMs?: number;
  now?(): Date;
}

export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  private readonly answers = new Map<string, AppAnswers>();
  private readonly progress = new Map<string, Progress>();
  private readonly lastProgressAt = new Map<string, number>();
  private readonly trailing = new Map<string, ReturnType<typeof setTimeout>>();
  /** Drives still running, for a clean shutdown (and for tests to wait on). */
  private readonly drives = new Set<Promise<unknown>>();

  constructor(private readonly deps: RunManagerDeps) {}

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Runs being driven right now. */
  activeRunIds(): string[] {
    return [...this.active.keys()];
  }

  /** The runs being driven and their latest states (what closing the window would stop). */
  activeRuns(): { workflow: WorkflowDef; state: RunState | null }[] {
    return [...this.active.values()].map((r) => ({ workflow: r.workflow, state: r.state ?? null }));
  }

  latestProgress(runId: string): Progress | null {
    return this.progress.get(runId) ?? null;
  }

  answersFor(runId: string): AppAnswers {
    let a = this.answers.get(runId);
    if (!a) {
      a = new AppAnswers();
      this.answers.set(runId, a);
    }
    return a;
  }

  cancel(runId: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  /** Resolves when no drive is running. */
  async idle(): Promise<void> {
    while (this.drives.size) await Promise.allSettled([...this.drives]);
  }

  /** Cancels every drive and waits for them to stop (app quit). */
  async shutdown(): Promise<void> {
    for (const run of this.active.values()) run.controller.abort();
    await this.idle();
  }

  start(
    workflow: WorkflowDef,
    hosts: Hosts,
    machine: MachineRef,
    /** Answers known before the run asks (a reminder's folders for backup-check). */
    initial: { questionId: string; value: AnswerValue }[] = [],
  ): Promise<RunState> {
    // The run id is made by the engine; the answers are keyed by it once the first state arrives.
    const answers = new AppAnswers();
    answers.give(initial);
    return this.drive(workflow, null, answers, (deps) =>
      startRun(workflow, { ...deps, ...hostsOf(hosts), machine }),
    );
  }

  resume(
    workflow: WorkflowDef,
    runId: string,
    hosts: Hosts,
    machine: MachineRef,
    reanswer: Record<string, AnswerValue | null> = {},
  ): Promise<RunState> {
    return this.drive(workflow, runId, this.answersFor(runId), (deps) =>
      resumeRun(workflow, runId, {
        ...deps,
        ...hostsOf(hosts),
        machine,
        reanswer,
        reanswerSource: 'app',
      }),
    );
  }

  /**
   * Starts a drive in the background. Resolves with the run's first new state (or its final
   * state when the drive stops at once); rejects only when the drive fails before that (e.g.
   * another process holds the run's lock) — later failures arrive as `run-error` events.
   */
  private drive(
    workflow: WorkflowDef,
    knownRunId: string | null,
    answers: AppAnswers,
    kick: (deps: Omit<EngineDeps, 'host' | 'local' | 'machine'>) => Promise<RunOutcome>,
  ): Promise<RunState> {
    const controller = new AbortController();
    let runId = knownRunId;
    if (runId) this.active.set(runId, { runId, controller, workflow });
    let resolveFirst!: (s: RunState) => void;
    const first = new Promise<RunState>((r) => (resolveFirst = r));
    let sawState = false;

    const deps: Omit<EngineDeps, 'host' | 'local' | 'machine'> = {
      stateDir: this.deps.stateDir,
      answers,
      signal: controller.signal,
      ...(this.deps.now ? { now: this.deps.now } : {}),
      onState: (state) => {
        if (!runId) {
          runId = state.runId;
          this.active.set(runId, { runId, controller, workflow });
          this.answers.set(runId, answers);
        }
        const run = this.active.get(runId);
        if (run) run.state = state;
        this.deps.emit({ type: 'run', state, active: true, questions: [] });
        if (!sawState) {
          sawState = true;
          resolveFirst(state);
        }
      },
      onProgress: (p) => this.onProgress(p),
    };

    let outcome: Promise<RunOutcome>;
    try {
      outcome = kick(deps);
    } catch (e) {
      outcome = Promise.reject(e);
    }
    const settled = outcome.then(
      (o) => {
        this.settle(runId);
        this.deps.emit({
          type: 'run',
          state: o.state,
          active: false,
          questions: questionsFor(workflow, o.state),
        });
        return o.state;
      },
      (e: unknown) => {
        this.settle(runId);
        if (runId && sawState) this.deps.emit({ type: 'run-error', runId, message: oneLine(e) });
        throw e;
      },
    );
    this.drives.add(settled);
    settled.then(
      () => this.drives.delete(settled),
      () => this.drives.delete(settled),
    );
    return Promise.race([first, settled]);
  }

  private settle(runId: string | null): void {
    if (!runId) return;
    this.active.delete(runId);
    const t = this.trailing.get(runId);
    if (t) clearTimeout(t);
    this.trailing.delete(runId);
    this.flushProgress(runId);
    this.progress.delete(runId);
  }

  /**
   * Throttled: a clear of 100,000 files reports every few files; the window needs a handful of
   * updates a second, and IPC messages are not free.
   */
  private onProgress(p: Progress): void {
    const prev = this.progress.get(p.runId);
    // A new step or phase starts a new progress bar: send it at once.
    const fresh = !prev || prev.stepId !== p.stepId || prev.phase !== p.phase;
    this.progress.set(p.runId, p);
    const interval = this.deps.progressIntervalMs ?? 100;
    const last = this.lastProgressAt.get(p.runId) ?? 0;
    const now = Date.now();
    const complete = p.total !== undefined && p.done >= p.total;
    if (fresh || complete || now - last >= interval) {
      this.sendProgress(p.runId);
      return;
    }
    if (!this.trailing.has(p.runId)) {
      this.trailing.set(
        p.runId,
        setTimeout(
          () => {
            this.trailing.delete(p.runId);
            this.sendProgress(p.runId);
          },
          interval - (now - last),
        ),
      );
    }
  }

  private sent = new WeakSet<Progress>();

  private sendProgress(runId: string): void {
    const p = this.progress.get(runId);
    if (!p || this.sent.has(p)) return;
    this.sent.add(p);
    this.lastProgressAt.set(runId, Date.now());
    this.deps.emit({ type: 'progress', progress: p });
  }

  private flushProgress(runId: string): void {
    this.sendProgress(runId);
    this.lastProgressAt.delete(runId);
  }
}

/** Errors reach people as one line. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}
