/**
 * The contract between every host (CLI, Electron main, renderer, e2e bridge) and the engine.
 * Everything here is serialisable data described once with zod; TypeScript types are derived
 * from the schemas so the two can never drift. Imports nothing from Node, the DOM or Electron.
 */
import { z } from 'zod';

export const CheckStatusSchema = z.enum(['pass', 'warn', 'fail', 'unknown']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const CheckResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: CheckStatusSchema,
  /** One line a person can read. */
  summary: z.string(),
  /** Raw lines that back the summary (command output, paths, counts). */
  evidence: z.array(z.string()),
  /** Structured facts for programs (JSON export, later steps). */
  data: z.record(z.string(), z.unknown()).optional(),
  at: z.string(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const StepStatusSchema = z.enum([
  'pending',
  'running',
  'waiting',
  'blocked',
  'failed',
  'done',
  'skipped',
]);
export type StepStatus = z.infer<typeof StepStatusSchema>;

export const RunStatusSchema = z.enum([
  'running',
  'paused-reboot',
  'waiting-answer',
  'blocked',
  'failed',
  'finished',
  'cancelled',
  /** Given up on by the person (`wsops abandon`, the app's Abandon button): final, never resumed. */
  'abandoned',
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const PlatformSchema = z.enum(['win32', 'darwin', 'linux']);
export type Platform = z.infer<typeof PlatformSchema>;

export const QuestionKindSchema = z.enum(['confirm', 'text', 'path', 'number']);
export const QuestionSchema = z.object({
  id: z.string(),
  kind: QuestionKindSchema,
  prompt: z.string(),
  /** For destructive confirmations: the exact phrase the user types in the app. */
  phrase: z.string().optional(),
  required: z.boolean(),
  help: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /**
   * Asks what happened ("Did the PC restart?"), which only the person knows: `--yes` never
   * answers it, so a run left to itself waits instead of claiming a fact.
   */
  fact: z.boolean().optional(),
  /** For a path: whether it names a file or a folder (the app's Browse… opens that dialog). */
  pathKind: z.enum(['file', 'folder']).optional(),
});
export type Question = z.infer<typeof QuestionSchema>;

export const AnswerValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type AnswerValue = z.infer<typeof AnswerValueSchema>;
export const AnswerSourceSchema = z.enum(['yes-flag', 'answers-file', 'prompt', 'app', 'default']);
export type AnswerSource = z.infer<typeof AnswerSourceSchema>;

/** A person at a computer: the OS account (DOMAIN\\user on Windows) and the host name. */
export const OperatorSchema = z.object({ user: z.string(), host: z.string() });
export type Operator = z.infer<typeof OperatorSchema>;

export const MachineRefSchema = z.object({
  kind: z.enum(['real', 'practice', 'bundle']),
  label: z.string(),
  /** Practice machine dir or bundle dir; absent for the real machine. */
  dir: z.string().optional(),
});
export type MachineRef = z.infer<typeof MachineRefSchema>;

export const ActionFlagsSchema = z.object({
  destructive: z.boolean(),
  needsAdmin: z.boolean(),
  reversible: z.boolean(),
  reboot: z.boolean(),
});
export type ActionFlags = z.infer<typeof ActionFlagsSchema>;

export const StepLinkSchema = z.object({ label: z.string(), url: z.string() });
export type StepLink = z.infer<typeof StepLinkSchema>;

export const StepSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  instructions: z.string(),
  action: z.object({ id: z.string(), title: z.string() }).merge(ActionFlagsSchema).optional(),
  gated: z.boolean(),
  /** Runs only on one arm of an earlier step's choice (the flagship's route). */
  branch: z.object({ step: z.string(), arm: z.string() }).optional(),
  /** Web pages the person may need during the step; main opens only allowed ones (external.ts). */
  links: z.array(StepLinkSchema).optional(),
  /** The questions the step asks (the app offers them again when the step is retried). */
  questions: z.array(z.lazy(() => QuestionSchema)).optional(),
});
export type StepSummary = z.infer<typeof StepSummarySchema>;

export const WorkflowSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  platforms: z.array(PlatformSchema),
  /** Runs on a simulated Windows machine. */
  practice: z.boolean(),
  steps: z.array(StepSummarySchema),
});
export type WorkflowSummary = z.infer<typeof WorkflowSummarySchema>;

export const ActionRecordSchema = z.object({
  id: z.string(),
  attempt: z.number().int(),
  ok: z.boolean(),
  summary: z.string(),
  details: z.array(z.string()),
  outputs: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type ActionRecord = z.infer<typeof ActionRecordSchema>;

export const StepStateSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: StepStatusSchema,
  attempts: z.number().int(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  summary: z.string().optional(),
  before: z.array(CheckResultSchema),
  after: z.array(CheckResultSchema),
  action: ActionRecordSchema.optional(),
  confirmedBy: AnswerSourceSchema.optional(),
  reboot: z
    .object({
      requestedAt: z.string(),
      bootBefore: z.string(),
      bootAfter: z.string().optional(),
    })
    .optional(),
});
export type StepState = z.infer<typeof StepStateSchema>;

export const PauseSchema = z.object({
  reason: z.enum(['reboot', 'answer']),
  stepId: z.string(),
  message: z.string(),
  questions: z.array(QuestionSchema),
  /** Why the given answer was not taken (shown next to the field): "C:\\X does not exist". */
  problem: z.string().optional(),
  /** Stopped by the person mid-action (not waiting for an answer): exit 130, not 4. */
  cancelled: z.boolean().optional(),
});
export type Pause = z.infer<typeof PauseSchema>;

export const RunStateSchema = z.object({
  runId: z.string(),
  workflow: z.string(),
  workflowTitle: z.string(),
  status: RunStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  machine: MachineRefSchema,
  operator: OperatorSchema.optional(),
  /** The Windows build when the run started, which its steps are worded for (Windows 11 names). */
  windowsBuild: z.number().int().nullable().optional(),
  steps: z.array(StepStateSchema),
  answers: z.record(
    z.string(),
    z.object({
      value: AnswerValueSchema,
      source: AnswerSourceSchema,
      /** When it was given (the journal record's time); absent in states built before 2026-12. */
      at: z.string().optional(),
      by: OperatorSchema.optional(),
    }),
  ),
  pause: PauseSchema.optional(),
  /** Why the run is blocked or failed. */
  message: z.string().optional(),
  /** Set once the run is abandoned: what was put back, and what could not be. */
  abandoned: z.object({ undone: z.array(z.string()), cannotUndo: z.array(z.string()) }).optional(),
  warnings: z.array(z.string()),
});
export type RunState = z.infer<typeof RunStateSchema>;

export const ProgressSchema = z.object({
  runId: z.string(),
  stepId: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number().optional(),
  bytes: z.number(),
  totalBytes: z.number().optional(),
  ratePerSecond: z.number().optional(),
  etaSeconds: z.number().optional(),
  message: z.string().optional(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const PlannedActionSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  flags: ActionFlagsSchema,
  commands: z.array(z.string()),
  paths: z.array(z.string()),
  files: z.number().optional(),
  bytes: z.number().optional(),
  notes: z.array(z.string()),
  /** The run would skip this step, or stop here (blocked), and why: nothing it would do is listed. */
  outcome: z.object({ kind: z.enum(['skipped', 'blocked']), reason: z.string() }).optional(),
});
export type PlannedAction = z.infer<typeof PlannedActionSchema>;

/** Exit codes shared by the CLI and the docs. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  badInput: 2,
  rebootPending: 3,
  waitingAnswer: 4,
  /** The person stopped it (Ctrl-C at a prompt or during an action); resume continues. 128+SIGINT. */
  cancelled: 130,
} as const;

export function exitCodeFor(status: RunStatus): number {
  switch (status) {
    case 'finished':
      return ExitCode.ok;
    case 'paused-reboot':
      return ExitCode.rebootPending;
    case 'waiting-answer':
      return ExitCode.waitingAnswer;
    case 'cancelled':
      return ExitCode.cancelled;
    case 'running':
      return ExitCode.ok;
    default:
      return ExitCode.failed;
  }
}
