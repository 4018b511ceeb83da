/**
 * Through the bundled CLI: `wsops check system-health --json` runs for real on this machine, and
 * the flagship on the failing-disk practice machine stops at the uninstall, explaining why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MachineHealthSchema } from '../../shared/health';
import { readMachine, wsops } from '../helpers/cli';
import { practice, removeTempDirs, tracked } from '../workflows/helpers';

afterAll(removeTempDirs);

describe('wsops check system-health', () => {
  it('--json on this machine prints facts (power, disks with health, filesystems, uptime) and the checks', () => {
    const env = { WSOPS_STATE_DIR: tracked('wsops-health-state-') };
    const r = wsops(['check', 'system-health', '--json'], env);
    expect([0, 1], r.stderr).toContain(r.code);
    const out = JSON.parse(r.stdout);
    expect(out.machine.kind).toBe('real');
    const facts = MachineHealthSchema.parse(out.facts);
    expect(facts.os.platform).toBe(process.platform);
    expect(Object.keys(facts.power).sort()).toEqual(
      ['acConnected', 'charging', 'hasBattery', 'percent'].sort(),
    );
    expect(facts.disks).not.toBeNull();
    for (const d of facts.disks!) expect(d.health).toMatch(/^(ok|warning|failing|unknown)$/);
    expect(facts.filesystems!.find((f) => f.system)!.freeBytes).toBeGreaterThan(0);
    expect(facts.uptimeSeconds).toBeGreaterThan(0);
    expect(out.checks.map((c: { id: string }) => c.id)).toEqual([
      'ac-power',
      'disk-health',
      'free-space',
      'uptime-restart',
      'os-memory',
    ]);
    // The checks judged the very reading printed as facts.
    const disk = out.checks.find((c: { id: string }) => c.id === 'disk-health');
    expect(disk.data.disks ?? null).toEqual(facts.disks);
  });

  it('on a practice machine reads it through the emulated CIM query', () => {
    const { machine, env } = practice('diskcryptor-failing-disk', 0);
    const r = wsops(['check', 'system-health', '--machine', machine, '--json'], env);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.facts.source).toBe('windows-cim');
    expect(out.facts.disks[0].health).toBe('failing');
  });
});

describe('the flagship on a failing disk', () => {
  it('run --yes stops blocked at the uninstall with the reason; DiskCryptor stays installed', () => {
    const { machine, env } = practice('diskcryptor-failing-disk', 50);
    const r = wsops(['run', 'windows-update-diskcryptor', '--machine', machine, '--yes'], env);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toMatch(/A disk reports that it is failing/);
    const after = readMachine(machine);
    expect(after.programs.map((p) => p.name)).toContain('DiskCryptor');
    expect(after.services.dcrypt?.state).toBe('running');
  });
});
