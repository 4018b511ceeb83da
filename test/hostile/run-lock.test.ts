/**
 * Issue 11 point 11: the run lock. Unit tests of the lock's rules, then through the CLI: 100
 * trials of two simultaneous `resume`s (0 corrupted journals), and kill -9 followed by an
 * immediate resume (it continues).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../electron/engine/store';

const RUN_LOCK_FILE = 'run.lock';
import { readJournal } from '../../electron/engine/journal';
import { spawnWsops, tempDir, wsops } from '../helpers/cli';

const WF = 'windows-update-diskcryptor';

function sleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
}

describe('run lock rules', () => {
  it('a lock is never seen empty: its content is complete the moment it exists', async () => {
    const dir = tempDir('wsops-lock-');
    const release = await acquireRunLock(dir);
    const held = JSON.parse(fs.readFileSync(path.join(dir, RUN_LOCK_FILE), 'utf8'));
    expect(held.pid).toBe(process.pid);
    expect(typeof held.nonce).toBe('string');
    expect(fs.readdirSync(dir)).toEqual([RUN_LOCK_FILE]); // no temp file left behind
    release();
    expect(fs.existsSync(path.join(dir, RUN_LOCK_FILE))).toBe(false);
  });

  it("release() never deletes someone else's lock", async () => {
    const dir = tempDir('wsops-lock-');
    const release = await acquireRunLock(dir);
    const other = JSON.stringify({ pid: 1, start: 1, boot: 'x', nonce: 'someone-else' });
    fs.writeFileSync(path.join(dir, RUN_LOCK_FILE), other);
    release();
    expect(fs.readFileSync(path.join(dir, RUN_LOCK_FILE), 'utf8')).toBe(other);
  });

  it('a live holder is waited for, then refused with how to recover', async () => {
    const dir = tempDir('wsops-lock-');
    const child = sleeper();
    try {
      await new Promise((r) => setTimeout(r, 100));
      const start = Number(
        fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19],
      );
      const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      fs.writeFileSync(
        path.join(dir, RUN_LOCK_FILE),
        JSON.stringify({ pid: child.pid, start, boot, nonce: 'n' }),
      );
      const t0 = Date.now();
      await expect(acquireRunLock(dir, { waitMs: 500 })).rejects.toThrow(
        /being driven by another process \(pid \d+.*Wait for it to finish.*delete .*run\.lock/,
      );
      expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
      // Its pid again but another start time: a reused pid, so the lock is stale.
      fs.writeFileSync(
        path.join(dir, RUN_LOCK_FILE),
        JSON.stringify({ pid: child.pid, start: start - 1, boot, nonce: 'n' }),
      );
      (await acquireRunLock(dir, { waitMs: 0 }))();
      // Taken in an earlier boot: stale whatever the pid does now.
      fs.writeFileSync(
        path.join(dir, RUN_LOCK_FILE),
        JSON.stringify({ pid: child.pid, start, boot: 'another-boot', nonce: 'n' }),
      );
      (await acquireRunLock(dir, { waitMs: 0 }))();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('an empty lock (an older wsops killed mid-write) is given 2 s, then taken over', async () => {
    const dir = tempDir('wsops-lock-');
    fs.writeFileSync(path.join(dir, RUN_LOCK_FILE), '');
    const t0 = Date.now();
    const release = await acquireRunLock(dir, { waitMs: 4000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(JSON.parse(fs.readFileSync(path.join(dir, RUN_LOCK_FILE), 'utf8')).pid).toBe(
      process.pid,
    );
    release();
  });

  it("an old bare-pid lock written before this boot doesn't block for good (pid reused)", async () => {
    const dir = tempDir('wsops-lock-');
    const lock = path.join(dir, RUN_LOCK_FILE);
    // pid 1 is always alive: exactly what a pid reused after a restart looks like.
    fs.writeFileSync(lock, '1');
    fs.utimesSync(lock, new Date('2020-01-01'), new Date('2020-01-01'));
    const release = await acquireRunLock(dir, { waitMs: 0 });
    expect(JSON.parse(fs.readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    release();
  });
});

function machine(files: number) {
  const root = tempDir('wsops-lockcli-');
  const m = path.join(root, 'machine');
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  expect(wsops(['practice', 'init', m, '--files', String(files)], env).code).toBe(0);
  return { root, m, env };
}

function journalOf(stateDir: string): string {
  const runs = path.join(stateDir, 'runs');
  const id = fs
    .readdirSync(runs)
    .filter((n) => !n.startsWith('.'))
    .sort()
    .at(-1)!;
  return path.join(runs, id, 'journal.ndjson');
}

function finish(child: ChildProcess): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stderr })),
  );
}

describe('the run lock through the CLI', () => {
  it('100 trials of two simultaneous resumes: 0 corrupted journals', async () => {
    const first = machine(10);
    const env = { ...first.env };
    let corrupted = 0;
    let neitherDrove = 0;
    let trials = 0;
    let run = wsops(['run', WF, '--machine', first.m, '--yes'], env);
    expect(run.code, run.stderr).toBe(3);
    while (trials < 100) {
      const [a, b] = await Promise.all([
        finish(spawnWsops(['resume', '--yes'], env)),
        finish(spawnWsops(['resume', '--yes'], env)),
      ]);
      trials++;
      for (const r of [a, b]) expect(r.stderr).not.toMatch(/internal error|\bat .*:\d+:\d+/);
      // Exit 2 is the lock's refusal; any other code means that process drove the run.
      if (a.code === 2 && b.code === 2) neitherDrove++;
      // The loser either waited and drove next (sequential), or was refused in one clean line.
      for (const r of [a, b])
        if (r.code === 2)
          // Refused by the lock, or started after the other one had finished the run.
          expect(r.stderr).toMatch(/being driven by another process|no unfinished run to resume/);
      try {
        const { warnings } = readJournal(journalOf(env.WSOPS_STATE_DIR), { repairTail: false });
        if (warnings.length) corrupted++;
      } catch {
        corrupted++;
        break;
      }
      if (a.code !== 3 && b.code !== 3) {
        // The run finished (or stopped): the next one on a fresh practice machine.
        const next = machine(10);
        Object.assign(env, next.env);
        run = wsops(['run', WF, '--machine', next.m, '--yes'], env);
        expect(run.code, run.stderr).toBe(3);
      }
    }
    expect(trials).toBe(100);
    expect(corrupted).toBe(0);
    expect(neitherDrove).toBe(0);
  }, 600_000);

  it('kill -9 during a run, then an immediate resume: it continues', async () => {
    const { m, env } = machine(20_000);
    const child = spawnWsops(['run', WF, '--machine', m, '--yes'], env);
    child.stdout?.resume();
    child.stderr?.resume();
    // Wait until the run holds its lock and is busy (the clear of 20,000 files).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const runs = path.join(env.WSOPS_STATE_DIR, 'runs');
      const ids = fs.existsSync(runs) ? fs.readdirSync(runs).filter((n) => !n.startsWith('.')) : [];
      const lock = ids[0] && path.join(runs, ids[0], RUN_LOCK_FILE);
      if (
        lock &&
        fs.existsSync(lock) &&
        fs.readFileSync(journalOf(env.WSOPS_STATE_DIR), 'utf8').includes('clear')
      )
        break;
      if (Date.now() > deadline) throw new Error('the run never started clearing');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    // No waiting for 'exit': the killed process may not even be reaped yet.
    const r = wsops(['resume', '--yes'], env);
    expect(r.stderr).not.toMatch(/being driven by another process/);
    expect([0, 3], r.stderr).toContain(r.code);
  }, 120_000);
});
