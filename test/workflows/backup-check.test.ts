import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wsops } from '../helpers/cli';
import { backupCheck } from '../../electron/workflows/backup-check';
import { answersFile, checkExports, step, removeTempDirs, tracked } from './helpers';

afterAll(removeTempDirs);

const T0 = new Date('2026-02-01T09:00:00Z');

/** A real folder and a real copy of it in a temp dir on this Linux machine. */
function folders(files = 60) {
  const root = tracked('wsops-backup-');
  const src = path.join(root, 'Documents');
  const bak = path.join(root, 'usb', 'Documents');
  for (let i = 0; i < files; i++) {
    for (const base of [src, bak]) {
      const p = path.join(base, `year${2020 + (i % 5)}`, `note-${i}.md`);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, `# note ${i}\n${'x'.repeat(i * 7)}\n`);
      fs.utimesSync(p, T0, T0);
    }
  }
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  const answers = answersFile(root, {
    answers: { backupSource: src, backupTarget: bak, backupSampleSize: 1000, backupSampleSeed: 99 },
  });
  return { root, src, bak, env, answers };
}

function fingerprint(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.push(
        `${path.relative(dir, p)} ${st.mode} ${st.size} ${st.mtimeMs} ${e.isFile() ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : ''}`,
      );
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

describe('backup-check on this computer (real folders)', () => {
  it('pass: exit 0, exports, never writes to either folder, records the verified time for the reminder', () => {
    const { src, bak, env, answers } = folders();
    const set = wsops(['remind', 'set', '--source', src, '--backup', bak, '--every', '7'], env);
    expect(set.code, set.stderr).toBe(0);
    const before = fingerprint(src) + fingerprint(bak);

    const r = wsops(['run', 'backup-check', '--answers', answers], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/PASS: Backup complete: all 60 source files/);
    expect(fingerprint(src) + fingerprint(bak)).toBe(before);

    const log = checkExports(env, backupCheck);
    const verdict = step(log, 'compare').checks.find((c) => c.id === 'backup-verdict')!;
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SHA-256 sample \(seed 99\): 60 of 60 compared, 0 differ$/),
      ]),
    );
    expect(step(log, 'record').action!.summary).toMatch(
      /Recorded a verified backup of .*Documents at .*; next reminder/,
    );

    const { reminders } = JSON.parse(wsops(['remind', 'status', '--json'], env).stdout);
    expect(reminders).toHaveLength(1);
    expect(reminders[0].lastBackupAt).toBe(log.steps[1]!.action!.summary.match(/ at (\S+);/)![1]);
    expect(reminders[0].overdue).toBe(false);
    const md = wsops(['export', log.runId, '--format', 'md'], env).stdout;
    expect(md).toContain('✔ pass After · Verdict: Backup complete');
  });

  it('fail: a missing file and a corrupted copy → exit 1, named in the verdict; nothing recorded', () => {
    const { bak, env, answers } = folders();
    fs.unlinkSync(path.join(bak, 'year2021', 'note-11.md'));
    // Same size, same time, different bytes: only the SHA-256 sample can see it.
    const victim = path.join(bak, 'year2023', 'note-13.md');
    const bytes = fs.readFileSync(victim);
    bytes[bytes.length - 2] = 'y'.charCodeAt(0);
    fs.writeFileSync(victim, bytes);
    fs.utimesSync(victim, T0, T0);

    const r = wsops(['run', 'backup-check', '--answers', answers], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /1 of 60 source files are missing from the backup .*\(e\.g\. year2021\/note-11\.md\)/,
    );
    const log = checkExports(env, backupCheck, 'failed');
    const evidence = step(log, 'compare').checks.find((c) => c.id === 'backup-verdict')!.evidence;
    expect(evidence).toContain('  missing: year2021/note-11.md');
    expect(evidence).toContain('  content differs: year2023/note-13.md');
    expect(step(log, 'record').status).toBe('pending');
    expect(fs.existsSync(path.join(env.WSOPS_STATE_DIR, 'settings.json'))).toBe(false);
  });

  it('warn: files changed in the source after the backup → exit 0, the verdict says out of date, nothing recorded', () => {
    const { src, env, answers } = folders();
    const changed = path.join(src, 'year2024', 'note-4.md');
    fs.utimesSync(changed, new Date(T0.getTime() + 3_600_000), new Date(T0.getTime() + 3_600_000));
    const r = wsops(['run', 'backup-check', '--answers', answers], env);
    expect(r.code, r.stderr).toBe(0);
    const log = checkExports(env, backupCheck);
    const verdict = step(log, 'compare').checks.find((c) => c.id === 'backup-verdict')!;
    expect(verdict).toMatchObject({ status: 'warn' });
    expect(verdict.summary).toBe(
      '1 file changed in the source after the backup was made (e.g. year2024/note-4.md): the backup is out of date',
    );
    expect(step(log, 'record')).toMatchObject({
      status: 'skipped',
      summary: 'The verdict is warn: nothing is recorded (only a pass counts as a backup).',
    });
  });

  it('links are counted, never followed; a linked folder is refused', () => {
    const { root, src, bak, env, answers } = folders(10);
    const elsewhere = path.join(root, 'elsewhere');
    fs.mkdirSync(elsewhere);
    for (let i = 0; i < 30; i++)
      fs.writeFileSync(path.join(elsewhere, `big-${i}.bin`), 'z'.repeat(1000));
    fs.symlinkSync(elsewhere, path.join(src, 'shortcut'), 'dir');
    const r = wsops(['run', 'backup-check', '--answers', answers], env);
    expect(r.code, r.stderr).toBe(0);
    const log = checkExports(env, backupCheck);
    const evidence = step(log, 'compare').checks.find((c) => c.id === 'backup-verdict')!.evidence;
    expect(evidence[0]).toMatch(
      /^source .*Documents: 10 files, \d+ bytes, 5 folders, 1 links \(not followed\)/,
    );

    const linked = path.join(root, 'docs-link');
    fs.symlinkSync(src, linked, 'dir');
    const viaLink = answersFile(root, { answers: { backupSource: linked, backupTarget: bak } });
    const refused = wsops(['run', 'backup-check', '--answers', viaLink], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is a link \(to .*Documents\); links are never followed/);
  });

  it('bad input: --machine does not apply; unanswered folders wait (exit 4); dry run changes nothing', () => {
    const { src, bak, env, answers } = folders(3);
    const m = wsops(
      ['run', 'backup-check', '--machine', '/tmp/nowhere', '--answers', answers],
      env,
    );
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/--machine: backup-check works on this computer's own folders/);
    const waiting = wsops(['run', 'backup-check'], env);
    expect(waiting.code).toBe(4);
    expect(waiting.stderr).toMatch(/Folder that is backed up/);
    // Resuming a local run picks this computer again (no --machine was recorded).
    const resumed = wsops(['resume', '--answers', answers], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/PASS: Backup complete: all 3 source files/);
    const dry = wsops(['run', 'backup-check', '--answers', answers, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`Would read ${src} and ${bak}; nothing is written`);
  });
});
