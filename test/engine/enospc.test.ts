/**
 * A full disk while the journal is written: the run stops with a clear message, nothing recorded
 * is lost, and once space is back `resume` finishes the run. The ENOSPC is real: the journal is
 * swapped for a link to /dev/full, where every write fails with ENOSPC.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun, type EngineDeps } from '../../electron/engine/runner';
import { yesProvider } from '../../electron/engine/answers';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { tempDir } from '../helpers/cli';

describe.skipIf(!fs.existsSync('/dev/full'))('journal on a full disk', () => {
  it('stops with a clear message and resumes after space is freed', async () => {
    const root = tempDir();
    const machineDir = path.join(root, 'm');
    await initPracticeMachine(machineDir, { files: 50 });
    const host = createPracticeHost(machineDir).host;
    let journal = '';
    let swapped = false;
    const deps: EngineDeps = {
      stateDir: path.join(root, 'state'),
      host,
      machine: { kind: 'practice', label: 'p', dir: machineDir },
      answers: yesProvider,
      onRecord(record, state) {
        journal = path.join(root, 'state', 'runs', state.runId, 'journal.ndjson');
        if (!swapped && record.type === 'step-finished' && record.stepId === 'backup') {
          swapped = true;
          fs.renameSync(journal, `${journal}.real`);
          fs.symlinkSync('/dev/full', journal);
        }
      },
    };
    const first = await startRun(windowsUpdateDiskCryptor, deps);
    expect(first.exitCode).toBe(1);
    expect(first.message).toMatch(
      /The disk is full: cannot write the run log .*journal\.ndjson\. Free some space, then resume\./,
    );
    // Nothing destructive ran after the log stopped working.
    await expect(host.programs()).resolves.toHaveLength(1);

    fs.unlinkSync(journal);
    fs.renameSync(`${journal}.real`, journal);
    let outcome = await resumeRun(windowsUpdateDiskCryptor, first.state.runId, {
      ...deps,
      onRecord: undefined,
    });
    for (let i = 0; i < 10 && outcome.exitCode === 3; i++) {
      outcome = await resumeRun(windowsUpdateDiskCryptor, first.state.runId, {
        ...deps,
        onRecord: undefined,
      });
    }
    expect(outcome.exitCode, outcome.message).toBe(0);
    expect(outcome.state.steps.find((s) => s.id === 'backup')!.status).toBe('done');
  });
});
