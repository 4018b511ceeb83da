/** `wsops check`: preflight only, read-only — on a practice machine, a bundle, or this PC. */
import { InputError } from '../../../shared/errors';
import { preflight } from '../../engine/preflight';
import { getWorkflow } from '../../workflows';
import { selectHost, selectLocalRun } from '../../system/select-host';
import { noWindowsHost } from '../../system/local/no-windows-host';
import type { CheckResult, MachineRef } from '../../../shared/model';
import { flag, parse, str } from '../args';
import { readHealth } from '../../workflows/health-checks';
import { SYSTEM_HEALTH_ID } from '../../workflows/system-health';
import { invokedAs, type Cli } from '../cli';
import { commandsDuring, type CommandRecord } from '../../system/command-history';
import { gatherFacts } from '../../system/bundle/facts';
import { diagnose } from '../../workflows/diagnosis';
import type { Diagnosis } from '../../../shared/diagnosis';

const MARK = { pass: '✔', warn: '⚠', fail: '✘', unknown: '?' } as const;

function diagnosisLines(d: Diagnosis): string[] {
  return [
    '',
    `Diagnosis: ${d.headline}`,
    ...d.evidence.map((e) => `  · ${e}`),
    ...(d.route.id !== 'none' ? [`Route: ${d.route.id} — ${d.route.why}`] : [`${d.route.why}`]),
    ...(d.takes.restarts
      ? [
          `It takes: ${d.takes.restarts} restarts, ${d.takes.duration}. Have ready: ${d.takes.haveReady.join('; ')}.`,
        ]
      : []),
    ...(d.offer ? [`Try instead: ${invokedAs()} run ${d.offer.workflowId} — ${d.offer.why}`] : []),
    '',
    'Checks:',
  ];
}

export async function checkCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse(
    'check',
    argv,
    { machine: { type: 'string' }, bundle: { type: 'string' }, json: { type: 'boolean' } },
    1,
  );
  const id = p.positionals[0];
  if (!id) throw new InputError('wsops check: name a workflow (wsops list shows them)');
  const workflow = getWorkflow(id);
  const machineDir = str(p, 'machine');
  const bundleDir = str(p, 'bundle');
  if (workflow.local && !bundleDir) {
    // Local workflows (backup-check, encryption-status) check this computer, or a practice machine.
    const hosts = await selectLocalRun(workflow, machineDir);
    const host = hosts.host ?? noWindowsHost();
    const { value, commands } = await commandsDuring(hosts.host, async () => {
      const checks = await preflight(workflow, host, hosts.local);
      // system-health's facts: the reading its checks judged (shared/health.ts). Otherwise the
      // Windows facts when there is a Windows machine (a practice machine, or this PC on Windows).
      const facts =
        workflow.id === SYSTEM_HEALTH_ID
          ? await readHealth({ host, local: hosts.local })
          : hosts.host
            ? await gatherFacts(hosts.host)
            : undefined;
      return { checks, facts };
    });
    return report(cli, flag(p, 'json'), workflow, hosts.machine, value, commands);
  }
  const selected = await selectHost({ machineDir, bundleDir });
  if (!selected)
    throw new InputError(
      `${workflow.id}: runs on Windows only; use --machine DIR (practice) or --bundle DIR (diagnostics bundle)`,
    );
  // Facts on every host (practice machine, bundle, this PC), read after the checks: the shared
  // reads of the preflight answer most of them without starting anything again.
  const { value, commands } = await commandsDuring(selected.host, async () => ({
    checks: await preflight(workflow, selected.host),
    facts: await gatherFacts(selected.host),
  }));
  return report(cli, flag(p, 'json'), workflow, selected.machine, value, commands);
}

function report(
  cli: Cli,
  json: boolean,
  workflow: { id: string; title: string },
  machine: MachineRef,
  { checks, facts }: { checks: CheckResult[]; facts: unknown },
  commands: CommandRecord[],
): number {
  const { id, title } = workflow;
  const diagnosis = diagnose(id, checks);
  if (json) {
    cli.out(
      JSON.stringify(
        { workflow: id, machine, ...(facts ? { facts } : {}), diagnosis, checks, commands },
        null,
        2,
      ),
    );
  } else {
    cli.out(`${title} — preflight on ${machine.label}`);
    if (diagnosis) for (const line of diagnosisLines(diagnosis)) cli.out(line);
    const causes = new Set(diagnosis?.causes ?? []);
    for (const c of checks) {
      // A fact that is the cause is not a pass for this job.
      const mark = causes.has(c.id) ? '✘ cause' : MARK[c.status];
      cli.out(`  ${mark} ${c.title}: ${c.summary}`);
    }
    const refused = (facts as { notCollected?: { file: string; note: string }[] } | undefined)
      ?.notCollected;
    for (const n of refused ?? []) cli.out(`  · not collected: ${n.file} (${n.note})`);
  }
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
