/**
 * The System Restore point offered right before the point of no return (issue 10, point 7). A
 * restore point does not bring DiskCryptor's encrypted volumes back, but it takes Windows'
 * drivers, registry and programs back to before the uninstall if the PC misbehaves afterwards.
 *
 * It is an offer, not a gate: no restore point (you said no, System Protection is off, Windows'
 * 24-hour limit, a declined prompt) warns and the run goes on, because the backup step is the
 * gate that protects the data. Whether one was made is read from the restore points Windows
 * lists before and after (restore-points.ts), never from Checkpoint-Computer's exit code or its
 * translated messages.
 */
import type { StepContext, StepDef } from '../../engine/workflow';
import { defineStep, safeguardAction } from '../../engine/workflow';
import type { Question } from '../../../shared/model';
import type { HostReads, RestorePoint, RestorePoints } from '../../system/ports';
import { RESTORE_POINT_DESCRIPTION, checkpointComputer } from '../../system/windows/commands';
import { plannedCommandLine } from '../../system/command-runner';
import { cmdLines } from '../command-outcome';
import { DEFAULT_RESTORE_POINT_FREQUENCY_MINUTES } from '../../system/windows/restore-points';

/** What the step itself needs; the workflow that includes it may have more (`H`). */
type Needs = HostReads & RestorePoints;

const RESTORE_POINT_QUESTION = 'makeRestorePoint';

const question: Question = {
  id: RESTORE_POINT_QUESTION,
  kind: 'confirm',
  prompt: 'Make a System Restore point before DiskCryptor is uninstalled? (recommended)',
  help: 'Windows can go back to it (System Restore, rstrui.exe) if the PC misbehaves after the uninstall. It does not replace your backup.',
  required: false,
  default: true,
};

/** Why no restore point was made, as the step records it. */
type NoPointReason =
  'you-said-no' | 'prompt-declined' | 'recent-point' | 'protection-off' | 'failed' | 'unknown';

export interface RestorePointOutputs extends Record<string, unknown> {
  /** The point made, or the recent one Windows kept instead. */
  point: RestorePoint | null;
  /** Null: `point` was made by this step. */
  reason: NoPointReason | null;
}

/** The point this step made, from its recorded outputs (the journal is input: checked). */
export function madePoint(o: Partial<RestorePointOutputs> | undefined): RestorePoint | null {
  return o?.reason === null && o.point ? o.point : null;
}

const TURN_ON =
  'The run goes on without one. To use System Restore later, turn it on: Start → "Create a restore point" → select C: → Configure → Turn on system protection.';

function pointLine(p: RestorePoint): string {
  return `restore point #${p.sequence} “${p.description}”${p.created ? ` (${p.created.replace('T', ' ').slice(0, 16)} UTC)` : ''}`;
}

function hours(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
}

/** The action's summary for each outcome; `frequencyMinutes` words the 24-hour case. */
function sentence(o: RestorePointOutputs, frequencyMinutes: number): string {
  const made = madePoint(o);
  if (made) return `Made ${pointLine(made)}.`;
  switch (o.reason) {
    case 'you-said-no':
      return 'No restore point: you chose to go on without one.';
    case 'prompt-declined':
      return 'No restore point: the administrator prompt was declined. The run goes on without one.';
    case 'recent-point':
      return `Windows made no new restore point: it makes at most one every ${hours(frequencyMinutes)}${o.point ? `, and ${pointLine(o.point)} is recent enough — it is the one to go back to` : ''}.`;
    case 'protection-off':
      return `No restore point: System Protection is off on every drive of this PC, so Windows makes none. ${TURN_ON}`;
    case 'failed':
      return 'No restore point: Windows could not make one (its message is in the log).';
    default:
      return 'Could not tell whether a restore point was made: look in System Properties → System Protection → System Restore.';
  }
}

/**
 * Skipped when the uninstall it precedes is (`skipIf`, passed in). Not blocked with it: the
 * uninstall's own gate says why it cannot run yet, in its own step, and a restore point made
 * while that is fixed (a volume decrypted) still comes before the uninstall.
 */
export function restorePointStep<H extends Needs>(
  skipIf: (ctx: StepContext<H>) => Promise<string | null>,
): StepDef<RestorePointOutputs, H> {
  const step: StepDef<RestorePointOutputs, H> = defineStep<RestorePointOutputs, H>({
    id: 'restore-point',
    title: 'Make a System Restore point',
    instructions:
      'Before the point of no return, Workstation Ops offers a **System Restore point** (`Checkpoint-Computer`, one administrator prompt). If Windows misbehaves after DiskCryptor is gone, System Restore can take its drivers, settings and programs back to this moment. It does **not** bring encrypted volumes back — that is what your backup is for.\n\nWindows makes none when **System Protection is off**, and at most one a day: the step then says so and the run goes on. To go on without one, choose No at the administrator prompt (or answer `makeRestorePoint` false).',
    questions: [question],
    skipIf,
    action: safeguardAction({
      id: 'restore-point',
      title: 'Make a System Restore point',
      async describe(ctx) {
        const protection = await ctx.host.systemProtection();
        return {
          commands: [`${plannedCommandLine(checkpointComputer())}  (as administrator)`],
          paths: [],
          notes: [
            `Description “${RESTORE_POINT_DESCRIPTION}”`,
            protection.protection === 'off'
              ? 'System Protection is off: Windows will make no restore point'
              : `Windows makes at most one restore point every ${hours(protection.frequencyMinutes)}`,
          ],
        };
      },
      async run(ctx) {
        if (ctx.answer(RESTORE_POINT_QUESTION) === false) {
          const outputs: RestorePointOutputs = { point: null, reason: 'you-said-no' };
          return { ok: true, summary: sentence(outputs, 0), outputs };
        }
        const attempt = await ctx.host.createRestorePoint();
        // The registry explains a missing point; a point made needs no explaining (no process).
        const protection = attempt.made ? null : await ctx.host.systemProtection();
        const reason: NoPointReason | null = attempt.made
          ? null
          : attempt.declined
            ? 'prompt-declined'
            : !attempt.known
              ? 'unknown'
              : attempt.throttled
                ? 'recent-point'
                : protection?.protection === 'off'
                  ? 'protection-off'
                  : 'failed';
        const outputs: RestorePointOutputs = {
          point: attempt.made ?? (reason === 'recent-point' ? attempt.latest : null),
          reason,
        };
        // Never `declined: true`: the engine would block the run, and this is only an offer.
        return {
          ok: true,
          summary: sentence(
            outputs,
            protection?.frequencyMinutes ?? DEFAULT_RESTORE_POINT_FREQUENCY_MINUTES,
          ),
          details: [
            ...cmdLines([attempt]),
            ...(attempt.error ? [`Windows said: ${attempt.error}`] : []),
            ...(protection
              ? [`System Protection (registry RPSessionInterval): ${protection.protection}`]
              : []),
          ],
          outputs,
        };
      },
    }),
    verify: [
      {
        id: 'restore-point-made',
        title: 'System Restore point before the uninstall',
        async run(ctx) {
          // The action's summary has the details; this is the verdict the log's checklist shows.
          const o = ctx.outputOf(step);
          const made = madePoint(o);
          if (made)
            return {
              status: 'pass',
              summary: `Windows lists restore point #${made.sequence}, made right before the uninstall`,
              data: { point: made },
            };
          // A recent point still lets Windows go back, only further; the others leave none at all.
          return {
            status: 'warn',
            summary:
              o?.reason === 'recent-point' && o.point
                ? `No new restore point; the newest is #${o.point.sequence}, from before this run`
                : 'No restore point from before the uninstall',
            data: { reason: o?.reason ?? 'unknown' },
          };
        },
      },
    ],
  });
  return step;
}
