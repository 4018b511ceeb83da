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

/** The settings that say "start the app at sign-in": what a Run key / login item needs. */
export interface ResumeEntryPorts {
  platform: NodeJS.Platform;
  /** Electron's login item (on Windows the HKCU Run key): whether it is set now. */
  loginItemOpen(): boolean;
  setLoginItem(settings: LoginItemSettings): void;
  /** Deletes the per-user logon task the host registered before a restart (Windows). */
  removeResumeTask(): Promise<unknown>;
}

/**
 * Keeps both resume entries in step with the runs: the login item while a run needs it, and, once
 * none does, neither the login item nor the logon task the host registered at the restart (else
 * the app would open at every sign-in for good).
 */
export async function syncResumeEntries(
  runs: Iterable<Pick<RunState, 'status' | 'machine' | 'steps'>>,
  ports: ResumeEntryPorts,
): Promise<void> {
  // Login items exist on Windows and macOS; elsewhere the person reopens the app.
  if (ports.platform !== 'win32' && ports.platform !== 'darwin') return;
  const want = loginItemFor(runs);
  if (want.openAtLogin !== ports.loginItemOpen()) ports.setLoginItem(want);
  if (!want.openAtLogin && ports.platform === 'win32') await ports.removeResumeTask();
}

export interface AppSelf {
  execPath: string;
  isPackaged: boolean;
  /** app.getAppPath(): the unpacked app's folder in development. */
  appPath: string;
  env: NodeJS.ProcessEnv;
}

/**
 * How the app starts itself again after a restart. The portable build runs from a temp folder it
 * extracts at every start (and deletes at exit): the resume entry must name the portable .exe
 * the person started, which electron-builder passes as PORTABLE_EXECUTABLE_FILE.
 */
export function appResumeCommand(self: AppSelf): { exe: string; args: string[] } {
  const portable = self.isPackaged ? self.env.PORTABLE_EXECUTABLE_FILE : undefined;
  if (portable) return { exe: portable, args: [RESUME_ARG] };
  return {
    exe: self.execPath,
    args: self.isPackaged ? [RESUME_ARG] : [self.appPath, RESUME_ARG],
  };
}
