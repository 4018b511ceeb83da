/**
 * One process at a time per run: the app and the CLI must not both drive the same run (two
 * drivers interleave journal records and corrupt the run).
 *
 * The lock file `run.lock` names its holder: `{pid, start, boot, nonce}` — pid, the process
 * start time (so a pid reused after a restart, the app's main use, is not mistaken for the
 * holder), the boot it was taken in, and a random nonce (so `release()` deletes only its own
 * lock). It is written atomically: a temp file with the whole content is hard-linked into place
 * (`link` fails with EEXIST when a lock exists), so no one ever sees an empty or half-written lock.
 *
 * A lock whose holder is gone (dead, a zombie, another process under the same pid, an earlier
 * boot) is broken — under a second, short-lived "breaker" file, so two processes that both see
 * it stale cannot both break it and then delete each other's fresh lock. A live holder is waited
 * for a few seconds (right after `kill -9` the process may still be exiting), then refused with
 * a message that says how to recover.
 *
 * Why not proper-lockfile: it judges staleness by an mtime the holder refreshes on a timer
 * (stale ≥ 5 s). A killed holder blocks resume for that long, and a holder whose event loop
 * stalls (a suspended laptop, a long sync call) is declared stale while alive — two drivers.
 *
 * Start time: Linux `/proc/<pid>/stat` field 22 (clock ticks since boot) plus
 * `/proc/sys/kernel/random/boot_id`; macOS `ps -o lstart=`; Windows PowerShell
 * `(Get-Process -Id N).StartTime` (slow, so asked only when the pid is alive in the same boot).
 * When a start time cannot be learnt the holder counts as alive (fail closed).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../shared/errors';

export const RUN_LOCK_FILE = 'run.lock';

const LockSchema = z.object({
  pid: z.number().int().positive(),
  /** Process start time: Linux clock ticks since boot; elsewhere ms since the epoch. */
  start: z.number().nullable(),
  /** Linux boot id; elsewhere the boot time in ms (rounded: uptime drifts). */
  boot: z.string(),
  nonce: z.string(),
  host: z.string().optional(),
});
type LockInfo = z.infer<typeof LockSchema>;

export interface ProcessProbe {
  /** Running (not a zombie)? */
  alive(pid: number): boolean;
  /** The start time in the unit `self().start` uses, or null when it cannot be learnt. */
  startOf(pid: number): number | null;
  boot(): string;
}

export interface RunLockOptions {
  /** How long to wait for a live holder to go away (default 4 s). */
  waitMs?: number;
  pollMs?: number;
  probe?: ProcessProbe;
}

/** Takes the run's lock (waiting briefly for a dying holder); returns its release. */
export async function acquireRunLock(dir: string, opts: RunLockOptions = {}): Promise<() => void> {
  const probe = opts.probe ?? systemProbe;
  const lock = path.join(dir, RUN_LOCK_FILE);
  const mine: LockInfo = {
    pid: process.pid,
    start: probe.startOf(process.pid),
    boot: probe.boot(),
    nonce: crypto.randomBytes(12).toString('hex'),
    host: os.hostname(),
  };
  const deadline = Date.now() + (opts.waitMs ?? 4000);
  for (;;) {
    if (tryCreate(lock, mine)) return () => release(lock, mine.nonce);
    const held = readLock(lock);
    if (held === 'gone') continue;
    if (held === 'garbage' || isStale(held, probe)) {
      breakStale(lock, held);
      // Still there: another process is breaking it, or an unreadable lock is being given time.
      if (fs.existsSync(lock)) await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    if (Date.now() >= deadline) {
      throw new InputError(
        `${lock}: this run is being driven by another process (pid ${held.pid}${held.host ? ` on ${held.host}` : ''}). ` +
          `Wait for it to finish or stop it, then resume again; if no such process exists, delete ${lock}.`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}

/** Whole content first, then an exclusive link into place: the lock is never seen half-made. */
function tryCreate(lock: string, info: LockInfo): boolean {
  const tmp = `${lock}.${process.pid}.${info.nonce}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(info), { flag: 'wx', mode: 0o644 });
  try {
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, lock);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // No hard links here (FAT/exFAT, some network shares): exclusive create, then write. A
      // reader may then see it empty for a moment — unreadable locks are given 2 s (breakStale).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
        throw e;
      fs.writeFileSync(lock, JSON.stringify(info), { flag: 'wx', mode: 0o644 });
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

type Read = LockInfo | 'gone' | 'garbage';

function readLock(lock: string): Read {
  let text: string;
  try {
    text = fs.readFileSync(lock, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  // An older wsops wrote the bare pid (and could leave the file empty, crashing mid-write). Its
  // boot is known from the file's age: written before this boot started = before a restart.
  if (/^\s*\d+\s*$/.test(text)) {
    const mtime = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    const beforeBoot = mtime < Date.now() - os.uptime() * 1000 - 60_000;
    return {
      pid: Number(text),
      start: null,
      boot: beforeBoot ? 'an earlier boot' : '',
      nonce: text,
    };
  }
  try {
    const parsed = LockSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return 'garbage';
}

function isStale(held: LockInfo, probe: ProcessProbe): boolean {
  if (held.host && held.host !== os.hostname()) return false; // a state dir shared over a network
  if (held.boot && !sameBoot(held.boot, probe.boot())) return true; // before the last restart
  if (!probe.alive(held.pid)) return true;
  if (held.start === null) return false; // a bare-pid lock of a live pid: can't tell, keep it
  const now = probe.startOf(held.pid);
  return now !== null && !sameStart(now, held.start);
}

/** Linux: clock ticks, exact. Elsewhere ms from two sources (ps has 1 s resolution). */
function sameStart(a: number, b: number): boolean {
  return process.platform === 'linux' ? a === b : Math.abs(a - b) < 2000;
}

/** Linux: boot ids. Elsewhere `t:<ms>` boot times, which drift a little between processes. */
function sameBoot(a: string, b: string): boolean {
  if (a.startsWith('t:') && b.startsWith('t:'))
    return Math.abs(Number(a.slice(2)) - Number(b.slice(2))) < 120_000;
  return a === b;
}

/**
 * Breaks a stale (or unreadable) lock under the breaker file: among processes that judged it
 * stale, one at a time re-reads it and deletes it only if it is still the very lock judged.
 * Nothing else deletes a stale lock (its holder is gone) and nothing can create one while it
 * exists, so the re-read cannot be outdated by the time of the unlink.
 */
function breakStale(lock: string, judged: LockInfo | 'garbage'): void {
  const breaker = `${lock}.break`;
  let fd: number;
  try {
    fd = fs.openSync(breaker, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Someone else is breaking it. A breaker left by a process killed right then is old.
    const st = fs.statSync(breaker, { throwIfNoEntry: false });
    if (st && Date.now() - st.mtimeMs > 10_000) fs.rmSync(breaker, { force: true });
    return;
  }
  try {
    const now = readLock(lock);
    const same =
      now !== 'gone' &&
      (judged === 'garbage' ? now === 'garbage' : now !== 'garbage' && now.nonce === judged.nonce);
    if (same && judged === 'garbage') {
      // Unreadable: give a writer of an older version a moment before calling it dead.
      const st = fs.statSync(lock, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs < 2000) return;
    }
    if (same) fs.rmSync(lock, { force: true });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(breaker, { force: true });
  }
}

/** Deletes the lock only while it is still ours (never someone else's after a takeover). */
function release(lock: string, nonce: string): void {
  const held = readLock(lock);
  if (held !== 'gone' && held !== 'garbage' && held.nonce === nonce)
    fs.rmSync(lock, { force: true });
}

// ---------------------------------------------------------------- processes

function killAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `/proc/<pid>/stat` after the command name (which may hold spaces and parentheses). */
function procStat(pid: number): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

let bootCache: string | null = null;

export const systemProbe: ProcessProbe = {
  alive(pid) {
    if (process.platform === 'linux') {
      const f = procStat(pid);
      // Field 3 (index 0 here) is the state: Z/X = exited, only waiting to be reaped.
      if (f) return f[0] !== 'Z' && f[0] !== 'X';
    }
    return killAlive(pid);
  },
  startOf(pid) {
    try {
      if (process.platform === 'linux') {
        const f = procStat(pid);
        return f ? Number(f[19]) : null; // field 22
      }
      if (pid === process.pid) return Math.round(Date.now() - process.uptime() * 1000);
      if (process.platform === 'darwin') {
        const out = execFileSync('/bin/ps', ['-o', 'lstart=', '-p', String(pid)], {
          encoding: 'utf8',
          timeout: 3000,
          env: { ...process.env, LC_ALL: 'C' },
        });
        const t = Date.parse(out.trim());
        return Number.isFinite(t) ? t : null;
      }
      if (process.platform === 'win32') {
        const out = execFileSync(
          'powershell.exe',
          [
            '-NoProfile',
            '-NonInteractive',
            '-Command',
            `(Get-Process -Id ${pid}).StartTime.ToUniversalTime().ToString('o')`,
          ],
          { encoding: 'utf8', timeout: 5000, windowsHide: true },
        );
        const t = Date.parse(out.trim());
        return Number.isFinite(t) ? t : null;
      }
    } catch {
      return null;
    }
    return null;
  },
  boot() {
    if (bootCache) return bootCache;
    try {
      bootCache = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootCache = `t:${Math.round(Date.now() - os.uptime() * 1000)}`;
    }
    return bootCache;
  },
};
