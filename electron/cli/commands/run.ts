/** `wsops run` and `wsops resume`: the same engine the app drives, headless. */
import path from 'node:path';
import { ExitCode } from '../../../shared/model';
import { InputError } from '../../../shared/errors';
import {
  answersFileProvider,
  chainProviders,
  checkAnswersFile,
  loadAnswersFile,
  noAnswers,
  yesProvider,
  type AnswerProvider,
} from '../../engine/answers';
import {
  planRun,
  resumeRun,
  startRun,
  type EngineDeps,
  type RunOutcome,
} from '../../engine/runner';
import {
  JournalCorruptError,
  archiveDamagedRun,
  listRuns,
  loadRun,
  resolveRunId,
} from '../../engine/store';
import { toRunLog } from '../../engine/export/json';
import { getWorkflow } from '../../workflows';
import { workflowQuestions, type WorkflowDef } from '../../engine/workflow';
import {
  hostForMachine,
  resumeLocalRun,
  selectHost,
  selectLocalRun,
  type RunHosts,
} from '../../system/select-host';
import { flag, parse, stateDirOf, str, type Options } from '../args';
import { progressPrinter, recordPrinter } from '../print';
import { terminalProvider } from '../prompt';
import { invokedAs, type Cli } from '../cli';
import type { WindowsHost } from '../../system/ports';

const COMMON: Options = {
  machine: { type: 'string' },
  'state-dir': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  answers: { type: 'string' },
  json: { type: 'boolean' },
};

function answerProvider(
  cli: Cli,
  workflow: WorkflowDef,
  yes: boolean,
  answersPath: string | undefined,
): AnswerProvider {
  const providers: AnswerProvider[] = [];
  if (answersPath) {
    const file = loadAnswersFile(answersPath);
    checkAnswersFile(file, answersPath, workflowQuestions(workflow));
    providers.push(answersFileProvider(file));
  }
  if (yes) providers.push(yesProvider);
  if (!yes && !answersPath && cli.stdin.isTTY)
    providers.push(terminalProvider(cli.stdin, cli.stderr));
  return providers.length ? chainProviders(...providers) : noAnswers;
}

function finish(cli: Cli, outcome: RunOutcome, json: boolean): number {
  if (json) {
    cli.out(
      JSON.stringify(
        { exitCode: outcome.exitCode, message: outcome.message, run: toRunLog(outcome.state) },
        null,
        2,
      ),
    );
  } else {
    const resume = `${invokedAs()} resume ${outcome.state.runId}`;
    const hint =
      outcome.exitCode === ExitCode.rebootPending
        ? `\nThen run: ${resume}`
        : outcome.exitCode === ExitCode.waitingAnswer
          ? `\nAnswer it: ${resume} (in a terminal), or ${resume} --answers FILE`
          : outcome.exitCode === ExitCode.cancelled
            ? `\nCancelled. To continue: ${resume}`
            : outcome.exitCode === ExitCode.failed && outcome.state.status !== 'finished'
              ? `\nTo try again (a different answer: --answers FILE): ${resume}`
              : '';
    cli.err(`\n${outcome.message}${hint}`);
  }
  return outcome.exitCode;
}

function engineDeps(
  cli: Cli,
  json: boolean,
  workflow: WorkflowDef,
  rest: Omit<EngineDeps, 'onRecord' | 'onProgress' | 'signal'>,
): EngineDeps {
  const write = (line: string) => cli.err(line);
  // Instructions (what to do in the other window) only for a person at a terminal.
  const instructions = cli.stderr.isTTY === true ? workflow : undefined;
  const controller = new AbortController();
  cli.onInterrupt(() => controller.abort());
  return {
    ...rest,
    signal: controller.signal,
    ...(json
      ? {}
      : {
          onRecord: recordPrinter(write, instructions),
          onProgress: progressPrinter(cli.stderr),
        }),
  };
}

export async function runCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse('run', argv, { ...COMMON, 'dry-run': { type: 'boolean' } }, 1);
  const workflowId = p.positionals[0];
  if (!workflowId) throw new InputError('wsops run: name a workflow (wsops list shows them)');
  const workflow = getWorkflow(workflowId);
  const json = flag(p, 'json');
  const stateDir = stateDirOf(p);
  const selected = await runHosts(workflow, str(p, 'machine'), stateDir);
  if (selected.host?.readOnly)
    throw new InputError('--bundle: a diagnostics bundle can only be checked, not run');
  const answersPath = str(p, 'answers');
  if (flag(p, 'dry-run')) {
    const file = answersPath ? loadAnswersFile(answersPath) : undefined;
    if (file) checkAnswersFile(file, answersPath!, workflowQuestions(workflow));
    // `null` means "no answer" in a fresh run.
    const answers = Object.fromEntries(
      Object.entries(file?.answers ?? {}).filter(
        (e): e is [string, string | number | boolean] => e[1] !== null,
      ),
    );
    const plan = await planRun(workflow, {
      ...hostsOf(selected),
      machine: selected.machine,
      answers: noAnswers,
      answersFile: answers,
    });
    if (json) {
      cli.out(
        JSON.stringify(
          { workflow: workflow.id, machine: selected.machine, dryRun: true, ...plan },
          null,
          2,
        ),
      );
    } else {
      cli.out(`Dry run of ${workflow.title} on ${selected.machine.label} — nothing is changed.\n`);
      for (const a of plan.actions) {
        if (a.outcome) {
          cli.out(`• ${a.title} — ${a.outcome.kind}: ${a.outcome.reason}`);
          if (a.outcome.kind === 'blocked') cli.out('    The run would stop here.');
          continue;
        }
        const flags = [
          a.flags.destructive && 'destructive',
          a.flags.needsAdmin && 'admin',
          a.flags.reboot && 'restart',
          !a.flags.reversible && 'irreversible',
        ].filter(Boolean);
        cli.out(`• ${a.title}${flags.length ? ` [${flags.join(', ')}]` : ''}`);
        for (const c of a.commands) cli.out(`    $ ${c}`);
        for (const path of a.paths) cli.out(`    path ${path}`);
        if (a.files !== undefined) cli.out(`    ${a.files} files, ${a.bytes ?? 0} bytes`);
        for (const n of a.notes) cli.out(`    ${n}`);
      }
    }
    return ExitCode.ok;
  }
  const deps = engineDeps(cli, json, workflow, {
    stateDir,
    ...hostsOf(selected),
    machine: selected.machine,
    answers: answerProvider(cli, workflow, flag(p, 'yes'), answersPath),
  });
  if (!json) cli.err(`${workflow.title} — on ${selected.machine.label}`);
  return finish(cli, await afterRun(selected.host, await startRun(workflow, deps)), json);
}

export async function resumeCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse('resume', argv, COMMON, 1);
  const json = flag(p, 'json');
  const stateDir = stateDirOf(p);
  const runId = p.positionals[0]
    ? resolveRunId(stateDir, p.positionals[0])
    : latestUnfinished(stateDir);
  const { state } = loadOrArchive(stateDir, runId);
  const machineDir = str(p, 'machine');
  const workflow = getWorkflow(state.workflow);
  const hosts = workflow.local
    ? await resumeLocalRun(workflow, state.machine, machineDir)
    : { host: await hostForMachine(state.machine, machineDir, cliSelf(stateDir)) };
  const answersPath = str(p, 'answers');
  const reanswer = answersPath ? reanswersOf(answersPath, workflow) : undefined;
  const deps = engineDeps(cli, json, workflow, {
    stateDir,
    ...hostsOf(hosts),
    machine: state.machine,
    answers: answerProvider(cli, workflow, flag(p, 'yes'), answersPath),
    ...(reanswer ? { reanswer } : {}),
  });
  if (!json) cli.err(`Resuming ${workflow.title} (run ${runId})`);
  return finish(cli, await afterRun(hosts.host, await resumeRun(workflow, runId, deps)), json);
}

/** On resume the answers file's answers replace the recorded ones (`null` withdraws one). */
function reanswersOf(file: string, workflow: WorkflowDef) {
  const parsed = loadAnswersFile(file);
  checkAnswersFile(parsed, file, workflowQuestions(workflow));
  return parsed.answers;
}

function latestUnfinished(stateDir: string): string {
  // Newest first: a damaged journal newer than any open run is most likely the one meant.
  for (const r of listRuns(stateDir)) {
    if (r.error) loadOrArchive(stateDir, r.runId);
    if (r.state && r.state.status !== 'finished' && r.state.status !== 'abandoned') return r.runId;
  }
  throw new InputError(`${stateDir}: no unfinished run to resume`);
}

/**
 * A damaged journal cannot be resumed safely. Move the run aside (every byte kept) so it stops
 * blocking the next run, and say where it went.
 */
export function loadOrArchive(stateDir: string, runId: string) {
  try {
    return loadRun(stateDir, runId);
  } catch (e) {
    if (!(e instanceof JournalCorruptError)) throw e;
    const to = archiveDamagedRun(stateDir, runId);
    throw new InputError(`${e.message}; the run was moved to ${to}`);
  }
}

/** Windows workflows need a Windows host (a practice machine off Windows); local ones run here. */
async function runHosts(
  workflow: WorkflowDef,
  machineDir: string | undefined,
  stateDir: string,
): Promise<RunHosts> {
  if (workflow.local) return selectLocalRun(workflow, machineDir);
  const selected = await selectHost({ machineDir, ...cliSelf(stateDir) });
  if (!selected) {
    throw new InputError(
      `${workflow.id}: runs on Windows only; on this computer use a practice machine: --machine DIR (wsops practice init DIR)`,
    );
  }
  return selected;
}

function hostsOf(h: Pick<RunHosts, 'host' | 'local'>): Pick<RunHosts, 'host' | 'local'> {
  return { ...(h.host ? { host: h.host } : {}), ...(h.local ? { local: h.local } : {}) };
}

/**
 * After a restart on a real PC, Task Scheduler opens a console running `wsops resume` on the
 * same state dir (a run started with --state-dir is not in the default one). No --yes: the person
 * at the console is asked again.
 */
export function cliResumeCommand(script: string, stateDir: string) {
  return { exe: process.execPath, args: [script, 'resume', '--state-dir', stateDir] };
}

/**
 * The elevated helper is this very bundle: `node <wsops.cjs> __elevated <task.json>`. In the CJS
 * bundle `__filename` is wsops.cjs itself, whichever launcher (bin/wsops.mjs) loaded it.
 */
function cliElevatedHelper() {
  const bundle = typeof __filename === 'string' ? __filename : (process.argv[1] ?? 'wsops');
  return { exe: process.execPath, args: [bundle, '__elevated'] };
}

/** How this CLI starts itself again: after a restart, and elevated for admin-only file changes. */
export function cliSelf(stateDir: string) {
  const script = path.resolve(process.argv[1] ?? 'wsops');
  return {
    resumeCommand: cliResumeCommand(script, path.resolve(stateDir)),
    elevatedHelper: cliElevatedHelper(),
  };
}

/** Once a run is no longer waiting for a restart, nothing should start at the next logon. */
async function afterRun(host: WindowsHost | undefined, outcome: RunOutcome): Promise<RunOutcome> {
  if (outcome.exitCode !== ExitCode.rebootPending) await host?.removeResumeTask();
  return outcome;
}
