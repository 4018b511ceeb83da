/**
 * Where answers come from: `--yes`, an answers file, a terminal prompt, or the app. Providers
 * return undefined when they have no answer; the engine then pauses the run (exit 4) instead of
 * guessing.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../shared/errors';
import type { AnswerCheck } from './answer-check';
import { parseJsonInput } from '../../shared/parse-input';
import {
  AnswerValueSchema,
  type AnswerSource,
  type AnswerValue,
  type Question,
} from '../../shared/model';

export interface ProvidedAnswer {
  value: AnswerValue;
  source: AnswerSource;
}

export interface AnswerProvider {
  ask(question: Question, context: AskContext): Promise<ProvidedAnswer | undefined>;
}

export interface AskContext {
  stepId: string;
  stepTitle: string;
  /** Checks a value the way the engine will (paths exist…): an interactive provider asks again. */
  check?(value: AnswerValue): AnswerCheck;
  /** Why the recorded answer is asked again (it no longer checks out). */
  problem?: string;
}

/** The answers file format (docs/answers-file.md). */
export const AnswersFileSchema = z
  .object({
    version: z.literal(1),
    /**
     * Answers by question id, e.g. "installerPath": "C:\\Users\\dev\\Downloads\\dcrypt_setup_1.1.846.118.exe".
     * On `resume` they replace the recorded answers; `null` withdraws one (the step asks again).
     */
    answers: z.record(z.string().min(1), AnswerValueSchema.nullable()).default({}),
    /** Step ids whose confirmation is given, or true for every confirmation. */
    confirm: z.union([z.literal(true), z.array(z.string().min(1))]).default([]),
  })
  .strict();
export type AnswersFile = z.infer<typeof AnswersFileSchema>;

export function parseAnswersFile(text: string, file: string): AnswersFile {
  return parseJsonInput(text, file, AnswersFileSchema);
}

export function loadAnswersFile(file: string): AnswersFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseAnswersFile(text, file);
}

/**
 * Checks an answers file against the questions a workflow can ask, before anything runs, so a
 * typo or a wrong type is reported with the file and field instead of halfway through a run.
 */
export function checkAnswersFile(
  file: AnswersFile,
  fileName: string,
  questions: Map<string, Question>,
): void {
  for (const [id, value] of Object.entries(file.answers)) {
    const q = questions.get(id);
    if (!q) {
      throw new InputError(
        `${fileName}: field answers.${id}: this workflow asks no such question (known: ${[...questions.keys()].join(', ')})`,
      );
    }
    const expected = q.kind === 'confirm' ? 'boolean' : q.kind === 'number' ? 'number' : 'string';
    if (value !== null && typeof value !== expected) {
      throw new InputError(
        `${fileName}: field answers.${id}: expected ${expected === 'boolean' ? 'true or false' : `a ${expected}`}, got ${JSON.stringify(value)}`,
      );
    }
  }
  if (Array.isArray(file.confirm)) {
    file.confirm.forEach((stepId, i) => {
      if (!questions.has(`confirm:${stepId}`)) {
        throw new InputError(
          `${fileName}: field confirm[${i}]: "${stepId}" is not a step that asks for confirmation`,
        );
      }
    });
  }
}

export function answersFileProvider(file: AnswersFile): AnswerProvider {
  return {
    async ask(q) {
      const given = Object.hasOwn(file.answers, q.id) ? file.answers[q.id] : undefined;
      if (given !== undefined && given !== null) return { value: given, source: 'answers-file' };
      const stepId = /^confirm:(.+)$/.exec(q.id)?.[1];
      if (
        q.kind === 'confirm' &&
        stepId &&
        (file.confirm === true || file.confirm.includes(stepId))
      ) {
        return { value: true, source: 'answers-file' };
      }
      return undefined;
    },
  };
}

/**
 * `--yes`: every confirmation is yes; other questions take their default if they have one. A
 * question of fact is never answered for the person.
 */
export const yesProvider: AnswerProvider = {
  async ask(q) {
    if (q.fact) return undefined;
    if (q.kind === 'confirm') return { value: true, source: 'yes-flag' };
    if (q.default !== undefined) return { value: q.default, source: 'default' };
    return undefined;
  },
};

/** The first provider with an answer wins. */
export function chainProviders(...providers: AnswerProvider[]): AnswerProvider {
  return {
    async ask(q, ctx) {
      for (const p of providers) {
        const a = await p.ask(q, ctx);
        if (a !== undefined) return a;
      }
      return undefined;
    },
  };
}

/** The person cancelled at a prompt (Ctrl-C, end of input): the run stops as cancelled. */
export class PromptCancelled extends Error {
  constructor() {
    super('Cancelled at the prompt.');
    this.name = 'PromptCancelled';
  }
}

export const noAnswers: AnswerProvider = { ask: async () => undefined };
