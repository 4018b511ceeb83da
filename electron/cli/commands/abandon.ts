/**
 * `wsops abandon [RUN_ID|latest]`: give up on a run. What it changed and can be put back is put
 * back (the workflow's undo: service start types, BitLocker protection, SetupConfig.ini), what
 * cannot is named with what to do, and the run is marked `abandoned` in its log and exports.
 */
import { abandonRun } from '../../engine/abandon';
import { resolveRunId } from '../../engine/store';
import { getWorkflow } from '../../workflows';
import { hostForMachine, resumeLocalRun, type RunHosts } from '../../system/select-host';
import { flag, parse, stateDirOf, str } from '../args';
import type { Cli } from '../cli';
import { cliSelf, loadOrArchive } from './run';

export async function abandonCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse(
    'abandon',
    argv,
    { machine: { type: 'string' }, 'state-dir': { type: 'string' }, json: { type: 'boolean' } },
    1,
  );
  const stateDir = stateDirOf(p);
  const runId = resolveRunId(stateDir, p.positionals[0]);
  const { state } = loadOrArchive(stateDir, runId);
  const workflow = getWorkflow(state.workflow);
  const machineDir = str(p, 'machine');
  const hosts: Pick<RunHosts, 'host' | 'local'> = workflow.local
    ? await resumeLocalRun(workflow, state.machine, machineDir)
    : { host: await hostForMachine(state.machine, machineDir, cliSelf(stateDir)) };
  const r = await abandonRun(workflow, runId, {
    stateDir,
    ...(hosts.host ? { host: hosts.host } : {}),
    ...(hosts.local ? { local: hosts.local } : {}),
  });
  if (flag(p, 'json')) {
    cli.out(
      JSON.stringify(
        {
          runId,
          status: r.state.status,
          already: r.already,
          undone: r.undone,
          cannotUndo: r.cannotUndo,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  cli.out(
    r.already
      ? `Run ${runId} was already abandoned.`
      : `Run ${runId} (${workflow.title}) is abandoned.`,
  );
  for (const u of r.undone) cli.out(`  undone: ${u}`);
  for (const c of r.cannotUndo) cli.out(`  cannot be undone: ${c}`);
  if (!r.undone.length && !r.cannotUndo.length)
    cli.out('  Nothing this run changed needed undoing.');
  return 0;
}
