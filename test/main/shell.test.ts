/**
 * The pure parts of the Electron shell: the external-URL allowlist, the app:// file mapping and
 * sender check, window-state memory, and reopen-after-restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../electron/main/external';
import { APP_ENTRY, isAppUrl, resolveAppFile } from '../../electron/main/app-protocol';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  writeFileAtomic,
} from '../../electron/main/files';
import { RESUME_ARG, loginItemFor, needsReopenAtLogin } from '../../electron/main/login-item';
import type { RunState } from '../../shared/model';

let tmp: string | undefined;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('external URL allowlist', () => {
  it.each([
    'https://www.microsoft.com/software-download/windows10',
    'https://www.microsoft.com/en-us/software-download/windows11',
    'https://support.microsoft.com/en-us/windows/troubleshoot-problems-updating-windows-188c2b0f-10a7-d72f-65b8-32d177eb136c',
    'https://github.com/DavidXanatos/DiskCryptor/releases',
    'https://github.com/DavidXanatos/DiskCryptor/releases/tag/1.2.3',
  ])('opens %s', (url) => {
    expect(allowedExternalUrl(url)).toBe(url);
  });

  it.each([
    'http://www.microsoft.com/software-download/windows10',
    'https://www.microsoft.com.evil.example/software-download/windows10',
    'https://evil.example/?u=https://www.microsoft.com/software-download/windows10',
    'https://user:pw@www.microsoft.com/software-download/windows10',
    'https://www.microsoft.com:8443/software-download/windows10',
    'https://www.microsoft.com/en-us/microsoft-365',
    'https://github.com/DavidXanatos/DiskCryptor/archive/refs/heads/master.zip',
    'https://github.com/someone-else/DiskCryptor/releases',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'ms-settings:windowsupdate',
    'not a url',
  ])('refuses %s', (url) => {
    expect(allowedExternalUrl(url)).toBeNull();
  });
});

describe('app:// protocol', () => {
  const root = path.join(os.tmpdir(), 'renderer-root');
  it('maps app URLs into the renderer folder with a content type', () => {
    expect(resolveAppFile(root, APP_ENTRY)).toEqual({
      file: path.join(root, 'index.html'),
      type: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://wsops/assets/index-abc.js')).toEqual({
      file: path.join(root, 'assets', 'index-abc.js'),
      type: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://wsops/')!.file).toBe(path.join(root, 'index.html'));
    // The URL parser resolves dot segments before we see them: still inside the folder.
    expect(resolveAppFile(root, 'app://wsops/../index.html')!.file).toBe(
      path.join(root, 'index.html'),
    );
    expect(resolveAppFile(root, 'app://wsops/%2e%2e/%2e%2e/etc/passwd.html')!.file).toBe(
      path.join(root, 'etc', 'passwd.html'),
    );
  });

  it('refuses anything outside the folder, another host, or unknown file types', () => {
    for (const url of [
      'app://wsops/..%2f..%2fetc%2fpasswd.js',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://wsops/assets/x.exe',
      'app://wsops/a%00.js',
    ]) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
  });

  it('trusts only our origin (and the dev server in development)', () => {
    expect(isAppUrl('app://wsops/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://wsops/index.html')).toBe(false);
    expect(isAppUrl('file:///tmp/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});

describe('window state', () => {
  it('round-trips, falls back to the last good copy, then to the default', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-ws-'));
    const file = path.join(tmp, 'window-state.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    saveWindowState(file, { x: 10, y: 20, width: 900, height: 700, maximized: false });
    saveWindowState(file, { x: 30, y: 40, width: 1000, height: 800, maximized: true });
    expect(loadWindowState(file)).toEqual({
      x: 30,
      y: 40,
      width: 1000,
      height: 800,
      maximized: true,
    });
    fs.writeFileSync(file, '{"x": 1, "wid');
    expect(loadWindowState(file)).toEqual({
      x: 10,
      y: 20,
      width: 900,
      height: 700,
      maximized: false,
    });
    fs.writeFileSync(`${file}.bak`, '{"width": 5}');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('forgets a position no screen shows any more', () => {
    const screens = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    expect(
      fitToDisplays({ x: 100, y: 100, width: 800, height: 600, maximized: false }, screens),
    ).toEqual({ x: 100, y: 100, width: 800, height: 600, maximized: false });
    expect(
      fitToDisplays({ x: 2500, y: 100, width: 800, height: 600, maximized: false }, screens),
    ).toEqual({ width: 800, height: 600, maximized: false });
  });

  it('writes exports atomically, binary too', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-wa-'));
    const file = path.join(tmp, 'log.pdf');
    await writeFileAtomic(file, new Uint8Array([37, 80, 68, 70]));
    expect(fs.readFileSync(file).toString('latin1')).toBe('%PDF');
    expect(fs.readdirSync(tmp)).toEqual(['log.pdf']);
  });
});

describe('reopen after a restart', () => {
  const base = { steps: [] as RunState['steps'] };
  const real = { kind: 'real' as const, label: 'PC' };
  const practice = { kind: 'practice' as const, label: 'P', dir: '/tmp/p' };
  it('only for a run on this computer that waits for a restart', () => {
    expect(needsReopenAtLogin({ ...base, status: 'paused-reboot', machine: real })).toBe(true);
    expect(needsReopenAtLogin({ ...base, status: 'paused-reboot', machine: practice })).toBe(false);
    expect(needsReopenAtLogin({ ...base, status: 'waiting-answer', machine: real })).toBe(false);
    expect(needsReopenAtLogin({ ...base, status: 'finished', machine: real })).toBe(false);
    const requested = {
      ...base,
      status: 'running' as const,
      machine: real,
      steps: [
        {
          id: 'r',
          title: 'R',
          status: 'running' as const,
          attempts: 1,
          before: [],
          after: [],
          reboot: { requestedAt: 't', bootBefore: 'b' },
        },
      ],
    };
    expect(needsReopenAtLogin(requested)).toBe(true);
    expect(loginItemFor([requested])).toEqual({ openAtLogin: true, args: [RESUME_ARG] });
    expect(loginItemFor([{ ...base, status: 'finished', machine: real }])).toEqual({
      openAtLogin: false,
      args: [],
    });
  });
});
