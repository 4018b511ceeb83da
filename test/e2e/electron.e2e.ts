/**
 * The real app under Playwright's `_electron`: the hardened window, the preload's window.api,
 * navigation and window.open refused, and a practice preflight through real IPC. Where the
 * Electron binary is not installed (no download possible on CI boxes like this one) the spec
 * skips with one line saying why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './harness';

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

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-electron-'));
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    app = await electron.launch({
      executablePath: (found as { bin: string }).bin,
      args: [ROOT, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      cwd: ROOT,
      env: { ...process.env, WSOPS_STATE_DIR: path.join(tmp, 'state'), TMPDIR: tmp },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

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
});
