/**
 * Keeps the GitHub Actions workflows honest on a machine that cannot run them: each file passes
 * action-validator (the schema GitHub's own workflow syntax is checked against, offline as WASM),
 * every job runs the README's `npm test` unchanged, the three platforms are there with what each
 * is for, and the lists the workflows hold (Windows-only test files, installer targets) match
 * the repository they describe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../e2e/harness';

const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const files = fs
  .readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  steps: Step[];
}
interface Workflow {
  jobs: Record<string, Job>;
}

const load = (f: string) => parse(fs.readFileSync(path.join(WORKFLOWS, f), 'utf8')) as Workflow;
const allJobs = files.flatMap((f) =>
  Object.entries(load(f).jobs).map(([id, job]) => ({ f, id, job })),
);
const jobOn = (runner: string) => {
  const found = allJobs.filter((j) => j.job['runs-on'] === runner);
  expect(found, `a job on ${runner}`).toHaveLength(1);
  return found[0]!.job;
};
/** The step's command with YAML folding undone, one line. */
const runOf = (s: Step) => (s.run ?? '').replace(/\s+/g, ' ').trim();
const indexOf = (job: Job, re: RegExp) => job.steps.findIndex((s) => re.test(runOf(s)));

/** The README's test command, read from its "Set up" block rather than copied here. */
const readmeTest = (() => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const m = /^(npm test)\s+#/m.exec(readme);
  return m?.[1] ?? null;
})();
/** A step that runs exactly that command, alone or under a wrapper (xvfb-run), with no arguments. */
const NPM_TEST = /(?:^|\s)npm test$/;

describe('the GitHub Actions workflows', () => {
  it('exist', () => {
    expect(files).toContain('ci.yml');
  });

  it.each(files)('%s passes action-validator', (f) => {
    const state = validateWorkflow(fs.readFileSync(path.join(WORKFLOWS, f), 'utf8'));
    expect(state.errors).toEqual([]);
  });

  it('action-validator rejects a broken workflow (so the check above can fail)', () => {
    const src = fs.readFileSync(path.join(WORKFLOWS, 'ci.yml'), 'utf8');
    const broken = src.replace('runs-on: macos-latest', 'runs-onn: macos-latest');
    expect(broken).not.toBe(src);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
    const badStep = src.replace('- name: npm ci', '- nam: npm ci');
    expect(validateWorkflow(badStep).errors.length).toBeGreaterThan(0);
  });

  it('every job runs the README test command, unchanged', () => {
    expect(readmeTest).toBe('npm test');
    for (const { f, id, job } of allJobs) {
      const tests = job.steps.filter((s) => NPM_TEST.test(runOf(s)));
      expect(tests, `${f} job ${id} runs npm test`).toHaveLength(1);
      // No job narrows the suite: no extra arguments, no env that selects tests.
      expect(runOf(tests[0]!)).not.toMatch(/npm test\s+\S/);
      expect(tests[0]!.if, `${f} job ${id}: npm test is unconditional`).toBeUndefined();
      // The checkout keeps committed line endings (Prettier and byte-exact fixtures need them).
      expect(indexOf(job, /core\.autocrlf false/)).toBeGreaterThanOrEqual(0);
      expect(indexOf(job, /core\.autocrlf false/)).toBeLessThan(
        job.steps.findIndex((s) => s.uses?.startsWith('actions/checkout@')),
      );
    }
  });

  it('uses only actions pinned to a major version', () => {
    for (const { job } of allJobs)
      for (const s of job.steps) if (s.uses) expect(s.uses).toMatch(/^actions\/[a-z-]+@v\d+$/);
  });

  it('ubuntu: the Electron binary is downloaded first and npm test runs under xvfb-run', () => {
    const job = jobOn('ubuntu-latest');
    const download = indexOf(job, /node node_modules\/electron\/install\.js/);
    const test = indexOf(job, /^xvfb-run .*npm test$/);
    expect(download).toBeGreaterThanOrEqual(0);
    expect(test).toBeGreaterThan(download);
    // Fails when the Electron spec skipped, and uploads what it made.
    expect(indexOf(job, /test -s test-results\/electron\/run-log\.pdf/)).toBeGreaterThan(test);
    const upload = job.steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(String(upload?.with?.path)).toContain('test-results/electron/');
    expect(upload?.if).toBe('always()');
  });

  it('windows: asserts that every Windows-only test file ran', () => {
    const job = jobOn('windows-latest');
    const liveFiles = fs
      .readdirSync(path.join(ROOT, 'test', 'windows-live'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/windows-live/${f}`)
      .sort();
    expect(liveFiles.length).toBeGreaterThanOrEqual(4);
    const assert = job.steps.find((s) => /assert-ran\.mjs/.test(runOf(s)));
    const named = runOf(assert!)
      .split(' ')
      .filter((w) => w.startsWith('test/'))
      .sort();
    expect(named).toEqual(liveFiles);
    expect(job.steps.indexOf(assert!)).toBeGreaterThan(indexOf(job, NPM_TEST));
  });

  it('windows: collects a bundle on the runner, checks the flagship on it, uploads both', () => {
    const job = jobOn('windows-latest');
    const collect = indexOf(job, /wsops-step\.mjs .* -- collect --out runner-bundle --json$/);
    const check = indexOf(
      job,
      /wsops-step\.mjs .* -- check windows-update-diskcryptor --bundle runner-bundle --json$/,
    );
    expect(collect).toBeGreaterThan(indexOf(job, NPM_TEST));
    expect(check).toBeGreaterThan(collect);
    const upload = job.steps.find((s) => s.with?.name === 'windows-runner-bundle');
    expect(String(upload?.with?.path)).toContain('runner-bundle/');
  });

  it('windows: builds the installers electron-builder.yml declares (NSIS and portable) and uploads them', () => {
    const builder = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
      win: { target: { target: string }[] };
    };
    expect(builder.win.target.map((t) => t.target).sort()).toEqual(['nsis', 'portable']);
    const job = jobOn('windows-latest');
    // The app is built first (electron-builder packages out/), in the same step or before it.
    const build = indexOf(job, /npx electron-builder --win --publish never$/);
    expect(build).toBeGreaterThanOrEqual(0);
    expect(runOf(job.steps[build]!)).toMatch(/^npx electron-vite build /);
    const upload = job.steps.find((s) => s.with?.name === 'windows-installers');
    expect(String(upload?.with?.path)).toContain('dist/*.exe');
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('macos: runs encryption-status and system-health for real after npm test', () => {
    const job = jobOn('macos-latest');
    const test = indexOf(job, NPM_TEST);
    for (const cmd of [
      /-- check encryption-status --json$/,
      /-- run encryption-status --yes .*--json$/,
      /-- check system-health --json$/,
    ])
      expect(indexOf(job, cmd), String(cmd)).toBeGreaterThan(test);
  });
});
