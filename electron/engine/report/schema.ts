/**
 * The fleet report's contracts: what it reads (JSON run logs and `wsops check --json` outputs,
 * built from their own schemas) and what it writes (`wsops report --format json`). Documented in
 * docs/fleet.md; a test checks that page names every row field and verdict.
 */
import { z } from 'zod';
import { CheckResultSchema, MachineRefSchema, RunStatusSchema } from '../../../shared/model';
import { FactsSchema } from '../../system/bundle/facts';

/**
 * `wsops check <workflow> [--machine DIR | --bundle DIR] --json` prints this envelope
 * (electron/cli/commands/check.ts); `facts` only for a bundle.
 */
export const CheckOutputSchema = z.object({
  workflow: z.string(),
  machine: MachineRefSchema,
  facts: FactsSchema.optional(),
  checks: z.array(CheckResultSchema),
});
export type CheckOutput = z.infer<typeof CheckOutputSchema>;

export const REPORT_FORMAT = 'workstation-ops-fleet-report/1';

/** Largest file the report reads; a run log of the flagship is about 30 KB. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;
/** Most entries (of any kind) the report accepts in its folder. */
export const MAX_INPUT_ENTRIES = 10_000;

/**
 * One word per row that says what to do about that PC. Checks decide only on evidence: a check
 * that could not be read makes the verdict `unknown` or `attention`, never `ok` or `clear`.
 */
export const VerdictSchema = z.enum([
  /** Run finished and every check after its steps passed or warned. */
  'ok',
  /** Run finished, but a check after a step failed or could not be read. */
  'attention',
  /** Run paused for a restart or an answer, or was interrupted: run `wsops resume`. */
  'in-progress',
  /** Run failed, was blocked or cancelled. */
  'failed',
  /** Check output: the PC shows the problem (or a check failed). */
  'problem',
  /** Check output: the PC does not show the problem. */
  'clear',
  /** Check output: the deciding checks could not be read. */
  'unknown',
  /** The file is not a readable run log or check output. */
  'unreadable',
  /** Not read at all: a link, a folder, a device, not a .json file. */
  'skipped',
]);
export type Verdict = z.infer<typeof VerdictSchema>;

export const ReportRowSchema = z.object({
  /** The file, relative to the report's folder. */
  file: z.string(),
  kind: z.enum(['run', 'check', 'unreadable', 'skipped']),
  /** The machine label from the log (the computer name on a real PC). */
  host: z.string().nullable(),
  workflow: z.string().nullable(),
  /** The run's status, `checked` for a check output, or `unreadable`/`skipped`. */
  status: z.union([RunStatusSchema, z.enum(['checked', 'unreadable', 'skipped'])]),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Restarts the run requested (steps with a restart record); null for check outputs. */
  restarts: z.number().int().nullable(),
  /** The failed, blocked or waiting step (or failed check) and why; or why the file was not read. */
  problem: z.string().nullable(),
  verdict: VerdictSchema,
  /** One line that explains the verdict. */
  verdictText: z.string(),
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

export const ReportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  generatedAt: z.string(),
  dir: z.string(),
  sort: z.string(),
  counts: z.record(VerdictSchema, z.number().int()),
  rows: z.array(ReportRowSchema),
});
export type Report = z.infer<typeof ReportSchema>;

export const SORT_KEYS = [
  'host',
  'workflow',
  'status',
  'started',
  'finished',
  'restarts',
  'verdict',
  'file',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
