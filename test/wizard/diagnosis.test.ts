/**
 * Diagnosis first: one verdict above the checks, with its evidence, the route and why, and what
 * the job takes — the same for a practice machine and a diagnostics bundle. "Installed" and
 * "driver running" are the cause, never a green pass.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosisSchema } from '../../shared/diagnosis';
import { tempDir, wsops } from '../helpers/cli';

const WF = 'windows-update-diskcryptor';

function check(scenario: string) {
  const root = tempDir();
  const machine = path.join(root, 'pc');
  expect(wsops(['practice', 'init', machine, '--files', '5', '--scenario', scenario]).code).toBe(0);
  const json = wsops(['check', WF, '--machine', machine, '--json']);
  const text = wsops(['check', WF, '--machine', machine]);
  return { d: DiagnosisSchema.parse(JSON.parse(json.stdout).diagnosis), text: text.stdout };
}

describe('the diagnosis verdict', () => {
  it('1709: DiskCryptor is the cause, with the blue screens since their first date; uninstall route', () => {
    const { d, text } = check('diskcryptor-1709');
    expect(d.kind).toBe('cause-found');
    expect(d.headline).toBe(
      "Feature updates fail because DiskCryptor's driver is installed: 2 MEMORY_MANAGEMENT blue screens since 2018-06-02.",
    );
    expect(d.route).toMatchObject({ id: 'uninstall' });
    expect(d.route.why).toContain('DiskCryptor 1.1 predates ReflectDrivers');
    expect(d.takes.restarts).toBeGreaterThanOrEqual(3);
    expect(d.takes.haveReady.join(' ')).toMatch(/installer/);
    expect(d.causes).toEqual(['diskcryptor-installed', 'dcrypt-driver']);
    // The verdict comes before the checks, and the cause is not shown as a pass.
    expect(text.indexOf('Diagnosis:')).toBeLessThan(text.indexOf('Checks:'));
    expect(text).toMatch(/✘ cause DiskCryptor installed/);
    expect(text).not.toMatch(/✔ DiskCryptor installed/);
  });

  it('modern: ReflectDrivers is valid, so DiskCryptor can stay (in-place), nothing is blamed', () => {
    const { d } = check('diskcryptor-modern');
    expect(d.route.id).toBe('in-place');
    expect(d.headline).toMatch(/carries its driver through feature updates/);
    expect(d.causes).toEqual([]);
    expect(d.takes.restarts).toBeLessThan(4);
  });

  it('encrypted boot: the cause is named and the fix is blocked until the volume is decrypted', () => {
    const { d } = check('diskcryptor-encrypted-boot');
    expect(d.kind).toBe('blocked');
    expect(d.route.id).toBe('none');
    expect(d.route.why).toMatch(/decrypt it in DiskCryptor first/);
  });

  it('no DiskCryptor: says so and offers the Windows Update reset', () => {
    const { d, text } = check('bitlocker-11');
    expect(d.kind).toBe('no-diskcryptor');
    expect(d.offer?.workflowId).toBe('windows-update-reset');
    expect(text).toContain('run windows-update-reset');
  });

  it('a diagnostics bundle gets the same verdict', () => {
    const bundle = path.join('test', 'fixtures', 'bundles', 'diskcryptor-1709');
    const r = wsops(['check', WF, '--bundle', bundle, '--json']);
    const d = DiagnosisSchema.parse(JSON.parse(r.stdout).diagnosis);
    expect(d.kind).toBe('cause-found');
    expect(d.route.id).toBe('uninstall');
  });
});
