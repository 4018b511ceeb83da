/**
 * The real app under Playwright's `_electron`: the hardened window on app://, the preload's
 * window.api, navigation and window.open refused, the flagship walked to the end on a practice
 * machine through real IPC, the finished run shown and exported as PDF through Electron's
 * printToPDF, the tray (tooltip, reminder menu, its Open item), and the elevated app entry
 * (`--wsops-elevated-task`). Screenshots and the PDF go to test-results/electron/ (CI uploads
 * them). Where the Electron binary is not installed (no download possible on CI boxes like this
 * one) the spec skips with one line saying why; GitHub Actions' ubuntu job installs it and runs
 * this under xvfb-run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setReminder } from '../../electron/engine/reminders';
import type { AnswerItem, RunView } from '../../shared/ipc';
import { ROOT } from './harness';

/** Screenshots and the exported PDF, uploaded as CI artifacts. */
const OUT = path.join(ROOT, 'test-results', 'electron');
/** Records what the app gives its tray (see the file); preloaded with Electron's `-r`. */
const TRAY_PROBE = path.join(ROOT, 'test', 'e2e', 'electron-tray-probe.cjs');
const FLAGSHIP = 'Fix feature updates blocked by DiskCryptor';

interface TrayProbe {
  tooltips: string[];
  menus: (string[] | null)[];
}

/**
 * The Electron binary's path, or why there is none. Read from electron's path.txt rather than
 * `require('electron')`: since Electron 45 that require downloads a missing binary, and tests
 * must not reach the network.
 */
function findElectron(): { bin: string } | { reason: string } {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile))
    return {
      reason: `the Electron binary is not installed (no ${pathFile}; it cannot be downloaded here)`,
    };
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel)
    : path.join(dir, 'dist', rel);
  return fs.existsSync(bin) ? { bin } : { reason: `the Electron binary is missing (${bin})` };
}

const found = findElectron();
const skipReason = 'reason' in found ? found.reason : null;
if (skipReason) console.warn(`electron.e2e: skipped — ${skipReason}`);

describe.skipIf(skipReason !== null)('the Electron app', () => {
  let app: ElectronApplication;
  let page: Page;
  let tmp: string;
  let bin: string;
  /** The app's environment: its own state dir, and a temp dir (practice machines go there). */
  let env: NodeJS.ProcessEnv;
  let reminder: { source: string; backup: string };

  beforeAll(async () => {
    bin = (found as { bin: string }).bin;
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-electron-')));
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    const stateDir = path.join(tmp, 'state');
    // A reminder that was never backed up is overdue: the tray must say so.
    reminder = { source: path.join(tmp, 'projects'), backup: path.join(tmp, 'backup-disk') };
    fs.mkdirSync(reminder.source);
    fs.mkdirSync(reminder.backup);
    await setReminder(stateDir, { ...reminder, intervalDays: 7 });
    env = {
      ...process.env,
      WSOPS_STATE_DIR: stateDir,
      TMPDIR: tmp,
      TEMP: tmp,
      TMP: tmp,
    };
    app = await electron.launch({
      executablePath: bin,
      args: [...(process.platform === 'linux' ? ['--no-sandbox'] : []), '-r', TRAY_PROBE, ROOT],
      cwd: ROOT,
      env: env as Record<string, string>,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}.png`) });

  /** Reloads the window from the main process (a page-initiated navigation would be refused). */
  async function reload(): Promise<void> {
    await Promise.all([
      page.waitForEvent('load'),
      app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.reload()),
    ]);
  }

  afterAll(async () => {
    await app?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('opens one hardened window on the app:// page', async () => {
    expect(await page.title()).toBe('Workstation Ops');
    expect(page.url()).toBe('app://wsops/index.html');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // Context isolation: the page cannot reach the preload's world (ipcRenderer stays there).
    expect(
      await page.evaluate(
        () => typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
      ),
    ).toBe('undefined');
    // The CSP the page runs under allows only the bundle's hash.
    expect(
      await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
    ).toMatch(/script-src 'sha384-[A-Za-z0-9+/=]+'/);
  });

  it('serves the renderer from app:// with its headers, and nothing outside the renderer', async () => {
    const r = await page.evaluate(async () => {
      const status = async (u: string) => (await fetch(u)).status;
      const index = await fetch('app://wsops/index.html');
      return {
        index: index.status,
        csp: index.headers.get('content-security-policy'),
        nosniff: index.headers.get('x-content-type-options'),
        // The main bundle and the package.json sit beside/above the renderer folder.
        dotdot: await status('app://wsops/%2e%2e/main/index.js'),
        encodedSlash: await status('app://wsops/..%2f..%2fpackage.json'),
        missing: await status('app://wsops/no-such-file.js'),
      };
    });
    expect(r).toMatchObject({
      index: 200,
      nosniff: 'nosniff',
      dotdot: 404,
      encodedSlash: 404,
      missing: 404,
    });
    expect(r.csp).toContain("object-src 'none'");
  });

  it('exposes only named methods: no require, no process, no generic invoke', async () => {
    const surface = await page.evaluate(() => ({
      methods: Object.keys(window.api).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(surface.methods).toContain('startRun');
    expect(surface.methods).toContain('onEvent');
    expect(surface.methods).not.toContain('invoke');
    expect(surface.require).toBe('undefined');
    expect(surface.process).toBe('undefined');
  });

  it('refuses navigation and new windows', async () => {
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://wsops/index.html');
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('runs a practice preflight through real IPC', async () => {
    const result = await page.evaluate(async () => {
      const { machine } = await window.api.createPractice({
        scenario: 'diskcryptor-1709',
        files: 50,
      });
      return window.api.preflight({
        workflowId: 'windows-update-diskcryptor',
        machine: { kind: 'practice', dir: machine.dir },
      });
    });
    expect(result.machine.kind).toBe('practice');
    expect(result.checks.length).toBeGreaterThan(5);
    const bad = await page.evaluate(() =>
      window.api.getRun({ runId: 42 as unknown as string }).catch((e: Error) => e.message),
    );
    expect(bad).toMatch(/^runs:get: field runId: /);
  });

  it('shows the tray with the overdue reminder, and its Open item brings the window back', async () => {
    const probe = () =>
      app.evaluate(() => {
        const p = (globalThis as unknown as { __wsopsTrayProbe?: TrayProbe }).__wsopsTrayProbe;
        return p ? { tooltips: p.tooltips, menus: p.menus } : null;
      });
    await expect
      .poll(async () => (await probe())?.menus.at(-1)?.join(' | ') ?? 'no tray menu yet', {
        timeout: 30_000,
      })
      .toContain(`Overdue: ${reminder.source} → ${reminder.backup} (never backed up)`);
    const seen = (await probe())!;
    expect(seen.tooltips.at(-1)).toBe('Workstation Ops — 1 backup overdue');
    expect(seen.menus.at(-1)).toEqual(
      expect.arrayContaining(['Open Workstation Ops', 'Backup reminders', 'Check reminders now']),
    );

    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.hide());
    expect(
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible()),
    ).toBe(false);
    await app.evaluate(() => {
      const menu = (globalThis as unknown as { __wsopsTrayProbe: { lastMenu: Electron.Menu } })
        .__wsopsTrayProbe.lastMenu;
      const open = menu.items.find((i) => i.label === 'Open Workstation Ops');
      if (!open) throw new Error('the tray menu has no "Open Workstation Ops" item');
      open.click();
    });
    await expect
      .poll(() =>
        app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible()),
      )
      .toBe(true);
  });

  it('walks the flagship on a practice machine to the end, through real IPC', async () => {
    await reload();
    await page.getByRole('heading', { name: 'What do you want to fix?' }).waitFor();
    await shot('01-home');
    const walked = await page.evaluate(
      async ({ workflowId }) => {
        const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
        /** What the wizard submits: every question answered, destructive steps typed. */
        const answersFor = (view: RunView): AnswerItem[] =>
          view.questions.map((q) => {
            if (q.kind !== 'confirm')
              return { questionId: q.id, value: q.kind === 'number' ? 0 : '' };
            const step = view.workflow.steps.find((s) => `confirm:${s.id}` === q.id);
            return step?.action?.destructive && q.phrase
              ? { questionId: q.id, value: true, phrase: q.phrase }
              : { questionId: q.id, value: true };
          });
        const { machine } = await window.api.createPractice({
          scenario: 'diskcryptor-1709',
          files: 300,
        });
        let view = await window.api.startRun({
          workflowId,
          machine: { kind: 'practice', dir: machine.dir },
        });
        const runId = view.state.runId;
        const settled = async () => {
          const deadline = Date.now() + 120_000;
          for (;;) {
            const v = await window.api.getRun({ runId });
            if (!v.active) return v;
            if (Date.now() > deadline)
              throw new Error(`run still active at ${v.state.pause?.stepId}`);
            await sleep(100);
          }
        };
        const restarts: string[] = [];
        let answered = 0;
        for (let guard = 0; guard < 60; guard++) {
          view = await settled();
          if (view.state.status === 'finished') break;
          if (view.state.status === 'waiting-answer') {
            await window.api.answer({ runId, answers: answersFor(view) });
            answered++;
          } else if (view.state.status === 'paused-reboot') {
            restarts.push(view.state.pause!.stepId);
            await window.api.resumeRun({ runId });
          } else {
            throw new Error(`unexpected status ${view.state.status}: ${view.state.message ?? ''}`);
          }
        }
        return { runId, status: view.state.status, restarts, answered, dir: machine.dir };
      },
      { workflowId: 'windows-update-diskcryptor' },
    );
    expect(walked.status).toBe('finished');
    expect(walked.restarts).toEqual([
      'reboot-after-clear',
      'reboot-into-update',
      'reinstall-diskcryptor',
      'reboot-again',
      'repair-diskcryptor',
    ]);
    // At least the backup gate and the two typed confirmations (uninstall, clear).
    expect(walked.answered).toBeGreaterThanOrEqual(3);
    // The practice machine lives under the app's temp dir and really changed.
    expect(path.relative(tmp, walked.dir).startsWith('..')).toBe(false);
    expect(fs.readdirSync(path.join(walked.dir, 'C', 'Windows', 'SoftwareDistribution'))).toEqual(
      [],
    );
  });

  it('shows the finished run and exports it as PDF through printToPDF', async () => {
    await reload();
    const row = page.locator('.run-row', { hasText: FLAGSHIP });
    await row.getByRole('button', { name: 'View' }).click();
    await page.locator('.screen.finish').waitFor();
    expect(await page.locator('.finish h1').textContent()).toBe(`All done: ${FLAGSHIP}`);
    await shot('02-finish');

    const pdf = path.join(OUT, 'run-log.pdf');
    // The save dialog is native: answer it from the main process, as a person picking a file would.
    await app.evaluate(({ dialog }, file) => {
      dialog.showSaveDialog = (async () => ({
        canceled: false,
        filePath: file,
      })) as unknown as typeof dialog.showSaveDialog;
    }, pdf);
    await page.getByRole('button', { name: 'Export PDF' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent(), { timeout: 60_000 })
      .toBe(`Saved to ${pdf}`);
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5_000);
    // The hidden print window is gone again.
    await expect.poll(() => app.windows().length).toBe(1);
    await shot('03-finish-exported');
  });
});

describe.skipIf(skipReason !== null)('the elevated app entry (--wsops-elevated-task)', () => {
  it('runs one allowlisted task and exits with its result, without opening a window', () => {
    const bin = (found as { bin: string }).bin;
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-elevated-app-')));
    const taskDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-elevated-app-task-'));
    try {
      // WSOPS_TEST_ELEVATED_ROOT maps C:\ into the temp dir (refused anywhere else).
      const sd = path.join(root, 'C', 'Windows', 'SoftwareDistribution');
      for (let i = 0; i < 12; i++) {
        fs.mkdirSync(path.join(sd, `d${i % 3}`), { recursive: true });
        fs.writeFileSync(path.join(sd, `d${i % 3}`, `f${i}`), 'abcd');
      }
      const task = path.join(taskDir, 'task.json');
      fs.writeFileSync(
        task,
        JSON.stringify({ v: 1, op: 'clear', path: 'C:\\Windows\\SoftwareDistribution' }),
      );
      const r = spawnSync(
        bin,
        [
          ...(process.platform === 'linux' ? ['--no-sandbox'] : []),
          ROOT,
          '--wsops-elevated-task',
          task,
        ],
        {
          cwd: ROOT,
          env: { ...process.env, WSOPS_TEST_ELEVATED_ROOT: root },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(r.status, r.stderr).toBe(0);
      const result = JSON.parse(fs.readFileSync(path.join(taskDir, 'result.json'), 'utf8'));
      expect(result).toMatchObject({
        ok: true,
        report: { filesRemoved: 12, dirsRemoved: 3, bytesRemoved: 48, empty: true },
      });
      expect(fs.readdirSync(sd)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(taskDir, { recursive: true, force: true });
    }
  });
});
