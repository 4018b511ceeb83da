/**
 * The flagship's backup gate uses the backup-check compare when the folders are files on this
 * computer — on a practice machine the Windows paths map into the machine dir through the host.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wsops } from '../helpers/cli';
import { answersFile, newestRun, practice, readMachine, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

const WF = 'windows-update-diskcryptor';

function withBackup() {
  const p = practice('diskcryptor-1709', 20);
  const docs = p.c('Users', 'dev', 'Documents');
  for (let i = 0; i < 12; i++)
    fs.writeFileSync(path.join(docs, `chapter-${i}.md`), `chapter ${i}\n`);
  const backup = p.c('Backup', 'Documents');
  fs.mkdirSync(backup, { recursive: true });
  for (const n of fs.readdirSync(docs)) fs.copyFileSync(path.join(docs, n), path.join(backup, n));
  const answers = answersFile(p.root, {
    answers: {
      backupSource: 'C:\\Users\\dev\\Documents',
      backupTarget: 'C:\\Backup\\Documents',
      backupConfirmed: true,
    },
  });
  return { ...p, docs, backup, answers };
}

function backupCheck(env: Record<string, string>) {
  const log = JSON.parse(wsops(['export', newestRun(env), '--format', 'json'], env).stdout);
  const step = log.steps.find((s: { id: string }) => s.id === 'backup');
  return { step, check: step.checks.find((c: { id: string }) => c.id === 'backup-compare') };
}

describe('the flagship backup gate compares like backup-check', () => {
  it('a complete backup on the practice machine passes with the full compare, named by its Windows paths', () => {
    const { machine, env, answers } = withBackup();
    const r = wsops(['run', WF, '--machine', machine, '--answers', answers, '--yes'], env);
    expect(r.code, r.stderr).toBe(3);
    const { step, check } = backupCheck(env);
    expect(step.status).toBe('done');
    expect(check.status).toBe('pass');
    expect(check.summary).toMatch(
      /^Backup complete: all 13 source files .* 13 sampled files match by SHA-256$/,
    );
    expect(check.evidence[0]).toMatch(/^source C:\\Users\\dev\\Documents: 13 files/);
    expect(check.evidence.join('\n')).not.toContain(machine);
  });

  it('a file missing from the backup fails the gate: the run stops before anything is uninstalled', () => {
    const { machine, env, answers, backup } = withBackup();
    fs.unlinkSync(path.join(backup, 'chapter-7.md'));
    const r = wsops(['run', WF, '--machine', machine, '--answers', answers, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /1 of 13 source files are missing from the backup .*\(e\.g\. chapter-7\.md\)/,
    );
    expect(backupCheck(env).check.status).toBe('fail');
    expect(readMachine(machine).programs).toHaveLength(1);
  });

  it('a path outside the practice machine is refused when given (the run waits for another), not read', () => {
    const { root, machine, env } = withBackup();
    const answers = answersFile(root, {
      answers: {
        backupSource: 'C:\\Users\\dev\\Documents',
        backupTarget: 'C:\\..\\..\\etc',
        backupConfirmed: true,
      },
    });
    const r = wsops(['run', WF, '--machine', machine, '--answers', answers, '--yes'], env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/C:\\\.\.\\\.\.\\etc: .*(not an absolute Windows path|not allowed)/);
    expect(readMachine(machine).programs).toHaveLength(1);
  });
});
