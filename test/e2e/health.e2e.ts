/**
 * Home's "this computer at a glance" in Chromium, through the real handler table: it reads this
 * machine (systeminformation on Linux), shows the OS, power, a row per disk with its health and
 * the system volume's free space, and refreshes without blocking the page. Screenshot under
 * test-results/screenshots-health/home-glance.png; axe-core has no serious/critical findings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startHarness, type Harness } from './harness';
import { createLocalHost } from '../../electron/system/local/host';

// Its own folder: the walkthrough empties test-results/screenshots when it starts.
const SHOTS = path.join(ROOT, 'test-results', 'screenshots-health');
let h: Harness;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-e2e-health-'));
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({
    stateDir: path.join(tmp, 'state'),
    practiceRoot: path.join(tmp, 'practice'),
    exportDir: path.join(tmp, 'exports'),
  });
});

afterAll(async () => {
  await h?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Home: this computer at a glance', () => {
  it('shows OS, power, disks with health and free space from a real reading, and refreshes', async () => {
    const real = await createLocalHost().health();
    await h.page.goto(h.url);
    const panel = h.page.locator('section.glance');
    await panel.locator('.glance-os').waitFor({ timeout: 30_000 });
    expect(await panel.locator('.glance-os').textContent()).toContain(real.os.name ?? '');
    const rows = panel.locator('.glance-row');
    const texts = await rows.allTextContents();
    expect(texts.some((t) => t.includes('Power'))).toBe(true);
    expect(texts.filter((t) => t.includes('Disk')).length).toBe(real.disks?.length || 1);
    expect(texts.some((t) => t.includes('System') && t.includes('/') && t.includes('free'))).toBe(
      true,
    );
    await h.page.screenshot({ path: path.join(SHOTS, 'home-glance.png'), fullPage: true });
    const axe = await new AxeBuilder({ page: h.page })
      .include('section.glance')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id),
    ).toEqual([]);

    const before = h.calls.filter((c) => c.channel === 'health:this-computer').length;
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await panel.getByRole('button', { name: 'Refresh' }).waitFor();
    expect(h.calls.filter((c) => c.channel === 'health:this-computer').length).toBe(before + 1);
    // The rest of Home is there and usable while the panel reads.
    await h.page.getByRole('heading', { name: 'What do you want to fix?' }).waitFor();
  });
});
