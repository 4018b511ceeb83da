/**
 * What a workflow is made of. A workflow is data (ids, titles, Markdown instructions, flags)
 * plus small functions for its checks and actions; the engine does all sequencing, gating,
 * journaling and resuming so a workflow file never has to.
 */
import type {
  ActionFlags,
  AnswerValue,
  CheckStatus,
  Platform,
  PlannedAction,
  Question,
  StepLink,
  WorkflowSummary,
} from '../../shared/model';
import type { HostIdentity, LocalHost, WindowsHost } from '../system/ports';

export interface CheckOutcome {
  status: CheckStatus;
  summary: string;
  evidence?: string[];
  data?: Record<string, unknown>;
}

export interface StepProgress {
  phase: string;
  done: number;
  total?: number;
  bytes: number;
  totalBytes?: number;
  message?: string;
}

/**
 * Everything a check or action may use. `H` is the host's capabilities the workflow declared
 * (ports.ts: MachineReads, ServiceControl…): the engine hands every workflow the whole
 * WindowsHost, but a step sees only what its workflow asked for.
 */
export interface StepContext<H extends HostIdentity = WindowsHost> {
  /**
   * The Windows machine (real, practice or bundle). In a run without one (a local workflow on
   * Linux/macOS) every call rejects with a clear message, so a misplaced Windows check says
   * "unknown" instead of reading the wrong machine.
   */
  host: H;
  /** This computer — set for local workflows (`WorkflowDef.local`) run without a practice machine. */
  local?: LocalHost;
  /** Answers recorded for this run (questions of any step). */
  answer(id: string): AnswerValue | undefined;
  /**
   * What a previous step's action recorded, typed by that step's definition:
   * `ctx.outputOf(recordVersion)?.installerPath`. Undefined until the step's action ran. The
   * journal stores the same object (`action.outputs`), so old runs read the same way.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any host: outputs are data
  outputOf<O extends Outputs>(step: StepDef<O, any>): Partial<O> | undefined;
  /** The latest result of a check recorded in this run (in one step, or in any). */
  lastCheck(
    checkId: string,
    stepId?: string,
  ): { status: CheckStatus; data?: Record<string, unknown> } | undefined;
  /** The run's start time (ISO) — e.g. "no new bugcheck since". */
  runStartedAt: string;
  attempt: number;
  progress(p: StepProgress): void;
  signal: AbortSignal;
  /** Where the app keeps this run's files (backups of edited config files, etc.). */
  runDir: string;
  /** The state dir (settings.json lives there); absent outside a run (dry run, preflight). */
  stateDir?: string;
}

// Functions that take a context are properties, not methods: a property's parameter is checked
// strictly, so a check that needs more of the host than a workflow declared does not compile.
export interface CheckDef<H extends HostIdentity = WindowsHost> {
  id: string;
  title: string;
  run: (ctx: StepContext<H>) => Promise<CheckOutcome>;
}

/** What an action may record for later steps (kept in the journal as JSON). */
export type Outputs = Record<string, unknown>;

export interface ActionOutcome<O extends Outputs = Outputs> {
  ok: boolean;
  summary: string;
  details?: string[];
  outputs?: O;
  /** The step cannot go on until the user does something (e.g. provides the installer). */
  waitFor?: { message: string; questions: Question[] };
  /** The step must not go on at all (e.g. uninstall refused while encrypted). */
  blocked?: boolean;
  /**
   * An administrator prompt was declined. The engine blocks the step (resume asks again), the
   * same as for an error with `declined: true` (ElevationDeclinedError) thrown by the host; workflows only report it.
   */
  declined?: boolean;
}

export interface ActionDef<
  O extends Outputs = Outputs,
  H extends HostIdentity = WindowsHost,
> extends ActionFlags {
  id: string;
  title: string;
  /**
   * What run() would do, without doing it. `outputs` are what run() would record when they can
   * be known beforehand (a route choice), so the dry run follows the same branches as the run.
   */
  describe: (
    ctx: StepContext<H>,
  ) => Promise<Omit<PlannedAction, 'stepId' | 'title' | 'flags'> & { outputs?: Partial<O> }>;
  run: (ctx: StepContext<H>) => Promise<ActionOutcome<O>>;
  /**
   * Leaves everything later steps check as it was (a restore point): the dry run goes on judging
   * skips and blocks on the machine after it. Set by `safeguardAction`.
   */
  keepsState?: boolean;
}

/** An action without its four flags: the presets below set them, by kind of change. */
export type ActionBody<O extends Outputs = Outputs, H extends HostIdentity = WindowsHost> = Omit<
  ActionDef<O, H>,
  keyof ActionFlags | 'keepsState'
>;

/**
 * An action preset: the four flags fixed by the kind of change, `needsAdmin` adjustable. The
 * dry run, the gates and the app's badges read the flags; a workflow says which kind it is.
 */
function preset(flags: ActionFlags, extra: Pick<ActionDef, 'keepsState'> = {}) {
  return <O extends Outputs, H extends HostIdentity = WindowsHost>(
    a: ActionBody<O, H>,
    opts: { needsAdmin?: boolean } = {},
  ): ActionDef<O, H> => ({
    ...a,
    ...flags,
    ...extra,
    needsAdmin: opts.needsAdmin ?? flags.needsAdmin,
  });
}

/** Looks, records or asks; changes nothing on the machine. */
export const readAction = preset({
  destructive: false,
  needsAdmin: false,
  reversible: true,
  reboot: false,
});
/** Changes the machine in a way that can be undone (a service, a BitLocker suspend). */
export const changeAction = preset({
  destructive: false,
  needsAdmin: true,
  reversible: true,
  reboot: false,
});
/**
 * Adds a way back without touching what the workflow checks (a System Restore point): needs the
 * administrator prompt, yet the dry run's view of the machine holds after it.
 */
export const safeguardAction = preset(
  { destructive: false, needsAdmin: true, reversible: true, reboot: false },
  { keepsState: true },
);
/** Cannot be undone: gated by the backup step and a typed confirmation. */
export const destructiveAction = preset({
  destructive: true,
  needsAdmin: true,
  reversible: false,
  reboot: false,
});
/** Restarts the machine (the engine records the boot time to prove it happened). */
export const rebootAction = preset({
  destructive: false,
  needsAdmin: false,
  reversible: true,
  reboot: true,
});

/** A step, typed by what its action records (`defineStep<{ route: Route }>({...})`). */
export function defineStep<
  O extends Outputs = Record<never, never>,
  H extends HostIdentity = WindowsHost,
>(step: StepDef<O, H>): StepDef<O, H> {
  return step;
}

/**
 * A fork in a workflow, decided by what one step's action recorded (`pick` reads it, typed):
 * `const byRoute = branch(chooseRoute, (o) => o.route, {...skipped})`, then in the step list
 * `...byRoute({ uninstall: [a, b] })` and later `...byRoute({ 'in-place': [c], uninstall: [d] })`.
 * The arms' steps stay in the list, in run order (ids, journal and exports unchanged); the steps
 * of every arm but the chosen one are skipped with `skipped[chosen]`. Until the choice is
 * recorded (or when its step was skipped) no arm is skipped: each step's own `skipIf` decides,
 * which is what the dry run before the choice and a machine without the program need.
 */
export function branch<O extends Outputs, K extends string, H extends HostIdentity = WindowsHost>(
  on: StepDef<O, H>,
  pick: (recorded: Partial<O>) => unknown,
  skipped: Record<K, string>,
) {
  const arms = Object.keys(skipped) as K[];
  const chosen = (ctx: StepContext<H>): K | undefined => {
    const recorded = ctx.outputOf(on);
    // Checked, not trusted: the journal on disk is input like any other.
    const v = recorded ? pick(recorded) : undefined;
    return arms.find((a) => a === v);
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (byArm: Partial<Record<K, StepDef<any, H>[]>>): StepDef<any, H>[] =>
    (Object.entries(byArm) as [K, StepDef<Outputs, H>[]][]).flatMap(([arm, steps]) =>
      steps.map((s): StepDef<Outputs, H> => ({
        ...s,
        branch: { step: on.id, arm },
        offBranch(ctx) {
          const c = chosen(ctx);
          return c !== undefined && c !== arm ? skipped[c] : null;
        },
      })),
    );
}

/** Why the step is skipped: off the chosen branch, or its own `skipIf`. */
export async function skipReason(step: StepDef, ctx: StepContext): Promise<string | null> {
  return step.offBranch?.(ctx) ?? (await step.skipIf?.(ctx)) ?? null;
}

export interface StepDef<O extends Outputs = Outputs, H extends HostIdentity = WindowsHost> {
  id: string;
  title: string;
  /** Markdown shown in the app and printed by the CLI. */
  instructions: string;
  /** Status checks run before the action (their results are logged). */
  checks?: CheckDef<H>[];
  /** Skip the step when this returns a reason. */
  skipIf?: (ctx: StepContext<H>) => Promise<string | null>;
  /** Set by `branch()`: the step runs only on this arm of that step's choice. */
  branch?: { step: string; arm: string };
  /**
   * Set by `branch()`: the reason when another arm was chosen. Judged on recorded (or planned)
   * outputs only, never on the machine, so the dry run applies it even after a planned change.
   */
  offBranch?: (ctx: StepContext<H>) => string | null;
  /** Refuse the step (and stop the run) when this returns a reason. */
  blockIf?: (ctx: StepContext<H>) => Promise<string | null>;
  /** Asked before the action runs. */
  questions?: Question[];
  /** Asked after the action ran (e.g. "I ran the troubleshooter"). */
  afterQuestions?: Question[];
  /** Questions the action may pause on (ActionOutcome.waitFor), declared so answers files can be checked. */
  waitQuestions?: Question[];
  /** Web pages the person may need during the step (the app opens only allowed ones). */
  links?: StepLink[];
  /** This step's confirmation gates everything destructive after it. */
  isBackupGate?: boolean;
  action?: ActionDef<O, H>;
  /** Status checks after the action; a 'fail' fails the step (or repeats it). */
  verify?: CheckDef<H>[];
  /** Repeat the action (and reboot) while verify fails, at most `max` attempts in all. */
  repeat?: { max: number; giveUp: string };
  /**
   * Text that depends on the machine's Windows build (Windows 11 names its tools differently);
   * `forMachine` applies it. `build` is null when the run could not read it.
   */
  wording?(build: number | null): StepWording;
}

/** What `StepDef.wording` may change: titles, instructions, links, and question prompts by id. */
export interface StepWording {
  title?: string;
  instructions?: string;
  links?: StepLink[];
  actionTitle?: string;
  prompts?: Record<string, string>;
}

export interface WorkflowDef<H extends HostIdentity = WindowsHost> {
  id: string;
  title: string;
  description: string;
  platforms: Platform[];
  /** Windows-only workflows run on practice machines anywhere. */
  windowsOnly: boolean;
  /**
   * Runs on this computer (ctx.local) rather than a Windows host: 'required' — only here
   * (backup-check); 'preferred' — here by default, or on a practice machine with --machine
   * (encryption-status). Absent for Windows workflows.
   */
  local?: 'required' | 'preferred';
  // Each step keeps its own output type; the engine only stores and hands them back.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  steps: StepDef<any, H>[];
  /**
   * Undoes what a run of this workflow changed and can be put back (`wsops abandon`), from the
   * run's recorded outputs and checks; names what cannot, with what to do instead. Without it
   * abandoning only marks the run.
   */
  abandon?: (ctx: StepContext<H>) => Promise<AbandonOutcome>;
}

export interface AbandonOutcome {
  /** One sentence per thing put back. */
  undone: string[];
  /** One sentence per thing that stays changed, each saying what to do about it. */
  cannotUndo: string[];
}

export function confirmQuestionId(stepId: string): string {
  return `confirm:${stepId}`;
}

/** The question the engine adds in front of every destructive action. */
export function confirmQuestion(step: StepDef): Question {
  const phrase = step.action?.reversible ? 'CONFIRM' : 'I UNDERSTAND';
  return {
    id: confirmQuestionId(step.id),
    kind: 'confirm',
    prompt: `${step.action?.title ?? step.title}: this changes your system${
      step.action?.reversible ? '' : ' and cannot be undone'
    }. Go ahead?`,
    phrase,
    required: true,
  };
}

/** What the engine asks Windows to show when it restarts the PC for a step (shutdown /c). */
export function rebootReason(workflowTitle: string, stepTitle: string): string {
  return `Workstation Ops: ${workflowTitle} — ${stepTitle}`;
}

export function restartQuestionId(stepId: string): string {
  return `restarted:${stepId}`;
}

/**
 * Asked on resume after a restart step when the boot time cannot prove the restart (it could not
 * be read before or after): the engine never restarts the PC again without asking.
 */
export function restartQuestion(step: StepDef): Question {
  return {
    id: restartQuestionId(step.id),
    kind: 'confirm',
    prompt: `Workstation Ops cannot read when Windows last started, so it cannot tell whether the PC restarted for "${step.title}". Did the PC restart? (No: it restarts it again now.)`,
    required: true,
    fact: true,
  };
}

/** Every question a workflow can ask, by id (answers files are checked against it). */
export function workflowQuestions(w: WorkflowDef): Map<string, Question> {
  const all = new Map<string, Question>();
  for (const s of w.steps) {
    for (const q of [
      ...(s.questions ?? []),
      ...(s.afterQuestions ?? []),
      ...(s.waitQuestions ?? []),
    ])
      all.set(q.id, q);
    if (s.action && (s.action.destructive || s.action.reboot)) {
      const q = confirmQuestion(s);
      all.set(q.id, q);
    }
    if (s.action?.reboot) all.set(restartQuestionId(s.id), restartQuestion(s));
  }
  return all;
}

/**
 * The workflow as this machine's build words it: every step with a `wording` gets its text for
 * `build`. Ids, actions and flags stay the same, so journals and answers files are unaffected.
 */
export function forMachine(w: WorkflowDef, build: number | null): WorkflowDef {
  if (!w.steps.some((s) => s.wording)) return w;
  const reword = (qs: Question[] | undefined, prompts: Record<string, string> | undefined) =>
    qs?.map((q) => (prompts?.[q.id] ? { ...q, prompt: prompts[q.id]! } : q));
  return {
    ...w,
    steps: w.steps.map((s) => {
      if (!s.wording) return s;
      const t = s.wording(build);
      const step: StepDef = {
        ...s,
        ...(t.title ? { title: t.title } : {}),
        ...(t.instructions ? { instructions: t.instructions } : {}),
        ...(t.links ? { links: t.links } : {}),
      };
      if (s.action && t.actionTitle) step.action = { ...s.action, title: t.actionTitle };
      if (s.questions) step.questions = reword(s.questions, t.prompts)!;
      if (s.afterQuestions) step.afterQuestions = reword(s.afterQuestions, t.prompts)!;
      if (s.waitQuestions) step.waitQuestions = reword(s.waitQuestions, t.prompts)!;
      return step;
    }),
  };
}

export function summariseWorkflow(w: WorkflowDef): WorkflowSummary {
  return {
    id: w.id,
    title: w.title,
    description: w.description,
    platforms: w.platforms,
    practice: w.windowsOnly || w.local === 'preferred',
    steps: w.steps.map((s) => ({
      id: s.id,
      title: s.title,
      instructions: s.instructions,
      gated: Boolean(s.action?.destructive),
      ...(s.branch ? { branch: s.branch } : {}),
      ...(s.links?.length ? { links: s.links } : {}),
      ...(s.questions?.length ? { questions: s.questions } : {}),
      ...(s.action
        ? {
            action: {
              id: s.action.id,
              title: s.action.title,
              destructive: s.action.destructive,
              needsAdmin: s.action.needsAdmin,
              reversible: s.action.reversible,
              reboot: s.action.reboot,
            },
          }
        : {}),
    })),
  };
}
