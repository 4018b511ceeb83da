/**
 * The whole DiskCryptor workflow through the UI, in Chromium, on a practice machine made through
 * the UI: preflight, the backup gate, typed confirmations, the long clear with its progress bar
 * (cancelled once and continued), every restart (a page reload stands for the app coming back
 * after the restart: the resume banner brings the run back), the finish screen and the exports.
 * Every screen is saved as a PNG under test-results/screenshots/ and scanned with axe-core
 * (serious/critical violations fail); home and the wizard in light and dark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunLogSchema } from '../../shared/run-log';
import { ROOT, startHarness, type Harness } from './harness';

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const FILES = 2000;
/** Enough files that the clear lasts seconds here, so a frame can show it and Cancel can stop it. */
const LONG_FILES = 30000;

let h: Harness;
let tmp: string;
const axeReport: {
  screen: string;
  violations: { id: string; impact: string | null | undefined; nodes: number }[];
}[] = [];
const screens: string[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-e2e-'));
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({
    stateDir: path.join(tmp, 'state'),
    practiceRoot: path.join(tmp, 'practice'),
    exportDir: path.join(tmp, 'exports'),
  });
});

afterAll(async () => {
  await h?.close();
  fs.writeFileSync(
    path.join(ROOT, 'test-results', 'axe-report.json'),
    `${JSON.stringify(axeReport, null, 2)}\n`,
  );
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Screenshot + axe scan of what is on screen; `dark` repeats both in the dark color scheme. */
async function capture(name: string, opts: { dark?: boolean } = {}) {
  const schemes: ('light' | 'dark')[] = opts.dark ? ['light', 'dark'] : ['light'];
  for (const scheme of schemes) {
    await h.page.emulateMedia({ colorScheme: scheme });
    await settleTheme();
    const file = scheme === 'light' ? `${name}.png` : `${name}-dark.png`;
    await h.page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
    screens.push(file);
    const result = await new AxeBuilder({ page: h.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const violations = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
    }));
    axeReport.push({ screen: file, violations });
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map(
        (v) =>
          `${file}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
      `axe on ${file}`,
    ).toEqual([]);
  }
  await h.page.emulateMedia({ colorScheme: 'light' });
}

/** Waits for the colour-scheme transition (and any other running animation) to end. */
async function settleTheme() {
  await h.page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
  );
}

async function noAlert() {
  const alert = h.page.locator('main > .alert');
  if (await alert.count()) throw new Error(`the app shows an error: ${await alert.textContent()}`);
}

async function stepTitle(): Promise<string> {
  return (await h.page.locator('#step-title').textContent())?.trim() ?? '';
}

/** Waits for the wizard to need the person (or to finish); returns what it needs. */
async function nextInteraction(): Promise<string> {
  const el = await h.page.waitForSelector(
    '.screen.finish, [data-interaction="form"], [data-interaction="reboot"], [data-interaction="paused"], [data-interaction="stopped"], [data-interaction="progress"], main > .alert',
    { timeout: 30_000 },
  );
  await noAlert();
  if (await el.evaluate((e) => e.classList.contains('finish'))) return 'finish';
  return (await el.getAttribute('data-interaction')) ?? 'unknown';
}

async function newestRunMachineDir(): Promise<string> {
  const list = (await (
    h.table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>
  )['runs:list']!({})) as {
    runs: { machine: { dir?: string } }[];
  };
  return list.runs[0]!.machine.dir!;
}

async function currentKey(): Promise<string> {
  return (await h.page.locator('[data-interaction]').getAttribute('data-key')) ?? '';
}

interface DriveLog {
  finished: boolean;
  restarts: string[];
  typed: string[];
  /** Progress texts seen (the 2,000-file clear is fast: it may be over before a frame shows it). */
  progress: string[];
}

const seen = new Set<string>();
async function once(name: string, fn: () => Promise<void>) {
  if (seen.has(name)) return;
  seen.add(name);
  await fn();
}

/** Answers a question form the way a keyboard user does; destructive steps get the typed phrase. */
async function answerForm(log: DriveLog, screenshots: boolean) {
  const { page } = h;
  const title = await stepTitle();
  // Focus follows the step: the heading of the step that needs the person has it.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-title');
  const key = await currentKey();
  const form = page.locator('form.question-form');
  const submit = form.locator('button[type="submit"]');
  if (screenshots) await once('form', () => capture('06-wizard-backup', { dark: true }));
  // A recommended choice (the restore point) comes ticked; the person leaves it so. (Locators are
  // live: a ':not(:checked)' one would lose the box the moment it is ticked.)
  for (const box of await form.locator('input[type="checkbox"]').all()) {
    if (await box.isChecked()) continue;
    expect(await submit.isDisabled()).toBe(true);
    await box.focus();
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
  }
  const typed = form.locator('.typed-confirm input');
  if (await typed.count()) {
    const phrase = (await form.locator('.phrase').textContent())!.trim();
    expect(phrase).toBe('I UNDERSTAND');
    expect(await submit.isDisabled()).toBe(true);
    await typed.pressSequentially('i understand');
    expect(await submit.isDisabled()).toBe(true);
    if (screenshots) await once('typed', () => capture('07-typed-confirmation-not-matching'));
    await typed.fill('');
    await typed.pressSequentially(phrase);
    expect(await submit.isDisabled()).toBe(false);
    log.typed.push(title);
    if (screenshots) await once('typed-ok', () => capture('08-typed-confirmation', { dark: true }));
  }
  if (screenshots && (await submit.textContent())?.includes('Restart'))
    await once('restart-confirm', () => capture('09-restart-confirm'));
  await submit.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-key="${key}"]`, { state: 'detached', timeout: 30_000 });
}

/** Drives the wizard until it finishes (or `stopAt` says stop); reloads for every restart. */
async function driveWizard(opts: {
  screenshots: boolean;
  stopAt?: (kind: string, title: string) => boolean;
}): Promise<DriveLog> {
  const { page } = h;
  const log: DriveLog = { finished: false, restarts: [], typed: [], progress: [] };
  for (let guard = 0; guard < 80; guard++) {
    const kind = await nextInteraction();
    if (kind === 'finish') {
      log.finished = true;
      return log;
    }
    const title = await stepTitle();
    if (opts.stopAt?.(kind, title)) return log;
    if (kind === 'stopped')
      throw new Error(
        `the run stopped at "${title}": ${await page.locator('.callout-fail').textContent()}`,
      );
    if (kind === 'form') {
      await answerForm(log, opts.screenshots);
    } else if (kind === 'progress') {
      log.progress.push(
        (await page
          .locator('.progress-text')
          .textContent()
          .catch(() => null)) ?? '',
      );
      await page.waitForSelector('[data-interaction="progress"]', {
        state: 'detached',
        timeout: 120_000,
      });
    } else if (kind === 'reboot') {
      log.restarts.push(title);
      expect(await page.locator('.reboot-panel h3').textContent()).toBe(
        'The practice machine restarted — continue',
      );
      if (opts.screenshots)
        await once('reboot', () => capture('12-wizard-restart', { dark: true }));
      // The app "restarts": a reload, then the resume banner brings the run back.
      await page.reload();
      const banner = page.locator('.resume-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain(`waiting at “${title}”`);
      if (opts.screenshots)
        await once('banner', () => capture('13-home-resume-banner', { dark: true }));
      await banner.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.screen.wizard').waitFor();
    } else if (kind === 'paused') {
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForSelector('[data-interaction="paused"]', { state: 'detached' });
    } else {
      throw new Error(`unexpected interaction ${kind} at "${title}"`);
    }
  }
  throw new Error('the wizard did not finish in 80 interactions');
}

/** Home → practice → new machine with `files` → preflight → start. */
async function startPracticeRun(files: number, shots: boolean) {
  const { page } = h;
  const card = page.locator('.workflow-card', {
    hasText: 'Fix feature updates blocked by DiskCryptor',
  });
  await card.getByRole('button', { name: 'Practice on a simulated PC' }).click();
  await page.getByRole('heading', { name: /Rehearse/ }).waitFor();
  await expect
    .poll(() => page.locator('.practice-banner').textContent())
    .toContain('Practice machine — nothing on this computer changes');
  await page.getByRole('radio', { name: /^diskcryptor-1709 / }).check();
  await page.getByLabel(/Files in its update cache/).fill(String(files));
  if (shots) await capture('04-practice');
  await page.getByRole('button', { name: 'Create practice machine' }).click();
  await page.locator('.screen.preflight .checks .check').first().waitFor({ timeout: 120_000 });
}

describe('the DiskCryptor workflow on a practice machine, through the UI', () => {
  it('walks every step to the end, across every restart, and exports the log', async () => {
    const { page } = h;
    const started = Date.now();
    await page.goto(h.url);

    // ---- Home: workflows, practice-only marking, keyboard entry point
    await page.getByRole('heading', { name: 'What do you want to fix?' }).waitFor();
    const card = page.locator('.workflow-card', {
      hasText: 'Fix feature updates blocked by DiskCryptor',
    });
    await expect
      .poll(() => card.locator('.tag').textContent())
      .toBe('Practice only on this computer');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to main content',
    );
    await capture('01-home-skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await capture('02-home', { dark: true });

    // ---- A read-only diagnostics bundle
    h.dialogs.pickFolder = path.join(ROOT, 'test', 'fixtures', 'bundles', 'diskcryptor-1709');
    await card.getByRole('button', { name: /Open a diagnostics bundle/ }).click();
    await page.locator('.screen.bundle .checks').waitFor();
    await expect.poll(() => page.locator('.bundle-banner').textContent()).toContain('read-only');
    await capture('03-bundle-preflight');
    await page.getByRole('button', { name: 'Back to home' }).click();

    // ---- Practice mode: create the practice machine through the UI
    await startPracticeRun(FILES, true);

    // ---- Preflight: every check a row with a badge, details on demand, re-run
    const rows = page.locator('.screen.preflight .checks .check');
    expect(await rows.count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('.check-summary').textContent()).toMatch(
      /\d+ passed · \d+ warnings? · \d+ failed/,
    );
    await expect
      .poll(() => page.locator('.check', { hasText: 'SoftwareDistribution folder' }).textContent())
      .toContain('2,000 files');
    const details = page.getByRole('button', { name: 'Details' }).first();
    await details.click();
    expect(await details.getAttribute('aria-expanded')).toBe('true');
    await capture('05-preflight');
    await page.getByRole('button', { name: 'Run the checks again' }).click();
    await rows.first().waitFor();
    await page.getByRole('button', { name: 'Start the workflow' }).click();

    // ---- The wizard, to the end
    const log = await driveWizard({ screenshots: true });
    expect(log.finished).toBe(true);
    // ---- Finish
    await page.locator('.screen.finish').waitFor();
    expect(await page.locator('.finish h1').textContent()).toBe(
      'All done: Fix feature updates blocked by DiskCryptor',
    );
    expect(log.restarts).toEqual([
      'Restart',
      'Restart into the feature update',
      'Reinstall DiskCryptor as administrator, then restart',
      'DiskCryptor asks to restart again: restart',
      'Still asking: uninstall, reinstall as administrator, restart',
    ]);
    expect(log.typed).toEqual([
      'Uninstall DiskCryptor (point of no return)',
      'Clear C:\\Windows\\SoftwareDistribution',
    ]);
    await capture('14-finish', { dark: true });

    // ---- Exports: Markdown, JSON, HTML, PDF, through the (harness) save dialog
    const exported: Record<string, string> = {};
    for (const [label, ext] of [
      ['Export Markdown', 'md'],
      ['Export JSON', 'json'],
      ['Export HTML', 'html'],
      ['Export PDF', 'pdf'],
    ] as const) {
      const before = h.dialogs.saved.length;
      await page.getByRole('button', { name: label }).click();
      await expect.poll(() => h.dialogs.saved.length).toBe(before + 1);
      const file = h.dialogs.saved.at(-1)!;
      expect(file.endsWith(`.${ext}`)).toBe(true);
      await expect.poll(() => page.locator('.notice').textContent()).toBe(`Saved to ${file}`);
      exported[ext] = file;
    }
    const md = fs.readFileSync(exported.md!, 'utf8');
    expect(md).toContain('# Fix feature updates blocked by DiskCryptor — run log');
    expect(md).toContain('- Status: **finished**');
    expect(md).toMatch(/- \[x\] \*\*Uninstall DiskCryptor \(point of no return\)\*\* — done/);
    expect(md).toMatch(/- \[x\] \*\*Clear C:\\Windows\\SoftwareDistribution\*\* — done/);
    expect(md).toContain('Confirmed (app)');
    const runLog = RunLogSchema.parse(JSON.parse(fs.readFileSync(exported.json!, 'utf8')));
    expect(runLog.status).toBe('finished');
    expect(runLog.machine.kind).toBe('practice');
    expect(runLog.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
    expect(runLog.answers.find((a) => a.id === 'backupConfirmed')).toMatchObject({
      id: 'backupConfirmed',
      value: true,
      source: 'app',
    });
    expect(runLog.answers.find((a) => a.id === 'confirm:uninstall-diskcryptor')?.source).toBe(
      'app',
    );
    expect(runLog.steps.filter((s) => s.reboot?.bootAfter).length).toBe(5);
    const clear = runLog.steps.find((s) => s.id === 'clear-softwaredistribution')!;
    expect(clear.checks.find((c) => c.phase === 'after')?.status).toBe('pass');
    expect(fs.readFileSync(exported.html!, 'utf8')).toContain(
      '<title>Fix feature updates blocked by DiskCryptor — run 2',
    );
    expect(fs.readFileSync(exported.pdf!).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await page.getByRole('button', { name: 'Open log folder' }).click();
    await expect
      .poll(() => h.opened.some((o) => o.startsWith('path:') && o.includes(runLog.runId)))
      .toBe(true);

    // The practice machine really changed; this computer did not.
    const machineDir = runLog.machine.dir!;
    expect(fs.readdirSync(path.join(machineDir, 'C', 'Windows', 'SoftwareDistribution'))).toEqual(
      [],
    );

    // ---- History on the home screen
    await page.getByRole('button', { name: 'Back to home' }).click();
    const history = page.locator('section[aria-labelledby="history-title"] .run-row');
    await history.first().waitFor();
    expect(await history.first().textContent()).toContain('Finished');
    await capture('15-home-history');

    console.log(
      `walkthrough: ${((Date.now() - started) / 1000).toFixed(1)} s, ${screens.length} screenshots`,
    );
  });

  it('shows the progress of a long clear and cancels it; continuing finishes the clear', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('heading', { name: 'What do you want to fix?' }).waitFor();
    await startPracticeRun(LONG_FILES, false);
    await page.getByRole('button', { name: 'Start the workflow' }).click();
    await driveWizard({ screenshots: false, stopAt: (kind) => kind === 'progress' });
    expect(await stepTitle()).toBe('Clear C:\\Windows\\SoftwareDistribution');

    // Files, bytes, rate, ETA and Cancel, while the files go.
    const bar = page.getByRole('progressbar');
    await expect
      .poll(async () => (await page.locator('.progress-text').textContent()) ?? '')
      .toMatch(
        new RegExp(
          `^[\\d,]+ of ${LONG_FILES.toLocaleString('en-US')} files · [\\d.]+ [KMG]?B of [\\d.]+ [KMG]?B · [\\d,]+ files/s · (about|less)`,
        ),
      );
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(100);
    await page.screenshot({ path: path.join(SHOTS, '10-progress.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SHOTS, '10-progress-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    screens.push('10-progress.png', '10-progress-dark.png');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForSelector('[data-interaction="paused"]', { timeout: 60_000 });
    expect(await page.locator('[data-interaction="paused"]').textContent()).toContain('Cancelled');
    await capture('11-cancelled');
    // Cancelled means stopped part-way: files remain in the practice machine's cache.
    const left = fs.readdirSync(
      path.join(await newestRunMachineDir(), 'C', 'Windows', 'SoftwareDistribution'),
    );
    expect(left.length).toBeGreaterThan(0);

    // Continue: the clear picks up where it stopped; axe looks at the progress screen meanwhile.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('[data-interaction="progress"]', { timeout: 60_000 });
    await capture('10b-progress-continued');
    const rest = await driveWizard({ screenshots: false, stopAt: (kind) => kind === 'form' });
    expect(rest.finished).toBe(false);
    const steps = page.locator('.steps .step', { hasText: 'Clear C:' });
    expect(await steps.locator('.step-state').textContent()).toBe('Done');
    expect(await stepTitle()).toBe('Restart');
  });
});
