/**
 * The app's IPC contract: every channel once — the `window.api` method that calls it, its
 * request schema and its response schema (zod) — plus one typed main→renderer event channel.
 * Modelled on GitHub Desktop's `RequestResponseChannels` (app/src/lib/ipc-shared.ts). The
 * TypeScript types, `window.api`'s type and the main process's validation all derive from
 * `channels` below; the channel names themselves live in ./ipc-api.ts (zod-free, so the sandboxed
 * preload stays a few KB), and the compiler holds both key sets equal.
 *
 * Imports nothing from Node, the DOM or Electron: the main process, the renderer (types only) and
 * the tests use it.
 */
import { z } from 'zod';
import { CHANNELS, type ChannelName } from './ipc-api';
import {
  AnswerValueSchema,
  CheckResultSchema,
  CheckStatusSchema,
  MachineRefSchema,
  ProgressSchema,
  QuestionSchema,
  RunStateSchema,
  RunStatusSchema,
  WorkflowSummarySchema,
} from './model';
import { MachineHealthSchema } from './health';
import { DiagnosisSchema } from './diagnosis';

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Paths travel as text; the main process decides whether it accepts them. */
const PathText = z.string().min(1).max(4096);
const RunId = z.string().min(1).max(200);
const WorkflowId = z.string().min(1).max(200);
const Empty = z.object({}).strict();

/**
 * Which machine to work on. The renderer never names arbitrary folders for a run: a practice or
 * bundle dir must be one the main process created or the user picked in a folder dialog.
 */
export const MachineChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('real') }).strict(),
  z.object({ kind: z.literal('practice'), dir: PathText }).strict(),
  z.object({ kind: z.literal('bundle'), dir: PathText }).strict(),
]);
export type MachineChoice = z.infer<typeof MachineChoiceSchema>;

export const AppWorkflowSchema = WorkflowSummarySchema.extend({
  /** Runs on this computer itself (the workflow's platforms include this OS). */
  availableHere: z.boolean(),
  /** Only on a practice machine here (a Windows workflow on macOS/Linux). */
  practiceOnly: z.boolean(),
});
export type AppWorkflow = z.infer<typeof AppWorkflowSchema>;

/** A run as the wizard shows it. */
export const RunViewSchema = z.object({
  state: RunStateSchema,
  /** The engine is driving this run right now (in this app). */
  active: z.boolean(),
  /**
   * What the run waits for, as one form: the paused question plus the other unanswered
   * questions of the same group (e.g. the backup step's optional folders beside its confirmation).
   */
  questions: z.array(QuestionSchema),
  workflow: WorkflowSummarySchema,
  /** The latest progress of the running action, if any. */
  progress: ProgressSchema.nullable(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const RunListItemSchema = z.object({
  runId: z.string(),
  workflow: z.string(),
  workflowTitle: z.string(),
  status: RunStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  machine: MachineRefSchema,
  /** The step the run is on (paused/running) or stopped at. */
  stepTitle: z.string().nullable(),
  message: z.string().nullable(),
  active: z.boolean(),
});
export type RunListItem = z.infer<typeof RunListItemSchema>;

export const PracticeMachineSchema = z.object({
  dir: z.string(),
  label: z.string(),
  os: z.string(),
  /** When its folder was made (ISO), null when unknown. */
  createdAt: z.string().nullable(),
});
export type PracticeMachine = z.infer<typeof PracticeMachineSchema>;

export const ScenarioSchema = z.object({ id: z.string(), description: z.string() });

/** One program a host started (ExecFileRunner history): as a PC runs it, exit code, duration. */
export const CommandRunSchema = z.object({
  command: z.string(),
  exitCode: z.number().int().nullable(),
  ms: z.number().nonnegative(),
});
export type CommandRun = z.infer<typeof CommandRunSchema>;

export const BundleViewSchema = z.object({
  dir: z.string(),
  label: z.string(),
  workflowId: z.string(),
  checks: z.array(CheckResultSchema),
  diagnosis: DiagnosisSchema.nullable(),
  /** What the bundle says about the machine (null where nothing could be read). */
  facts: z.record(z.string(), z.unknown()).nullable(),
  /** The recorded commands the preflight replayed. */
  commands: z.array(CommandRunSchema).default([]),
});
export type BundleView = z.infer<typeof BundleViewSchema>;

export const ReminderSchema = z.object({
  id: z.string(),
  source: z.string(),
  backup: z.string(),
  intervalDays: z.number(),
  lastBackupAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** The backup drive the reminder names (volume label and/or serial). */
  drive: z.object({ label: z.string().optional(), serial: z.string().optional() }).nullable(),
  /** null: no drive named, or the drives could not be read. */
  driveConnected: z.boolean().nullable(),
  driveMount: z.string().nullable(),
  daysSinceBackup: z.number().nullable(),
  /** "Your backup drive is connected — last backup 9 days ago — check it now", or null. */
  nudge: z.string().nullable(),
});
export type Reminder = z.infer<typeof ReminderSchema>;

export const ExportFormatSchema = z.enum(['md', 'html', 'json', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const AnswerItemSchema = z
  .object({
    questionId: z.string().min(1).max(200),
    value: AnswerValueSchema,
    /** For destructive confirmations: the phrase the user typed (must equal `question.phrase`). */
    phrase: z.string().max(200).optional(),
  })
  .strict();
export type AnswerItem = z.infer<typeof AnswerItemSchema>;

/** A re-answer on retry: a new value, or null to withdraw the recorded one. Never a confirmation. */
export const ReanswerItemSchema = z
  .object({ questionId: z.string().min(1).max(200), value: AnswerValueSchema.nullable() })
  .strict();
export type ReanswerItem = z.infer<typeof ReanswerItemSchema>;

// ---------------------------------------------------------------------------------------------
// The channels

interface ChannelDef {
  channel: ChannelName;
  request: z.ZodType;
  response: z.ZodType;
}

type Methods = typeof CHANNELS;
const def = <M extends keyof Methods, Req extends z.ZodType, Res extends z.ZodType>(
  method: M,
  request: Req,
  response: Res,
) => ({
  channel: CHANNELS[method],
  request,
  response,
});

/** Keyed by the `window.api` method name; `channel` is the ipcMain/ipcRenderer channel. */
export const channels = {
  appInfo: def(
    'appInfo',
    Empty,
    z.object({
      version: z.string(),
      platform: z.string(),
      stateDir: z.string(),
      practiceRoot: z.string(),
      /** The app was reopened at sign-in to continue a run after a restart. */
      resumedAfterRestart: z.boolean(),
    }),
  ),
  listWorkflows: def(
    'listWorkflows',
    Empty,
    z.object({ platform: z.string(), workflows: z.array(AppWorkflowSchema) }),
  ),
  preflight: def(
    'preflight',
    z.object({ workflowId: WorkflowId, machine: MachineChoiceSchema }).strict(),
    z.object({
      workflowId: z.string(),
      machine: MachineRefSchema,
      checks: z.array(CheckResultSchema),
      /** The verdict above the checks (null for workflows without one). */
      diagnosis: DiagnosisSchema.nullable(),
      at: z.string(),
      /** Every program the host started for these checks ([] where none: Linux/macOS). */
      commands: z.array(CommandRunSchema).default([]),
    }),
  ),
  listRuns: def(
    'listRuns',
    Empty,
    z.object({
      runs: z.array(RunListItemSchema),
      damaged: z.array(z.object({ runId: z.string(), error: z.string() })),
    }),
  ),
  getRun: def('getRun', z.object({ runId: RunId }).strict(), RunViewSchema),
  startRun: def(
    'startRun',
    z.object({ workflowId: WorkflowId, machine: MachineChoiceSchema }).strict(),
    RunViewSchema,
  ),
  /**
   * Continues a run. `answers` re-answer the retried step's questions first (`null` withdraws
   * one): how a step that failed on a bad answer is retried with a better one.
   */
  resumeRun: def(
    'resumeRun',
    z
      .object({
        runId: RunId,
        answers: z.array(ReanswerItemSchema).max(50).optional(),
      })
      .strict(),
    RunViewSchema,
  ),
  /**
   * Answers the questions the run waits for (one form submits them together), then continues
   * the run. A destructive confirmation must carry the typed phrase.
   */
  answer: def(
    'answer',
    z.object({ runId: RunId, answers: z.array(AnswerItemSchema).min(1).max(50) }).strict(),
    RunViewSchema,
  ),
  cancelRun: def(
    'cancelRun',
    z.object({ runId: RunId }).strict(),
    z.object({ cancelled: z.boolean() }),
  ),
  /** Give up on a run: undo what can be undone, say what cannot, mark it abandoned. */
  abandonRun: def(
    'abandonRun',
    z.object({ runId: RunId }).strict(),
    z.object({ undone: z.array(z.string()), cannotUndo: z.array(z.string()) }),
  ),
  exportRun: def(
    'exportRun',
    z.object({ runId: RunId, format: ExportFormatSchema }).strict(),
    z.object({ saved: z.boolean(), path: z.string().nullable() }),
  ),
  openLogFolder: def(
    'openLogFolder',
    z.object({ runId: RunId.optional() }).strict(),
    z.object({ path: z.string() }),
  ),
  listPractice: def(
    'listPractice',
    Empty,
    z.object({
      root: z.string(),
      machines: z.array(PracticeMachineSchema),
      scenarios: z.array(ScenarioSchema),
    }),
  ),
  createPractice: def(
    'createPractice',
    z
      .object({
        scenario: z.string().min(1).max(100),
        /** Files in the practice SoftwareDistribution: enough to see progress, not a disk filler. */
        files: z.number().int().min(0).max(200_000),
      })
      .strict(),
    z.object({ machine: PracticeMachineSchema, files: z.number(), bytes: z.number() }),
  ),
  /**
   * Adds a backup reminder, or edits the one `id` names (the same store as `wsops remind`).
   * A reminder is keyed by its source folder: editing the source replaces the old reminder.
   */
  setReminder: def(
    'setReminder',
    z
      .object({
        id: z.string().min(1).max(40).optional(),
        source: z.string().trim().min(1, 'name the folder that is backed up').max(4096),
        backup: z.string().trim().min(1, 'name the folder that holds its backup').max(4096),
        intervalDays: z
          .number()
          .int('expected a whole number of days')
          .min(1, 'expected 1 to 3650 days')
          .max(3650, 'expected 1 to 3650 days'),
        drive: z
          .object({
            label: z.string().trim().min(1).max(200).optional(),
            serial: z.string().trim().min(1).max(200).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    z.object({ reminder: ReminderSchema }),
  ),
  removeReminder: def(
    'removeReminder',
    z.object({ reminderId: z.string().min(1).max(40) }).strict(),
    z.object({ removed: z.boolean() }),
  ),
  /**
   * A file or folder the person picks for a path question (Browse…); null when they cancel. With
   * `runId` of a practice run, the dialog opens in the practice machine's drive and the answer is
   * its Windows path (C:\\…); a pick outside that machine is refused.
   */
  pickPath: def(
    'pickPath',
    z
      .object({
        kind: z.enum(['file', 'folder']),
        title: z.string().min(1).max(200),
        defaultPath: z
          .string()
          .max(4096)
          .refine((s) => !s.includes('\0'), 'contains a NUL character')
          .optional(),
        runId: RunId.optional(),
      })
      .strict(),
    z.object({ path: z.string().nullable() }),
  ),
  /** Opens an existing practice machine folder the user picks. */
  openPractice: def('openPractice', Empty, z.object({ machine: PracticeMachineSchema.nullable() })),
  /** Opens a diagnostics bundle the user picks and runs the workflow's preflight on it, read-only. */
  openBundle: def(
    'openBundle',
    z.object({ workflowId: WorkflowId }).strict(),
    z.object({ bundle: BundleViewSchema.nullable() }),
  ),
  reminders: def(
    'reminders',
    Empty,
    z.object({ available: z.boolean(), reminders: z.array(ReminderSchema) }),
  ),
  /**
   * This computer at a glance (Home): power, disks and their health, free space, uptime, OS. The
   * main process reads it off the render path and reuses a reading for a few seconds.
   */
  machineHealth: def(
    'machineHealth',
    Empty,
    z.object({
      label: z.string(),
      health: MachineHealthSchema,
      /** The health checks' verdicts on this reading (the same as system-health's). */
      verdicts: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          status: CheckStatusSchema,
          summary: z.string(),
        }),
      ),
    }),
  ),
  /**
   * Starts backup-check on this computer with the reminder's folders filled in (the tray's and
   * Home's "Check it now").
   */
  checkReminder: def(
    'checkReminder',
    z.object({ reminderId: z.string().min(1).max(40) }).strict(),
    RunViewSchema,
  ),
  /** Opens one of the allowlisted web pages (electron/main/external.ts) in the browser. */
  openWebPage: def(
    'openWebPage',
    z.object({ url: z.string().min(1).max(2048) }).strict(),
    z.object({ opened: z.boolean() }),
  ),
} satisfies Record<keyof Methods, ChannelDef>;

export type Channels = typeof channels;
export type Method = keyof Channels;
export type RequestOf<M extends Method> = z.input<Channels[M]['request']>;
export type ResponseOf<M extends Method> = z.output<Channels[M]['response']>;

// Every name in ipc-api.ts has a schema here and the other way round (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameKeys: Same<keyof Methods, Method> = true;
void sameKeys;

// ---------------------------------------------------------------------------------------------
// Main → renderer events: one channel, one schema

export const AppEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run'),
    state: RunStateSchema,
    active: z.boolean(),
    questions: z.array(QuestionSchema),
  }),
  z.object({ type: z.literal('progress'), progress: ProgressSchema }),
  /** Open this run in the window (the tray started it: a reminder's "check it now"). */
  z.object({ type: z.literal('open-run'), runId: z.string() }),
  /** The engine stopped on an unexpected error (the journal keeps everything before it). */
  z.object({ type: z.literal('run-error'), runId: z.string(), message: z.string() }),
]);
export type AppEvent = z.infer<typeof AppEventSchema>;

// ---------------------------------------------------------------------------------------------
// window.api (built in ./ipc-api.ts; re-exported here for the main process and tests)

export { CHANNELS, CHANNEL_NAMES, EVENT_CHANNEL, buildApi, cleanIpcError } from './ipc-api';
export type { Api, ChannelName, Invoke, Subscribe } from './ipc-api';
