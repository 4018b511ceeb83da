/** The dry run follows the route and the blocks the run would meet; it never promises an uninstall the run would not do. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wsops } from '../helpers/cli';

function dryRun(scenario: string) {
  const machine = path.join(tempDir(), 'pc');
  expect(wsops(['practice', 'init', machine, '--files', '5', '--scenario', scenario]).code).toBe(0);
  const r = wsops(['run', 'windows-update-diskcryptor', '--machine', machine, '--dry-run']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('wsops run --dry-run follows the run', () => {
  it('1709 (uninstall route): would uninstall DiskCryptor 1.1', () => {
    expect(dryRun('diskcryptor-1709')).toContain('Would uninstall DiskCryptor 1.1');
  });

  it('modern (in-place route): the uninstall is skipped, never "would uninstall"', () => {
    const out = dryRun('diskcryptor-modern');
    expect(out).not.toContain('Would uninstall');
    expect(out).toMatch(/• Uninstall DiskCryptor — skipped: In-place route/);
    // The route holds after the stop and clear the plan lists before it (a branch is decided by
    // the recorded route, not by the machine): no reinstall is promised on the in-place route.
    expect(out).toMatch(/• Reinstall .* — skipped: In-place route/);
  });

  it('encrypted boot: the uninstall is blocked and the plan stops there', () => {
    const out = dryRun('diskcryptor-encrypted-boot');
    expect(out).not.toContain('Would uninstall');
    expect(out).toMatch(/• Uninstall DiskCryptor — blocked: .*encrypted by DiskCryptor/);
    expect(out.slice(out.indexOf('— blocked:'))).not.toContain('• ');
  });
});
