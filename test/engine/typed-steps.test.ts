/**
 * Typed step outputs and action presets, on a small workflow of the engine's own (not the
 * flagship): a later step reads an earlier one's outputs by its definition, and they survive a
 * resume because they come from the journal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  changeAction,
  defineStep,
  destructiveAction,
  readAction,
  rebootAction,
  summariseWorkflow,
  type WorkflowDef,
} from '../../electron/engine/workflow';
import { startRun } from '../../electron/engine/runner';
import { createLocalHost } from '../../electron/system/local/host';
import { yesProvider } from '../../electron/engine/answers';

const describeNothing = async () => ({ commands: [], paths: [], notes: [] });

const count = defineStep<{ n: number; label: string }>({
  id: 'count',
  title: 'Count',
  instructions: 'Counts.',
  action: readAction({
    id: 'count',
    title: 'Count',
    describe: describeNothing,
    run: async () => ({ ok: true, summary: 'counted', outputs: { n: 41, label: 'answer' } }),
  }),
});

let seen: number | undefined;
const use = defineStep<{ doubled: number }>({
  id: 'use',
  title: 'Use',
  instructions: 'Uses the count.',
  action: changeAction(
    {
      id: 'use',
      title: 'Use',
      describe: describeNothing,
      async run(ctx) {
        const o = ctx.outputOf(count);
        seen = o?.n;
        return {
          ok: true,
          summary: `${o?.label}: ${(o?.n ?? 0) + 1}`,
          outputs: { doubled: 2 * (o?.n ?? 0) },
        };
      },
    },
    { needsAdmin: false },
  ),
});

const tiny: WorkflowDef = {
  id: 'tiny',
  title: 'Tiny',
  description: 'Two steps',
  platforms: ['linux', 'darwin', 'win32'],
  windowsOnly: false,
  local: 'required',
  steps: [count, use],
};

describe('typed steps', () => {
  it('presets set the four flags by kind of change', () => {
    const body = {
      id: 'a',
      title: 'A',
      describe: describeNothing,
      run: async () => ({ ok: true, summary: '' }),
    };
    expect(readAction(body)).toMatchObject({
      destructive: false,
      needsAdmin: false,
      reversible: true,
      reboot: false,
    });
    expect(changeAction(body)).toMatchObject({
      destructive: false,
      needsAdmin: true,
      reversible: true,
      reboot: false,
    });
    expect(destructiveAction(body)).toMatchObject({
      destructive: true,
      needsAdmin: true,
      reversible: false,
      reboot: false,
    });
    expect(rebootAction(body)).toMatchObject({
      destructive: false,
      reversible: true,
      reboot: true,
    });
    expect(summariseWorkflow(tiny).steps.map((s) => s.action?.needsAdmin)).toEqual([false, false]);
  });

  it('a later step reads an earlier step’s outputs through its definition, from the journal', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-typed-'));
    const deps = {
      stateDir,
      local: createLocalHost(),
      machine: { kind: 'real' as const, label: 'here' },
      answers: yesProvider,
    };
    seen = undefined;
    const first = await startRun(tiny, deps);
    expect(first.exitCode, first.message).toBe(0);
    expect(seen).toBe(41);
    const use_ = first.state.steps.find((s) => s.id === 'use')!;
    expect(use_.action?.summary).toBe('answer: 42');
    expect(use_.action?.outputs).toEqual({ doubled: 82 });
    // The outputs are in the journal (what a resume folds), not only in memory.
    const journal = fs.readFileSync(
      path.join(stateDir, 'runs', first.state.runId, 'journal.ndjson'),
      'utf8',
    );
    expect(journal).toContain('"doubled":82');
  });
});
