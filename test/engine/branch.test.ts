/**
 * branch(): a fork decided by one step's typed output, on a small workflow of the engine's own.
 * The off-branch steps are skipped with the chosen arm's reason, in the run and in the dry run
 * (even after a planned change), and a journal value no arm names skips nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  branch,
  changeAction,
  defineStep,
  readAction,
  summariseWorkflow,
  type StepDef,
  type WorkflowDef,
} from '../../electron/engine/workflow';
import { planRun, startRun } from '../../electron/engine/runner';
import { createLocalHost } from '../../electron/system/local/host';
import { yesProvider } from '../../electron/engine/answers';

const describeNothing = async () => ({ commands: [], paths: [], notes: [] });
let way: string = 'left';

const choose = defineStep<{ way: 'left' | 'right' }>({
  id: 'choose',
  title: 'Choose',
  instructions: 'Picks a way.',
  action: readAction({
    id: 'choose',
    title: 'Choose',
    describe: async () => ({ ...(await describeNothing()), outputs: { way: 'left' } }),
    run: async () => ({
      ok: true,
      summary: `way ${way}`,
      // The test writes values no arm names too, as a damaged journal would.
      outputs: { way: way as 'left' | 'right' },
    }),
  }),
});

const ran: string[] = [];
function plain(id: string, opts: { change?: boolean; skip?: string } = {}): StepDef {
  const body = {
    id,
    title: id,
    describe: describeNothing,
    run: async () => {
      ran.push(id);
      return { ok: true, summary: `${id} ran` };
    },
  };
  return {
    id,
    title: id,
    instructions: id,
    ...(opts.skip ? { skipIf: async () => opts.skip! } : {}),
    action: opts.change ? changeAction(body) : readAction(body),
  };
}

const byWay = branch(choose, (o) => o.way, {
  left: 'Left way: not needed.',
  right: 'Right way: not needed.',
});

const fork: WorkflowDef = {
  id: 'fork',
  title: 'Fork',
  description: 'A branch',
  platforms: ['linux', 'darwin', 'win32'],
  windowsOnly: false,
  local: 'required',
  steps: [
    choose,
    ...byWay({ right: [plain('r1')] }),
    plain('common', { change: true }),
    ...byWay({
      left: [plain('l1'), plain('l2', { skip: 'l2 skips itself' })],
      right: [plain('r2')],
    }),
  ],
};

async function run(w: string) {
  way = w;
  ran.length = 0;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-branch-'));
  const out = await startRun(fork, {
    stateDir,
    local: createLocalHost(),
    machine: { kind: 'real' as const, label: 'here' },
    answers: yesProvider,
  });
  expect(out.exitCode, out.message).toBe(0);
  return Object.fromEntries(out.state.steps.map((s) => [s.id, `${s.status}: ${s.summary ?? ''}`]));
}

describe('branch()', () => {
  it('steps stay in run order and name their arm in the summary', () => {
    expect(fork.steps.map((s) => s.id)).toEqual(['choose', 'r1', 'common', 'l1', 'l2', 'r2']);
    expect(summariseWorkflow(fork).steps.map((s) => s.branch?.arm ?? null)).toEqual([
      null,
      'right',
      null,
      'left',
      'left',
      'right',
    ]);
  });

  it('skips the arms not chosen with the chosen arm’s reason; the chosen arm’s own skipIf still holds', async () => {
    const left = await run('left');
    expect(ran).toEqual(['common', 'l1']);
    expect(left.r1).toBe('skipped: Left way: not needed.');
    expect(left.r2).toBe('skipped: Left way: not needed.');
    expect(left.l2).toBe('skipped: l2 skips itself');

    const right = await run('right');
    expect(ran).toEqual(['r1', 'common', 'r2']);
    expect(right.l1).toBe('skipped: Right way: not needed.');
    // Off the branch wins over the step's own reason.
    expect(right.l2).toBe('skipped: Right way: not needed.');
  });

  it('a recorded value no arm names skips nothing: each step decides for itself', async () => {
    await run('sideways');
    expect(ran).toEqual(['r1', 'common', 'l1', 'r2']);
  });

  it('the dry run follows the planned choice, also after a planned change', async () => {
    const plan = await planRun(fork, {
      local: createLocalHost(),
      machine: { kind: 'real' as const, label: 'here' },
      answers: yesProvider,
    });
    const outcome = Object.fromEntries(
      plan.actions.map((a) => [
        a.stepId,
        a.outcome?.kind === 'skipped' ? `skipped: ${a.outcome.reason}` : 'listed',
      ]),
    );
    expect(outcome).toEqual({
      choose: 'listed',
      r1: 'skipped: Left way: not needed.',
      common: 'listed',
      l1: 'listed',
      // After the planned change the machine says nothing: l2's own skipIf is left to the run.
      l2: 'listed',
      r2: 'skipped: Left way: not needed.',
    });
  });
});
