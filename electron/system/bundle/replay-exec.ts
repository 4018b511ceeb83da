/**
 * A diagnostics bundle is recorded `execFile` answers: `recordingExecFn` keeps what each program
 * the host started printed, `replayExecFn` plays it back to the same host, exactly as the
 * emulator stands in for execFile on a practice machine. Everything above (ExecFileRunner,
 * WindowsRealHost, the parsers) is the code a PC runs. A command that was not recorded cannot
 * run: it fails the way a missing program does, so nothing is ever started from a bundle.
 */
import type { ExecError, ExecFn } from '../command-runner';

/** One program start as execFile saw it. */
export interface ExecRecording {
  file: string;
  args: string[];
  /** null: it could not run (`error` says why). */
  exitCode: number | null;
  error?: string;
  stdout: Buffer;
  stderr: Buffer;
  ms: number;
}

/** How a recording is looked up: the program's path without regard to case, the exact arguments. */
export function recordingKey(file: string, args: readonly string[]): string {
  return JSON.stringify([file.toLowerCase(), ...args]);
}

/** Wraps an ExecFn and reports every start to `sink`, unchanged for the caller. */
export function recordingExecFn(inner: ExecFn, sink: (r: ExecRecording) => void): ExecFn {
  return (file, args, options, callback) => {
    const started = Date.now();
    inner(file, args, options, (error, stdout, stderr) => {
      const code = error?.code;
      sink({
        file,
        args: [...args],
        exitCode: !error ? 0 : typeof code === 'number' ? code : null,
        ...(error && typeof code !== 'number'
          ? { error: error.killed && !code ? 'timeout' : String(code ?? 'error') }
          : {}),
        stdout: stdout ?? Buffer.alloc(0),
        stderr: stderr ?? Buffer.alloc(0),
        ms: Date.now() - started,
      });
      callback(error, stdout, stderr);
    });
  };
}

/** What the replay needs of a recording; `stdout` may be read only when asked (a bundle file). */
export interface ReplayAnswer {
  exitCode: number | null;
  error?: string;
  stdout: () => Promise<Buffer | null>;
  stderr: string;
}

/**
 * Answers from `answers` by file + arguments. An answer whose output cannot be read (not
 * collected, a link, too big) is a program that could not run: the host reads "unknown".
 */
export function replayExecFn(answers: ReadonlyMap<string, ReplayAnswer>): ExecFn {
  return (file, args, _options, callback) => {
    const fail = (code: string, message: string) =>
      setImmediate(() =>
        callback(
          Object.assign(new Error(message), { code }) as ExecError,
          Buffer.alloc(0),
          Buffer.alloc(0),
        ),
      );
    const answer = answers.get(recordingKey(file, args));
    if (!answer) return fail('ENOENT', `spawn ${file} ENOENT (not recorded in this bundle)`);
    answer.stdout().then(
      (stdout) => {
        if (!stdout || answer.exitCode === null)
          return fail(answer.error ?? 'ENOENT', `spawn ${file} ${answer.error ?? 'ENOENT'}`);
        const stderr = Buffer.from(answer.stderr, 'utf8');
        if (answer.exitCode === 0) return callback(null, stdout, stderr);
        const e = Object.assign(new Error(`Command failed: ${file}`), { code: answer.exitCode });
        callback(e, stdout, stderr);
      },
      () => fail('EIO', `spawn ${file}: the recorded output could not be read`),
    );
  };
}
