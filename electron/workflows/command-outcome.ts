/** Turning command results into what an action reports. */
import type { ActionOutcome, Outputs } from '../engine/workflow';
import type { CommandResult } from '../system/ports';

/** The log lines for commands run: the command line with its exit code, then its output. */
export function cmdLines(results: CommandResult[]): string[] {
  return results.flatMap((r) => [
    `> ${r.command}  (exit ${r.exitCode ?? '?'})`,
    ...[r.stdout, r.stderr].filter(Boolean).map((t) => t.trim()),
  ]);
}

/**
 * A declined UAC prompt among `results` (the engine blocks the step, resume asks again); null
 * otherwise. `what` says what did not happen, e.g. "the services were not stopped."
 */
export function declinedOutcome(
  results: CommandResult[],
  what: string,
): ActionOutcome<never> | null {
  // <never>: it records no outputs, so it fits any action's outcome type.
  if (!results.some((r) => r.declined)) return null;
  return {
    ok: false,
    declined: true,
    summary: `The administrator prompt was declined: ${what} Resume to try again.`,
    details: cmdLines(results),
  };
}

/**
 * One admin command's outcome: a declined UAC prompt is reported (the engine blocks the step), a
 * failure fails it with the command's own words, success reports `done`.
 */
export function adminCommandOutcome<O extends Outputs = Outputs>(
  r: CommandResult,
  text: { done: string; declined: string; failed: string },
  outputs?: O,
): ActionOutcome<O> {
  const details = cmdLines([r]);
  if (r.declined) {
    return {
      ok: false,
      declined: true,
      summary: `The administrator prompt was declined: ${text.declined} Resume to try again.`,
      details,
    };
  }
  if (!r.ok)
    return {
      ok: false,
      summary: `${text.failed}: ${r.stderr.trim() || r.stdout.trim() || `exit code ${r.exitCode ?? '?'}`}`,
      details,
    };
  return { ok: true, summary: text.done, details, ...(outputs ? { outputs } : {}) };
}
