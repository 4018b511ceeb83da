/** `wsops runs`: every run in the state dir with its status, newest first. */
import { listRuns } from '../../engine/store';
import { summariseRun } from '../../engine/run-summary';
import { flag, parse, stateDirOf } from '../args';
import { invokedAs, type Cli } from '../cli';

export async function runsCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse('runs', argv, { 'state-dir': { type: 'string' }, json: { type: 'boolean' } }, 0);
  const stateDir = stateDirOf(p);
  const listed = listRuns(stateDir);
  const runs = listed.flatMap((r) => (r.state ? [summariseRun(r.state)] : []));
  const damaged = listed.flatMap((r) => (r.error ? [{ runId: r.runId, error: r.error }] : []));
  if (flag(p, 'json')) {
    cli.out(JSON.stringify({ stateDir, runs, damaged }, null, 2));
    return 0;
  }
  if (!runs.length && !damaged.length) {
    cli.out(`No runs in ${stateDir}.`);
    return 0;
  }
  for (const r of runs) {
    cli.out(`${r.runId}  ${r.status}`);
    cli.out(`  ${r.workflowTitle} on ${r.machine.label}, started ${r.startedAt}`);
    if (r.stepTitle) cli.out(`  at: ${r.stepTitle}`);
    if (r.message) cli.out(`  ${r.message}`);
  }
  for (const d of damaged) cli.out(`${d.runId}  damaged: ${d.error}`);
  const open = runs.find((r) => r.status !== 'finished');
  if (open) cli.out(`\nContinue the newest unfinished run: ${invokedAs()} resume ${open.runId}`);
  return 0;
}
