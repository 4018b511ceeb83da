/**
 * Parsing files people write (machine.json, answers files, settings, bundle manifests): JSON, then
 * the schema; any problem becomes one InputError line naming the file and the field.
 */
import type { z } from 'zod';
import { InputError, formatPath } from './errors';

/** "field a.b[2]: <message>" for the first issue of a failed parse. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `field ${issue ? formatPath(issue.path) : '(root)'}: ${(issue?.message ?? 'invalid').split('\n')[0]}`;
}

export function parseJsonInput<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InputError(`${file}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}
