/**
 * Reopen-after-restart: while a run on this computer waits for (or is about to go through) a
 * restart, the app registers itself to start at sign-in with RESUME_ARG, and clears that as soon
 * as no run needs it. Practice machines restart in place — they never need it. The app runs
 * unelevated (asInvoker), which is what lets a per-user login item start it (Windows does not
 * start elevated apps from Run keys). Pure logic, tested without Electron.
 */
import type { RunState } from '../../shared/model';

export const RESUME_ARG = '--resume-after-restart';

export function needsReopenAtLogin(state: Pick<RunState, 'status' | 'machine' | 'steps'>): boolean {
  if (state.machine.kind !== 'real') return false;
  if (state.status === 'paused-reboot') return true;
  // Between "restart requested" and the pause record: the machine may go down any second.
  return (
    state.status === 'running' &&
    state.steps.some((s) => s.reboot !== undefined && s.reboot.bootAfter === undefined)
  );
}

export interface LoginItemSettings {
  openAtLogin: boolean;
  args: string[];
}

export function loginItemFor(
  runs: Iterable<Pick<RunState, 'status' | 'machine' | 'steps'>>,
): LoginItemSettings {
  for (const r of runs) if (needsReopenAtLogin(r)) return { openAtLogin: true, args: [RESUME_ARG] };
  return { openAtLogin: false, args: [] };
}
