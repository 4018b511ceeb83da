/**
 * kill -9 at seeded random points across a whole practice run, `resume` after each: the run must
 * always finish with the same machine state as an uninterrupted run, list every step once, and
 * never touch a file outside SoftwareDistribution's contents.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runToEnd, spawnWsops, tempDir, wsops } from '../helpers/cli';
import { mulberry32 } from '../../shared/prng';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { forMachine } from '../../electron/engine/workflow';

const WF = 'windows-update-diskcryptor';
const FILES = 5000;

function practice(name: string) {
  const root = tempDir(`wsops-fault-${name}-`);
  const machine = path.join(root, 'machine');
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  expect(
    wsops(['practice', 'init', machine, '--files', String(FILES), '--seed', '7'], env).code,
  ).toBe(0);
  // Something precious outside the target, reachable through a link inside it.
  const outside = path.join(root, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'precious.txt'), 'do not delete');
  fs.symlinkSync(
    outside,
    path.join(machine, 'C', 'Windows', 'SoftwareDistribution', 'Download', 'junction'),
    'dir',
  );
  return { root, machine, env, outside };
}

function journalLines(stateDir: string): number {
  const runs = path.join(stateDir, 'runs');
  if (!fs.existsSync(runs)) return 0;
  const dirs = fs.readdirSync(runs).filter((n) => !n.startsWith('.'));
  if (dirs.length === 0) return 0;
  try {
    return (
      fs.readFileSync(path.join(runs, dirs[0]!, 'journal.ndjson'), 'utf8').split('\n').length - 1
    );
  } catch {
    return 0;
  }
}

function clearInProgress(stateDir: string): boolean {
  const runs = path.join(stateDir, 'runs');
  const dirs = fs.existsSync(runs) ? fs.readdirSync(runs).filter((n) => !n.startsWith('.')) : [];
  if (!dirs[0]) return false;
  const text = fs.readFileSync(path.join(runs, dirs[0], 'journal.ndjson'), 'utf8');
  return (
    text.includes('"type":"action-started","stepId":"clear-softwaredistribution"') &&
    !text.includes('"type":"action-finished","stepId":"clear-softwaredistribution"')
  );
}

type Trigger =
  { kind: 'lines'; atLeast: number } | { kind: 'during-clear'; afterMs: number } | { kind: 'none' };

/** Runs one CLI invocation, killing it with SIGKILL when the trigger fires. */
function invoke(
  args: string[],
  env: Record<string, string>,
  trigger: Trigger,
): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawnWsops(args, env);
    let killed = false;
    let clearSeenAt = 0;
    const timer = setInterval(() => {
      if (killed) return;
      if (trigger.kind === 'lines' && journalLines(env.WSOPS_STATE_DIR!) >= trigger.atLeast) {
        killed = child.kill('SIGKILL');
      } else if (trigger.kind === 'during-clear' && clearInProgress(env.WSOPS_STATE_DIR!)) {
        clearSeenAt ||= Date.now();
        if (Date.now() - clearSeenAt >= trigger.afterMs) killed = child.kill('SIGKILL');
      }
    }, 1);
    child.stdout.resume();
    child.stderr.resume();
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, killed });
    });
  });
}

function treeDigest(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      const r = `${rel}/${e.name}`;
      if (e.isSymbolicLink()) out.push(`${r} -> link`);
      else if (e.isDirectory()) walk(p, r);
      else
        out.push(
          `${r} ${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex').slice(0, 16)}`,
        );
    }
  };
  walk(dir, '');
  return out;
}

/** The machine state that matters; boot counts, times and the simulator's own log differ by design. */
function outcome(machine: string) {
  const m = JSON.parse(fs.readFileSync(path.join(machine, 'machine.json'), 'utf8'));
  return {
    os: m.os,
    programs: m.programs,
    services: m.services,
    bugchecks: m.bugchecks,
    pendingFeatureUpdate: m.pendingFeatureUpdate,
    tree: treeDigest(path.join(machine, 'C')),
  };
}

describe('fault injection: kill -9 anywhere, resume, same result', () => {
  it('survives ≥ 20 seeded kills across a whole run (including during the clear)', async () => {
    const reference = practice('ref');
    const ref = runToEnd([WF, '--machine', reference.machine], reference.env);
    expect(ref.last.code, ref.last.stderr).toBe(0);
    const totalLines = journalLines(reference.env.WSOPS_STATE_DIR);
    expect(totalLines).toBeGreaterThan(60);

    const victim = practice('victim');
    const rand = mulberry32(20261123);
    let kills = 0;
    let invocations = 0;
    let clearKills = 0;
    for (;;) {
      invocations++;
      expect(invocations, 'the run should finish').toBeLessThan(120);
      const started = journalLines(victim.env.WSOPS_STATE_DIR) > 0;
      const args = started
        ? ['resume', '--yes']
        : ['run', WF, '--machine', victim.machine, '--yes'];
      let trigger: Trigger = { kind: 'none' };
      if (kills < 24) {
        trigger =
          clearKills < 3 && rand() < 0.3
            ? { kind: 'during-clear', afterMs: Math.floor(rand() * 150) }
            : {
                kind: 'lines',
                atLeast: journalLines(victim.env.WSOPS_STATE_DIR) + 1 + Math.floor(rand() * 10),
              };
      }
      const r = await invoke(args, victim.env, trigger);
      if (r.killed) {
        kills++;
        if (trigger.kind === 'during-clear') clearKills++;
        continue;
      }
      if (r.code === 3 || r.code === 4) continue;
      expect(r.code).toBe(0);
      break;
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(clearKills).toBeGreaterThanOrEqual(1);

    expect(fs.readFileSync(path.join(victim.outside, 'precious.txt'), 'utf8')).toBe(
      'do not delete',
    );
    expect(outcome(victim.machine)).toEqual(outcome(reference.machine));

    const md = wsops(['export', 'latest', '--format', 'md'], victim.env).stdout;
    // Titles as the run worded them for its Windows build (16299: the Windows 10 names).
    for (const step of forMachine(windowsUpdateDiskCryptor, 16299).steps) {
      const lines = md
        .split('\n')
        .filter((l) => l.startsWith('- [') && l.includes(`**${step.title}**`));
      expect(lines, step.title).toHaveLength(1);
      expect(lines[0]).toMatch(/^- \[x\]/);
    }
  }, 300_000);
});
