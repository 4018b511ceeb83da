/**
 * The upgrade tool is named for the machine's Windows (rule assistant-by-build): a Windows 11
 * practice machine's run says "Installation Assistant" in the step title, instructions, launch
 * label, done prompt and result, and opens the Windows 11 page; a Windows 10 one says "Update
 * Assistant". Driven through the real engine, host and emulator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine, type ScenarioName } from '../../electron/system/simulated/scenario';
import { resumeRun, startRun, type EngineDeps } from '../../electron/engine/runner';
import { forMachine, summariseWorkflow } from '../../electron/engine/workflow';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { yesProvider } from '../../electron/engine/answers';
import { upgradeAssistantFor } from '../../electron/knowledge/windows';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

/** A practice machine, optionally with its OS replaced (a profile override). */
async function machine(scenario: ScenarioName, osOverride?: { caption: string; version: string }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-assistant-'));
  roots.push(root);
  const dir = path.join(root, 'm');
  await initPracticeMachine(dir, { files: 10, scenario });
  if (osOverride) {
    const f = path.join(dir, 'machine.json');
    const m = JSON.parse(fs.readFileSync(f, 'utf8'));
    m.os = { ...m.os, ...osOverride };
    fs.writeFileSync(f, JSON.stringify(m));
  }
  return { root, dir };
}

async function drive(dir: string, root: string) {
  const deps: EngineDeps = {
    stateDir: path.join(root, 'state'),
    host: createPracticeHost(dir).host,
    machine: { kind: 'practice', label: 'p', dir },
    answers: yesProvider,
  };
  let o = await startRun(windowsUpdateDiskCryptor, deps);
  for (let i = 0; i < 10 && o.exitCode === 3; i++)
    o = await resumeRun(windowsUpdateDiskCryptor, o.state.runId, deps);
  return o;
}

const launched = (dir: string): string[] =>
  JSON.parse(fs.readFileSync(path.join(dir, 'machine.json'), 'utf8')).sim.launched;

describe('the upgrade assistant follows the build', () => {
  it('Windows 11 (build 22631): Installation Assistant, Windows 11 page', async () => {
    const { dir, root } = await machine('diskcryptor-1709', {
      caption: 'Microsoft Windows 11 Pro',
      version: '10.0.22631',
    });
    const o = await drive(dir, root);
    expect(o.exitCode, o.message).toBe(0);
    expect(o.state.windowsBuild).toBe(22631);
    const step = o.state.steps.find((s) => s.id === 'update-assistant')!;
    expect(step.title).toBe('Windows 11 Installation Assistant');
    expect(step.action?.summary).toBe('Opened Windows 11 Installation Assistant.');
    expect(launched(dir)).toContain('update-assistant');

    const worded = summariseWorkflow(forMachine(windowsUpdateDiskCryptor, 22631));
    const s = worded.steps.find((x) => x.id === 'update-assistant')!;
    expect(s.instructions).toContain('run the Installation Assistant');
    expect(s.action?.title).toBe('Open Windows 11 Installation Assistant');
    expect(JSON.stringify(worded)).not.toContain('Update Assistant');
  });

  it('Windows 10 (build 16299): Update Assistant', async () => {
    const { dir, root } = await machine('diskcryptor-1709');
    const o = await drive(dir, root);
    expect(o.exitCode, o.message).toBe(0);
    expect(o.state.windowsBuild).toBe(16299);
    const step = o.state.steps.find((s) => s.id === 'update-assistant')!;
    expect(step.title).toBe('Windows 10 Update Assistant');
    expect(step.action?.summary).toBe('Opened Windows 10 Update Assistant.');
    const worded = forMachine(windowsUpdateDiskCryptor, 16299);
    const s = worded.steps.find((x) => x.id === 'update-assistant')!;
    expect(s.afterQuestions?.[0]?.prompt).toBe('The Update Assistant finished and asks to restart');
    expect(JSON.stringify(summariseWorkflow(worded))).not.toContain('Installation Assistant');
  });

  it('an unreadable build names both, and picks the page by build', () => {
    const s = forMachine(windowsUpdateDiskCryptor, null).steps.find(
      (x) => x.id === 'update-assistant',
    )!;
    expect(s.title).toMatch(/Update Assistant \(Windows 10\) or Installation Assistant/);
    expect(upgradeAssistantFor(22000).url).toBe(
      'https://www.microsoft.com/software-download/windows11',
    );
    expect(upgradeAssistantFor(19045).url).toBe(
      'https://www.microsoft.com/software-download/windows10',
    );
  });

  it('on Windows 11 the Windows 10 Update Assistant stages nothing (the emulator enforces it)', async () => {
    const { dir } = await machine('diskcryptor-1709', {
      caption: 'Microsoft Windows 11 Pro',
      version: '10.0.22631',
    });
    const f = path.join(dir, 'machine.json');
    const m = JSON.parse(fs.readFileSync(f, 'utf8'));
    m.pendingFeatureUpdate.staged = false;
    fs.writeFileSync(f, JSON.stringify(m));
    const { runner } = createPracticeHost(dir);
    await runner.run('explorer.exe', [upgradeAssistantFor(19045).url], { timeoutMs: 5_000 });
    expect(JSON.parse(fs.readFileSync(f, 'utf8')).pendingFeatureUpdate.staged).toBe(false);
    await runner.run('explorer.exe', [upgradeAssistantFor(22631).url], { timeoutMs: 5_000 });
    expect(JSON.parse(fs.readFileSync(f, 'utf8')).pendingFeatureUpdate.staged).toBe(true);
  });
});

describe('the dry run', () => {
  it('names the step for the machine too', async () => {
    const { planRun } = await import('../../electron/engine/runner');
    const { dir } = await machine('diskcryptor-1709', {
      caption: 'Microsoft Windows 11 Pro',
      version: '10.0.22631',
    });
    const plan = await planRun(windowsUpdateDiskCryptor, {
      host: createPracticeHost(dir).host,
      machine: { kind: 'practice', label: 'p', dir },
      answers: yesProvider,
    });
    const a = plan.actions.find((x) => x.stepId === 'update-assistant');
    expect(a?.title).toBe('Open Windows 11 Installation Assistant');
  });
});
