/**
 * A declined administrator prompt becomes "blocked" in one place, the engine: an action that
 * reports `declined: true` and a host call that throws the helper's ElevationDeclinedError both
 * stop the run as blocked (exit 1), resumable, with the action's words. On a small workflow of
 * the engine's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeAction, type StepDef, type WorkflowDef } from '../../electron/engine/workflow';
import { startRun } from '../../electron/engine/runner';
import { createLocalHost } from '../../electron/system/local/host';
import { yesProvider } from '../../electron/engine/answers';
import { ElevationDeclinedError } from '../../electron/system/windows/elevated-parent';

const describeNothing = async () => ({ commands: [], paths: [], notes: [] });

function oneStep(run: () => Promise<{ ok: boolean; summary: string; declined?: boolean }>) {
  const step: StepDef = {
    id: 'admin',
    title: 'Admin',
    instructions: 'Needs the prompt.',
    action: changeAction({
      id: 'admin',
      title: 'Do the admin thing',
      describe: describeNothing,
      run,
    }),
  };
  const w: WorkflowDef = {
    id: 'declines',
    title: 'Declines',
    description: '',
    platforms: ['linux', 'darwin', 'win32'],
    windowsOnly: false,
    local: 'required',
    steps: [step],
  };
  return startRun(w, {
    stateDir: fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-declined-')),
    local: createLocalHost(),
    machine: { kind: 'real' as const, label: 'here' },
    answers: yesProvider,
  });
}

describe('a declined prompt', () => {
  it('reported by the action blocks the step, and says resume asks again', async () => {
    const out = await oneStep(async () => ({
      ok: false,
      declined: true,
      summary: 'The administrator prompt was declined: nothing changed.',
    }));
    expect(out.exitCode).toBe(1);
    const s = out.state.steps[0]!;
    expect(s.status).toBe('blocked');
    expect(s.summary).toBe(
      'The administrator prompt was declined: nothing changed. Resume to try again.',
    );
  });

  it('thrown by the host (the elevated helper) blocks it too, not "failed"', async () => {
    const out = await oneStep(async () => {
      throw new ElevationDeclinedError();
    });
    expect(out.exitCode).toBe(1);
    const s = out.state.steps[0]!;
    expect(s.status).toBe('blocked');
    expect(s.summary).toMatch(/^Do the admin thing: The administrator prompt was declined/);
  });

  it('any other error still fails the step', async () => {
    const out = await oneStep(async () => {
      throw new Error('disk on fire');
    });
    expect(out.state.steps[0]!.status).toBe('failed');
    expect(out.state.steps[0]!.summary).toBe('Do the admin thing failed: disk on fire');
  });
});
