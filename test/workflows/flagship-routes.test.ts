/**
 * The flagship's routes for modern machines (issue 6): DiskCryptor 1.2.2+ in place, BitLocker
 * suspended around the update, VeraCrypt warnings — and the 1709 route unchanged.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, wsops } from '../helpers/cli';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { applyReboot } from '../../electron/system/simulated/physics';
import { MachineProfileSchema } from '../../electron/system/simulated/profile';
import {
  answersFile,
  checkExports,
  editMachine,
  practice,
  readMachine,
  step,
  removeTempDirs,
} from './helpers';

afterAll(removeTempDirs);

const WF = 'windows-update-diskcryptor';
const INI = [
  'Users',
  'Default',
  'AppData',
  'Local',
  'Microsoft',
  'Windows',
  'WSUS',
  'SetupConfig.ini',
];
const UNINSTALL_STEPS = [
  'record-version',
  'restore-point',
  'uninstall-diskcryptor',
  'reinstall-diskcryptor',
  'reboot-again',
  'repair-diskcryptor',
];

describe('flagship: modern-1.2.2 (registers DisplayVersion 1.2.1, carries ReflectDrivers)', () => {
  it('reads the real registration strings and still takes the in-place route from the entry', () => {
    const { machine, env, c } = practice('modern-1.2.2', 30);
    // What DiskCryptor 1.2.2's installer registers (knowledge/diskcryptor.ts, setup.iss @v1.2.3).
    const check = wsops(['check', WF, '--machine', machine, '--json'], env);
    const facts = (JSON.parse(check.stdout) as { facts: { programs: unknown } }).facts;
    expect(facts.programs).toEqual([{ name: 'DiskCryptor 1.2', version: '1.2.1' }]);
    expect(fs.readFileSync(c(...INI), 'utf8')).toMatch(/^ReflectDrivers=/m);

    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const after = readMachine(machine);
    expect(after.services.dcrypt).toMatchObject({ state: 'running', startType: 'boot' });
    expect(after.sim.dcryptReinstalls).toBe(0);
    const log = checkExports(env, windowsUpdateDiskCryptor);
    expect(step(log, 'choose-route').action!.summary).toMatch(/^Route: in-place/);
    for (const id of UNINSTALL_STEPS) expect(step(log, id).status, id).toBe('skipped');
  });
});

describe('flagship: in-place route (DiskCryptor 1.2.3 with ReflectDrivers)', () => {
  it('keeps DiskCryptor installed through the update: no uninstall, no reinstall, driver running', () => {
    const { machine, env } = practice('diskcryptor-modern', 100);
    const before = readMachine(machine);
    const { results, last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    expect(results.slice(0, -1).every((r) => r.code === 3)).toBe(true);

    const after = readMachine(machine);
    expect(after.os.version).toBe('10.0.26100');
    expect(after.programs).toEqual(before.programs);
    expect(after.services.dcrypt).toMatchObject({ state: 'running', startType: 'boot' });
    expect(after.bugchecks).toEqual([]);
    expect(after.sim.dcryptReinstalls).toBe(0);
    expect(after.sim.history.map((h: { event: string }) => h.event)).toContain(
      'feature update installed: 10.0.19045 -> 10.0.26100 (ReflectDrivers kept the DiskCryptor driver)',
    );

    const log = checkExports(env, windowsUpdateDiskCryptor);
    expect(step(log, 'choose-route').action!.summary).toBe(
      'Route: in-place (DiskCryptor stays installed; ReflectDrivers keeps its driver through the update).',
    );
    expect(step(log, 'choose-route').checks.find((c) => c.id === 'inplace-route')!.status).toBe(
      'pass',
    );
    for (const id of UNINSTALL_STEPS) {
      expect(step(log, id).status, id).toBe('skipped');
      expect(step(log, id).summary, id).toMatch(/^In-place route: DiskCryptor stays installed/);
    }
    expect(step(log, 'fix-setupconfig').status).toBe('skipped');
    const verify = step(log, 'verify-in-place');
    expect(verify.status).toBe('done');
    expect(verify.checks.map((c) => [c.id, c.status])).toEqual([
      ['diskcryptor-kept', 'pass'],
      ['dcrypt-running', 'pass'],
      ['inplace-route', 'pass'],
    ]);
  });

  it('is the way through while the boot volume is DiskCryptor-encrypted (uninstalling is refused then)', () => {
    const { machine, env } = practice('diskcryptor-modern', 20);
    editMachine(machine, (m) => (m.encryption.bootVolumeEncryptedBy = 'diskcryptor'));
    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    expect(readMachine(machine).os.version).toBe('10.0.26100');
  });

  it('auto picks the uninstall route when ReflectDrivers does not name the install folder', () => {
    const { machine, env, c } = practice('diskcryptor-modern', 50);
    fs.writeFileSync(
      c(...INI),
      '[SetupConfig]\r\nReflectDrivers="C:\\Program Files\\OldCrypt"\r\n',
    );
    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const log = checkExports(env, windowsUpdateDiskCryptor);
    expect(step(log, 'choose-route').action!.summary).toBe(
      'Route: uninstall and reinstall (ReflectDrivers points at C:\\Program Files\\OldCrypt, but DiskCryptor is installed in C:\\Program Files\\dcrypt).',
    );
    expect(step(log, 'uninstall-diskcryptor').status).toBe('done');
    expect(step(log, 'reinstall-diskcryptor').status).toBe('done');
    expect(step(log, 'verify-in-place').summary).toBe(
      'Uninstall route: the reinstall steps below bring DiskCryptor back.',
    );
    const after = readMachine(machine);
    expect(after.programs).toEqual([
      expect.objectContaining({ name: 'DiskCryptor', version: '1.4.1' }),
    ]);
    expect(after.services.dcrypt.state).toBe('running');
    expect(after.os.version).toBe('10.0.26100');
  });

  it('insisting on in-place with a broken entry is blocked before anything changes; insisting on uninstall is honoured', () => {
    const { root, machine, env, c } = practice('diskcryptor-modern', 30);
    fs.writeFileSync(c(...INI), '[SetupConfig]\r\n');
    const before = readMachine(machine);
    const inPlace = answersFile(root, { answers: { diskcryptorRoute: 'in-place' }, confirm: true });
    const r = wsops(['run', WF, '--machine', machine, '--answers', inPlace, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /You chose the in-place route, but SetupConfig\.ini has no ReflectDrivers entry\. Nothing was changed/,
    );
    expect(readMachine(machine)).toEqual(before);
    expect(fs.readdirSync(c('Windows', 'SoftwareDistribution')).length).toBeGreaterThan(0);

    const valid = practice('diskcryptor-modern', 30);
    const uninstall = answersFile(valid.root, { answers: { diskcryptorRoute: 'uninstall' } });
    const first = wsops(
      ['run', WF, '--machine', valid.machine, '--answers', uninstall, '--yes'],
      valid.env,
    );
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toMatch(/Route: uninstall and reinstall \(you chose it\)/);
    expect(readMachine(valid.machine).programs).toEqual([]);
  });
});

describe('flagship: BitLocker-protected system drive', () => {
  it('suspends protection before the update and resumes it after; no recovery-key prompt', () => {
    const { machine, env } = practice('bitlocker-11', 50);
    const plan = wsops(['run', WF, '--machine', machine, '--dry-run'], env);
    // The dry run shows the command as the run starts it (its full path, %SystemRoot% unexpanded).
    expect(plan.stdout).toContain(
      '$ %SystemRoot%\\System32\\manage-bde.exe -protectors -disable C: -RebootCount 4',
    );
    expect(plan.stdout).toContain(
      '$ %SystemRoot%\\System32\\manage-bde.exe -protectors -enable C:',
    );

    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const after = readMachine(machine);
    expect(after.os.version).toBe('10.0.26100');
    expect(after.encryption.bitlocker).toEqual([
      { volume: 'C:', protection: 'on', percentEncrypted: 100 },
    ]);
    expect(after.sim.bitlockerRecoveryPrompts).toBe(0);
    const events: string[] = after.sim.history.map((h: { event: string }) => h.event);
    const at = (re: RegExp) => events.findIndex((e) => re.test(e));
    expect(at(/protection of C: suspended/)).toBeGreaterThan(-1);
    expect(at(/protection of C: suspended/)).toBeLessThan(at(/feature update installed/));
    expect(at(/feature update installed/)).toBeLessThan(at(/protection of C: resumed/));

    const log = checkExports(env, windowsUpdateDiskCryptor);
    expect(step(log, 'suspend-bitlocker')).toMatchObject({
      status: 'done',
      summary: 'BitLocker protection of C: is suspended until the update is in.',
    });
    expect(step(log, 'suspend-bitlocker').action!.details[0]).toBe(
      '> C:\\Windows\\System32\\manage-bde.exe -protectors -disable C: -RebootCount 4  (as administrator)  (exit 0)',
    );
    expect(step(log, 'resume-bitlocker')).toMatchObject({
      status: 'done',
      summary: 'BitLocker protection of C: is on again.',
    });
    expect(step(log, 'choose-route').summary).toBe(
      'DiskCryptor is not installed: there is no DiskCryptor route to choose.',
    );
  });

  it('physics: an update installed with protection on costs a recovery-key prompt; suspended it does not', () => {
    const machine = (protection: 'on' | 'off') =>
      MachineProfileSchema.parse({
        os: { caption: 'Windows 11', version: '10.0.22631' },
        encryption: {
          bootVolumeEncryptedBy: 'bitlocker',
          bitlocker: [{ volume: 'C:', protection, percentEncrypted: 100 }],
        },
        pendingFeatureUpdate: { version: '10.0.26100', staged: true, cacheCleared: true },
      });
    const on = machine('on');
    applyReboot(on, { now: new Date(), cacheEmpty: true, reason: 't' });
    expect(on.os.version).toBe('10.0.26100');
    expect(on.sim.bitlockerRecoveryPrompts).toBe(1);
    const off = machine('off');
    applyReboot(off, { now: new Date(), cacheEmpty: true, reason: 't' });
    expect(off.sim.bitlockerRecoveryPrompts).toBe(0);
  });

  it('physics: with the DiskCryptor driver installed the update installs only when ReflectDrivers is valid', () => {
    const machine = () =>
      MachineProfileSchema.parse({
        os: { caption: 'Windows 10', version: '10.0.19045' },
        services: { dcrypt: { state: 'running', startType: 'boot' } },
        pendingFeatureUpdate: { version: '10.0.26100', staged: true, cacheCleared: true },
      });
    const broken = machine();
    applyReboot(broken, { now: new Date(), cacheEmpty: true, reason: 't' });
    expect(broken.os.version).toBe('10.0.19045');
    expect(broken.bugchecks).toHaveLength(1);
    const valid = machine();
    applyReboot(valid, {
      now: new Date(),
      cacheEmpty: true,
      reason: 't',
      reflectDriversValid: true,
    });
    expect(valid.os.version).toBe('10.0.26100');
    expect(valid.services.dcrypt!.state).toBe('running');
  });
});

describe('flagship: VeraCrypt and the unchanged 1709 route', () => {
  it('1709: the uninstall route as before; the new steps skip with clear reasons; VeraCrypt gets the conflict checks', () => {
    const { machine, env } = practice('diskcryptor-1709', 100);
    editMachine(machine, (m) => {
      m.programs.push({
        name: 'VeraCrypt',
        version: '1.26.7',
        installDir: 'C:\\Program Files\\VeraCrypt',
      });
      m.services.veracrypt = { state: 'running', startType: 'system' };
    });
    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const after = readMachine(machine);
    expect(after.os.version).toBe('10.0.17134');
    expect(
      after.programs.map((p: { name: string; version: string }) => `${p.name} ${p.version}`).sort(),
    ).toEqual(['DiskCryptor 1.1.846.118', 'VeraCrypt 1.26.7']);

    const log = checkExports(env, windowsUpdateDiskCryptor);
    expect(step(log, 'choose-route').action!.summary).toBe(
      'Route: uninstall and reinstall (C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini does not exist: DiskCryptor 1.1 wrote no ReflectDrivers entry (releases before 1.2.2 do not)).',
    );
    for (const id of ['uninstall-diskcryptor', 'reinstall-diskcryptor', 'repair-diskcryptor'])
      expect(step(log, id).status, id).toBe('done');
    // DiskCryptor 1.1 writes no SetupConfig.ini, so there is no leftover to remove.
    expect(step(log, 'fix-setupconfig').status).toBe('skipped');
    expect(step(log, 'suspend-bitlocker').summary).toBe(
      'BitLocker does not protect C: — nothing to suspend.',
    );
    expect(step(log, 'resume-bitlocker').summary).toBe(
      'This run did not suspend BitLocker protection: nothing to resume.',
    );
    expect(step(log, 'verify-in-place').summary).toBe(
      'Uninstall route: the reinstall steps below bring DiskCryptor back.',
    );
    const vc = step(log, 'veracrypt-conflict');
    expect(vc.status).toBe('done');
    expect(vc.checks.map((c) => [c.id, c.status])).toEqual([
      ['veracrypt-installed', 'warn'],
      ['veracrypt-driver', 'warn'],
      ['veracrypt-system-encryption', 'pass'],
      ['setupconfig', 'pass'],
    ]);
    expect(vc.checks[0]!.summary).toBe(
      "VeraCrypt 1.26.7 is installed in C:\\Program Files\\VeraCrypt: its driver goes through feature updates like DiskCryptor's — read the instructions",
    );
  });

  it('without VeraCrypt the conflict step is skipped', () => {
    const { machine, env } = practice('diskcryptor-1709', 10);
    const r = wsops(['run', WF, '--machine', machine, '--yes'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /▶ VeraCrypt: the same conflict checks\n {2}skipped: VeraCrypt is not installed\./,
    );
  });
});
