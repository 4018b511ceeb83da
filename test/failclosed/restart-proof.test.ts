/**
 * Issue 10 point 13: when the boot time cannot be read after a restart step (the emulator's
 * Win32_OperatingSystem query fails from the next boot on, as when WMI is not ready at logon),
 * the run asks "Did the PC restart?" instead of restarting the PC again, `--yes` never answers
 * for the person, "yes" continues, and "no" restarts again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { resumeRun, startRun, type EngineDeps } from '../../electron/engine/runner';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { chainProviders, yesProvider, type AnswerProvider } from '../../electron/engine/answers';
import { restartQuestionId } from '../../electron/engine/workflow';
import { ExitCode } from '../../shared/model';

const WF = windowsUpdateDiskCryptor;

async function pausedAfterFirstRestart() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-restart-'));
  const dir = path.join(root, 'm');
  await initPracticeMachine(dir, { files: 20 });
  const file = path.join(dir, 'machine.json');
  const machine = () => JSON.parse(fs.readFileSync(file, 'utf8'));
  const deps = (answers: AnswerProvider): EngineDeps => ({
    stateDir: path.join(root, 'state'),
    // A new host per invocation, as a new wsops process after the restart would have.
    host: createPracticeHost(dir).host,
    machine: { kind: 'practice', label: 'p', dir },
    answers,
  });
  const first = await startRun(WF, deps(yesProvider));
  expect(first.exitCode, first.message).toBe(ExitCode.rebootPending);
  const stepId = first.state.pause!.stepId;
  // The boot the machine is in now (it restarted at once) can no longer tell its boot time.
  const m = machine();
  m.behaviours.osQueryFailsFromBoot = m.boot.count;
  fs.writeFileSync(file, JSON.stringify(m));
  return {
    runId: first.state.runId,
    stepId,
    deps,
    bootCount: () => machine().boot.count as number,
  };
}

const answering = (id: string, value: boolean): AnswerProvider =>
  chainProviders(
    { ask: async (q) => (q.id === id ? { value, source: 'prompt' } : undefined) },
    yesProvider,
  );

describe('restart proof when the boot time cannot be read', () => {
  it('asks instead of restarting again; --yes does not answer; "yes" continues', async () => {
    const { runId, stepId, deps, bootCount } = await pausedAfterFirstRestart();
    const boots = bootCount();

    const asked = await resumeRun(WF, runId, deps(yesProvider));
    expect(asked.exitCode, asked.message).toBe(ExitCode.waitingAnswer);
    expect(asked.state.pause?.questions.map((q) => q.id)).toEqual([restartQuestionId(stepId)]);
    expect(asked.message).toMatch(/cannot tell whether the PC restarted/);
    expect(bootCount()).toBe(boots);

    const yes = await resumeRun(WF, runId, deps(answering(restartQuestionId(stepId), true)));
    const step = yes.state.steps.find((s) => s.id === stepId)!;
    expect(step.status).toBe('done');
    expect(step.reboot?.bootAfter).toMatch(/you said the PC restarted/);
    // The run went on to later steps: it is no longer waiting on this one.
    expect(yes.state.pause?.stepId).not.toBe(stepId);
    // The answer was used once: it is not kept for a later restart of the same step.
    expect(yes.state.answers[restartQuestionId(stepId)]).toBeUndefined();
  });

  it('"no" restarts the PC again, and asks again after that restart', async () => {
    const { runId, stepId, deps, bootCount } = await pausedAfterFirstRestart();
    const boots = bootCount();
    const no = await resumeRun(WF, runId, deps(answering(restartQuestionId(stepId), false)));
    expect(no.exitCode, no.message).toBe(ExitCode.rebootPending);
    expect(no.message).toMatch(/You said the PC did not restart/);
    expect(bootCount()).toBe(boots + 1);
    const again = await resumeRun(WF, runId, deps(yesProvider));
    expect(again.exitCode).toBe(ExitCode.waitingAnswer);
    expect(again.state.pause?.questions[0]?.id).toBe(restartQuestionId(stepId));
    expect(bootCount()).toBe(boots + 1);
  });
});
