/**
 * Runs one program with an argument array — never through a shell — and always resolves:
 * failures (not found, timeout, non-zero exit) come back as `ok: false` with the message, so a
 * check can say "unknown" instead of crashing.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { CommandResult } from './ports';
import { decodeText, knownCodePage } from './windows/text';
import { ELEVATION_DECLINED, elevate, windowsCommandLine } from './windows/commands';

export interface RunOptions {
  /** 0: no time limit (the wait for a UAC prompt, which only the person can end). */
  timeoutMs: number;
  /** Ends the process (what the helper uses when the parent cancels). */
  signal?: AbortSignal;
  /** Windows: run through one UAC prompt (PowerShell Start-Process -Verb RunAs). */
  elevated?: boolean;
}

export interface CommandRunner {
  run(file: string, args: readonly string[], opts: RunOptions): Promise<CommandResult>;
}

/** The command as a person would type it, for logs, `check --json` and bundle.json. */
export function commandLine(file: string, args: readonly string[], elevated = false): string {
  const line = windowsCommandLine([file, ...args]);
  return elevated ? `${line}  (as administrator)` : line;
}

export const DECLINED_MESSAGE =
  'The administrator prompt was declined (or timed out), so nothing was changed. Run the step again and choose Yes.';

/**
 * Tools that live in System32 are started by full path: a bare name would be looked up in the
 * current directory and PATH first, where anything could be waiting.
 */
const SYSTEM32_TOOLS = new Set([
  'sc.exe',
  'reg.exe',
  'manage-bde.exe',
  'wevtutil.exe',
  'systeminfo.exe',
  'shutdown.exe',
  'schtasks.exe',
  'whoami.exe',
  'cmd.exe',
  'msdt.exe',
  'msiexec.exe',
]);

export function resolveSystemTool(file: string, env: NodeJS.ProcessEnv = process.env): string {
  if (/[\\/]/.test(file)) return file;
  const root = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
  const lower = file.toLowerCase();
  if (lower === 'powershell.exe')
    return path.win32.join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  if (lower === 'explorer.exe') return path.win32.join(root, 'explorer.exe');
  if (SYSTEM32_TOOLS.has(lower)) return path.win32.join(root, 'System32', lower);
  return file;
}

/**
 * A command as a dry run or a log shows it before it runs: the full path the PC starts, with
 * %SystemRoot% left for the reader (the runner expands it from the machine when it runs).
 */
export function plannedCommandLine(argv: { file: string; args: readonly string[] }): string {
  return windowsCommandLine([
    resolveSystemTool(argv.file, { SystemRoot: '%SystemRoot%' }),
    ...argv.args,
  ]);
}

/** 64 MB: `dir /s` over a large SoftwareDistribution is several MB of text. */
const MAX_BUFFER = 64 * 1024 * 1024;

/**
 * The one thing a practice machine replaces: `child_process.execFile`'s contract (buffer output,
 * an error whose `code` is the exit code or a spawn errno string such as ENOENT/EACCES, `killed`
 * on timeout). The emulator (system/emulator) implements it; everything above it is the code a
 * PC runs.
 */
export type ExecFn = (
  file: string,
  args: readonly string[],
  options: {
    encoding: 'buffer';
    windowsHide: boolean;
    timeout: number;
    maxBuffer: number;
    killSignal: NodeJS.Signals;
    signal?: AbortSignal;
  },
  callback: (error: ExecError | null, stdout: Buffer, stderr: Buffer) => void,
) => void;

export type ExecError = Error & { code?: string | number; killed?: boolean };

export const nodeExecFile: ExecFn = (file, args, options, callback) => {
  execFile(file, [...args], options, (error, stdout, stderr) =>
    callback(error as ExecError | null, stdout, stderr),
  );
};

/** Every process start, for `check --json` commands[] and the process-count bench. */
export interface CommandRecord {
  command: string;
  exitCode: number | null;
  ms: number;
}

/**
 * `reg query HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage /v OEMCP`: the system's OEM
 * code page (what GetOEMCP answers), in which console tools write redirected output.
 */
export const OEM_CODEPAGE_ARGV = {
  file: 'reg.exe',
  args: ['query', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage', '/v', 'OEMCP'],
} as const;

export function parseOemCodePage(stdout: string): number | null {
  const m = /^\s+OEMCP\s+REG_SZ\s+(\d{3,5})\s*$/im.exec(stdout);
  const cp = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(cp) && knownCodePage(cp) ? cp : null;
}

export interface ExecFileRunnerOptions {
  /**
   * 'detect': read the OEM code page once (OEM_CODEPAGE_ARGV) and decode every output with it —
   * on a PC and on a practice machine; a number: that code page; absent: UTF-8/Windows-1252.
   */
  oemCodePage?: 'detect' | number;
}

/** The real adapter (child_process.execFile, or the emulator's stand-in for it). */
export class ExecFileRunner implements CommandRunner {
  /** What this runner started, in order (bounded: the newest 500). */
  readonly history: CommandRecord[] = [];
  private codePage: Promise<number | null> | null = null;

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly exec: ExecFn = nodeExecFile,
    private readonly options: ExecFileRunnerOptions = {},
  ) {}

  private oemCodePage(): Promise<number | null> {
    const want = this.options.oemCodePage;
    if (want === undefined) return Promise.resolve(null);
    if (typeof want === 'number') return Promise.resolve(want);
    this.codePage ??= execOnce(
      this.exec,
      resolveSystemTool(OEM_CODEPAGE_ARGV.file, this.env),
      [...OEM_CODEPAGE_ARGV.args],
      { timeoutMs: 15_000 },
      commandLine(OEM_CODEPAGE_ARGV.file, OEM_CODEPAGE_ARGV.args),
      null,
    ).then((r) => (r.ok ? parseOemCodePage(r.stdout) : null));
    return this.codePage;
  }

  async run(file: string, args: readonly string[], opts: RunOptions): Promise<CommandResult> {
    const codePage = await this.oemCodePage();
    const resolved = resolveSystemTool(file, this.env);
    // As the PC runs it: the full %SystemRoot%\System32\… path, on a practice machine too.
    const command = commandLine(resolved, args, opts.elevated);
    const argv = opts.elevated
      ? elevate({ file: resolved, args: [...args] })
      : { file: resolved, args: [...args] };
    const started = Date.now();
    const result = await execOnce(
      this.exec,
      resolveSystemTool(argv.file, this.env),
      argv.args,
      opts,
      command,
      codePage,
    );
    this.history.push({ command, exitCode: result.exitCode, ms: Date.now() - started });
    if (this.history.length > 500) this.history.shift();
    return opts.elevated ? interpretElevated(result) : result;
  }
}

function execOnce(
  exec: ExecFn,
  file: string,
  args: string[],
  opts: RunOptions,
  command: string,
  codePage: number | null,
): Promise<CommandResult> {
  const timeoutMs = opts.timeoutMs;
  return new Promise((resolve) => {
    try {
      exec(
        file,
        args,
        {
          encoding: 'buffer',
          windowsHide: true,
          timeout: timeoutMs,
          maxBuffer: MAX_BUFFER,
          killSignal: 'SIGKILL',
          ...(opts.signal ? { signal: opts.signal } : {}),
        },
        (error, stdoutBuf, stderrBuf) => {
          const stdout = decodeText(stdoutBuf ?? Buffer.alloc(0), codePage);
          const stderr = decodeText(stderrBuf ?? Buffer.alloc(0), codePage);
          if (!error) return resolve({ ok: true, exitCode: 0, command, stdout, stderr });
          const e = error;
          if (typeof e.code === 'number') {
            return resolve({ ok: false, exitCode: e.code, command, stdout, stderr });
          }
          const message = opts.signal?.aborted
            ? `${path.win32.basename(file)} was stopped: the run was cancelled.`
            : e.killed && !e.code
              ? `${file} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`
              : e.code === 'ENOENT'
                ? `${path.win32.basename(file)} was not found on this computer.`
                : e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
                  ? `${path.win32.basename(file)} printed more than ${MAX_BUFFER / 1024 / 1024} MB; output cut.`
                  : e.message;
          resolve({
            ok: false,
            exitCode: null,
            command,
            stdout,
            stderr: stderr ? `${stderr}\n${message}` : message,
          });
        },
      );
    } catch (err) {
      resolve({
        ok: false,
        exitCode: null,
        command,
        stdout: '',
        stderr: err instanceof Error ? err.message : String(err),
      });
    }
  });
}

/** Turns the elevation wrapper's exit code back into the inner command's result. */
export function interpretElevated(result: CommandResult): CommandResult {
  if (
    result.exitCode === ELEVATION_DECLINED ||
    /1223|canceled by the user|cancelled by the user/i.test(result.stderr)
  ) {
    return {
      ...result,
      ok: false,
      exitCode: ELEVATION_DECLINED,
      declined: true,
      stderr: DECLINED_MESSAGE,
    };
  }
  return result;
}

// ---- test adapters ----

export interface Recording {
  file: string;
  args: readonly string[];
  elevated?: boolean;
  stdout?: string;
  stderr?: string;
  exitCode: number | null;
  declined?: boolean;
}

export interface RecordedCall {
  file: string;
  args: string[];
  elevated: boolean;
}

function key(file: string, args: readonly string[], elevated: boolean): string {
  return JSON.stringify([file.toLowerCase(), ...args, elevated]);
}

/**
 * Answers from canned outputs keyed by argv; records every call so tests can assert what ran and
 * in which order. A command with no recording fails like a missing program would.
 */
export class ReplayRunner implements CommandRunner {
  readonly calls: RecordedCall[] = [];
  private readonly answers = new Map<string, Recording[]>();

  constructor(recordings: readonly Recording[] = []) {
    for (const r of recordings) this.add(r);
  }

  /** Several recordings for the same argv are played in order; the last one repeats. */
  add(r: Recording): this {
    const k = key(r.file, r.args, r.elevated ?? false);
    const list = this.answers.get(k) ?? [];
    list.push(r);
    this.answers.set(k, list);
    return this;
  }

  async run(file: string, args: readonly string[], opts: RunOptions): Promise<CommandResult> {
    const elevated = opts.elevated ?? false;
    this.calls.push({ file, args: [...args], elevated });
    const command = commandLine(file, args, elevated);
    const list = this.answers.get(key(file, args, elevated));
    if (!list?.length) {
      return {
        ok: false,
        exitCode: null,
        command,
        stdout: '',
        stderr: `no recording for: ${command}`,
      };
    }
    const r = list.length > 1 ? list.shift()! : list[0]!;
    const result: CommandResult = {
      ok: r.exitCode === 0,
      exitCode: r.exitCode,
      command,
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
      ...(r.declined ? { declined: true } : {}),
    };
    return elevated ? interpretElevated(result) : result;
  }
}

/** Wraps a runner and keeps what it answered, to turn a real session into fixtures. */
export class RecordingRunner implements CommandRunner {
  readonly recordings: Recording[] = [];
  constructor(private readonly inner: CommandRunner) {}

  async run(file: string, args: readonly string[], opts: RunOptions): Promise<CommandResult> {
    const r = await this.inner.run(file, args, opts);
    this.recordings.push({
      file,
      args: [...args],
      ...(opts.elevated ? { elevated: true } : {}),
      stdout: r.stdout,
      stderr: r.stderr,
      exitCode: r.exitCode,
      ...(r.declined ? { declined: true } : {}),
    });
    return r;
  }
}
