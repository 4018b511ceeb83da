import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun, type EngineDeps } from '../../electron/engine/runner';
import { yesProvider } from '../../electron/engine/answers';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { countFiles, tempDir } from '../helpers/cli';

describe('cancel during the clear', () => {
  it('stops the clear, keeps the run resumable, and resume finishes the clear', async () => {
    const root = tempDir();
    const machineDir = path.join(root, 'm');
    await initPracticeMachine(machineDir, { files: 20_000 });
    const sd = path.join(machineDir, 'C', 'Windows', 'SoftwareDistribution');
    const controller = new AbortController();
    let progressEvents = 0;
    const deps: EngineDeps = {
      stateDir: path.join(root, 'state'),
      host: createPracticeHost(machineDir).host,
      machine: { kind: 'practice', label: 'p', dir: machineDir },
      answers: yesProvider,
      signal: controller.signal,
      onProgress(p) {
        progressEvents++;
        expect(p.stepId).toBe('clear-softwaredistribution');
        expect(p.total).toBe(20_000);
        if (p.done > 0) controller.abort();
      },
    };
    const first = await startRun(windowsUpdateDiskCryptor, deps);
    expect(progressEvents).toBeGreaterThan(0);
    expect(first.exitCode).toBe(130); // cancelled: its own code, not "waiting for an answer"
    expect(first.message).toMatch(/Cancelled/);
    const step = first.state.steps.find((s) => s.id === 'clear-softwaredistribution')!;
    expect(step.action!.ok).toBe(false);
    const left = countFiles(sd);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(20_000);

    const again = await resumeRun(windowsUpdateDiskCryptor, first.state.runId, {
      ...deps,
      signal: new AbortController().signal,
      onProgress: undefined,
    });
    expect(again.exitCode).toBe(3);
    expect(fs.readdirSync(sd)).toEqual([]);
    const cleared = again.state.steps.find((s) => s.id === 'clear-softwaredistribution')!;
    expect(cleared.status).toBe('done');
    expect(cleared.after.find((c) => c.id === 'softwaredistribution-empty')!.status).toBe('pass');
  });
});
