/**
 * Issue 11 point 1, the app's side: the logon task the host registers at a restart is removed
 * once no run needs it (before, only the CLI removed it), and the portable build's resume entry
 * names the portable .exe, not the temp folder it extracts itself into.
 */
import { describe, it, expect } from 'vitest';
import {
  RESUME_ARG,
  appResumeCommand,
  syncResumeEntries,
  type ResumeEntryPorts,
} from '../../electron/main/login-item';

type Run = Parameters<typeof syncResumeEntries>[0] extends Iterable<infer R> ? R : never;
const run = (status: Run['status']): Run => ({
  status,
  machine: { kind: 'real', label: 'This PC' },
  steps: [],
});

function ports(platform: NodeJS.Platform, open: boolean) {
  const calls: string[] = [];
  let state = open;
  const p: ResumeEntryPorts = {
    platform,
    loginItemOpen: () => state,
    setLoginItem: (s) => {
      state = s.openAtLogin;
      calls.push(`login-item ${s.openAtLogin}`);
    },
    removeResumeTask: async () => {
      calls.push('schtasks /Delete');
    },
  };
  return { p, calls };
}

describe('the app removes its resume entries when no run needs them', () => {
  it('deletes the logon task and the login item once the run finished', async () => {
    const { p, calls } = ports('win32', true);
    await syncResumeEntries([run('finished')], p);
    expect(calls).toEqual(['login-item false', 'schtasks /Delete']);
  });

  it('keeps both while a run waits for the restart', async () => {
    const { p, calls } = ports('win32', false);
    await syncResumeEntries([run('paused-reboot')], p);
    expect(calls).toEqual(['login-item true']);
  });

  it('has no logon task to remove off Windows', async () => {
    const { p, calls } = ports('darwin', false);
    await syncResumeEntries([run('finished')], p);
    expect(calls).toEqual([]);
  });
});

describe('the portable build resumes from its own .exe', () => {
  const base = {
    execPath: 'C:\\Users\\Jane Doe\\AppData\\Local\\Temp\\2ab3\\Workstation Ops.exe',
    appPath: 'C:\\Users\\Jane Doe\\AppData\\Local\\Temp\\2ab3\\resources\\app.asar',
  };
  it('names PORTABLE_EXECUTABLE_FILE, not the extraction folder', () => {
    const portable = 'D:\\Tools\\Workstation Ops 0.1.0.exe';
    expect(
      appResumeCommand({
        ...base,
        isPackaged: true,
        env: { PORTABLE_EXECUTABLE_FILE: portable },
      }),
    ).toEqual({ exe: portable, args: [RESUME_ARG] });
  });
  it('is the installed executable otherwise', () => {
    expect(appResumeCommand({ ...base, isPackaged: true, env: {} })).toEqual({
      exe: base.execPath,
      args: [RESUME_ARG],
    });
  });
});
