/**
 * Browse… next to a path question, in Chromium through the real handler table: the (harness)
 * dialog "picks" a folder inside the practice machine, the field shows its Windows path; a pick
 * outside the machine is refused with one line and leaves the field as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startHarness, type Harness } from './harness';

let h: Harness;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-e2e-pick-'));
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

async function machineDir(): Promise<string> {
  const list = (await (
    h.table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>
  )['runs:list']!({})) as { runs: { machine: { dir?: string } }[] };
  return list.runs[0]!.machine.dir!;
}

describe('Browse… for path questions', () => {
  it('fills the field with the picked folder as the practice machine names it', async () => {
    const { page } = h;
    await page.goto(h.url);
    const card = page.locator('.workflow-card', {
      hasText: 'Fix feature updates blocked by DiskCryptor',
    });
    await card.getByRole('button', { name: 'Practice on a simulated PC' }).click();
    await page.getByRole('radio', { name: /^diskcryptor-1709 / }).check();
    await page.getByLabel(/Files in its update cache/).fill('50');
    await page.getByRole('button', { name: 'Create practice machine' }).click();
    await page.locator('.screen.preflight .checks .check').first().waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Start the workflow' }).click();

    // Go through the forms before the backup step (confirmations only) to the first path field.
    const browse = page.getByRole('button', { name: 'Browse for Folder you backed up (optional)' });
    for (let i = 0; i < 10 && !(await browse.count()); i++) {
      const form = page.locator('form.question-form');
      await form.waitFor({ timeout: 30_000 });
      if (await browse.count()) break;
      for (const box of await form.locator('input[type="checkbox"]').all()) await box.check();
      const key = await page.locator('[data-interaction]').getAttribute('data-key');
      await form.locator('button[type="submit"]').click();
      await page.waitForSelector(`[data-key="${key}"]`, { state: 'detached', timeout: 30_000 });
    }
    const field = page.getByLabel(/^Folder you backed up/);
    await expect.poll(() => browse.count()).toBe(1);

    const dir = await machineDir();
    h.dialogs.pickPath = path.join(dir, 'C', 'Users', 'dev', 'Documents');
    await browse.click();
    await expect.poll(() => field.inputValue()).toBe('C:\\Users\\dev\\Documents');
    expect(h.dialogs.asked.at(-1)).toEqual({
      kind: 'folder',
      title: 'Folder you backed up (optional)',
      defaultPath: dir,
    });
    fs.mkdirSync(path.join(ROOT, 'test-results', 'screenshots'), { recursive: true });
    await page.screenshot({
      path: path.join(ROOT, 'test-results', 'screenshots', 'pick-path.png'),
      fullPage: true,
    });

    // Browsing again starts from what the field says; a pick off the practice machine is refused.
    h.dialogs.pickPath = tmp;
    await browse.click();
    await expect
      .poll(() => page.locator('main > .alert').textContent())
      .toContain('is not on the practice machine');
    expect(h.dialogs.asked.at(-1)?.defaultPath).toBe(
      path.join(dir, 'C', 'Users', 'dev', 'Documents'),
    );
    expect(await field.inputValue()).toBe('C:\\Users\\dev\\Documents');

    // Cancel leaves it too.
    h.dialogs.pickPath = null;
    await browse.click();
    await expect.poll(() => h.dialogs.asked.length).toBe(3);
    expect(await field.inputValue()).toBe('C:\\Users\\dev\\Documents');
  });

  it('makes, edits and removes a backup reminder on Home, folders picked with Browse…', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('heading', { name: 'Backup reminders' }).waitFor();
    await page.getByRole('button', { name: 'Add a reminder' }).click();
    const form = page.getByRole('form', { name: 'New backup reminder' });
    const source = path.join(tmp, 'docs');
    h.dialogs.pickPath = source;
    await form.getByRole('button', { name: 'Browse for Folder that is backed up' }).click();
    await expect
      .poll(() => form.getByLabel('Folder that is backed up', { exact: true }).inputValue())
      .toBe(source);
    expect(h.dialogs.asked.at(-1)).toEqual({ kind: 'folder', title: 'Folder that is backed up' });
    await form
      .getByLabel('Folder that holds its backup', { exact: true })
      .fill(path.join(tmp, 'backup'));
    await form.getByLabel('Remind me every (days)').fill('10');
    await form.getByLabel(/Backup drive/).fill('BACKUP');
    await page.screenshot({
      path: path.join(ROOT, 'test-results', 'screenshots', 'reminder-form.png'),
      fullPage: true,
    });
    await form.getByRole('button', { name: 'Add reminder' }).click();
    const row = page.locator('.reminder-row', { hasText: source });
    await expect.poll(() => row.textContent()).toContain('every 10 days');
    expect(await row.textContent()).toContain('BACKUP');

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit the reminder' });
    await edit.getByLabel('Remind me every (days)').fill('30');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => row.textContent()).toContain('every 30 days');
    await page.screenshot({
      path: path.join(ROOT, 'test-results', 'screenshots', 'reminder-row.png'),
      fullPage: true,
    });

    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Remove it' }).click();
    await expect.poll(() => page.locator('.reminder-row').count()).toBe(0);
  });
});
