/**
 * Issue 11 point 1: after a restart, the CLI continues. Through the emulator: the run registers
 * its resume task unelevated (a per-user logon trigger; an "any user" ONLOGON task is refused
 * without an administrator), the task's command — split the way CreateProcess and
 * CommandLineToArgvW split it — starts `wsops resume` on the same state dir, from a user folder
 * whose name has a space.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI_OUT } from '../../scripts/build-cli.mjs';
import { readMachine, tempDir } from '../helpers/cli';
import { splitCommandLine } from '../../electron/system/windows/programs';
import * as cmd from '../../electron/system/windows/commands';

/** CommandLineToArgvW for the arguments part (quotes, backslashes before quotes). */
function argvOf(line: string): string[] {
  const [program, ...rest] = splitCommandLine(line);
  return [program!, ...rest];
}

describe('wsops resume after a restart (per-user logon task)', () => {
  it('registers unelevated and its command resumes the run from "C:\\Users\\Jane Doe"', () => {
    const root = tempDir('wsops-realpc-');
    const home = path.join(root, 'Users', 'Jane Doe');
    const cliDir = path.join(home, 'wsops cli');
    fs.mkdirSync(cliDir, { recursive: true });
    const cli = path.join(cliDir, 'wsops.cjs');
    fs.copyFileSync(CLI_OUT, cli);
    const machine = path.join(home, 'practice pc');
    const stateDir = path.join(home, 'wsops state');
    const env = { ...process.env, WSOPS_DEBUG: '', WSOPS_STATE_DIR: path.join(root, 'default') };
    const run = (args: string[]) =>
      spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env });
    expect(run(['practice', 'init', machine, '--files', '20']).status).toBe(0);

    const first = run([
      'run',
      'windows-update-diskcryptor',
      '--machine',
      machine,
      '--state-dir',
      stateDir,
      '--yes',
    ]);
    expect(first.status, first.stderr).toBe(3);

    const tasks = readMachine(machine).logonTasks;
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    expect(task.user).toBe('dev');
    expect(task.onBatteries).toBe(true);
    const [exe, ...args] = argvOf(task.command);
    expect(exe).toBe(process.execPath);
    expect(args).toEqual([cli, 'resume', '--state-dir', stateDir]);

    // What Task Scheduler does at the next logon: CreateProcess with that command line.
    const resumed = spawnSync(exe!, args, { encoding: 'utf8', env });
    expect(resumed.stderr).toMatch(/Resuming .* \(run /);
    expect([0, 1, 3, 4]).toContain(resumed.status);
  }, 120_000);

  it('writes a per-user LogonTrigger, battery allowed, every argument quoted', () => {
    const xml = cmd.resumeTaskXml({
      userId: 'PC\\Jane Doe',
      exe: 'C:\\Program Files\\nodejs\\node.exe',
      args: ['C:\\Users\\Jane Doe\\wsops\\wsops.cjs', 'resume', '--state-dir', 'C:\\a b\\'],
    });
    expect(xml).toMatch(/<LogonTrigger><Enabled>true<\/Enabled><UserId>PC\\Jane Doe<\/UserId>/);
    expect(xml).toMatch(/<LogonType>InteractiveToken<\/LogonType><RunLevel>LeastPrivilege/);
    expect(xml).toMatch(/<DisallowStartIfOnBatteries>false</);
    const args = /<Arguments>(.*)<\/Arguments>/.exec(xml)![1]!;
    expect(argvOf(`x ${args}`).slice(1)).toEqual([
      'C:\\Users\\Jane Doe\\wsops\\wsops.cjs',
      'resume',
      '--state-dir',
      'C:\\a b\\',
    ]);
    expect(cmd.resumeTaskCreate('C:\\t\\x.xml').args).not.toContain('ONLOGON');
  });
});
