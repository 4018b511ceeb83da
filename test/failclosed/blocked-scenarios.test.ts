/**
 * Fail closed on practice machines through the emulator: while it cannot be told that the boot
 * volume is free of DiskCryptor encryption — or it is encrypted, by DiskCryptor or VeraCrypt — the
 * run is blocked (exit 1),
 * nothing is deleted, and the message says why and what to do.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, wsops } from '../helpers/cli';
import { practice, readMachine, removeTempDirs, snapshotTree } from '../workflows/helpers';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';

describe.each([
  {
    scenario: 'encryption-unknown',
    why: /Could not tell whether DiskCryptor encrypts the boot volume/,
    todo: /Resume and choose Yes at the prompt/,
  },
  {
    scenario: 'diskcryptor-encrypted-boot',
    why: /The boot\/system volume is encrypted by DiskCryptor/,
    todo: /Decrypt the volume in DiskCryptor first/,
  },
  {
    // Issue 10 point 5: told from the veracrypt driver's boot start (veracrypt-system-boot-start).
    scenario: 'veracrypt-system',
    why: /VeraCrypt encrypts the system drive \(its veracrypt driver starts at boot/,
    todo: /Permanently Decrypt System Partition\/Drive/,
  },
])('$scenario', ({ scenario, why, todo }) => {
  it('is blocked before the uninstall: exit 1, nothing deleted, the reason and what to do', () => {
    const { machine, env, c } = practice(scenario, 40);
    const before = snapshotTree(c());
    const r = wsops(['run', WF, '--machine', machine, '--yes'], env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(todo);
    const m = readMachine(machine);
    expect(m.programs.map((p: { name: string }) => p.name)).toContain('DiskCryptor');
    expect(m.services.dcrypt).toMatchObject({ state: 'running' });
    expect(m.sim.unbootable).toBe(false);
    // Every file of the machine is where it was: no cache cleared, no program removed.
    expect(snapshotTree(c())).toEqual(before);
    expect(fs.readdirSync(c('Windows', 'SoftwareDistribution')).length).toBeGreaterThan(0);
  });
});

describe('standard-user', () => {
  it('finishes: every admin step asks for an administrator’s credentials and runs as them', () => {
    const { machine, env } = practice('standard-user', 20);
    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const m = readMachine(machine);
    expect(m.user.isAdmin).toBe(false);
    expect(m.programs.map((p: { name: string }) => p.name)).toContain('DiskCryptor');
    expect(m.services.dcrypt.state).toBe('running');
    expect(
      m.sim.history.filter((h: { event: string }) =>
        h.event.startsWith("UAC asked for an administrator's credentials"),
      ).length,
    ).toBeGreaterThan(0);
  });
});
