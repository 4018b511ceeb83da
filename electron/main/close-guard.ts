/**
 * Whether closing the window needs a confirmation, and what it says. Pure (no Electron), so the
 * decision is unit-tested; electron/main/index.ts shows it with dialog.showMessageBox.
 *
 * Closing is always safe — the drive is cancelled, a clear stops between files and the journal
 * ends on a resumable pause — but it must never be silent while something runs, and least of all
 * while a destructive action (the update-cache clear, the uninstall) is changing the machine.
 */
import type { RunState } from '../../shared/model';
import type { WorkflowDef } from '../engine/workflow';

export interface CloseWarning {
  /** A destructive action is changing the machine right now. */
  destructive: boolean;
  message: string;
  detail: string;
  /** Buttons, the safe choice (index 0, default and cancel) first. */
  buttons: [string, string];
}

export interface ActiveRun {
  workflow: WorkflowDef;
  /** Null until the drive has reported a state: something runs, what is not known yet. */
  state: RunState | null;
}

/** The step whose destructive action has started and not finished, if any. */
export function destructiveActionRunning(run: ActiveRun): { title: string } | null {
  if (!run.state) return null;
  for (const s of run.state.steps) {
    if (s.status !== 'running' || !s.action || s.action.finishedAt) continue;
    const def = run.workflow.steps.find((d) => d.id === s.id);
    // A step the workflow no longer knows is treated as destructive: unknown never passes.
    if (!def || def.action?.destructive !== false) return { title: s.title };
  }
  return null;
}

export function closeWarning(active: readonly ActiveRun[]): CloseWarning | null {
  if (active.length === 0) return null;
  const destructive = active.map(destructiveActionRunning).find((x) => x !== null);
  if (destructive) {
    return {
      destructive: true,
      message: `"${destructive.title}" is changing this computer right now.`,
      detail:
        'Closing stops it safely: a clear stops between files and nothing is left half-moved. ' +
        'Open Workstation Ops again and choose Resume to continue from where it stopped.',
      buttons: ['Keep it running', 'Stop safely and close'],
    };
  }
  return {
    destructive: false,
    message: 'A step is still running.',
    detail:
      'Closing stops it safely. Open Workstation Ops again to continue from where it stopped.',
    buttons: ['Keep working', 'Stop and close'],
  };
}
