/**
 * Issue 11 point 3: paths come from the machine (%SystemRoot%, %ProgramData%, %SystemDrive%, the
 * ProfileList `Default` profile read through `reg query`), and the elevated helper's allowlist is
 * computed the same way. The workflows name Windows' default C: folders, so a PC with Windows on
 * D: is refused with one clear sentence and nothing changes.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { EmulatedMachine } from '../../electron/system/emulator/machine';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { allowlistError } from '../../electron/system/windows/elevated-task';
import { machinePaths } from '../../electron/system/windows/machine-paths';
import { tempDir } from '../helpers/cli';

const SD = 'C:\\Windows\\SoftwareDistribution';

async function machineOn(drive: string) {
  const dir = path.join(tempDir('wsops-realpc-'), 'pc');
  await initPracticeMachine(dir, { files: 5 });
  new EmulatedMachine(dir).update(null, (p) => {
    p.os.systemDrive = drive;
  });
  return dir;
}

describe('Windows paths from the machine', () => {
  it('reads the Default profile from ProfileList and the folders from the environment', async () => {
    const { host } = createPracticeHost(await machineOn('D:'));
    const p = await host.paths();
    expect(p.environment.systemRoot).toBe('D:\\Windows');
    expect(p.softwareDistribution).toBe('D:\\Windows\\SoftwareDistribution');
    expect(p.bitsDownloader).toBe('D:\\ProgramData\\Microsoft\\Network\\Downloader');
    expect(p.environment.profileListDefault).toBe('D:\\Users\\Default');
    expect(p.setupConfigIni).toBe(
      'D:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini',
    );
  });

  it('Windows on D: is refused with a clear message, and nothing is deleted', async () => {
    const dir = await machineOn('D:');
    const { host } = createPracticeHost(dir);
    const local = new EmulatedMachine(dir).toLocal(SD);
    const before = fs.readdirSync(local).length;
    await expect(host.clearDirectory(SD, {})).rejects.toThrow(
      /Windows is installed in D:\\Windows, .*nothing was changed/,
    );
    expect(fs.readdirSync(local).length).toBe(before);
    const aside = await host.renameAside(SD);
    expect(aside.ok).toBe(false);
    expect(aside.stderr).toMatch(/only changes Windows installed in C:\\Windows/);
  });

  it('Windows on C: still works', async () => {
    const { host } = createPracticeHost(await machineOn('C:'));
    expect((await host.clearDirectory(SD, {})).empty).toBe(true);
  });

  it("the helper's allowlist is the machine's own folders", () => {
    const d = machinePaths({ SystemRoot: 'D:\\Windows', SystemDrive: 'D:' }, 'D:\\Users\\Default');
    expect(allowlistError({ v: 1, op: 'clear', path: SD }, d)).toMatch(/not one of the paths/);
    expect(
      allowlistError({ v: 1, op: 'clear', path: 'D:\\Windows\\SoftwareDistribution' }, d),
    ).toBeNull();
    expect(allowlistError({ v: 1, op: 'bitlocker', action: 'suspend', volume: 'C:' }, d)).toMatch(
      /system drive D:/,
    );
  });
});
