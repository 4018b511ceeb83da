import { InputError } from '../../../shared/errors';
import { formatBytes, formatCount } from '../../../shared/format';
import {
  DEFAULT_PRACTICE_FILES,
  SCENARIOS,
  initPracticeMachine,
  isScenarioName,
} from '../../system/simulated/scenario';
import { flag, int, parse, str } from '../args';
import type { Cli } from '../cli';
import { progressPrinter } from '../print';

export async function practiceCommand(cli: Cli, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'scenarios') {
    parse('practice scenarios', rest, {}, 0);
    for (const [name, text] of Object.entries(SCENARIOS)) cli.out(`${name}\n  ${text}`);
    return 0;
  }
  if (sub !== 'init')
    throw new InputError(`wsops practice: expected "init DIR" or "scenarios", got "${sub ?? ''}"`);
  const p = parse(
    'practice init',
    rest,
    {
      scenario: { type: 'string' },
      files: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    },
    1,
  );
  const dir = p.positionals[0];
  if (!dir) throw new InputError('wsops practice init: name the folder for the practice machine');
  const scenario = str(p, 'scenario') ?? 'diskcryptor-1709';
  if (!isScenarioName(scenario))
    throw new InputError(
      `--scenario: unknown scenario "${scenario}" (known: ${Object.keys(SCENARIOS).join(', ')})`,
    );
  const files = int(p, 'files', 0, 2_000_000) ?? DEFAULT_PRACTICE_FILES;
  const seed = int(p, 'seed', 0, 2 ** 31 - 1);
  const progress = progressPrinter(cli.stderr);
  const made = await initPracticeMachine(dir, {
    scenario,
    files,
    ...(seed !== undefined ? { seed } : {}),
    // Progress on stderr: stdout stays the result (and valid JSON with --json).
    onProgress: (done, total) =>
      progress(
        { runId: '', stepId: 'practice-init', phase: 'write', done, total, bytes: 0 },
        done === total,
      ),
  });
  if (files > 0 && cli.stderr.isTTY) cli.stderr.write('\n');
  if (flag(p, 'json')) cli.out(JSON.stringify({ ...made, scenario }, null, 2));
  else
    cli.out(
      `Practice machine ready in ${made.dir} (${scenario}): SoftwareDistribution holds ${formatCount(made.files)} files, ${formatBytes(made.bytes)}.\nTry: wsops run windows-update-diskcryptor --machine ${made.dir}`,
    );
  return 0;
}
