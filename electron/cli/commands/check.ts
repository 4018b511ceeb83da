/** `wsops check`: preflight only, read-only — on a practice machine, a bundle, or this PC. */
import { InputError } from '../../../shared/errors';
import { preflight } from '../../engine/preflight';
import { getWorkflow } from '../../workflows';
import { selectHost } from '../../system/select-host';
import { flag, parse, str } from '../args';
import type { Cli } from '../cli';

const MARK = { pass: '✔', warn: '⚠', fail: '✘', unknown: '?' } as const;

export async function checkCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse('check', argv, { machine: { type: 'string' }, bundle: { type: 'string' }, json: { type: 'boolean' } }, 1);
  const id = p.positionals[0];
  if (!id) throw new InputError('wsops check: name a workflow (wsops list shows them)');
  const workflow = getWorkflow(id);
  const selected = await selectHost({ machineDir: str(p, 'machine'), bundleDir: str(p, 'bundle') });
  if (!selected) throw new InputError(`${workflow.id}: runs on Windows only; use --machine DIR (practice) or --bundle DIR (diagnostics bundle)`);
  const checks = await preflight(workflow, selected.host);
  let facts: unknown;
  if (selected.machine.kind === 'bundle') {
    const { gatherFacts } = await import('../../system/bundle/facts');
    facts = await gatherFacts(selected.host);
  }
  if (flag(p, 'json')) {
    cli.out(JSON.stringify({ workflow: workflow.id, machine: selected.machine, ...(facts ? { facts } : {}), checks }, null, 2));
  } else {
    cli.out(`${workflow.title} — preflight on ${selected.machine.label}`);
    for (const c of checks) cli.out(`  ${MARK[c.status]} ${c.title}: ${c.summary}`);
  }
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
