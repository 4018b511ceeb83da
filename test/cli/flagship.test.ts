import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunLogSchema } from '../../shared/run-log';
import { countFiles, readMachine, runToEnd, tempDir, wsops } from '../helpers/cli';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { forMachine } from '../../electron/engine/workflow';

const WF = 'windows-update-diskcryptor';

function setup(files: number, scenario = 'diskcryptor-1709') {
  const root = tempDir();
  const machine = path.join(root, 'machine');
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  const init = wsops(
    ['practice', 'init', machine, '--files', String(files), '--scenario', scenario],
    env,
  );
  expect(init.code, init.stderr).toBe(0);
  return { root, machine, env, sd: path.join(machine, 'C', 'Windows', 'SoftwareDistribution') };
}

describe('windows-update-diskcryptor on a practice machine', () => {
  it('runs end to end on 61,000 files: run --yes, resume --yes after every restart, exit 0', () => {
    const { machine, env, sd } = setup(61_000);
    expect(countFiles(sd)).toBe(61_000);
    const before = readMachine(machine);

    const { results, last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    // Every intermediate stop was a restart (exit 3), each followed by resume.
    expect(results.slice(0, -1).every((r) => r.code === 3)).toBe(true);
    expect(results.length).toBeGreaterThanOrEqual(5);

    const after = readMachine(machine);
    expect(fs.readdirSync(sd)).toEqual([]);
    expect(before.os.version).toBe('10.0.16299');
    expect(after.os.version).toBe('10.0.17134');
    expect(after.pendingFeatureUpdate).toBeNull();
    expect(after.programs).toEqual([
      expect.objectContaining({ name: 'DiskCryptor', version: '1.1.846.118' }),
    ]);
    expect(after.services.dcrypt).toMatchObject({ state: 'running', startType: 'boot' });
    expect(after.services.wuauserv!.startType).toBe(before.services.wuauserv!.startType);
    // No new MEMORY_MANAGEMENT bugcheck after the fix.
    expect(after.bugchecks).toHaveLength(before.bugchecks.length);

    const md = wsops(['export', 'latest', '--format', 'md'], env);
    expect(md.code, md.stderr).toBe(0);
    // Titles as the run worded them for its Windows build (16299: the Windows 10 names).
    for (const step of forMachine(windowsUpdateDiskCryptor, 16299).steps) {
      const lines = md.stdout
        .split('\n')
        .filter((l) => l.startsWith('- [') && l.includes(`**${step.title}**`));
      expect(lines, step.title).toHaveLength(1);
      expect(lines[0]).toMatch(/^- \[x\] /);
      expect(lines[0]).toMatch(/— (done|skipped) \(\d{4}-\d\d-\d\dT[^ ]+ → \d{4}-/);
    }
    expect(md.stdout).toContain('Removed 61,000 files');

    const out = path.join(path.dirname(machine), 'log.json');
    const json = wsops(['export', 'latest', '--format', 'json', '--out', out], env);
    expect(json.code, json.stderr).toBe(0);
    const log = RunLogSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
    expect(log.status).toBe('finished');
    expect(log.workflow).toBe(WF);
    expect(log.finishedAt).not.toBeNull();
    expect(log.steps.map((s) => s.id)).toEqual(windowsUpdateDiskCryptor.steps.map((s) => s.id));
    for (const s of log.steps) {
      expect(['done', 'skipped']).toContain(s.status);
      expect(s.startedAt).not.toBeNull();
      expect(s.finishedAt).not.toBeNull();
    }
    const repair = log.steps.find((s) => s.id === 'repair-diskcryptor')!;
    expect(repair.status).toBe('done');
    // DiskCryptor 1.1 writes no SetupConfig.ini (only 1.2.2+ do): nothing left over to remove.
    expect(log.steps.find((s) => s.id === 'fix-setupconfig')!.status).toBe('skipped');
    const html = wsops(['export', 'latest', '--format', 'html'], env);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).not.toMatch(/<script/i);
    // A hang guard, not a speed target (that is `npm run bench`): 61,000 files on a loaded
    // 2-core machine took up to 80 s.
  }, 240_000);

  it('removes a symlink inside SoftwareDistribution without touching what it points to; removes read-only files', () => {
    const { root, machine, env, sd } = setup(200);
    const outside = path.join(root, 'precious');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'keep.txt'), 'mine');
    fs.symlinkSync(outside, path.join(sd, 'Download', 'link-to-outside'), 'dir');
    fs.symlinkSync(path.join(outside, 'keep.txt'), path.join(sd, 'file-link'));
    const ro = path.join(sd, 'readonly.dat');
    fs.writeFileSync(ro, 'x');
    fs.chmodSync(ro, 0o444);

    const { last } = runToEnd([WF, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    expect(fs.readdirSync(sd)).toEqual([]);
    expect(fs.readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('mine');
    const log = JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout);
    const clear = log.steps.find((s: { id: string }) => s.id === 'clear-softwaredistribution');
    expect(clear.action.summary).toMatch(/2 links/);
  });

  it('stops at the uninstall step with exit 1 when the boot volume is DiskCryptor-encrypted; nothing deleted', () => {
    const { machine, env, sd } = setup(300, 'diskcryptor-encrypted-boot');
    const r = wsops(['run', WF, '--machine', machine, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/encrypted by DiskCryptor/);
    expect(r.stderr).toMatch(/Decrypt/);
    expect(countFiles(sd)).toBe(300);
    const m = readMachine(machine);
    expect(m.programs[0]!.name).toBe('DiskCryptor');
    expect(m.services.wuauserv!.state).toBe('running');
    const log = JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout);
    expect(log.status).toBe('blocked');
    expect(log.steps.find((s: { id: string }) => s.id === 'uninstall-diskcryptor').status).toBe(
      'blocked',
    );
  });

  it('waits (exit 4) when the installer is missing, and continues once its path is given', () => {
    const { root, machine, env } = setup(100);
    const downloads = path.join(machine, 'C', 'Users', 'dev', 'Downloads');
    const installer = fs.readdirSync(downloads)[0]!;
    fs.renameSync(
      path.join(downloads, installer),
      path.join(machine, 'C', 'Users', 'dev', installer),
    );
    const r = wsops(['run', WF, '--machine', machine, '--yes'], env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/installer/i);
    expect(readMachine(machine).programs).toHaveLength(1);

    const answers = path.join(root, 'answers.json');
    fs.writeFileSync(
      answers,
      JSON.stringify({
        version: 1,
        answers: { installerPath: `C:\\Users\\dev\\${installer}` },
        confirm: true,
      }),
    );
    const r2 = wsops(['resume', '--answers', answers], env);
    expect(r2.code, r2.stderr).toBe(3);
    expect(readMachine(machine).programs).toHaveLength(0);
  });

  it('blocks destructive steps until the backup is confirmed', () => {
    const { root, machine, env, sd } = setup(100);
    const answers = path.join(root, 'answers.json');
    fs.writeFileSync(
      answers,
      JSON.stringify({ version: 1, answers: { backupConfirmed: false }, confirm: true }),
    );
    const r = wsops(['run', WF, '--machine', machine, '--answers', answers], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/answered no/);
    expect(readMachine(machine).programs).toHaveLength(1);
    expect(countFiles(sd)).toBe(100);
  });

  it('without --yes or answers (no terminal) waits for the backup confirmation: exit 4, nothing changed', () => {
    const { machine, env, sd } = setup(50);
    const r = wsops(['run', WF, '--machine', machine], env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/backup/i);
    expect(countFiles(sd)).toBe(50);
  });

  it('--dry-run prints every action with commands, paths and counts and changes nothing', () => {
    const { machine, env } = setup(120);
    const snapshot = () => JSON.stringify(readMachine(machine)) + countFiles(machine);
    const before = snapshot();
    const r = wsops(['run', WF, '--machine', machine, '--dry-run', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    const clear = plan.actions.find(
      (a: { stepId: string }) => a.stepId === 'clear-softwaredistribution',
    );
    expect(clear.files).toBe(120);
    expect(clear.bytes).toBeGreaterThan(0);
    expect(clear.flags.destructive).toBe(true);
    const uninstall = plan.actions.find(
      (a: { stepId: string }) => a.stepId === 'uninstall-diskcryptor',
    );
    expect(uninstall.commands[0]).toMatch(/unins000\.exe.*\/SILENT \/NORESTART/);
    expect(snapshot()).toBe(before);
    expect(fs.existsSync(env.WSOPS_STATE_DIR)).toBe(false);
    const human = wsops(['run', WF, '--machine', machine, '--dry-run'], env);
    expect(human.stdout).toMatch(/nothing is changed/);
    expect(human.stdout).toMatch(/120 files/);
  });

  it('check runs the preflight read-only with --json', () => {
    const { machine, env } = setup(10);
    const r = wsops(['check', WF, '--machine', machine, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const ids = out.checks.map((c: { id: string }) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'os-version',
        'diskcryptor-installed',
        'boot-encryption',
        'service-wuauserv',
        'bugchecks',
        'softwaredistribution-size',
      ]),
    );
    expect(out.checks.find((c: { id: string }) => c.id === 'bugchecks').status).toBe('warn');
  });
});
