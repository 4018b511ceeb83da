/**
 * The parent's side of the task protocol (elevated-task.ts): write the task into a fresh private
 * temp dir, start the helper through the runner's elevation wrapper (one UAC prompt: PowerShell
 * `Start-Process -Verb RunAs -Wait -PassThru`), relay progress while it runs, read the result and
 * remove the dir.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClearProgress, CommandResult } from '../ports';
import { DECLINED_MESSAGE, type CommandRunner } from '../command-runner';
import {
  CANCEL_FILE,
  PROGRESS_FILE,
  ProgressLineSchema,
  RESULT_FILE,
  TASK_FILE,
  ResultFileSchema,
  type ElevatedTask,
  type TaskResult,
  isStrictWinPath,
} from './elevated-task';
import type { MachinePaths } from './machine-paths';

/** The program (and its first arguments) that runs one task file elevated. */
export interface ElevatedHelper {
  exe: string;
  args: string[];
}

/**
 * Why the helper is not trusted to run elevated, or null. A standard user who approves a prompt
 * with an administrator's password makes UAC a security boundary (rule uac-over-the-shoulder):
 * then whatever runs as that user must not be able to change what gets elevated. Only folders a
 * standard user cannot write qualify — %ProgramFiles% (a per-machine install), %ProgramFiles(x86)%,
 * %SystemRoot% — for the program and for the script it is given (the CLI's wsops.cjs). A per-user
 * install under %LOCALAPPDATA%, the portable build's temp folder or a checkout do not.
 */
export function helperDistrust(helper: ElevatedHelper, m: MachinePaths): string | null {
  const trusted = [m.environment.programFiles, m.programFilesX86, m.environment.systemRoot];
  const inside = (p: string) =>
    isStrictWinPath(p) &&
    trusted.some((t) => p.toLowerCase().startsWith(`${t.toLowerCase().replace(/\\+$/, '')}\\`));
  const files = [
    helper.exe,
    ...helper.args.filter((a) => /\.(?:c|m)?js$/i.test(a) || /^[A-Za-z]:\\/.test(a)),
  ];
  const loose = files.find((f) => !inside(f));
  if (!loose) return null;
  return `${loose} is in a folder your account can change, so approving the administrator prompt with an administrator's password would run whatever is there by then. Install Workstation Ops for all users (per machine, under ${m.environment.programFiles}) or have an administrator do this step; nothing was changed.`;
}

/** A clear (which reports no CommandResult) whose UAC prompt was declined. */
export class ElevationDeclinedError extends Error {
  readonly declined = true;
  constructor() {
    super(DECLINED_MESSAGE);
    this.name = 'ElevationDeclinedError';
  }
}

export interface HelperRun {
  /** What the elevation wrapper returned (declined: true when the prompt was refused). */
  run: CommandResult;
  /** result.json, or null when the helper left none (declined, crashed, timed out). */
  result: TaskResult | null;
}

export async function runHelper(
  runner: CommandRunner,
  helper: ElevatedHelper,
  task: ElevatedTask,
  opts: {
    timeoutMs: number;
    pollMs?: number;
    signal?: AbortSignal;
    onProgress?: (p: ClearProgress) => void;
    cancelGraceMs?: number;
  },
): Promise<HelperRun> {
  // mkdtemp: a new, unguessable folder, 0700 on POSIX; on Windows it lives in the user's own
  // %TEMP%, whose ACL already keeps other users out. The helper still trusts nothing in it.
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wsops-elevated-'));
  const progress = new ProgressReader(path.join(dir, PROGRESS_FILE), opts.onProgress);
  const timer = opts.onProgress ? setInterval(() => progress.poll(), opts.pollMs ?? 250) : null;
  // Cancelling: the cancel file tells the helper (running, or started later by a prompt answered
  // after we gave up) to stop or not to start. If the wrapper has not ended after a grace period
  // (the prompt is still up), it is stopped and the folder is left with its cancel file.
  const wrapper = new AbortController();
  let grace: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    fs.writeFileSync(path.join(dir, CANCEL_FILE), '');
    grace ??= setTimeout(() => wrapper.abort(), opts.cancelGraceMs ?? CANCEL_GRACE_MS);
  };
  try {
    const taskFile = path.join(dir, TASK_FILE);
    const nonce = crypto.randomBytes(16).toString('hex');
    await fsp.writeFile(taskFile, JSON.stringify({ ...task, nonce }), { mode: 0o600, flag: 'wx' });
    // A fresh private folder holds nothing else; a result already there was planted.
    if (fs.readdirSync(dir).some((n) => n !== TASK_FILE))
      throw new Error(`${dir}: unexpected files before the helper started; refusing to run it`);
    if (opts.signal?.aborted) cancel();
    else opts.signal?.addEventListener('abort', cancel, { once: true });
    const run = await runner.run(helper.exe, [...helper.args, taskFile], {
      timeoutMs: opts.timeoutMs,
      elevated: true,
      signal: wrapper.signal,
    });
    progress.poll();
    return {
      run,
      result: run.declined ? null : readResult(path.join(dir, RESULT_FILE), nonce, task.op),
    };
  } finally {
    if (timer) clearInterval(timer);
    if (grace) clearTimeout(grace);
    opts.signal?.removeEventListener('abort', cancel);
    // A helper may still start (its prompt answered late): it must find the cancel file.
    if (!wrapper.signal.aborted) removeDir(dir);
  }
}

/** How long a cancelled helper gets to notice the cancel file before we stop waiting. */
const CANCEL_GRACE_MS = 10_000;

/**
 * The helper's answer, or null when there is none we can trust: result.json must be a regular
 * file (not a link), carry this task's nonce, and answer this task's operation (a refusal,
 * ok: false, answers any). A stale, planted or forged file is ignored, never believed.
 */
function readResult(file: string, nonce: string, op: ElevatedTask['op']): TaskResult | null {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > 1024 * 1024) return null;
    const parsed = ResultFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success || parsed.data.nonce !== nonce) return null;
    const result = parsed.data.result as TaskResult;
    return result.ok && result.op !== op ? null : result;
  } catch {
    return null;
  }
}

/** Our own files only, by name: no recursive delete (see ARCHITECTURE.md). */
function removeDir(dir: string): void {
  for (const name of [TASK_FILE, RESULT_FILE, `${RESULT_FILE}.tmp`, PROGRESS_FILE, CANCEL_FILE])
    fs.rmSync(path.join(dir, name), { force: true });
  try {
    fs.rmdirSync(dir);
  } catch {
    // Something unexpected is inside; leave it rather than delete what we did not write.
  }
}

/** Reads the NDJSON progress file from where it left off; relays the newest valid line. */
class ProgressReader {
  private offset = 0;
  private rest = '';
  private last = '';

  constructor(
    private readonly file: string,
    private readonly onProgress?: (p: ClearProgress) => void,
  ) {}

  poll(): void {
    if (!this.onProgress) return;
    let chunk: Buffer;
    try {
      const fd = fs.openSync(this.file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        chunk = Buffer.alloc(Math.max(0, size - this.offset));
        fs.readSync(fd, chunk, 0, chunk.length, this.offset);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return; // not there yet
    }
    this.offset += chunk.length;
    const lines = (this.rest + chunk.toString('utf8')).split('\n');
    this.rest = lines.pop() ?? ''; // a line still being written
    for (const line of lines.reverse()) {
      let p: unknown;
      try {
        p = JSON.parse(line);
      } catch {
        continue;
      }
      const ok = ProgressLineSchema.safeParse(p);
      if (!ok.success) continue;
      const key = `${ok.data.files}/${ok.data.bytes}`;
      if (key !== this.last) {
        this.last = key;
        this.onProgress({ files: ok.data.files, bytes: ok.data.bytes });
      }
      return;
    }
  }
}
