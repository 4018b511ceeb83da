import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { wsops } from '../helpers/cli';
import { encryptionStatus } from '../../electron/workflows/encryption-status';
import { checkExports, editMachine, practice, step, removeTempDirs, tracked } from './helpers';

afterAll(removeTempDirs);

describe('encryption-status', () => {
  it('runs for real on this Linux machine (real lsblk): exit 0, a parsed result, exports', () => {
    const root = tracked('wsops-enc-');
    const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
    const r = wsops(['run', 'encryption-status'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Disk encryption status — on This computer \(.*, Linux\)/);
    const log = checkExports(env, encryptionStatus);
    const checks = step(log, 'status').checks;
    expect(checks.map((c) => c.id)).toEqual([
      'system-volume',
      'encrypted-volumes',
      'encryption-software',
    ]);
    for (const c of checks) expect(c.summary).not.toMatch(/Could not check|no Windows machine/);
    // lsblk ran and its JSON was read (whatever this machine's disks are).
    expect(checks[1]!.summary).toMatch(/block devices|LUKS container|dm-crypt mapping/);
    expect(checks[2]!.summary).toBe('Not applicable: dm-crypt is part of the Linux kernel');
    const verdict = step(log, 'verdict').checks[0]!;
    expect(verdict.status).toBe(checks[0]!.status);
    expect(verdict.summary).toBe(checks[0]!.summary);
    expect(log.machine.kind).toBe('real');
  });

  it('wsops check encryption-status --json reads this computer without a run', () => {
    const env = { WSOPS_STATE_DIR: path.join(tracked('wsops-enc-'), 'state') };
    const r = wsops(['check', 'encryption-status', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.machine.kind).toBe('real');
    expect(out.checks.map((c: { id: string }) => c.id)).toEqual([
      'system-volume',
      'encrypted-volumes',
      'encryption-software',
    ]);
  });

  it('on a BitLocker practice machine reads BitLocker through the Windows host', () => {
    const { machine, env } = practice('bitlocker-11', 10);
    const r = wsops(['run', 'encryption-status', '--machine', machine], env);
    expect(r.code, r.stderr).toBe(0);
    const log = checkExports(env, encryptionStatus);
    const [system, volumes, software] = step(log, 'status').checks;
    expect(system).toMatchObject({
      status: 'pass',
      summary: 'C: is protected by BitLocker (100% encrypted)',
    });
    expect(volumes!.summary).toBe('BitLocker: C: BitLocker protection on, 100% encrypted');
    expect(software!.summary).toBe('Neither DiskCryptor nor VeraCrypt is installed');
  });

  it('on a DiskCryptor practice machine: drivers reported; suspended BitLocker and no encryption warn', () => {
    const dc = practice('diskcryptor-1709', 10);
    editMachine(dc.machine, (m) => {
      m.programs.push({
        name: 'VeraCrypt',
        version: '1.26.7',
        installDir: 'C:\\Program Files\\VeraCrypt',
      });
      m.services.veracrypt = { state: 'running', startType: 'system' };
    });
    expect(wsops(['run', 'encryption-status', '--machine', dc.machine], dc.env).code).toBe(0);
    const log = checkExports(dc.env, encryptionStatus);
    const [system, , software] = step(log, 'status').checks;
    expect(system).toMatchObject({ status: 'warn', summary: 'C: is not encrypted' });
    expect(software!.summary).toBe(
      'DiskCryptor 1.1: driver dcrypt running; VeraCrypt 1.26.7: driver veracrypt running',
    );

    const bl = practice('bitlocker-11', 10);
    editMachine(bl.machine, (m) => (m.encryption.bitlocker[0].protection = 'off'));
    expect(wsops(['run', 'encryption-status', '--machine', bl.machine], bl.env).code).toBe(0);
    expect(step(checkExports(bl.env, encryptionStatus), 'status').checks[0]).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/protection is off \(suspended\)/),
    });
  });
});
