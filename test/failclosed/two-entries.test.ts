/**
 * Issue 10 point 15 on a practice machine through the emulator: a stale DiskCryptor uninstall
 * entry in the 32-bit registry view, pointing at a folder that no longer exists. The run acts on
 * the entry whose folder holds DiskCryptor (and that ReflectDrivers names), and warns about the
 * other.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, wsops } from '../helpers/cli';
import { RunLogSchema } from '../../shared/run-log';
import { editMachine, practice, readMachine, removeTempDirs, step } from '../workflows/helpers';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';
const STALE = 'C:\\Program Files (x86)\\DiskCryptor';

describe('point 15: two DiskCryptor uninstall entries', () => {
  it('uses the live one, warns about the stale one, and finishes', () => {
    const { machine, env } = practice('diskcryptor-1709', 20);
    editMachine(machine, (m) =>
      m.programs.push({
        name: 'DiskCryptor',
        version: '1.0',
        installDir: STALE,
        publisher: 'ntldr',
        registryView: 'wow64',
      }),
    );
    const check = wsops(['check', WF, '--machine', machine, '--json'], env);
    const checks = JSON.parse(check.stdout).checks as {
      id: string;
      status: string;
      summary: string;
      data?: Record<string, unknown>;
    }[];
    const dc = checks.find((c) => c.id === 'diskcryptor-installed')!;
    expect(dc.data?.installDir).toBe('C:\\Program Files\\dcrypt');
    expect(dc.status).toBe('warn');
    expect(dc.summary).toContain(STALE);

    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const log = RunLogSchema.parse(
      JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout),
    );
    expect(step(log, 'uninstall-diskcryptor').action!.summary).toMatch(
      /DiskCryptor 1\.1 uninstalled/,
    );
    const after = readMachine(machine);
    expect(after.services.dcrypt.state).toBe('running');
  });
});
