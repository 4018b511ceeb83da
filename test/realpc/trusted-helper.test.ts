/**
 * Issue 11 point 5: elevate only code a standard user cannot write. A standard user who approves
 * prompts with an administrator's password (rule uac-over-the-shoulder) makes UAC a security
 * boundary, so a helper under %LOCALAPPDATA% (per-user install) or a checkout's out/cli/wsops.cjs
 * is refused, with a sentence saying why; a per-machine install under Program Files is elevated.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ExecFileRunner } from '../../electron/system/command-runner';
import { EmulatedMachine } from '../../electron/system/emulator/machine';
import { EmulatedWindows } from '../../electron/system/emulator/exec';
import { PRACTICE_HELPER } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { WindowsRealHost } from '../../electron/system/windows/host';
import { helperDistrust, type ElevatedHelper } from '../../electron/system/windows/elevated-parent';
import { STANDARD_PATHS } from '../../electron/system/windows/machine-paths';
import { tempDir } from '../helpers/cli';

const SD = 'C:\\Windows\\SoftwareDistribution';
const PER_USER: ElevatedHelper = {
  exe: 'C:\\Users\\dev\\AppData\\Local\\Programs\\Workstation Ops\\Workstation Ops.exe',
  args: ['--wsops-elevated-task'],
};

async function hostWith(helper: ElevatedHelper, isAdmin: boolean) {
  const dir = path.join(tempDir('wsops-realpc-'), 'pc');
  await initPracticeMachine(dir, { files: 5 });
  const machine = new EmulatedMachine(dir);
  machine.update(null, (p) => {
    p.user.isAdmin = isAdmin;
  });
  const emulator = new EmulatedWindows(machine, { helper });
  const env = machine.env();
  const runner = new ExecFileRunner(env, emulator.execFile, { oemCodePage: 'detect' });
  const host = new WindowsRealHost(runner, {
    kind: 'practice',
    env,
    toLocal: machine.toLocal,
    elevatedHelper: helper,
    sleep: async () => {},
    settleMs: 0,
  });
  return { host, emulator, local: machine.toLocal(SD) };
}

describe('what a standard user may elevate', () => {
  it('refuses a per-user install for a standard user, and says why', async () => {
    const { host, emulator, local } = await hostWith(PER_USER, false);
    const before = fs.readdirSync(local).length;
    await expect(host.clearDirectory(SD, {})).rejects.toThrow(
      /AppData\\Local\\Programs\\Workstation Ops\\Workstation Ops\.exe is in a folder your account can change/,
    );
    expect(fs.readdirSync(local).length).toBe(before);
    expect(emulator.started.some((s) => s.file === PER_USER.exe)).toBe(false);
  });

  it('elevates a per-machine install for a standard user', async () => {
    const { host } = await hostWith(PRACTICE_HELPER, false);
    expect((await host.clearDirectory(SD, {})).empty).toBe(true);
  });

  it("an administrator's own split token may elevate it (UAC is no boundary there)", async () => {
    const { host } = await hostWith(PER_USER, true);
    expect((await host.clearDirectory(SD, {})).empty).toBe(true);
  });

  it("a checkout's wsops.cjs is not trusted even with node.exe in Program Files", () => {
    const cli: ElevatedHelper = {
      exe: 'C:\\Program Files\\nodejs\\node.exe',
      args: ['C:\\Users\\dev\\src\\wsops\\out\\cli\\wsops.cjs', '__elevated'],
    };
    expect(helperDistrust(cli, STANDARD_PATHS)).toMatch(/wsops\.cjs is in a folder/);
    expect(
      helperDistrust(
        { exe: cli.exe, args: ['C:\\Program Files\\wsops\\wsops.cjs', '__elevated'] },
        STANDARD_PATHS,
      ),
    ).toBeNull();
    // A look-alike prefix is not inside Program Files.
    expect(
      helperDistrust({ exe: 'C:\\Program Files Evil\\x.exe', args: [] }, STANDARD_PATHS),
    ).not.toBeNull();
  });
});
