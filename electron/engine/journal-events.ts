/**
 * The run journal's records. Validated on load: a journal is user-reachable state on disk, so a
 * record that does not match is reported (file, line, field), never trusted.
 */
import { z } from 'zod';
import {
  ActionRecordSchema,
  AnswerSourceSchema,
  AnswerValueSchema,
  CheckResultSchema,
  MachineRefSchema,
  OperatorSchema,
  PauseSchema,
} from '../../shared/model';

export const JournalEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run-started'),
    runId: z.string(),
    workflow: z.string(),
    workflowTitle: z.string(),
    machine: MachineRefSchema,
    steps: z.array(z.object({ id: z.string(), title: z.string() })),
    bootTime: z.string().nullable(),
    /** Who started it (absent in journals from before 2026-12). */
    operator: OperatorSchema.optional(),
    /** The Windows build at the start (steps are worded for it); null when unreadable. */
    windowsBuild: z.number().int().nullable().optional(),
  }),
  z.object({ type: z.literal('step-started'), stepId: z.string(), attempt: z.number().int() }),
  z.object({
    type: z.literal('check'),
    stepId: z.string(),
    phase: z.enum(['before', 'after']),
    result: CheckResultSchema,
  }),
  z.object({
    type: z.literal('answer'),
    questionId: z.string(),
    value: AnswerValueSchema,
    source: AnswerSourceSchema,
    /** Who gave it (absent in journals from before 2026-12). */
    by: OperatorSchema.optional(),
  }),
  /** A re-answer on retry withdrew an answer (`null` in an answers file): the step asks again. */
  z.object({ type: z.literal('answer-cleared'), questionId: z.string() }),
  z.object({
    type: z.literal('action-started'),
    stepId: z.string(),
    actionId: z.string(),
    attempt: z.number().int(),
  }),
  z.object({ type: z.literal('action-finished'), stepId: z.string(), action: ActionRecordSchema }),
  z.object({ type: z.literal('reboot-requested'), stepId: z.string(), bootBefore: z.string() }),
  z.object({ type: z.literal('reboot-confirmed'), stepId: z.string(), bootAfter: z.string() }),
  z.object({
    type: z.literal('step-finished'),
    stepId: z.string(),
    status: z.enum(['done', 'skipped', 'blocked', 'failed']),
    summary: z.string(),
  }),
  z.object({ type: z.literal('paused'), pause: PauseSchema }),
  z.object({ type: z.literal('resumed') }),
  z.object({
    type: z.literal('run-finished'),
    status: z.enum(['finished', 'blocked', 'failed', 'cancelled']),
    message: z.string().optional(),
  }),
  z.object({ type: z.literal('warning'), message: z.string() }),
  // Added for `wsops abandon`; journals written before it simply never hold one.
  z.object({
    type: z.literal('run-abandoned'),
    undone: z.array(z.string()),
    cannotUndo: z.array(z.string()),
  }),
]);
export type JournalEvent = z.infer<typeof JournalEventSchema>;

export const JournalRecordSchema = z.intersection(
  z.object({ seq: z.number().int().positive(), t: z.string() }),
  JournalEventSchema,
);
export type JournalRecord = { seq: number; t: string } & JournalEvent;
