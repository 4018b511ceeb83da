/**
 * Safe, fast clearing and counting of a folder's contents (SoftwareDistribution and friends).
 *
 * - `clearTree`: deletes everything INSIDE a folder, keeps the folder. Callback fs API with ~32
 *   calls in flight (the fastest way per ARCHITECTURE.md); never recursive rm, never follows a
 *   link or junction; retries locked/read-only entries; reports what it removed and what it
 *   could not. The walker lives in `safe-clear-core.ts` (one self-contained function so the
 *   worker can run the very same code).
 * - `clearTreeInWorker`: the same in a worker thread, so Electron's main process and the CLI
 *   keep a responsive event loop while ~100k fs callbacks fire.
 * - `countTree`: files/dirs/bytes/links/newest mtime, links never followed.
 * - `renameAside` / `restoreAside`: the rename-first mode (free the folder in milliseconds,
 *   delete the `.bak` afterwards).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TreeStats } from '../ports';
import {
  safeClearCore,
  type ClearFs,
  type ClearOptions,
  type ClearResult,
} from './safe-clear-core';

export type { ClearFs, ClearOptions, ClearResult } from './safe-clear-core';

/** Thrown (before anything is touched) when a target must never be cleared. */
export class UnsafeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTargetError';
  }
}

const core = safeClearCore({
  nodeFs: fs,
  nodePath: path,
  nodeOs: os,
  unsafe: (m) => new UnsafeTargetError(m),
});

/**
 * Deletes the contents of `target` and keeps `target`. Throws `UnsafeTargetError` for links,
 * non-folders, filesystem roots, the home folder and its ancestors. A missing target is already
 * clear (empty: true). Never rejects for per-entry failures: they are listed in `failed`. On
 * abort it resolves promptly with what was done so far and `aborted: true`; run it again to
 * finish (it is idempotent).
 */
export function clearTree(target: string, opts?: ClearOptions): Promise<ClearResult> {
  return core.clearTree(target, opts);
}

/**
 * Counts files, dirs (below target), bytes (file sizes), links (never followed) and the newest
 * file mtime. Sync lstat/readdir in 8 ms time slices, switching to 32 callbacks in flight when
 * the slices show a cold cache (see the core for the measurements behind that).
 */
export function countTree(
  target: string,
  opts?: { sliceMs?: number; coldSlowCalls?: number; concurrency?: number; fs?: Partial<ClearFs> },
): Promise<TreeStats> {
  return core.countTree(target, opts);
}

/** The callback-API count (`concurrency` in flight); slower warm, can win on a cold cache. */
export function countTreeParallel(
  target: string,
  opts?: { concurrency?: number; fs?: Partial<ClearFs> },
): Promise<TreeStats> {
  return core.countTreeParallel(target, opts);
}

/** Sync variant for use inside worker threads or scripts; blocks the calling thread. */
export function countTreeSync(target: string): TreeStats {
  return core.countTreeSync(target);
}

/**
 * Mount points strictly below a real path (Linux /proc/self/mountinfo; empty elsewhere): the
 * only way to see a bind mount of a folder of the same filesystem.
 */
export function mountPointsUnder(realRoot: string): Set<string> {
  return core.mountPointsUnder(realRoot);
}

/** Pure check used by the guards; exported for tests (`path.win32` variant via `isFilesystemRootWin32`). */
export function isFilesystemRoot(p: string): boolean {
  return core.isFilesystemRoot(p);
}

const win32Core = safeClearCore({
  nodeFs: fs,
  nodePath: path.win32,
  nodeOs: os,
  unsafe: (m) => new UnsafeTargetError(m),
});
/** The Windows rules on any OS (tests run on Linux): `C:\`, `\\?\C:\`, `\\srv\share\`. */
export function isFilesystemRootWin32(p: string): boolean {
  return win32Core.isFilesystemRoot(p);
}

// ---------------------------------------------------------------- worker

/*
 * How the worker finds its code: it doesn't look for a file. The worker is started with
 * `eval: true` and a source string built from `safeClearCore.toString()` plus a small message
 * loop. Alternatives and why not:
 * - a separate `*.worker.ts` entry via `new URL('./x.worker.js', import.meta.url)`: needs the
 *   bundler to emit and rewrite that file (esbuild doesn't), and under vitest the .ts file can't
 *   be loaded by a plain Node worker;
 * - `new Worker(new URL(import.meta.url))` + `isMainThread`: once bundled, import.meta.url is the
 *   whole CLI/main bundle, which would start the app again inside the worker (and in a CJS
 *   bundle import.meta.url is empty).
 * The string approach works in vitest, tsx, and esbuild/electron-vite bundles (minified or
 * not). Transpilers may inject helpers into function bodies: esbuild's `keepNames` (tsx uses it)
 * adds `__name(...)`, shimmed below. If something else is injected (e.g. istanbul coverage
 * counters), the worker fails while evaluating, before touching any file — we then fall back to
 * clearing in-process, which is correct, only less isolated.
 */
/**
 * esbuild's `keepNames` wraps named functions in a helper (`__name(fn, "fn")`, or a one-letter
 * name once minified) that lives outside `safeClearCore`. This probe is compiled by the same
 * transpiler in the same module, so its source shows the helper's current name.
 */
function keepNamesProbe() {
  function inner() {
    return 1;
  }
  return inner;
}

function nameHelperShim(): string {
  const m = /([A-Za-z_$][\w$]*)\(\s*[A-Za-z_$][\w$]*\s*,\s*["']inner["']\s*\)/.exec(
    keepNamesProbe.toString(),
  );
  const names = new Set(['__name']);
  if (m) names.add(m[1]!);
  return [...names]
    .map(
      (n) =>
        `var ${n} = function (t, v) { try { Object.defineProperty(t, 'name', { value: v, configurable: true }); } catch (e) {} return t; };`,
    )
    .join('\n');
}

function workerSource(): string {
  return `'use strict';
${nameHelperShim()}
const { parentPort, workerData } = require('node:worker_threads');
const core = (${safeClearCore.toString()})({
  nodeFs: require('node:fs'),
  nodePath: require('node:path'),
  nodeOs: require('node:os'),
  unsafe: function (m) { const e = new Error(m); e.name = 'UnsafeTargetError'; return e; },
});
const ac = new AbortController();
if (workerData.aborted) ac.abort();
parentPort.on('message', function (m) { if (m && m.t === 'abort') ac.abort(); });
parentPort.postMessage({ t: 'ready' });
const o = workerData.opts;
o.signal = ac.signal;
o.syncMeta = true;
if (workerData.wantProgress) o.onProgress = function (p) { parentPort.postMessage({ t: 'progress', p: p }); };
core.clearTree(workerData.target, o).then(
  function (report) { parentPort.postMessage({ t: 'done', report: report }); },
  function (e) { parentPort.postMessage({ t: 'error', name: e && e.name, message: String(e && e.message || e), code: e && e.code }); },
);
`;
}

let cachedSource: string | null = null;

/**
 * How often the worker started, and how often it could not and we cleared in-process instead
 * (with the reason). The app can log it; tests use it to prove the worker really ran.
 */
export const workerDiagnostics: {
  started: number;
  fallbacks: number;
  lastFallbackReason: string | null;
} = {
  started: 0,
  fallbacks: 0,
  lastFallbackReason: null,
};

function fallback(reason: string, target: string, opts: ClearOptions): Promise<ClearResult> {
  workerDiagnostics.fallbacks++;
  workerDiagnostics.lastFallbackReason = reason;
  return clearTree(target, opts);
}

/**
 * `clearTree` in a worker thread: same contract and result; progress and abort are relayed.
 * The test seam `opts.fs` cannot cross a thread boundary and is rejected.
 */
export function clearTreeInWorker(
  target: string,
  opts: Omit<ClearOptions, 'fs'> = {},
): Promise<ClearResult> {
  if ((opts as ClearOptions).fs)
    return Promise.reject(
      new Error('clearTreeInWorker: the fs test seam only works with clearTree'),
    );
  const { signal, onProgress, ...plain } = opts;
  return new Promise<ClearResult>((resolve, reject) => {
    let worker: Worker;
    try {
      cachedSource ??= workerSource();
      worker = new Worker(cachedSource, {
        eval: true,
        workerData: { target, opts: plain, wantProgress: !!onProgress, aborted: !!signal?.aborted },
      });
    } catch (e) {
      return fallback(`could not start: ${String(e)}`, target, opts).then(resolve, reject);
    }
    let ready = false;
    let settled = false;
    const onAbort = () => worker.postMessage({ t: 'abort' });
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    worker.on(
      'message',
      (m: {
        t: string;
        p?: never;
        report?: ClearResult;
        name?: string;
        message?: string;
        code?: string;
      }) => {
        if (m.t === 'ready') {
          ready = true;
          workerDiagnostics.started++;
        } else if (m.t === 'progress' && onProgress) {
          try {
            onProgress(m.p!);
          } catch {
            // Same rule as in-process: a broken listener must not stop the clear.
          }
        } else if (m.t === 'done') settle(() => resolve(m.report!));
        else if (m.t === 'error') {
          settle(() => {
            if (m.name === 'UnsafeTargetError')
              return reject(new UnsafeTargetError(m.message ?? 'Refusing to clear'));
            // The worker's copy of the code didn't run (a transpiler helper we don't shim):
            // clearing is idempotent, so finishing in-process is always safe.
            if (m.name === 'ReferenceError' || m.name === 'SyntaxError')
              return void fallback(`${m.name}: ${m.message}`, target, opts).then(resolve, reject);
            const e = new Error(m.message) as NodeJS.ErrnoException;
            if (m.code) e.code = m.code;
            reject(e);
          });
        }
      },
    );
    worker.on('error', (e) => {
      // Failed before it could start (e.g. its source didn't evaluate): nothing was touched,
      // so clearing in-process is safe and keeps the step working.
      if (!ready)
        settle(() => fallback(`failed to start: ${String(e)}`, target, opts).then(resolve, reject));
      else settle(() => reject(e));
    });
    worker.on('exit', (code) => {
      if (!ready)
        settle(() =>
          fallback(`exited (code ${code}) before starting`, target, opts).then(resolve, reject),
        );
      else
        settle(() =>
          reject(new Error(`The clearing worker stopped unexpectedly (exit code ${code}).`)),
        );
    });
  });
}

// ---------------------------------------------------------------- rename-first

const RENAME_RETRY = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** Windows antivirus/indexers hold folders for a moment: retry rename for ~2 s. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  const deadline = Date.now() + 2000;
  let delay = 10;
  for (;;) {
    try {
      await fs.promises.rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (!RENAME_RETRY.has(code) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(200, Math.ceil(delay * 1.5));
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Renames `target` to `<target>.bak` (or `.bak2`, `.bak3`… if taken) and recreates `target`
 * empty (same mode), so the step is done in milliseconds. Delete the `.bak` later with
 * `clearTree(bakPath)` + rmdir, or put it back with `restoreAside`. Same refusals as clearTree.
 */
export async function renameAside(target: string): Promise<{ bakPath: string }> {
  const checked = await core.checkTarget(target);
  if (!checked) throw new Error(`Cannot move ${path.resolve(target)} aside: it does not exist.`);
  const { abs, st } = checked;
  for (let n = 1; n < 1000; n++) {
    const bakPath = `${abs}.bak${n === 1 ? '' : n}`;
    if (await exists(bakPath)) continue;
    try {
      await renameWithRetry(abs, bakPath);
    } catch (e) {
      // Taken between our check and the rename (Windows: EEXIST; POSIX: only non-empty dirs fail).
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') continue;
      throw e;
    }
    await fs.promises.mkdir(abs, { mode: st.mode & 0o7777 });
    return { bakPath };
  }
  throw new Error(`Cannot move ${abs} aside: ${abs}.bak … .bak999 all exist.`);
}

/**
 * Puts a folder moved aside back. Refuses when `target` has content (that would mix two
 * caches); an empty `target` (the one renameAside recreated) is replaced.
 */
export async function restoreAside(bakPath: string, target: string): Promise<void> {
  const bak = path.resolve(bakPath);
  const st = await fs.promises.lstat(bak);
  if (st.isSymbolicLink() || !st.isDirectory())
    throw new UnsafeTargetError(`Refusing to restore ${bak}: it is not a real folder.`);
  const checked = await core.checkTarget(target);
  if (checked) {
    const entries = await fs.promises.readdir(checked.abs);
    if (entries.length > 0) {
      throw new UnsafeTargetError(
        `Refusing to restore ${bak} over ${checked.abs}: it is not empty (${entries.length} entries).`,
      );
    }
    await fs.promises.rmdir(checked.abs);
  }
  await renameWithRetry(bak, path.resolve(target));
}
