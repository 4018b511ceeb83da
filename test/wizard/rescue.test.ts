/**
 * No run gets stuck on a bad answer: answers are checked when given (a missing folder waits for
 * another answer instead of failing the step), Windows paths with `/` are accepted, a step that
 * failed on an answer is retried with `resume --answers` (null withdraws an answer), and
 * `wsops runs --json` lists the runs with their status.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wsops, type CliResult } from '../helpers/cli';

const WF = 'windows-update-diskcryptor';

function setup() {
  const root = tempDir();
  const machine = path.join(root, 'machine');
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  const init = wsops(['practice', 'init', machine, '--files', '50'], env);
  expect(init.code, init.stderr).toBe(0);
  const users = path.join(machine, 'C', 'Users');
  const user = fs.readdirSync(users).find((u) => fs.existsSync(path.join(users, u, 'Documents')))!;
  return { root, machine, env, user };
}

function answers(root: string, name: string, a: Record<string, unknown>): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, JSON.stringify({ version: 1, answers: a }));
  return file;
}

function resumeToEnd(env: Record<string, string>, first: CliResult): CliResult {
  let last = first;
  for (let i = 0; i < 12 && last.code === 3; i++) last = wsops(['resume', '--yes'], env);
  return last;
}

function runs(env: Record<string, string>) {
  const r = wsops(['runs', '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { runs: { runId: string; status: string; stepTitle: string }[] };
}

describe('rescuing a run stuck on a bad answer', () => {
  it('a missing backup folder waits for another answer; resume --answers with a "/" path finishes', () => {
    const { root, machine, env, user } = setup();
    const docs = `C:\\Users\\${user}\\Documents`;
    const bad = answers(root, 'bad.json', { backupSource: docs, backupTarget: 'C:\\NoSuchBackup' });
    const first = wsops(['run', WF, '--machine', machine, '--yes', '--answers', bad], env);
    expect(first.code, first.stderr).toBe(4);
    expect(first.stderr).toContain('C:\\NoSuchBackup does not exist');
    expect(first.stderr).toMatch(/wsops resume \S+ --answers FILE/);
    expect(runs(env).runs[0]).toMatchObject({ status: 'waiting-answer' });

    // The backup exists now, named with forward slashes as people type them.
    fs.cpSync(
      path.join(machine, 'C', 'Users', user, 'Documents'),
      path.join(machine, 'C', 'Backup'),
      {
        recursive: true,
      },
    );
    const fixed = answers(root, 'fixed.json', { backupTarget: 'C:/Backup' });
    const again = wsops(['resume', '--yes', '--answers', fixed], env);
    const last = resumeToEnd(env, again);
    expect(last.code, last.stderr).toBe(0);
    expect(runs(env).runs[0]).toMatchObject({ status: 'finished' });

    const log = JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout);
    const target = log.answers.find((a: { id: string }) => a.id === 'backupTarget');
    expect(target.value).toBe('C:\\Backup');
  });

  it('a step that failed on an answer is retried with the new answer; null withdraws one', () => {
    const { root, machine, env, user } = setup();
    fs.mkdirSync(path.join(machine, 'C', 'EmptyBackup'));
    const docs = `C:\\Users\\${user}\\Documents`;
    const bad = answers(root, 'bad.json', { backupSource: docs, backupTarget: 'C:\\EmptyBackup' });
    const first = wsops(['run', WF, '--machine', machine, '--yes', '--answers', bad], env);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/fewer files|missing/i);

    // The same answer fails the same way…
    const same = wsops(['resume', '--yes'], env);
    expect(same.code, same.stderr).toBe(1);
    // …withdrawing both folders (null) lets the confirmed, uncompared backup through.
    const cleared = answers(root, 'clear.json', { backupSource: null, backupTarget: null });
    const last = resumeToEnd(env, wsops(['resume', '--yes', '--answers', cleared], env));
    expect(last.code, last.stderr).toBe(0);
    const log = JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout);
    const ids = log.answers.map((a: { id: string }) => a.id);
    expect(ids).not.toContain('backupTarget');
  });

  it('lists runs with their status, and says when there are none', () => {
    const root = tempDir();
    const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
    expect(runs(env).runs).toEqual([]);
    expect(wsops(['runs'], env).stdout).toContain('No runs');
  });
});
