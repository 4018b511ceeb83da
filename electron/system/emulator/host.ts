/**
 * A practice machine's host: the real Windows host (windows/host.ts) with its CommandRunner's
 * execFile replaced by the emulator. Paths map into the machine folder; the environment is the
 * machine's; our own elevated helper runs in-process on the same machine.
 */
import { ExecFileRunner } from '../command-runner';
import { WindowsRealHost } from '../windows/host';
import type { ElevatedHelper } from '../windows/elevated-parent';
import { EmulatedMachine } from './machine';
import { EmulatedWindows } from './exec';

/** The helper a practice machine's host asks for; the emulator runs it in-process. */
export const PRACTICE_HELPER: ElevatedHelper = {
  // Where a per-machine install puts the app (an admin-only folder: elevated-parent.ts
  // helperDistrust); the emulator recognises it and runs the helper's code in-process.
  exe: 'C:\\Program Files\\Workstation Ops\\Workstation Ops.exe',
  args: ['--wsops-elevated-task'],
};

export interface PracticeHost {
  host: WindowsRealHost;
  emulator: EmulatedWindows;
  runner: ExecFileRunner;
}

export interface PracticeHostOptions {
  /** What the resume task starts after a restart (the CLI's `wsops resume`, or the app). */
  resumeCommand?: { exe: string; args: string[] } | undefined;
}

export function createPracticeHost(dir: string, opts: PracticeHostOptions = {}): PracticeHost {
  const machine = new EmulatedMachine(dir);
  const profile = machine.load();
  const emulator = new EmulatedWindows(machine, { helper: PRACTICE_HELPER });
  const env = machine.env(profile);
  const runner = new ExecFileRunner(env, emulator.execFile, { oemCodePage: 'detect' });
  const host = new WindowsRealHost(runner, {
    kind: 'practice',
    label: profile.name ?? `Practice machine (${machine.dir.split(/[\\/]/).pop()})`,
    env,
    toLocal: machine.toLocal,
    elevatedHelper: PRACTICE_HELPER,
    ...(opts.resumeCommand
      ? { resumeExe: opts.resumeCommand.exe, resumeArgs: opts.resumeCommand.args }
      : {}),
    // The emulated services settle at once; nothing to wait for.
    sleep: async () => {},
    settleMs: 0,
    helperPollMs: 50,
  });
  return { host, emulator, runner };
}
