/**
 * The elevated helper's side of the task protocol (see elevated-task.ts): read one task file,
 * check it, run it with the same in-process code the host uses (fs-ops.ts), write progress and
 * the result next to the task file. Node only — no Electron — so `wsops __elevated` and the app's
 * `--wsops-elevated-task` entry both call it.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mapInside } from '../fs/contained-path';
import {
  CANCEL_FILE,
  MAX_TASK_BYTES,
  PROGRESS_FILE,
  RESULT_FILE,
  parseTask,
  taskPaths,
  type ElevatedTask,
  type TaskResult,
} from './elevated-task';
import {
  clearLocal,
  copyFileLocal,
  deleteFileLocal,
  renameAsideLocal,
  restoreAsideLocal,
  removeSetupConfigKeysLocal,
  type ToLocal,
} from './fs-ops';
import { ExecFileRunner, type CommandRunner } from '../command-runner';
import { dcinstIsEnc, manageBdeStatus } from './commands';

/** The app's argument: `<app> --wsops-elevated-task <task.json>`. */
export const ELEVATED_TASK_ARG = '--wsops-elevated-task';

/** The task file after ELEVATED_TASK_ARG, or null when this process is not a helper. */
export function elevatedTaskArg(argv: readonly string[]): string | null {
  const i = argv.indexOf(ELEVATED_TASK_ARG);
  return i >= 0 ? (argv[i + 1] ?? '') : null;
}

/**
 * FOR TESTS ONLY. Maps `C:\…` to `<dir>/C/…` so the end-to-end test can run the real bundled
 * helper on Linux. Honoured only when the caller allows it (`allowTestRoot`: never on Windows,
 * never in a packaged app — see `testRootAllowed`), and only for a folder under the OS temp dir,
 * so it cannot be used to aim an elevated helper at real files.
 */
export const TEST_ROOT_ENV = 'WSOPS_TEST_ELEVATED_ROOT';

const PROGRESS_MS = 250;
const QUERY_MS = 60_000;
const CANCEL_POLL_MS = 250;

export interface HelperOptions {
  /** Where Windows paths live locally; identity on Windows. */
  toLocal?: ToLocal;
  env?: NodeJS.ProcessEnv;
  /** Runs the read-only commands of a 'query' task (this elevated process's own execFile). */
  runner?: CommandRunner;
  /** Whether TEST_ROOT_ENV may be honoured (default false). */
  allowTestRoot?: boolean;
}

/**
 * Where the test switch may apply: not on Windows (the only place the helper really runs
 * elevated) and not in a packaged app (`packaged`: Electron's app.isPackaged; the CLI passes
 * false).
 */
export function testRootAllowed(packaged: boolean, platform = process.platform): boolean {
  return !packaged && platform !== 'win32';
}

/** A mapper `C:\a\b` → `<root>/C/a/b` (tests), every component checked (contained-path.ts). */
export function mapUnder(root: string): ToLocal {
  return (winPath) => mapInside(root, winPath);
}

/** The test mapper from TEST_ROOT_ENV, checked; identity when unset or not allowed. */
export function mapperFromEnv(env: NodeJS.ProcessEnv, allowTestRoot = false): ToLocal {
  const root = env[TEST_ROOT_ENV];
  if (!root) return (p) => p;
  if (!allowTestRoot) throw new Error(`${TEST_ROOT_ENV} is for tests only; it is off here`);
  const real = fs.realpathSync(root);
  const tmp = fs.realpathSync(os.tmpdir());
  const rel = path.relative(tmp, real);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel))
    throw new Error(`${TEST_ROOT_ENV} must name a folder under ${tmp}`);
  return mapUnder(real);
}

/**
 * Runs the task in `taskFile` and leaves result.json (unless the folder itself is gone, or a
 * result is already there: then nothing runs and nothing is written — a result the parent did
 * not ask this run for is never ours to overwrite or to answer under).
 * Exit code: 0 done, 1 the operation failed, 2 the task was refused.
 */
export async function runElevatedTaskFile(
  taskFile: string,
  opts: HelperOptions = {},
): Promise<number> {
  const dir = path.dirname(path.resolve(taskFile));
  if (resultPresent(dir)) return 2;
  let task: ElevatedTask;
  let toLocal: ToLocal;
  let nonce: string | null = null;
  try {
    toLocal = opts.toLocal ?? mapperFromEnv(opts.env ?? process.env, opts.allowTestRoot ?? false);
    const st = await fsp.lstat(taskFile);
    if (!st.isFile() || st.size > MAX_TASK_BYTES) throw new Error('invalid task: not a task file');
    const raw: unknown = JSON.parse(await fsp.readFile(taskFile, 'utf8'));
    const n = (raw as { nonce?: unknown } | null)?.nonce;
    nonce = typeof n === 'string' ? n : null;
    task = parseTask(raw);
    await refuseLinks(task, toLocal);
  } catch (e) {
    await writeResult(dir, nonce, { ok: false, error: (e as Error).message });
    return 2;
  }
  let result: TaskResult;
  try {
    result = await execute(task, toLocal, dir, opts.runner ?? new ExecFileRunner(opts.env));
  } catch (e) {
    result = { ok: false, error: (e as Error).message };
  }
  await writeResult(dir, task.nonce ?? null, result);
  if (!result.ok) return 1;
  if ('result' in result) return result.result.ok ? 0 : 1;
  return 0;
}

function resultPresent(dir: string): boolean {
  return [RESULT_FILE, `${RESULT_FILE}.tmp`].some(
    (n) => fs.lstatSync(path.join(dir, n), { throwIfNoEntry: false }) !== undefined,
  );
}

/**
 * No link or junction anywhere on the way: an allowlisted spelling must not lead elsewhere
 * (a junction at C:\ProgramData\…\Downloader would turn "delete qmgr0.dat" into a delete
 * somewhere else). The ops refuse a link as their own target too; this covers the parents.
 */
async function refuseLinks(task: ElevatedTask, toLocal: ToLocal): Promise<void> {
  for (const winPath of taskPaths(task)) {
    const segs = winPath.slice(3).split('\\');
    for (let n = 1; n <= segs.length; n++) {
      const win = `${winPath.slice(0, 3)}${segs.slice(0, n).join('\\')}`;
      let st: fs.Stats;
      // Outside the try: a mapper that refuses (contained-path) refuses the task.
      const local = toLocal(win);
      try {
        st = await fsp.lstat(local);
      } catch {
        break; // missing: nothing further down exists either
      }
      if (st.isSymbolicLink()) throw new Error(`refused: ${win} is a link or junction`);
    }
  }
}

async function execute(
  task: ElevatedTask,
  toLocal: ToLocal,
  dir: string,
  runner: CommandRunner,
): Promise<TaskResult> {
  switch (task.op) {
    case 'query': {
      const outputs = [];
      for (const read of task.reads) {
        const argv =
          read === 'manage-bde-status' ? manageBdeStatus() : dcinstIsEnc(task.diskCryptorDir);
        const r = await runner.run(argv.file, argv.args, { timeoutMs: QUERY_MS });
        outputs.push({ read, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });
      }
      return { ok: true, op: 'query', outputs };
    }
    case 'clear':
      return { ok: true, op: task.op, report: await clearWithFiles(task.path, toLocal, dir) };
    case 'rename-aside':
      return { ok: true, op: task.op, result: await renameAsideLocal(task.path, toLocal) };
    case 'restore-aside':
      return {
        ok: true,
        op: task.op,
        result: await restoreAsideLocal(task.bakPath, task.target, toLocal),
      };
    case 'delete-file':
      return { ok: true, op: task.op, result: await deleteFileLocal(task.path, toLocal) };
    case 'remove-setupconfig-keys': {
      const { removed: _removed, ...result } = await removeSetupConfigKeysLocal(task.path, toLocal);
      return { ok: true, op: task.op, result };
    }
    case 'copy-file':
      await copyFileLocal(task.from, task.to, toLocal);
      return {
        ok: true,
        op: task.op,
        result: done(`copy "${task.from}" "${task.to}"`, `${task.from} -> ${task.to}`),
      };
  }
}

const done = (command: string, stdout: string) => ({
  ok: true,
  exitCode: 0,
  command,
  stdout,
  stderr: '',
});

/** The clear, with progress lines for the parent and the cancel file it may create. */
async function clearWithFiles(winPath: string, toLocal: ToLocal, dir: string) {
  // 'wx': never write through something already there (a link planted in the folder).
  const fd = fs.openSync(path.join(dir, PROGRESS_FILE), 'wx');
  const ac = new AbortController();
  const timer = setInterval(() => {
    if (fs.existsSync(path.join(dir, CANCEL_FILE))) ac.abort();
  }, CANCEL_POLL_MS);
  try {
    return await clearLocal(winPath, toLocal, {
      signal: ac.signal,
      progressIntervalMs: PROGRESS_MS,
      onProgress: (p) => {
        try {
          fs.writeSync(fd, `${JSON.stringify({ files: p.files, bytes: p.bytes })}\n`);
        } catch {
          // Progress is a courtesy; the clear goes on without it.
        }
      },
    });
  } finally {
    clearInterval(timer);
    fs.closeSync(fd);
  }
}

/**
 * Temp name + hard link, so the parent never reads half a result and a result.json that
 * appeared meanwhile (planted) is neither followed nor replaced: the link fails with EEXIST and
 * the parent, seeing no result of ours, reports the helper's exit code instead.
 */
async function writeResult(dir: string, nonce: string | null, result: TaskResult): Promise<void> {
  const file = path.join(dir, RESULT_FILE);
  const tmp = `${file}.tmp`;
  try {
    await fsp.writeFile(tmp, JSON.stringify({ nonce, result }), { flag: 'wx' });
    await fsp.link(tmp, file);
  } catch {
    // The parent's folder is gone (it gave up), or something else is there: nobody to tell.
  } finally {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
  }
}
