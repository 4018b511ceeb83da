/**
 * The JSON run log (`wsops export --format json`, the app's "Export JSON"). Documented in
 * docs/run-log.md; this schema is the single source of truth and the exporter's output is
 * checked against it in tests.
 */
import { z } from 'zod';
import {
  AnswerSourceSchema,
  AnswerValueSchema,
  CheckStatusSchema,
  MachineRefSchema,
  OperatorSchema,
  RunStatusSchema,
  StepStatusSchema,
} from './model';

export const RUN_LOG_FORMAT = 'workstation-ops-run/1';

export const RunLogCheckSchema = z.object({
  phase: z.enum(['before', 'after']),
  id: z.string(),
  title: z.string(),
  status: CheckStatusSchema,
  summary: z.string(),
  evidence: z.array(z.string()),
  at: z.string(),
});

export const RunLogStepSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: StepStatusSchema,
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  summary: z.string().nullable(),
  confirmedBy: AnswerSourceSchema.nullable(),
  action: z
    .object({
      id: z.string(),
      ok: z.boolean(),
      summary: z.string(),
      details: z.array(z.string()),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
    })
    .nullable(),
  reboot: z
    .object({ requestedAt: z.string(), bootBefore: z.string(), bootAfter: z.string().nullable() })
    .nullable(),
  checks: z.array(RunLogCheckSchema),
});

export const RunLogSchema = z.object({
  format: z.literal(RUN_LOG_FORMAT),
  workflow: z.string(),
  workflowTitle: z.string(),
  runId: z.string(),
  status: RunStatusSchema,
  message: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  machine: MachineRefSchema,
  /** Who started the run (null in logs of runs from before 2026-12). */
  operator: OperatorSchema.nullable().default(null),
  /** The tool that wrote this log (null when read from a log written before 2026-12). */
  tool: z.object({ name: z.string(), version: z.string() }).nullable().default(null),
  answers: z.array(
    z.object({
      id: z.string(),
      value: AnswerValueSchema,
      source: AnswerSourceSchema,
      /** When it was given; null for runs from before 2026-12. */
      answeredAt: z.string().nullable().default(null),
      /** Who gave it; null for runs from before 2026-12. */
      by: OperatorSchema.nullable().default(null),
    }),
  ),
  warnings: z.array(z.string()),
  steps: z.array(RunLogStepSchema),
  exportedAt: z.string(),
});
export type RunLog = z.infer<typeof RunLogSchema>;
