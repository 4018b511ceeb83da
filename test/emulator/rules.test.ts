/**
 * The emulator's rules are the documented ones, and each is reached by a practice run: the
 * flagship on the scenarios, with UAC declined for dcinst and a plain decline, exercises them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMULATED_RULES, firedRules } from '../../electron/system/emulator/rules';
import { WINDOWS_RULES } from '../../electron/knowledge/windows-rules';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { resumeRun, startRun, type EngineDeps } from '../../electron/engine/runner';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { yesProvider } from '../../electron/engine/answers';
import { checkpointComputer } from '../../electron/system/windows/commands';

const doc = fs.readFileSync(
  path.join(__dirname, '..', '..', 'docs', 'windows-behaviour.md'),
  'utf8',
);

async function drive(
  scenario: Parameters<typeof initPracticeMachine>[1],
  edit?: (m: Record<string, unknown>) => void,
) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-rules-'));
  const dir = path.join(root, 'm');
  await initPracticeMachine(dir, { files: 20, ...scenario });
  if (edit) {
    const f = path.join(dir, 'machine.json');
    const m = JSON.parse(fs.readFileSync(f, 'utf8'));
    edit(m);
    fs.writeFileSync(f, JSON.stringify(m));
  }
  const deps: EngineDeps = {
    stateDir: path.join(root, 'state'),
    host: createPracticeHost(dir).host,
    machine: { kind: 'practice', label: 'p', dir },
    answers: yesProvider,
  };
  let o = await startRun(windowsUpdateDiskCryptor, deps);
  for (let i = 0; i < 10 && o.exitCode === 3; i++)
    o = await resumeRun(windowsUpdateDiskCryptor, o.state.runId, deps);
  return { o, deps, dir };
}

describe('emulated Windows rules', () => {
  it('every emulated rule is in the rule table and in docs/windows-behaviour.md with its source', () => {
    for (const id of EMULATED_RULES) {
      const rule = WINDOWS_RULES.find((r) => r.id === id);
      expect(rule, id).toBeDefined();
      expect(doc, id).toContain(`\`${id}\``);
    }
  });

  it('every emulated rule is reached by some practice run through the real host', async () => {
    firedRules.clear();
    const full = await drive({ scenario: 'diskcryptor-1709' });
    expect(full.o.exitCode, full.o.message).toBe(0);
    await drive({ scenario: 'diskcryptor-encrypted-boot' });
    // Every prompt declined: the encryption read (the first prompt) is unknown, and blocks.
    const declined = await drive({ scenario: 'diskcryptor-1709' }, (m) => {
      m.uac = { answer: 'decline', declineFor: [] };
    });
    expect(declined.o.exitCode).toBe(1);
    await drive({ scenario: 'diskcryptor-1709' }, (m) => {
      (m.behaviours as Record<string, unknown>) = { wuauservRestartsItself: true };
    });
    // Unelevated dcinst and manage-bde (the host never does it; a person at the shell might).
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-rules-'));
    await initPracticeMachine(path.join(root, 'r'), { files: 5 });
    const reset = createPracticeHost(path.join(root, 'r'));
    await reset.runner.run('C:\\Program Files\\dcrypt\\dcinst.exe', ['-isenc'], {
      timeoutMs: 1000,
    });
    await reset.runner.run('manage-bde.exe', ['-status'], { timeoutMs: 1000 });
    await reset.runner.run('schtasks.exe', ['/Create', '/SC', 'ONLOGON', '/TN', 'x', '/TR', 'x'], {
      timeoutMs: 1000,
    });
    await reset.runner.run('sc.exe', ['stop', 'wuauserv'], { timeoutMs: 1000 });
    // A French Windows writes manage-bde's accented text in its OEM code page (cp850).
    const frDir = path.join(root, 'fr');
    await initPracticeMachine(frDir, { files: 5, scenario: 'bitlocker-11' });
    const frFile = path.join(frDir, 'machine.json');
    const frMachine = JSON.parse(fs.readFileSync(frFile, 'utf8'));
    frMachine.locale = { language: 'fr-FR', oemCodePage: 850 };
    fs.writeFileSync(frFile, JSON.stringify(frMachine));
    await createPracticeHost(frDir).host.encryption();
    // What the workflows never do, a person might: the installer unelevated and without
    // /NORESTART, the uninstaller over an encrypted boot volume, a reinstall before the restart.
    const dl = 'C:\\Users\\dev\\Downloads\\dcrypt_setup.exe';
    await reset.runner.run(dl, [], { timeoutMs: 1000 });
    const enc = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-rules-'));
    await initPracticeMachine(path.join(enc, 'e'), {
      files: 5,
      scenario: 'diskcryptor-encrypted-boot',
    });
    const e = createPracticeHost(path.join(enc, 'e'));
    const unins = await e.runner.run('C:\\Program Files\\dcrypt\\unins000.exe', ['/SILENT'], {
      timeoutMs: 1000,
      elevated: true,
    });
    expect(unins.exitCode).toBe(0);
    const again = await e.runner.run(dl, ['/SILENT', '/NORESTART'], {
      timeoutMs: 1000,
      elevated: true,
    });
    expect(again.exitCode).toBe(1);
    // A standard account: every prompt asks for an administrator's credentials.
    const standard = await drive({ scenario: 'standard-user' });
    expect(standard.o.exitCode, standard.o.message).toBe(0);
    // A clear while BITS still runs (the flagship stops it first; windows-update-reset too).
    const held = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-rules-'));
    await initPracticeMachine(path.join(held, 'b'), { files: 30, scenario: 'bits-holds-files' });
    const b = createPracticeHost(path.join(held, 'b'));
    await b.host.clearDirectory('C:\\Windows\\SoftwareDistribution', {});
    // VeraCrypt system encryption: its driver starts at boot, and the run stops.
    const vc = await drive({ scenario: 'veracrypt-system' });
    expect(vc.o.exitCode).toBe(1);
    // System Restore: protection off, then a restore point from a minute ago (the 24-hour limit);
    // the run goes on either way. Unelevated Checkpoint-Computer is what a person might run.
    const noProtection = await drive({ scenario: 'diskcryptor-1709' }, (m) => {
      m.systemRestore = { protection: false };
    });
    expect(noProtection.o.exitCode, noProtection.o.message).toBe(0);
    const recent = await drive({ scenario: 'diskcryptor-1709' }, (m) => {
      m.systemRestore = {
        points: [
          { sequence: 7, created: new Date(Date.now() - 60_000).toISOString(), description: 'x' },
        ],
      };
    });
    expect(recent.o.exitCode, recent.o.message).toBe(0);
    const cp = checkpointComputer();
    await reset.runner.run(cp.file, cp.args, { timeoutMs: 1000 });
    expect(EMULATED_RULES.filter((r) => !firedRules.has(r))).toEqual([]);
  });
});
