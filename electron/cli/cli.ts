/** What a command may use of the process: streams and interrupt handling, injectable for tests. */
export interface Cli {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  out(line: string): void;
  err(line: string): void;
  onInterrupt(handler: () => void): void;
}

export function processCli(): Cli {
  return {
    stdin: process.stdin,
    stderr: process.stderr,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    onInterrupt: (handler) => {
      // First Ctrl-C stops the current action cleanly (the run can be resumed); a second one exits.
      process.once('SIGINT', () => {
        process.stderr.write(
          '\nStopping after the current operation… (Ctrl-C again to quit now)\n',
        );
        handler();
        process.once('SIGINT', () => process.exit(130));
      });
    },
  };
}

/**
 * How the person started wsops, for hints they can paste: from a checkout through npm
 * (`npm run --silent wsops -- resume`), or installed (`wsops resume`).
 */
export function invokedAs(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_lifecycle_event === 'wsops' ? 'npm run --silent wsops --' : 'wsops';
}
