/**
 * `wsops __elevated <task.json>` — hidden: the elevated helper the CLI starts for itself through
 * one UAC prompt to change an admin-only folder or file (see system/windows/elevated-task.ts).
 * It runs exactly one task from the file, which it checks against a fixed allowlist, and reports
 * through files next to it; nothing is printed for a person.
 */
import type { Cli } from '../cli';
import { ExitCode } from '../../../shared/model';
import { runElevatedTaskFile, testRootAllowed } from '../../system/windows/elevated-runner';

export async function elevatedCommand(cli: Cli, argv: string[]): Promise<number> {
  if (argv.length !== 1 || !argv[0]) {
    cli.err('wsops __elevated: expects one task file (this command is started by wsops itself)');
    return ExitCode.badInput;
  }
  // The CLI is never a packaged app; the test switch stays off on Windows (testRootAllowed).
  return runElevatedTaskFile(argv[0], { allowTestRoot: testRootAllowed(false) });
}
