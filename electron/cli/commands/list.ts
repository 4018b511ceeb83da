import { workflows } from '../../workflows';
import { summariseWorkflow } from '../../engine/workflow';
import { flag, parse } from '../args';
import type { Cli } from '../cli';

export async function listCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse('list', argv, { json: { type: 'boolean' } }, 0);
  if (flag(p, 'json')) {
    cli.out(JSON.stringify({ workflows: workflows.map(summariseWorkflow) }, null, 2));
    return 0;
  }
  for (const w of workflows) {
    const where = w.windowsOnly ? 'Windows (practice machine anywhere)' : w.platforms.join(', ');
    cli.out(`${w.id}\n  ${w.title} — ${where}, ${w.steps.length} steps`);
  }
  return 0;
}
