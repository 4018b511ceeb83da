/** Shared by the workflow tests: practice machines, export checks, tree snapshots. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { RunLogSchema, type RunLog } from '../../shared/run-log';
import { forMachine, type WorkflowDef } from '../../electron/engine/workflow';
import { JOURNAL_FILE } from '../../electron/engine/journal';
import { tempDir, wsops } from '../helpers/cli';
// The export escapes titles (markdown-text.ts): look for them as it prints them.
import { mdInline } from '../../electron/engine/export/markdown-text';

const made: string[] = [];

/** A temp dir this test file removes in `afterAll(removeTempDirs)`. */
export function tracked(prefix: string): string {
  const d = tempDir(prefix);
  made.push(d);
  return d;
}

/** Removes what `tracked` made (fs.promises.rm walks with lstat: links are removed, not followed). */
export async function removeTempDirs(): Promise<void> {
  for (const d of made.splice(0)) await fs.promises.rm(d, { recursive: true, force: true });
}

export function practice(scenario = 'diskcryptor-1709', files = 300) {
  const root = tracked('wsops-wf-');
  const machine = path.join(root, 'machine');
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  const init = wsops(
    ['practice', 'init', machine, '--files', String(files), '--scenario', scenario],
    env,
  );
  expect(init.code, init.stderr).toBe(0);
  return { root, machine, env, c: (...p: string[]) => path.join(machine, 'C', ...p) };
}

/**
 * The newest run's Markdown and JSON exports: one ticked checklist line per step (done or
 * skipped) and a schema-valid JSON log listing every step. Returns the JSON log.
 */
export function checkExports(
  env: Record<string, string>,
  workflow: WorkflowDef,
  status: RunLog['status'] = 'finished',
): RunLog {
  const runId = newestRun(env);
  const md = wsops(['export', runId, '--format', 'md'], env);
  expect(md.code, md.stderr).toBe(0);
  expect(md.stdout).toContain(`# ${workflow.title} — run log`);
  expect(md.stdout).toContain(`- Status: **${status}**`);
  // Titles as the run worded them for the Windows build it started on (run-started.windowsBuild).
  const started = JSON.parse(
    fs
      .readFileSync(path.join(env.WSOPS_STATE_DIR!, 'runs', runId, JOURNAL_FILE), 'utf8')
      .split('\n')[0]!,
  ) as { windowsBuild?: number | null };
  for (const step of forMachine(workflow, started.windowsBuild ?? null).steps) {
    const lines = md.stdout
      .split('\n')
      .filter((l) => l.startsWith('- [') && l.includes(`**${mdInline(step.title)}**`));
    expect(lines, step.title).toHaveLength(1);
    if (status === 'finished')
      expect(lines[0], step.title).toMatch(/^- \[x\] .*— (done|skipped) \(/);
  }
  const json = wsops(['export', runId, '--format', 'json'], env);
  expect(json.code, json.stderr).toBe(0);
  const log = RunLogSchema.parse(JSON.parse(json.stdout));
  expect(log.workflow).toBe(workflow.id);
  expect(log.status).toBe(status);
  expect(log.steps.map((s) => s.id)).toEqual(workflow.steps.map((s) => s.id));
  return log;
}

/**
 * The run started last, by its first journal record's millisecond time. Not `export latest`: run
 * ids carry a one-second timestamp, so two runs started in the same second sort by their random
 * suffix.
 */
export function newestRun(env: Record<string, string>): string {
  const runs = path.join(env.WSOPS_STATE_DIR!, 'runs');
  const firstTime = (n: string) =>
    Date.parse(
      JSON.parse(fs.readFileSync(path.join(runs, n, 'journal.ndjson'), 'utf8').split('\n')[0]!).t,
    );
  const started = fs
    .readdirSync(runs)
    .filter((n) => !n.startsWith('.'))
    .map((n) => ({ n, t: firstTime(n) }))
    .sort((a, b) => b.t - a.t);
  if (!started[0]) throw new Error(`no runs in ${runs}`);
  return started[0].n;
}

export function step(log: RunLog, id: string) {
  const s = log.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

/** Relative path → size and SHA-256 of every file, and every folder (links listed as links). */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p).split(path.sep).join('/');
      if (e.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(p);
      } else
        out[rel] =
          `${fs.statSync(p).size} ${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

export function readMachine(dir: string) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'machine.json'), 'utf8'));
}

// machine.json as the tests edit it: loosely typed on purpose (scenarios differ in shape).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function editMachine(dir: string, change: (m: any) => void) {
  const m = readMachine(dir);
  change(m);
  fs.writeFileSync(path.join(dir, 'machine.json'), JSON.stringify(m, null, 2));
}

export function answersFile(root: string, body: object): string {
  const file = path.join(root, `answers-${crypto.randomBytes(3).toString('hex')}.json`);
  fs.writeFileSync(file, JSON.stringify({ version: 1, ...body }));
  return file;
}
