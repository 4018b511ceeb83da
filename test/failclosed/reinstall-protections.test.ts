/**
 * Issue 10 point 6 on a practice machine through the emulator: before DiskCryptor is reinstalled
 * the run reads Secure Boot and Memory integrity from the registry, warns, and writes the
 * recovery steps (dcrypt out of the filter chains, from WinRE) into the log first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, wsops } from '../helpers/cli';
import { RunLogSchema } from '../../shared/run-log';
import { editMachine, practice, removeTempDirs, step } from '../workflows/helpers';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';

describe('point 6: boot protections before the reinstall', () => {
  it('Secure Boot and Memory integrity on: warns, recovery steps in the log before the reinstall ran', () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    editMachine(machine, (m) => (m.security = { secureBoot: true, memoryIntegrity: true }));
    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const log = RunLogSchema.parse(
      JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout),
    );
    const s = step(log, 'reinstall-diskcryptor');
    const c = s.checks.find((x) => x.id === 'boot-protections' && x.phase === 'before')!;
    expect(c.status).toBe('warn');
    expect(c.summary).toMatch(/Memory integrity \(Core isolation\) is on/);
    expect(c.summary).toMatch(/Secure Boot is on/);
    const steps = c.evidence.join('\n');
    expect(steps).toContain('Secure Boot on, Memory integrity on');
    expect(steps).toContain('LowerFilters of {71A27CDD-812A-11D0-BEC7-08002BE2092F}');
    expect(steps).toContain('UpperFilters of {4D36E965-E325-11CE-BFC1-08002BE10318}');
    expect(steps).toContain('reg load HKLM\\OFFLINE');
    // Written before the installer ran: the check precedes the action in the journal.
    expect(Date.parse(c.at)).toBeLessThanOrEqual(Date.parse(s.action!.startedAt!));
    const md = wsops(['export', 'latest', '--format', 'md'], env).stdout;
    expect(md).toContain('{71A27CDD-812A-11D0-BEC7-08002BE2092F}');
  });

  it('a PC without UEFI Secure Boot and HVCI off: passes, the recovery steps are still logged', () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const log = RunLogSchema.parse(
      JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout),
    );
    const c = step(log, 'reinstall-diskcryptor').checks.find((x) => x.id === 'boot-protections')!;
    expect(c.status).toBe('pass');
    expect(c.summary).toMatch(
      /^Secure Boot not supported \(no UEFI Secure Boot\), Memory integrity off/,
    );
  });
});
