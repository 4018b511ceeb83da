/**
 * Issue 10 point 7 on a practice machine through the emulator: a System Restore point is offered
 * right before the point of no return, made through the elevated helper, and read back from the
 * restore points Windows lists — System Protection off, Windows' 24-hour limit, "no", a declined
 * prompt and an unreadable answer each warn and the run goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, wsops } from '../helpers/cli';
import { RunLogSchema, type RunLog } from '../../shared/run-log';
import {
  answersFile,
  editMachine,
  practice,
  readMachine,
  removeTempDirs,
  step,
  tracked,
} from '../workflows/helpers';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { createPracticeHost, PRACTICE_HELPER } from '../../electron/system/emulator/host';
import { EmulatedMachine } from '../../electron/system/emulator/machine';
import { EmulatedWindows } from '../../electron/system/emulator/exec';
import { ExecFileRunner } from '../../electron/system/command-runner';
import { WindowsRealHost } from '../../electron/system/windows/host';
import {
  RESTORE_POINT_DESCRIPTION,
  checkpointComputer,
} from '../../electron/system/windows/commands';
import {
  parseSystemRestoreKey,
  restorePointAttempt,
} from '../../electron/system/windows/restore-points';
import { parseTask } from '../../electron/system/windows/elevated-task';
import type { CommandResult } from '../../electron/system/ports';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';

function exported(env: Record<string, string>): RunLog {
  return RunLogSchema.parse(
    JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout),
  );
}

/** Runs the flagship until its first restart pause (exit 3): the restore point is long done. */
function toFirstRestart(machine: string, env: Record<string, string>, extra: string[] = []) {
  const r = wsops(['run', WF, '--machine', machine, '--yes', ...extra], env);
  expect(r.code, r.stderr).toBe(3);
  return exported(env);
}

const restoreCheck = (log: RunLog) =>
  step(log, 'restore-point').checks.find((c) => c.id === 'restore-point-made');

describe('point 7: a System Restore point before the uninstall', () => {
  it('is made through the helper right before the uninstall, and the run finishes', () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const m = readMachine(machine);
    expect(m.systemRestore.points).toEqual([
      { sequence: 1, created: expect.any(String), description: RESTORE_POINT_DESCRIPTION },
    ]);
    // Its history: the restore point, then the uninstall (nothing in between).
    const events = m.sim.history.map((h: { event: string }) => h.event);
    const made = events.findIndex((e: string) => e.startsWith('Restore point made'));
    expect(made).toBeGreaterThanOrEqual(0);
    expect(events[made + 1]).toMatch(/DiskCryptor .* uninstalled/);
    const log = exported(env);
    expect(step(log, 'restore-point').action!.summary).toMatch(/^Made restore point #1 “/);
    expect(restoreCheck(log)?.status).toBe('pass');
    expect(log.answers.find((a) => a.id === 'makeRestorePoint')?.value).toBe(true);
  });

  it('System Protection off: says so, makes none, and the run goes on', () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    editMachine(machine, (m) => (m.systemRestore = { protection: false }));
    const log = toFirstRestart(machine, env);
    expect(step(log, 'restore-point').status).toBe('done');
    expect(step(log, 'restore-point').summary).toMatch(/System Protection is off/);
    expect(restoreCheck(log)?.status).toBe('warn');
    expect(step(log, 'uninstall-diskcryptor').status).toBe('done');
    expect(readMachine(machine).systemRestore.points).toEqual([]);
  });

  it('abandoned after the uninstall: the point is named as the fallback, only when one was made', () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    toFirstRestart(machine, env);
    const made = wsops(['abandon', 'latest'], env);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(
      /DiskCryptor 1\.1 is uninstalled: reinstall it .* restore point #1, made right before the uninstall\./,
    );
    const none = practice('diskcryptor-1709', 20);
    editMachine(none.machine, (m) => (m.systemRestore = { protection: false }));
    toFirstRestart(none.machine, none.env);
    const without = wsops(['abandon', 'latest'], none.env);
    expect(without.code, without.stderr).toBe(0);
    expect(without.stdout).toContain('DiskCryptor 1.1 is uninstalled');
    expect(without.stdout).not.toContain('System Restore');
  });

  it("Windows' 24-hour limit: no new point, the recent one is named", () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    const created = new Date(Date.now() - 3 * 3600_000).toISOString();
    editMachine(machine, (m) => {
      m.systemRestore = { points: [{ sequence: 41, created, description: 'Windows Update' }] };
    });
    const log = toFirstRestart(machine, env);
    expect(step(log, 'restore-point').summary).toMatch(
      /at most one every 24 hours, and restore point #41 “Windows Update”/,
    );
    expect(restoreCheck(log)?.status).toBe('warn');
    expect(readMachine(machine).systemRestore.points).toHaveLength(1);
  });

  it('the limit is the registry value: 0 minutes lets a second point be made', () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    const created = new Date(Date.now() - 60_000).toISOString();
    editMachine(machine, (m) => {
      m.systemRestore = {
        frequencyMinutes: 0,
        points: [{ sequence: 41, created, description: 'Windows Update' }],
      };
    });
    const log = toFirstRestart(machine, env);
    expect(restoreCheck(log)?.status).toBe('pass');
    expect(
      readMachine(machine).systemRestore.points.map((p: { sequence: number }) => p.sequence),
    ).toEqual([41, 42]);
  });

  it('answered no: nothing is asked of Windows, and the run goes on', () => {
    const { root, machine, env } = practice('diskcryptor-1709', 20);
    const answers = answersFile(root, { version: 1, answers: { makeRestorePoint: false } });
    const log = toFirstRestart(machine, env, ['--answers', answers]);
    expect(step(log, 'restore-point').summary).toBe(
      'No restore point: you chose to go on without one.',
    );
    expect(restoreCheck(log)?.status).toBe('warn');
    expect(readMachine(machine).systemRestore.points).toEqual([]);
    expect(JSON.stringify(readMachine(machine).sim.history)).not.toContain('Restore point');
  });

  it('the in-place route skips it, and the dry run lists the command the helper runs', () => {
    const { machine, env } = practice('diskcryptor-modern', 20);
    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    expect(step(exported(env), 'restore-point').status).toBe('skipped');
    expect(readMachine(machine).systemRestore.points).toEqual([]);

    const old = practice('diskcryptor-1709', 5);
    const dry = wsops(['run', WF, '--machine', old.machine, '--dry-run'], old.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('• Make a System Restore point [admin]');
    expect(dry.stdout).toContain(
      `Checkpoint-Computer -Description '${RESTORE_POINT_DESCRIPTION}' -RestorePointType MODIFY_SETTINGS`,
    );
    // It changes nothing the later steps check: the uninstall is still judged (and planned).
    expect(dry.stdout).toContain('Would uninstall DiskCryptor 1.1');
  });
});

describe('point 7: the host reads the outcome from structure', () => {
  async function machine(edit?: (m: Record<string, unknown>) => void) {
    const dir = path.join(tracked('wsops-rp-'), 'm');
    await initPracticeMachine(dir, { files: 5, scenario: 'diskcryptor-1709' });
    if (edit) {
      const f = path.join(dir, 'machine.json');
      const m = JSON.parse(fs.readFileSync(f, 'utf8'));
      edit(m);
      fs.writeFileSync(f, JSON.stringify(m));
    }
    return dir;
  }

  it('a declined prompt is declined, never "made"', async () => {
    const dir = await machine((m) => (m.uac = { answer: 'decline', declineFor: [] }));
    const a = await createPracticeHost(dir).host.createRestorePoint();
    expect(a).toMatchObject({ declined: true, known: false, made: null });
  });

  it('without a helper the UAC wrapper loses the output: unknown, never "made"', async () => {
    const dir = await machine();
    const m = new EmulatedMachine(dir);
    const emulator = new EmulatedWindows(m, { helper: PRACTICE_HELPER });
    const env = m.env();
    const host = new WindowsRealHost(
      new ExecFileRunner(env, emulator.execFile, { oemCodePage: 'detect' }),
      { kind: 'practice', env, toLocal: m.toLocal, sleep: async () => {}, settleMs: 0 },
    );
    const a = await host.createRestorePoint();
    // The point was made (elevated by Start-Process -Verb RunAs), but nothing says so.
    expect(m.load().systemRestore.points).toHaveLength(1);
    expect(a).toMatchObject({ ok: true, known: false, made: null, throttled: false });
  });

  it('reads System Protection from RPSessionInterval, and unknown when it cannot', async () => {
    const off = await machine(
      (m) => (m.systemRestore = { protection: false, frequencyMinutes: 90 }),
    );
    expect(await createPracticeHost(off).host.systemProtection()).toEqual({
      protection: 'off',
      frequencyMinutes: 90,
    });
    const failed: CommandResult = {
      ok: false,
      exitCode: 1,
      command: 'reg query',
      stdout: '',
      stderr: 'ERROR: Access is denied.',
    };
    expect(parseSystemRestoreKey(failed)).toEqual({
      protection: 'unknown',
      frequencyMinutes: 1440,
    });
  });

  it('bounds the JSON line and decides on sequence numbers and our description only', () => {
    const base = { ok: true, exitCode: 0, command: 'x', stderr: '' };
    const line = (o: unknown) => ({ ...base, stdout: `${JSON.stringify(o)}\r\n` });
    // Someone else's point appeared meanwhile (Windows Update): not ours, not "made".
    const theirs = restorePointAttempt(
      line({
        before: [3],
        after: [{ sequence: 4, created: '2026-01-01T00:00:00Z', description: 'Windows Update' }],
        warned: false,
        // A Russian Windows' words: kept for the log, never read.
        error: 'невозможно запустить службу',
      }),
    );
    expect(theirs).toMatchObject({ known: true, made: null, error: 'невозможно запустить службу' });
    expect(theirs.latest?.sequence).toBe(4);
    for (const stdout of [
      '',
      'not json',
      JSON.stringify({ before: 'x', after: [], warned: false, error: '' }),
      JSON.stringify({ before: [], after: [], warned: 'yes', error: '' }),
      JSON.stringify({ before: [], after: [], warned: false, error: 'x'.repeat(9000) }),
    ])
      expect(restorePointAttempt({ ...base, stdout }).known, stdout.slice(0, 40)).toBe(false);
  });

  it('the helper task names nothing: a description or a command is refused', () => {
    expect(parseTask({ v: 1, op: 'restore-point' })).toEqual({ v: 1, op: 'restore-point' });
    expect(() => parseTask({ v: 1, op: 'restore-point', description: 'x' })).toThrow(
      /invalid task/,
    );
    expect(() =>
      parseTask({ v: 1, op: 'restore-point', command: checkpointComputer().args.at(-1) }),
    ).toThrow(/invalid task/);
  });
});
