/**
 * wsops — Workstation Ops, headless. The same engine and workflows as the app; JSON output with
 * --json. Exit codes: 0 finished, 1 a step failed or is blocked, 2 bad input, 3 paused for a
 * restart (run resume after it), 4 waiting for an answer.
 */
import { isInputError } from '../../shared/errors';
import { ExitCode } from '../../shared/model';
import { processCli, type Cli } from './cli';
import { VERSION } from './version';
import { collectCommand } from './commands/collect';
import { checkCommand } from './commands/check';
import { exportCommand } from './commands/export';
import { listCommand } from './commands/list';
import { practiceCommand } from './commands/practice';
import { remindCommand } from './commands/remind';
import { reportCommand } from './commands/report';
import { resumeCommand, runCommand } from './commands/run';
import { elevatedCommand } from './commands/elevated';
import { abandonCommand } from './commands/abandon';
import { runsCommand } from './commands/runs';
import { COMMAND_HELP, commandHelp, overviewUsage } from './help';

export const HELP = `wsops ${VERSION} — Workstation Ops, headless

Usage:
${overviewUsage()}

wsops <command> --help shows a command's options and an example.

Exit codes: 0 finished · 1 a step failed or is blocked · 2 bad input · 3 paused for a restart
(run "wsops resume" after it) · 4 waiting for an answer (--answers FILE or run in a terminal) ·
130 cancelled by you (resume continues).
`;

type Command = (cli: Cli, argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  list: listCommand,
  check: checkCommand,
  run: runCommand,
  resume: resumeCommand,
  abandon: abandonCommand,
  runs: runsCommand,
  export: exportCommand,
  practice: practiceCommand,
  remind: remindCommand,
  collect: collectCommand,
  report: reportCommand,
  // Hidden (not in HELP): the elevated helper this CLI starts for itself (elevated-task.ts).
  __elevated: elevatedCommand,
};

export async function main(argv: string[], cli: Cli = processCli()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    cli.err('wsops: no command given (wsops help lists them)');
    return ExitCode.badInput;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    cli.out(HELP);
    return ExitCode.ok;
  }
  if (command === '--version' || command === '-V') {
    cli.out(VERSION);
    return ExitCode.ok;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    cli.err(`wsops: unknown command "${command}" (wsops help lists them)`);
    return ExitCode.badInput;
  }
  // `--help` anywhere after a command (before a `--`) shows that command's help.
  const beforeDashDash = rest.indexOf('--') >= 0 ? rest.slice(0, rest.indexOf('--')) : rest;
  if (
    Object.hasOwn(COMMAND_HELP, command) &&
    beforeDashDash.some((a) => a === '--help' || a === '-h')
  ) {
    cli.out(commandHelp(command));
    return ExitCode.ok;
  }
  try {
    return await run(cli, rest);
  } catch (e) {
    if (isInputError(e)) {
      // One line, even when the message quotes a name holding a line break.
      cli.err(`wsops: ${(e as Error).message.replace(/[\r\n]+/g, ' ⏎ ')}`);
      return ExitCode.badInput;
    }
    // A path given by the user that is the wrong kind of thing or out of reach (a file where a
    // folder belongs, no permission): one line naming the path, never an "internal error".
    const pathError = userPathError(e);
    if (pathError) {
      cli.err(`wsops: ${pathError}`);
      return ExitCode.badInput;
    }
    // A bug, not the user's fault: say so in one line; the stack only when asked for.
    cli.err(`wsops: internal error: ${(e as Error).message} (set WSOPS_DEBUG=1 for details)`);
    if (process.env.WSOPS_DEBUG) cli.err(String((e as Error).stack));
    return ExitCode.failed;
  }
}

const PATH_ERRORS: Record<string, string> = {
  ENOTDIR: 'a file is where a folder should be',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
  EROFS: 'read-only file system',
};

function userPathError(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException | null;
  const why = err?.code ? PATH_ERRORS[err.code] : undefined;
  if (!why || typeof err?.path !== 'string') return null;
  return `${err.path}: ${why} (${err.code})`.replace(/[\r\n]+/g, ' ');
}
