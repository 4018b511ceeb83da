/**
 * The wizard at every screen size, clicked (not keyboard-driven) through the whole flagship: an
 * 800×600 window and the same window at 200% zoom (400×300 CSS pixels at device scale 2). A
 * Playwright click fails when another element would receive it — exactly what the sticky step
 * list covering the Continue button did. Also: the diagnosis panel on four scenarios, and a run
 * stuck on a bad backup answer rescued by answering again. Screenshots go to
 * test-results/screenshots/sizes/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, startHarness, type Harness } from './harness';

const SHOTS = path.join(ROOT, 'test-results', 'screenshots', 'sizes');
const WF_CARD = 'Fix feature updates blocked by DiskCryptor';
const open: { h: Harness; tmp: string }[] = [];

afterAll(async () => {
  for (const o of open) {
    await o.h.close();
    fs.rmSync(o.tmp, { recursive: true, force: true });
  }
});

async function harness(viewport: { width: number; height: number }, deviceScaleFactor = 1) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-e2e-sizes-'));
  const h = await startHarness({
    stateDir: path.join(tmp, 'state'),
    practiceRoot: path.join(tmp, 'practice'),
    exportDir: path.join(tmp, 'exports'),
    viewport,
    deviceScaleFactor,
  });
  open.push({ h, tmp });
  fs.mkdirSync(SHOTS, { recursive: true });
  return h;
}

async function settle(h: Harness) {
  await h.page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
  );
}

async function shot(h: Harness, name: string, dark = false) {
  await h.page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await settle(h);
  await h.page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await h.page.emulateMedia({ colorScheme: 'light' });
}

async function practicePreflight(h: Harness, scenario: string, files = 200) {
  const { page } = h;
  await page.goto(h.url);
  const card = page.locator('.workflow-card', { hasText: WF_CARD });
  await card.getByRole('button', { name: 'Practice on a simulated PC' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${scenario} `) }).check();
  await page.getByLabel(/Files in its update cache/).fill(String(files));
  await page.getByRole('button', { name: 'Create practice machine' }).click();
  await page.locator('.screen.preflight .diagnosis').waitFor({ timeout: 120_000 });
}

async function machineDir(h: Harness): Promise<string> {
  const call = h.table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>;
  const list = (await call['runs:list']!({})) as { runs: { machine: { dir?: string } }[] };
  return list.runs[0]!.machine.dir!;
}

/** The element at the centre of `selector` is the element itself (nothing covers it). */
async function uncovered(h: Harness, selector: string): Promise<boolean> {
  return h.page
    .locator(selector)
    .first()
    .evaluate((el) => {
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && (hit === el || el.contains(hit));
    });
}

/** Clicks through the wizard to the finish screen; `onForm` may answer a form itself. */
async function clickThrough(
  h: Harness,
  name: string,
  onForm?: (title: string) => Promise<boolean>,
): Promise<{ restarts: number; forms: number; currentVisible: boolean[] }> {
  const { page } = h;
  const out = { restarts: 0, forms: 0, currentVisible: [] as boolean[] };
  for (let guard = 0; guard < 90; guard++) {
    const el = await page.waitForSelector(
      '.screen.finish, [data-interaction="form"], [data-interaction="reboot"], [data-interaction="paused"], [data-interaction="stopped"], main > .alert',
      { timeout: 120_000 },
    );
    if (await el.evaluate((e) => e.matches('main > .alert')))
      throw new Error(`the app shows an error: ${await el.textContent()}`);
    if (await el.evaluate((e) => e.classList.contains('finish'))) return out;
    const kind = await el.getAttribute('data-interaction');
    const key = await el.getAttribute('data-key');
    const title = ((await page.locator('#step-title').textContent()) ?? '').trim();
    // The step list shows the current step (it follows the run).
    out.currentVisible.push(
      await page.evaluate(() => {
        const nav = document.querySelector('nav.steps');
        const cur = nav?.querySelector('[aria-current="step"]');
        if (!nav || !cur) return true;
        const a = nav.getBoundingClientRect();
        const b = cur.getBoundingClientRect();
        return b.top >= a.top - 1 && b.bottom <= a.bottom + 1;
      }),
    );
    if (kind === 'stopped')
      throw new Error(
        `stopped at "${title}": ${await page.locator('.callout-fail').textContent()}`,
      );
    if (kind === 'form') {
      out.forms++;
      if (out.forms === 1) await shot(h, `${name}-first-form`);
      if (!(onForm && (await onForm(title)))) {
        const form = page.locator('form.question-form');
        for (const box of await form.locator('input[type="checkbox"]').all()) await box.check();
        const typed = form.locator('.typed-confirm input');
        if (await typed.count()) {
          await typed.fill((await form.locator('.phrase').textContent())!.trim());
          await shot(h, `${name}-typed`);
        }
        expect(await uncovered(h, 'form.question-form button[type="submit"]'), title).toBe(true);
        await form.locator('button[type="submit"]').click();
      }
    } else if (kind === 'reboot') {
      out.restarts++;
      if (out.restarts === 4) await shot(h, `${name}-step-late`, true);
      await page
        .locator('.reboot-panel')
        .getByRole('button', { name: /continue/i })
        .click();
    } else {
      await page
        .locator('[data-interaction="paused"]')
        .getByRole('button', { name: 'Continue' })
        .click();
    }
    await page.waitForSelector(`[data-key="${key}"]`, { state: 'detached', timeout: 120_000 });
  }
  throw new Error('the wizard did not finish in 90 interactions');
}

describe('the wizard at every screen size', () => {
  for (const [name, viewport, scale] of [
    ['800x600', { width: 800, height: 600 }, 1],
    ['800x600-zoom200', { width: 400, height: 300 }, 2],
  ] as const) {
    it(`clicks Continue through the whole flagship at ${name}`, async () => {
      const h = await harness(viewport, scale);
      await practicePreflight(h, 'diskcryptor-1709');
      await shot(h, `${name}-preflight`);
      await h.page.getByRole('button', { name: 'Start the workflow' }).click();
      const r = await clickThrough(h, name);
      expect(r.restarts).toBeGreaterThanOrEqual(4);
      expect(r.currentVisible.every(Boolean)).toBe(true);
      await shot(h, `${name}-finish`, true);
      // The window never scrolls sideways at this size.
      expect(
        await h.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
      ).toBe(true);
    }, 600_000);
  }
});

describe('the diagnosis panel', () => {
  it('names the cause, the route and what it takes on four scenarios', async () => {
    const h = await harness({ width: 1000, height: 800 });
    const want: Record<string, RegExp> = {
      'diskcryptor-1709':
        /Feature updates fail because DiskCryptor's driver is installed: 2 MEMORY_MANAGEMENT blue screens since 2018-06-02/,
      'diskcryptor-modern': /carries its driver through feature updates/,
      'diskcryptor-encrypted-boot': /cannot be uninstalled yet/,
      'bitlocker-11': /DiskCryptor is not installed/,
    };
    for (const [scenario, headline] of Object.entries(want)) {
      await practicePreflight(h, scenario, 20);
      const panel = h.page.locator('.diagnosis');
      expect(await panel.locator('.diagnosis-headline').textContent()).toMatch(headline);
      if (scenario === 'diskcryptor-1709') {
        expect(await panel.textContent()).toContain('DiskCryptor 1.1 predates ReflectDrivers');
        // The cause is a "Cause", not a green "Pass".
        const row = h.page.locator('.check', { hasText: 'DiskCryptor installed' });
        expect(await row.locator('.badge').textContent()).toBe('Cause');
      }
      if (scenario === 'bitlocker-11')
        expect(
          await panel.getByRole('button', { name: 'Open the Windows Update reset' }).count(),
        ).toBe(1);
      await shot(h, `diagnosis-${scenario}`, scenario === 'diskcryptor-1709');
    }
  }, 600_000);
});

describe('a run stuck on a bad answer', () => {
  it('a missing folder is named next to the field; a failed step is retried with other answers', async () => {
    const h = await harness({ width: 800, height: 600 });
    await practicePreflight(h, 'diskcryptor-1709', 20);
    await h.page.getByRole('button', { name: 'Start the workflow' }).click();
    const { page } = h;
    let stage = 0;
    const r = await clickThrough(h, 'rescue', async (title) => {
      if (!title.startsWith('Back up') || stage >= 3) return false;
      const form = page.locator('form.question-form');
      const dir = await machineDir(h);
      const users = path.join(dir, 'C', 'Users');
      const user = fs
        .readdirSync(users)
        .find((u) => fs.existsSync(path.join(users, u, 'Documents')))!;
      if (stage === 0) {
        // A folder that is not there: refused when given, said next to the field.
        await form
          .getByRole('textbox', { name: /Folder you backed up/ })
          .fill(`C:/Users/${user}/Documents`);
        await form.getByRole('textbox', { name: /Where the backup is/ }).fill('C:\\NoSuchBackup');
        await form.locator('input[type="checkbox"]').check();
        await form.locator('button[type="submit"]').click();
        await page.locator('.field-problem').waitFor();
        expect(await page.locator('.field-problem').textContent()).toContain(
          'C:\\NoSuchBackup does not exist',
        );
        await shot(h, 'rescue-problem-next-to-field');
        stage = 1;
        return true;
      }
      // An existing but empty backup folder: the step itself fails on the comparison.
      fs.mkdirSync(path.join(dir, 'C', 'EmptyBackup'), { recursive: true });
      await form.getByRole('textbox', { name: /Where the backup is/ }).fill('C:/EmptyBackup');
      for (const box of await form.locator('input[type="checkbox"]').all()) await box.check();
      await form.locator('button[type="submit"]').click();
      await page.locator('[data-interaction="stopped"]').waitFor({ timeout: 60_000 });
      await shot(h, 'rescue-step-failed');
      // Try again with another answer: a folder that holds the copy.
      fs.cpSync(path.join(users, user, 'Documents'), path.join(dir, 'C', 'GoodBackup'), {
        recursive: true,
      });
      const retry = page.locator('.retry-answers');
      expect(await retry.getByRole('textbox', { name: /Where the backup is/ }).inputValue()).toBe(
        'C:\\EmptyBackup',
      );
      await retry.getByRole('textbox', { name: /Where the backup is/ }).fill('C:\\GoodBackup');
      await shot(h, 'rescue-retry-form');
      await retry.getByRole('button', { name: 'Try again with these answers' }).click();
      stage = 3;
      await page.locator('[data-interaction="stopped"]').waitFor({ state: 'detached' });
      return true;
    });
    expect(stage).toBe(3);
    expect(r.restarts).toBeGreaterThanOrEqual(4);
  }, 600_000);
});
