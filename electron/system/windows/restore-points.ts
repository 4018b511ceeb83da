/**
 * System Restore, read from structure only: the JSON line `checkpointComputer()` prints, and the
 * SystemRestore registry key. Windows translates Checkpoint-Computer's messages (a Russian PC
 * says "невозможно запустить службу…"), so no decision here reads a message's words; the
 * messages are kept for the log.
 */
import { z } from 'zod';
import type { CommandResult, RestorePoint, RestorePointAttempt, SystemProtection } from '../ports';
import { RESTORE_POINT_DESCRIPTION } from './commands';
import { dwordOf, parseRegQuery, valueOf } from './parse-reg';

/** Windows' own default when SystemRestorePointCreationFrequency is absent (Computer.cs). */
export const DEFAULT_RESTORE_POINT_FREQUENCY_MINUTES = 1440;

const PointSchema = z.object({
  sequence: z.number().int().nonnegative(),
  created: z.string().max(64),
  description: z.string().max(1024),
});

/** Bounded: the line comes from a process, and a PC keeps a few dozen points at most. */
const CheckpointOutputSchema = z.object({
  // ConvertTo-Json writes an empty array as [] and, on some builds, a missing one as null.
  before: z.array(z.number().int().nonnegative()).max(10_000).nullable(),
  after: z.array(PointSchema).max(10_000).nullable(),
  warned: z.boolean(),
  error: z.string().max(8192).nullable(),
});

function parseOutput(stdout: string): z.infer<typeof CheckpointOutputSchema> | null {
  const line = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  if (!line || line.length > 4 * 1024 * 1024) return null;
  try {
    const parsed = CheckpointOutputSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function point(p: z.infer<typeof PointSchema>): RestorePoint {
  const t = Date.parse(p.created);
  return {
    sequence: p.sequence,
    created: Number.isNaN(t) ? null : new Date(t).toISOString(),
    description: p.description,
  };
}

/**
 * What the attempt did. `made` is a point that was not there before and carries our
 * description: Checkpoint-Computer returns without making one when a point is younger than the
 * frequency limit (it only warns), so success is read from the list, not from the exit code.
 */
export function restorePointAttempt(r: CommandResult): RestorePointAttempt {
  const out = r.ok ? parseOutput(r.stdout) : null;
  if (!out) return { ...r, known: false, made: null, latest: null, throttled: false, error: null };
  const before = new Set(out.before ?? []);
  const after = (out.after ?? []).map(point);
  const made =
    after.find((p) => !before.has(p.sequence) && p.description === RESTORE_POINT_DESCRIPTION) ??
    null;
  const latest = after.reduce<RestorePoint | null>(
    (a, p) => (a === null || p.sequence > a.sequence ? p : a),
    null,
  );
  return {
    ...r,
    known: true,
    made,
    latest,
    throttled: !made && out.warned,
    error: made ? null : out.error?.trim() || null,
  };
}

/**
 * `reg query` of the SystemRestore key. The key exists on every client Windows; absent or
 * unreadable is 'unknown', never "off".
 */
export function parseSystemRestoreKey(r: CommandResult): SystemProtection {
  const unknown: SystemProtection = {
    protection: 'unknown',
    frequencyMinutes: DEFAULT_RESTORE_POINT_FREQUENCY_MINUTES,
  };
  if (!r.ok) return unknown;
  const key = parseRegQuery(r.stdout)?.[0];
  if (!key) return unknown;
  const interval = dwordOf(valueOf(key, 'RPSessionInterval'));
  const frequency = dwordOf(valueOf(key, 'SystemRestorePointCreationFrequency'));
  return {
    protection: interval === null ? 'unknown' : interval === 0 ? 'off' : 'on',
    frequencyMinutes: frequency ?? DEFAULT_RESTORE_POINT_FREQUENCY_MINUTES,
  };
}
