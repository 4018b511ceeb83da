/**
 * The Ansible example, run for real: three practice hosts (ansible_connection=local) driven
 * through the workstation_ops role, their logs fetched, one report. Needs ansible-playbook
 * (Debian: apt-get install ansible-core; .ci/run installs it); skips with one line without it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { RunLogSchema } from '../../shared/run-log';
import { countFiles, tempDir, wsops } from '../helpers/cli';

const root = path.join(__dirname, '..', '..');
const examples = path.join(root, 'contrib', 'ansible', 'examples');
const role = path.join(root, 'contrib', 'ansible', 'roles', 'workstation_ops');
const hasAnsible = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasAnsible)
  console.log('ansible: ansible-playbook not installed; the example playbook was not run');

function playbook(extra: string[]) {
  const scratch = tempDir('wsops-ansible-');
  const logs = path.join(scratch, 'logs');
  const machines = path.join(scratch, 'machines');
  const ansibleTmp = path.join(scratch, 'ansible');
  const r = spawnSync(
    'ansible-playbook',
    [
      '-i',
      'practice-inventory.ini',
      'practice-fleet.yml',
      '-e',
      `fleet_logs_dir=${logs}`,
      '-e',
      `practice_dir=${machines}`,
      ...extra,
    ],
    {
      cwd: examples,
      encoding: 'utf8',
      env: {
        ...process.env,
        // Ansible's own scratch files stay in the test's temp folder.
        ANSIBLE_HOME: ansibleTmp,
        ANSIBLE_LOCAL_TEMP: path.join(ansibleTmp, 'local'),
        ANSIBLE_REMOTE_TEMP: path.join(ansibleTmp, 'remote'),
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_RETRY_FILES_ENABLED: '0',
        WSOPS_DEBUG: '',
      },
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { ...r, logs, machines };
}

describe('contrib/ansible', () => {
  it.skipIf(!hasAnsible)(
    'practice-fleet.yml finishes the flagship on three practice hosts; three logs, a three-row report',
    () => {
      const r = playbook([]);
      expect(r.status, r.stdout.slice(-3000) + r.stderr).toBe(0);
      expect(fs.readdirSync(r.logs).sort()).toEqual(['pc1.json', 'pc2.json', 'pc3.json']);
      for (const host of ['pc1', 'pc2', 'pc3']) {
        const log = RunLogSchema.parse(
          JSON.parse(fs.readFileSync(path.join(r.logs, `${host}.json`), 'utf8')),
        );
        expect(log.status).toBe('finished');
        expect(log.machine.label).toBe(host);
        expect(log.steps.filter((s) => s.reboot).length).toBeGreaterThanOrEqual(4);
      }
      const csv = wsops(['report', r.logs, '--format', 'csv']);
      expect(csv.code, csv.stderr).toBe(0);
      const rows = csv.stdout.trimEnd().split('\r\n').slice(1);
      expect(rows.map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
        'pc1,windows-update-diskcryptor,finished',
        'pc2,windows-update-diskcryptor,finished',
        'pc3,windows-update-diskcryptor,finished',
      ]);
      const html = fs.readFileSync(path.join(r.machines, 'fleet-report.html'), 'utf8');
      expect(html).toContain('3 ok');
    },
  );

  it.skipIf(!hasAnsible)(
    'a run waiting for an answer fails its host with the question, yet the log is fetched and the report made',
    () => {
      // One host is enough here (and keeps the machine's load down).
      const r = playbook(['--limit', 'pc2,localhost', '-e', 'workstation_ops_yes=false']);
      expect(r.status).not.toBe(0);
      expect(r.stdout).toContain(
        'pc2: Waiting for an answer: I have a current backup of the contents of my encrypted volumes',
      );
      expect(fs.readdirSync(r.logs)).toEqual(['pc2.json']);
      const log = RunLogSchema.parse(
        JSON.parse(fs.readFileSync(path.join(r.logs, 'pc2.json'), 'utf8')),
      );
      expect(log.status).toBe('waiting-answer');
      expect(fs.readFileSync(path.join(r.machines, 'fleet-report.html'), 'utf8')).toContain(
        '1 in-progress',
      );
    },
  );

  it.skipIf(!hasAnsible)(
    'dry run: changes nothing on the practice machine, fetches nothing',
    () => {
      const r = playbook(['--limit', 'pc1,localhost', '-e', 'workstation_ops_dry_run=true']);
      expect(r.status, r.stdout.slice(-3000) + r.stderr).toBe(0);
      expect(r.stdout).toContain('Delete the contents of SoftwareDistribution');
      expect(fs.existsSync(r.logs)).toBe(false);
      const sd = path.join(r.machines, 'pc1', 'machine', 'C', 'Windows', 'SoftwareDistribution');
      expect(countFiles(sd)).toBe(200); // practice_files in the playbook
      expect(fs.existsSync(path.join(r.machines, 'pc1', 'state'))).toBe(false);
    },
  );

  it('the role README documents every default variable', () => {
    const defaults = parseYaml(
      fs.readFileSync(path.join(role, 'defaults', 'main.yml'), 'utf8'),
    ) as Record<string, unknown>;
    const readme = fs.readFileSync(path.join(role, 'README.md'), 'utf8');
    expect(Object.keys(defaults).length).toBeGreaterThan(5);
    for (const name of Object.keys(defaults)) expect(readme, name).toContain(`\`${name}\``);
  });

  it('Windows modules appear only in tasks/windows/, which is included only for Windows hosts', () => {
    const walk = (d: string): string[] =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const files = [...walk(path.join(role, 'tasks')), ...walk(examples)];
    const windows = files.filter((f) => /ansible\.windows\./.test(fs.readFileSync(f, 'utf8')));
    expect(windows.length).toBeGreaterThan(0);
    for (const f of windows) expect(path.relative(role, f)).toMatch(/^tasks[\\/]windows[\\/]/);
  });
});
