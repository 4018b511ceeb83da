/**
 * The two helpers the workflows call (.github/scripts/): `assert-ran` (a platform-only test file
 * must have really run in that job) and `wsops-step` (one wsops command as a step: exit codes,
 * output saved, JSON shape). Both run here for real on what this machine has: a vitest report
 * made for the purpose, and the repository's own CLI on a recorded diagnostics bundle.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { problems } from '../../.github/scripts/assert-ran.mjs';
import { jsonProblem, parseArgs } from '../../.github/scripts/wsops-step.mjs';
import { ROOT } from '../e2e/harness';

const SCRIPTS = path.join(ROOT, '.github', 'scripts');
const BUNDLE = path.join(ROOT, 'test', 'fixtures', 'bundles', 'diskcryptor-1709');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-ci-scripts-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const node = (script: string, args: string[]) =>
  spawnSync(process.execPath, [path.join(SCRIPTS, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

describe('assert-ran', () => {
  const abs = (f: string) => path.join(ROOT, ...f.split('/'));
  const report = {
    testResults: [
      {
        name: abs('test/windows-live/a.test.ts'),
        assertionResults: [{ status: 'passed' }, { status: 'skipped' }],
      },
      {
        name: abs('test/windows-live/b.test.ts'),
        assertionResults: [{ status: 'skipped' }, { status: 'skipped' }],
      },
      {
        name: abs('test/windows-live/c.test.ts'),
        assertionResults: [{ status: 'passed' }, { status: 'failed' }],
      },
    ],
  };

  it('passes a file with a passed test, and names every other case in one line', () => {
    expect(
      problems(report, [
        'test/windows-live/a.test.ts',
        'test/windows-live/b.test.ts',
        'test/windows-live/c.test.ts',
        'test/windows-live/d.test.ts',
      ]),
    ).toEqual([
      null,
      'test/windows-live/b.test.ts: no test ran (2 skipped) — its platform detection is wrong',
      'test/windows-live/c.test.ts: 1 failed',
      'test/windows-live/d.test.ts: not in the test report',
    ]);
  });

  it('as a step: exit 0 when all ran, 1 with ::error:: lines otherwise', () => {
    const file = path.join(tmp, 'vitest.json');
    fs.writeFileSync(file, JSON.stringify(report));
    const good = node('assert-ran.mjs', ['--report', file, 'test/windows-live/a.test.ts']);
    expect(good.status, good.stderr).toBe(0);
    const bad = node('assert-ran.mjs', ['--report', file, 'test/windows-live/b.test.ts']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(
      '::error::test/windows-live/b.test.ts: no test ran (2 skipped) — its platform detection is wrong',
    );
    expect(node('assert-ran.mjs', ['--report', file]).status).toBe(2);
  });
});

describe('wsops-step', () => {
  it('reads its own options and the wsops arguments after --', () => {
    expect(parseArgs(['--out', 'o.json', '--ok', '0,1', '--', 'check', 'x', '--json'])).toEqual({
      out: 'o.json',
      ok: [0, 1],
      wsops: ['check', 'x', '--json'],
    });
    expect(() => parseArgs(['--out', 'o.json'])).toThrow(/after --/);
    expect(() => parseArgs(['--', 'check'])).toThrow(/--out FILE is required/);
    expect(() => parseArgs(['--out', 'o', '--ok', 'yes', '--', 'check'])).toThrow(/exit codes/);
  });

  it('checks the JSON each command promises', () => {
    expect(jsonProblem('check', '{"checks":[{"id":"a"}]}')).toBeNull();
    expect(jsonProblem('check', '{"checks":[]}')).toBe('wsops check --json printed no checks');
    expect(jsonProblem('check', 'not json')).toBe('wsops check --json did not print JSON');
    expect(jsonProblem('run', '{"exitCode":0,"run":{"status":"finished"}}')).toBeNull();
    expect(jsonProblem('run', '{"exitCode":0}')).toBe('wsops run --json printed no run log');
    expect(jsonProblem('collect', '{"files":[{"name":"sc.txt"}]}')).toBeNull();
    expect(jsonProblem('collect', '{"files":[]}')).toBe('wsops collect --json listed no files');
  });

  it('runs the real CLI on a recorded bundle and saves its report', () => {
    const out = path.join(tmp, 'report', 'check.json');
    const r = node('wsops-step.mjs', [
      '--out',
      out,
      '--ok',
      '0,1',
      '--',
      'check',
      'windows-update-diskcryptor',
      '--bundle',
      BUNDLE,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(report.machine.kind).toBe('bundle');
    expect(report.checks.length).toBeGreaterThan(5);
  });

  it('fails the step on an exit code not allowed, with one ::error:: line', () => {
    const r = node('wsops-step.mjs', [
      '--out',
      path.join(tmp, 'x.json'),
      '--',
      'check',
      'no-such-workflow',
      '--json',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      '::error::wsops check no-such-workflow --json: exit 2 (expected 0)',
    );
  });
});
