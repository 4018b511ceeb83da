/**
 * Issue 10 point 14 on practice machines through the emulator: a 0x1A crash logged only as
 * Kernel-Power 41 (`BugcheckCode` 26, decimal — no event 1001, e.g. no dump was written) is found;
 * finding nothing is weak evidence (warn), not a pass.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { wsops } from '../helpers/cli';
import { editMachine, practice, removeTempDirs } from '../workflows/helpers';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';

function preflight(machine: string, env: Record<string, string>) {
  const r = wsops(['check', WF, '--machine', machine, '--json'], env);
  return (JSON.parse(r.stdout).checks as { id: string; status: string; summary: string }[]).find(
    (c) => c.id === 'bugchecks',
  )!;
}

describe('point 14: blue-screen evidence', () => {
  it('finds a 0x1A logged only as Kernel-Power 41', () => {
    const { machine, env } = practice('diskcryptor-1709', 5);
    editMachine(machine, (m) => {
      m.bugchecks = [
        { time: '2018-06-02T09:14:00Z', code: '0x0000001a', logged: 'kernel-power-41' },
      ];
    });
    const c = preflight(machine, env);
    expect(c.status).toBe('warn');
    expect(c.summary).toMatch(
      /^1 MEMORY_MANAGEMENT \(0x1A\) blue screen, last 2018-06-02T09:14:00/,
    );
  });

  it('the same crash in both logs counts once', () => {
    const { machine, env } = practice('diskcryptor-1709', 5);
    const c = preflight(machine, env);
    expect(c.summary).toMatch(/^2 MEMORY_MANAGEMENT/);
  });

  it('nothing found is weak evidence: a warning, not a pass', () => {
    const { machine, env } = practice('diskcryptor-1709', 5);
    editMachine(machine, (m) => (m.bugchecks = []));
    const c = preflight(machine, env);
    expect(c.status).toBe('warn');
    expect(c.summary).toMatch(/weak evidence/);
  });
});
