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
import type { CommandResult } from '../ports';
import {
  INNO_UNATTENDED,
  RESTORE_POINT_MS,
  checkpointComputer,
  dcinstIsEnc,
  manageBdeResume,
  manageBdeStatus,
  manageBdeSuspend,
  scConfigStart,
  scStart,
  scStop,
  type Argv,
} from './commands';
import { machinePaths, parseProfileListDefault, profileListDefaultArgv } from './machine-paths';
import type { MachinePaths } from './machine-paths';
import { readPeInfo } from './pe-info';
import { releasesMatchingInstaller } from './installer-check';
import crypto from 'node:crypto';

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
/** Bounds for what the helper starts (the wait for the UAC prompt itself is not bounded). */
const SERVICE_MS = 120_000;
const INSTALLER_MS = 30 * 60_000;
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
  const env = opts.env ?? process.env;
  const runner = opts.runner ?? new ExecFileRunner(env, undefined, { oemCodePage: 'detect' });
  try {
    toLocal = opts.toLocal ?? mapperFromEnv(env, opts.allowTestRoot ?? false);
    const st = await fsp.lstat(taskFile);
    if (!st.isFile() || st.size > MAX_TASK_BYTES) throw new Error('invalid task: not a task file');
    const raw: unknown = JSON.parse(await fsp.readFile(taskFile, 'utf8'));
    const n = (raw as { nonce?: unknown } | null)?.nonce;
    nonce = typeof n === 'string' ? n : null;
    // The allowlist is this machine's own folders, read the way the host reads them.
    const m = await helperPaths(env, runner);
    task = parseTask(raw, m);
    await refuseLinks(task, toLocal);
    // The parent gave up (or was cancelled) before the prompt was answered: do nothing. (A clear
    // watches the cancel file itself and reports an aborted, resumable clear.)
    if (task.op !== 'clear' && fs.existsSync(path.join(dir, CANCEL_FILE)))
      throw new Error('cancelled before the administrator prompt was answered; nothing ran');
  } catch (e) {
    await writeResult(dir, nonce, { ok: false, error: (e as Error).message });
    return 2;
  }
  let result: TaskResult;
  try {
    result = await execute(task, toLocal, dir, runner, env);
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

async function helperPaths(env: NodeJS.ProcessEnv, runner: CommandRunner): Promise<MachinePaths> {
  const r = await runner.run(profileListDefaultArgv().file, profileListDefaultArgv().args, {
    timeoutMs: QUERY_MS,
  });
  return machinePaths(env, r.ok ? parseProfileListDefault(r.stdout, env) : null);
}

/**
 * Runs one argv the helper built itself, stopped when the parent creates the cancel file (the
 * helper is elevated, so it can end its elevated child; the unelevated parent could not).
 */
async function runWatched(
  runner: CommandRunner,
  dir: string,
  argv: Argv,
  timeoutMs: number,
): Promise<CommandResult> {
  const ac = new AbortController();
  const timer = setInterval(() => {
    if (fs.existsSync(path.join(dir, CANCEL_FILE))) ac.abort();
  }, CANCEL_POLL_MS);
  try {
    return await runner.run(argv.file, argv.args, { timeoutMs, signal: ac.signal });
  } finally {
    clearInterval(timer);
  }
}

/**
 * The installer named by the task, copied where only this elevated process writes (a fresh
 * folder under Program Files) and checked there: the hash the parent saw, and an Inno Setup
 * installer of a DiskCryptor release. What runs is the checked copy, so swapping the file in
 * Downloads after the check changes nothing.
 */
async function checkedInstallerCopy(
  task: Extract<ElevatedTask, { op: 'installer' }>,
  toLocal: ToLocal,
  env: NodeJS.ProcessEnv,
  nonce: string,
): Promise<{ winPath: string; cleanup: () => void }> {
  const bytes = readNoFollowFile(toLocal(task.path));
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  if (hash !== task.sha256)
    throw new Error(`${task.path} changed since it was checked (SHA-256 ${hash}); not run`);
  // Under Program Files, which standard users can only read (inherited ACL): nothing can be
  // planted next to the copy (an installer loads DLLs from its own folder first).
  const programFiles = (env.ProgramW6432 ?? env.ProgramFiles ?? 'C:\\Program Files').replace(
    /\\+$/,
    '',
  );
  const folder = `${programFiles}\\Workstation Ops\\elevated-${nonce}`;
  const winPath = `${folder}\\${path.win32.basename(task.path)}`;
  fs.mkdirSync(toLocal(`${programFiles}\\Workstation Ops`), { recursive: true });
  const localDir = toLocal(folder);
  fs.mkdirSync(localDir, { mode: 0o700 });
  const local = toLocal(winPath);
  fs.writeFileSync(local, bytes, { flag: 'wx', mode: 0o600 });
  const cleanup = () => {
    fs.rmSync(local, { force: true });
    fs.rmdirSync(localDir);
  };
  const pe = await readPeInfo(local);
  if (!pe.isPe || !pe.inno || releasesMatchingInstaller(pe).length === 0) {
    cleanup();
    throw new Error(`${task.path} is not a DiskCryptor installer; not run`);
  }
  return { winPath, cleanup };
}

function readNoFollowFile(local: string): Buffer {
  const st = fs.lstatSync(local);
  if (!st.isFile()) throw new Error(`${local} is not a regular file`);
  if (st.size > 256 * 1024 * 1024) throw new Error(`${local} is too big for an installer`);
  return fs.readFileSync(local);
}

async function execute(
  task: ElevatedTask,
  toLocal: ToLocal,
  dir: string,
  runner: CommandRunner,
  env: NodeJS.ProcessEnv,
): Promise<TaskResult> {
  switch (task.op) {
    case 'service': {
      const argv =
        task.action === 'stop'
          ? scStop(task.service)
          : task.action === 'start'
            ? scStart(task.service)
            : scConfigStart(task.service, task.startType!);
      return { ok: true, op: task.op, result: await runWatched(runner, dir, argv, SERVICE_MS) };
    }
    case 'bitlocker': {
      const argv =
        task.action === 'suspend'
          ? manageBdeSuspend(task.volume, task.rebootCount ?? 0)
          : manageBdeResume(task.volume);
      return { ok: true, op: task.op, result: await runWatched(runner, dir, argv, SERVICE_MS) };
    }
    case 'restore-point':
      return {
        ok: true,
        op: task.op,
        result: await runWatched(runner, dir, checkpointComputer(), RESTORE_POINT_MS),
      };
    case 'uninstaller': {
      const argv = { file: task.path, args: ['/SILENT', '/NORESTART', '/SUPPRESSMSGBOXES'] };
      return { ok: true, op: task.op, result: await runWatched(runner, dir, argv, INSTALLER_MS) };
    }
    case 'installer': {
      const copy = await checkedInstallerCopy(
        task,
        toLocal,
        env,
        task.nonce ?? crypto.randomUUID(),
      );
      try {
        const argv = { file: copy.winPath, args: [...INNO_UNATTENDED] };
        const r = await runWatched(runner, dir, argv, INSTALLER_MS);
        return {
          ok: true,
          op: task.op,
          result: { ...r, command: r.command.replace(copy.winPath, task.path) },
        };
      } finally {
        copy.cleanup();
      }
    }
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
  const cancelled = () => {
    if (fs.existsSync(path.join(dir, CANCEL_FILE))) ac.abort();
  };
  // Checked first as well: a helper whose prompt was answered after the parent gave up must not
  // delete anything while it waits for its first poll.
  cancelled();
  const timer = setInterval(cancelled, CANCEL_POLL_MS);
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
