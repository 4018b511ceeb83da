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
  WorkflowSummary,
} from '../../shared/model';
import type { LocalHost, WindowsHost } from '../system/ports';

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

/** Everything a check or action may use. */
export interface StepContext {
  /**
   * The Windows machine (real, practice or bundle). In a run without one (a local workflow on
   * Linux/macOS) every call rejects with a clear message, so a misplaced Windows check says
   * "unknown" instead of reading the wrong machine.
   */
  host: WindowsHost;
  /** This computer — set for local workflows (`WorkflowDef.local`) run without a practice machine. */
  local?: LocalHost;
  /** Answers recorded for this run (questions of any step). */
  answer(id: string): AnswerValue | undefined;
  /** Outputs a previous step's action recorded (e.g. the DiskCryptor version). */
  output(stepId: string, key: string): unknown;
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

export interface CheckDef {
  id: string;
  title: string;
  run(ctx: StepContext): Promise<CheckOutcome>;
}

export interface ActionOutcome {
  ok: boolean;
  summary: string;
  details?: string[];
  outputs?: Record<string, unknown>;
  /** The step cannot go on until the user does something (e.g. provides the installer). */
  waitFor?: { message: string; questions: Question[] };
  /** The step must not go on at all (e.g. uninstall refused while encrypted). */
  blocked?: boolean;
}

export interface ActionDef extends ActionFlags {
  id: string;
  title: string;
  /** Dry run: what the action would do, without doing it. */
  /**
   * What run() would do, without doing it. `outputs` are what run() would record when they can
   * be known beforehand (a route choice), so the dry run follows the same branches as the run.
   */
  describe(
    ctx: StepContext,
  ): Promise<
    Omit<PlannedAction, 'stepId' | 'title' | 'flags'> & { outputs?: ActionOutcome['outputs'] }
  >;
  run(ctx: StepContext): Promise<ActionOutcome>;
}

export interface StepDef {
  id: string;
  title: string;
  /** Markdown shown in the app and printed by the CLI. */
  instructions: string;
  /** Status checks run before the action (their results are logged). */
  checks?: CheckDef[];
  /** Skip the step when this returns a reason. */
  skipIf?(ctx: StepContext): Promise<string | null>;
  /** Refuse the step (and stop the run) when this returns a reason. */
  blockIf?(ctx: StepContext): Promise<string | null>;
  /** Asked before the action runs. */
  questions?: Question[];
  /** Asked after the action ran (e.g. "I ran the troubleshooter"). */
  afterQuestions?: Question[];
  /** Questions the action may pause on (ActionOutcome.waitFor), declared so answers files can be checked. */
  waitQuestions?: Question[];
  /** This step's confirmation gates everything destructive after it. */
  isBackupGate?: boolean;
  action?: ActionDef;
  /** Status checks after the action; a 'fail' fails the step (or repeats it). */
  verify?: CheckDef[];
  /** Repeat the action (and reboot) while verify fails, at most `max` attempts in all. */
  repeat?: { max: number; giveUp: string };
}

export interface WorkflowDef {
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
  steps: StepDef[];
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
  }
  return all;
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
