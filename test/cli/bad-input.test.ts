import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wsops } from '../helpers/cli';

const WF = 'windows-update-diskcryptor';

/** Bad input: exit 2, one line naming the file/argument and the problem, no stack trace. */
function expectOneLineError(r: { code: number; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
}

function practice(files = 20) {
  const root = tempDir();
  const machine = path.join(root, 'm');
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  expect(wsops(['practice', 'init', machine, '--files', String(files)], env).code).toBe(0);
  return { root, machine, env };
}

describe('bad input', () => {
  it('malformed machine.json: names the file and the field', () => {
    const { machine, env } = practice();
    const file = path.join(machine, 'machine.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    m.os.version = 'ten';
    fs.writeFileSync(file, JSON.stringify(m));
    expectOneLineError(
      wsops(['run', WF, '--machine', machine, '--yes'], env),
      /machine\.json: field os\.version: expected a version/,
    );
    fs.writeFileSync(file, '{ not json');
    expectOneLineError(
      wsops(['check', WF, '--machine', machine], env),
      /machine\.json: not valid JSON/,
    );
  });

  it('a folder that is not a practice machine', () => {
    const dir = tempDir();
    expectOneLineError(wsops(['check', WF, '--machine', dir], {}), /machine\.json: not found/);
  });

  it('malformed answers file: names the file and the field', () => {
    const { root, machine, env } = practice();
    const answers = path.join(root, 'answers.json');
    fs.writeFileSync(answers, JSON.stringify({ version: 1, answers: { installerPath: ['x'] } }));
    expectOneLineError(
      wsops(['run', WF, '--machine', machine, '--answers', answers], env),
      /answers\.json: field answers\.installerPath/,
    );
    fs.writeFileSync(
      answers,
      JSON.stringify({ version: 1, answers: { instalerPath: 'C:\\x.exe' } }),
    );
    expectOneLineError(
      wsops(['run', WF, '--machine', machine, '--answers', answers], env),
      /answers\.json: field answers\.instalerPath: this workflow asks no such question/,
    );
    fs.writeFileSync(answers, JSON.stringify({ version: 1, confirm: ['no-such-step'] }));
    expectOneLineError(
      wsops(['run', WF, '--machine', machine, '--answers', answers], env),
      /answers\.json: field confirm\[0\]/,
    );
    fs.writeFileSync(answers, JSON.stringify({ version: 2 }));
    expectOneLineError(
      wsops(['run', WF, '--machine', machine, '--answers', answers], env),
      /answers\.json: field version/,
    );
    expectOneLineError(
      wsops(['run', WF, '--machine', machine, '--answers', path.join(root, 'missing.json')], env),
      /missing\.json: cannot be read/,
    );
  });

  it('an answer of the wrong type for its question', () => {
    const { root, machine, env } = practice();
    const answers = path.join(root, 'answers.json');
    fs.writeFileSync(answers, JSON.stringify({ version: 1, answers: { backupConfirmed: 'yes' } }));
    expectOneLineError(
      wsops(['run', WF, '--machine', machine, '--answers', answers], env),
      /answers\.json: field answers\.backupConfirmed: expected true or false/,
    );
  });

  it('unknown workflow, command, flag, missing values', () => {
    expectOneLineError(wsops(['run', 'nope', '--machine', '/tmp'], {}), /unknown workflow "nope"/);
    expectOneLineError(wsops(['frobnicate'], {}), /unknown command "frobnicate"/);
    expectOneLineError(
      wsops(['list', '--colour'], {}),
      /--colour: unknown option for "wsops list"/,
    );
    expectOneLineError(wsops(['run', WF, '--machine'], {}), /--machine/);
    expectOneLineError(wsops(['practice', 'init', tempDir(), '--files', '-3'], {}), /--files/);
    expectOneLineError(
      wsops(['export', 'latest', '--format', 'docx'], { WSOPS_STATE_DIR: tempDir() }),
      /--format: expected md, html, json/,
    );
    expectOneLineError(
      wsops(['export', '../../etc', '--format', 'md'], { WSOPS_STATE_DIR: tempDir() }),
      /not a valid run id/,
    );
  });

  it('a Windows-only workflow without --machine on Linux says so and exits 2', () => {
    if (process.platform === 'win32') return;
    expectOneLineError(
      wsops(['run', WF], { WSOPS_STATE_DIR: tempDir() }),
      /Windows only.*--machine DIR/,
    );
  });

  it('practice init refuses a non-empty folder', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'x');
    expectOneLineError(wsops(['practice', 'init', dir], {}), /not empty/);
    expect(fs.readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe('x');
  });

  it('a corrupted journal: the records before the damage are kept and the run continues, with a warning', () => {
    const { machine, env } = practice();
    expect(wsops(['run', WF, '--machine', machine, '--yes'], env).code).toBe(3);
    const runs = path.join(env.WSOPS_STATE_DIR, 'runs');
    const journal = path.join(runs, fs.readdirSync(runs)[0]!, 'journal.ndjson');
    const lines = fs.readFileSync(journal, 'utf8').split('\n');
    lines[3] = lines[3]!.replace('"seq":4', '"seq":4,"evil":1');
    const damaged = lines.join('\n');
    fs.writeFileSync(journal, damaged);
    const md = wsops(['export', 'latest', '--format', 'md'], env);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/journal\.ndjson: line 4 is damaged \(checksum mismatch\)/);
    const r = wsops(['resume', '--yes'], env);
    expect(r.stderr).toMatch(/line 4 is damaged \(checksum mismatch\).*kept as .*\.damaged-/);
    const kept = fs.readdirSync(path.dirname(journal)).find((n) => n.includes('.damaged-'))!;
    expect(fs.readFileSync(path.join(path.dirname(journal), kept), 'utf8')).toBe(damaged);
  });

  it('a torn last line is dropped with a warning and the run continues', () => {
    const { machine, env } = practice();
    expect(wsops(['run', WF, '--machine', machine, '--yes'], env).code).toBe(3);
    const runs = path.join(env.WSOPS_STATE_DIR, 'runs');
    const journal = path.join(runs, fs.readdirSync(runs)[0]!, 'journal.ndjson');
    fs.appendFileSync(journal, '{"seq":999,"t":"2026-');
    const r = wsops(['resume', '--yes'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cut short by a crash and was dropped/);
    let code = r.code;
    for (let i = 0; i < 8 && code === 3; i++) code = wsops(['resume', '--yes'], env).code;
    expect(code).toBe(0);
    const log = JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout);
    expect(log.warnings.join('\n')).toMatch(/dropped/);
  });
});
