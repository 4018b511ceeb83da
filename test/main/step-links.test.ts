/**
 * Links live on the step definitions (the renderer knows no step ids) and are worded for the
 * machine's build. Every one of them must be a page the main process agrees to open, or the
 * button would do nothing: this keeps the definitions and external.ts's allow list in step.
 */
import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../electron/main/external';
import { forMachine, summariseWorkflow } from '../../electron/engine/workflow';
import { workflows, getWorkflow } from '../../electron/workflows';

const BUILDS = [null, 19045, 22631];

describe('step links', () => {
  it('every link of every workflow, for every build, is a page main opens', () => {
    let count = 0;
    for (const w of workflows)
      for (const build of BUILDS)
        for (const s of summariseWorkflow(forMachine(w, build)).steps)
          for (const l of s.links ?? []) {
            count++;
            expect(allowedExternalUrl(l.url), `${w.id}/${s.id}: ${l.url}`).toBe(l.url);
            expect(l.label.length, `${w.id}/${s.id}`).toBeGreaterThan(0);
          }
    expect(count).toBeGreaterThan(0);
  });

  it('the assistant step links the page of the run’s Windows; both when the build is unknown', () => {
    const links = (build: number | null) =>
      summariseWorkflow(forMachine(getWorkflow('windows-update-diskcryptor'), build))
        .steps.find((s) => s.id === 'update-assistant')!
        .links!.map((l) => l.url);
    expect(links(22631)).toEqual(['https://www.microsoft.com/software-download/windows11']);
    expect(links(19045)).toEqual(['https://www.microsoft.com/software-download/windows10']);
    expect(links(null)).toEqual([
      'https://www.microsoft.com/software-download/windows10',
      'https://www.microsoft.com/software-download/windows11',
    ]);
  });

  it('the record and reinstall steps link DiskCryptor’s releases', () => {
    const steps = summariseWorkflow(getWorkflow('windows-update-diskcryptor')).steps;
    for (const id of ['record-version', 'reinstall-diskcryptor'])
      expect(
        steps.find((s) => s.id === id)!.links!.map((l) => l.url),
        id,
      ).toEqual(['https://github.com/DavidXanatos/DiskCryptor/releases']);
  });
});
