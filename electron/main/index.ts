/**
 * The Electron shell. Little logic lives here: a hardened window, the app:// protocol for the
 * renderer, IPC registration (handlers.ts holds the real work), dialogs, PDF printing, the tray
 * with backup reminders, window-state memory and reopen-after-restart. The app runs unelevated
 * (asInvoker): each admin action asks for elevation on its own.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Notification,
  app,
  dialog,
  nativeTheme,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import { EVENT_CHANNEL, type AppEvent } from '../../shared/ipc';
import type { RunState } from '../../shared/model';
import { defaultStateDir, listRuns } from '../engine/store';
import { practiceRoot } from '../system/simulated/scenario';
import { APP_ENTRY, APP_SCHEME, CONTENT_SECURITY_POLICY, resolveAppFile } from './app-protocol';
import { allowedExternalUrl } from './external';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './files';
import { createHandlerTable } from './handlers';
import { closeWarning } from './close-guard';
import { registerIpc } from './ipc';
import { RESUME_ARG, appResumeCommand, needsReopenAtLogin, syncResumeEntries } from './login-item';
import { htmlToPdf } from './pdf';
import { reminderChecker, reminderStatus } from './reminders';
import { AppTray } from './tray';
import {
  ELEVATED_TASK_ARG,
  elevatedTaskArg,
  runElevatedTaskFile,
  testRootAllowed,
} from '../system/windows/elevated-runner';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadFile = path.join(here, '..', 'preload', 'index.cjs');
// electron-vite dev serves the renderer; never trusted in a packaged app.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Started elevated by ourselves to do one file change (elevated-task.ts): do it and exit, before
// any window or the single-instance lock (the unelevated app holds it and waits for us). The app
// needs this entry because its RunAsNode fuse is off: it cannot run the CLI bundle as node.
const elevatedTask = elevatedTaskArg(process.argv);
if (elevatedTask !== null) {
  void runElevatedTaskFile(elevatedTask, { allowTestRoot: testRootAllowed(app.isPackaged) }).then(
    (code) => app.exit(code),
    () => app.exit(1),
  );
} else {
  // Must happen before 'ready': a standard, secure scheme gets a real origin (CSP 'self', fetch).
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the run journals and the window: hand over to it.
    app.quit();
  } else {
    void main();
  }
}

let mainWindow: BrowserWindow | null = null;

function showWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function main(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId('dev.workstation-ops.app');
  const resumedAfterRestart = process.argv.includes(RESUME_ARG);
  const stateDir = defaultStateDir();
  const windowStateFile = path.join(app.getPath('userData'), 'window-state.json');

  app.on('second-instance', () => showWindow());

  // Every web contents: no navigation, no new windows (allowlisted links go to the browser),
  // no <webview>, no permissions.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const allowed = allowedExternalUrl(url);
      // Only URLs that passed the https allowlist in external.ts reach the browser.
      if (allowed) void shell.openExternal(allowed); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return { action: 'deny' };
    });
  });

  await app.whenReady();

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);

  protocol.handle(APP_SCHEME, async (request) => {
    const hit = resolveAppFile(rendererDir, request.url);
    if (!hit) return new Response('Not found', { status: 404 });
    try {
      const body = await fsp.readFile(hit.file);
      return new Response(body, {
        headers: {
          'Content-Type': hit.type,
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  const table = createHandlerTable({
    stateDir,
    practiceRoot: practiceRoot(stateDir),
    platform: process.platform,
    appVersion: app.getVersion(),
    resumedAfterRestart,
    // On Windows the real host registers this to run at the next sign-in while a run waits for
    // a restart; a second copy (with the login item below) is handed over by the instance lock.
    resumeCommand: appResumeCommand({
      execPath: process.execPath,
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      env: process.env,
    }),
    elevatedHelper: {
      exe: process.execPath,
      args: app.isPackaged ? [ELEVATED_TASK_ARG] : [app.getAppPath(), ELEVATED_TASK_ARG],
    },
    emit: (event) => onEvent(event),
    dialogs: {
      async pickFolder({ title }) {
        const opts = { title, properties: ['openDirectory' as const] };
        const r = mainWindow
          ? await dialog.showOpenDialog(mainWindow, opts)
          : await dialog.showOpenDialog(opts);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      async pickPath({ kind, title, defaultPath }) {
        const opts = {
          title,
          ...(defaultPath ? { defaultPath } : {}),
          properties: [kind === 'file' ? ('openFile' as const) : ('openDirectory' as const)],
        };
        const r = mainWindow
          ? await dialog.showOpenDialog(mainWindow, opts)
          : await dialog.showOpenDialog(opts);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      async saveFile({ title, defaultName, filters }) {
        const opts = {
          title,
          defaultPath: path.join(app.getPath('documents'), defaultName),
          filters,
        };
        const r = mainWindow
          ? await dialog.showSaveDialog(mainWindow, opts)
          : await dialog.showSaveDialog(opts);
        return r.canceled || !r.filePath ? null : r.filePath;
      },
    },
    printToPdf: htmlToPdf,
    openPath: async (dir) => {
      const error = await shell.openPath(dir);
      if (error) throw new Error(`Could not open ${dir}: ${error}`);
    },
    // The handler table has already checked the URL against the allowlist in external.ts.
    openInBrowser: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
  });

  registerIpc(table.handlers, () => mainWindow, devServerUrl);

  /** The latest state of every run, for reopen-at-sign-in (see login-item.ts). */
  const latest = new Map<string, RunState>();
  const syncLoginItem = () => {
    void syncResumeEntries(latest.values(), {
      platform: process.platform,
      loginItemOpen: () => app.getLoginItemSettings({ args: [RESUME_ARG] }).openAtLogin,
      setLoginItem: (want) =>
        app.setLoginItemSettings({ openAtLogin: want.openAtLogin, args: want.args }),
      removeResumeTask: async () => {
        const { createWindowsHost } = await import('../system/windows/host');
        return createWindowsHost().removeResumeTask();
      },
    }).catch((e: unknown) =>
      console.warn(`wsops: could not update the resume entries: ${(e as Error).message}`),
    );
  };
  for (const r of listRuns(stateDir)) if (r.state) latest.set(r.runId, r.state);
  syncLoginItem();

  function onEvent(event: AppEvent): void {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, event);
    if (event.type !== 'run') return;
    const before = latest.get(event.state.runId);
    latest.set(event.state.runId, event.state);
    if (!before || needsReopenAtLogin(before) !== needsReopenAtLogin(event.state)) syncLoginItem();
    // The run needs the person and they are looking elsewhere: say so.
    if (!event.active && mainWindow && !mainWindow.isFocused() && Notification.isSupported()) {
      const s = event.state;
      const body =
        s.status === 'finished'
          ? `${s.workflowTitle}: finished.`
          : s.status === 'waiting-answer' ||
              s.status === 'paused-reboot' ||
              s.status === 'blocked' ||
              s.status === 'failed'
            ? `${s.workflowTitle}: ${s.pause?.message ?? s.message ?? 'needs you.'}`
            : null;
      if (body) {
        const n = new Notification({ title: 'Workstation Ops', body });
        n.on('click', () => showWindow());
        n.show();
      }
    }
  }

  const tray = new AppTray({
    loadReminders: () => reminderStatus(stateDir),
    showWindow,
    // "Check it now": opens backup-check with the reminder's folders filled in.
    checkReminder: reminderChecker({
      handlers: table.handlers as never,
      emit: (event) => onEvent(event),
      showWindow,
    }),
    quit: () => app.quit(),
  });

  const saved: WindowState = fitToDisplays(
    loadWindowState(windowStateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  mainWindow = new BrowserWindow({
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    width: saved.width,
    height: saved.height,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Workstation Ops',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111418' : '#f5f6f8',
    autoHideMenuBar: true,
    webPreferences: {
      // The preload only builds window.api from the shared channel list (contextBridge).
      preload: preloadFile, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click on a link would otherwise try to open a new window.
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
    },
  });
  if (saved.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const rememberBounds = () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    const maximized = mainWindow.isMaximized();
    const b = maximized ? mainWindow.getNormalBounds() : mainWindow.getBounds();
    try {
      saveWindowState(windowStateFile, {
        x: b.x,
        y: b.y,
        width: Math.max(400, b.width),
        height: Math.max(300, b.height),
        maximized,
      });
    } catch (e) {
      console.warn(`wsops: could not save the window position: ${(e as Error).message}`);
    }
  };
  const rememberSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(rememberBounds, 500);
  };
  mainWindow.on('resize', rememberSoon);
  mainWindow.on('move', rememberSoon);
  let closeConfirmed = false;
  mainWindow.on('close', (event) => {
    // Closing mid-action is safe (the action is cancelled and resumes later), but never silent.
    const warning = closeConfirmed ? null : closeWarning(table.runs.activeRuns());
    if (warning && mainWindow) {
      event.preventDefault();
      void dialog
        .showMessageBox(mainWindow, {
          type: 'warning',
          buttons: warning.buttons,
          defaultId: 0,
          cancelId: 0,
          message: warning.message,
          detail: warning.detail,
        })
        .then(({ response }) => {
          if (response === 1) {
            closeConfirmed = true;
            mainWindow?.close();
          }
        });
      return;
    }
    if (saveTimer) clearTimeout(saveTimer);
    rememberBounds();
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });

  tray.start();

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Stop running actions cleanly so their journals end on a resumable "cancelled" pause.
    event.preventDefault();
    quitting = true;
    tray.stop();
    void table.runs.shutdown().finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());

  await (devServerUrl ? mainWindow.loadURL(devServerUrl) : mainWindow.loadURL(APP_ENTRY));
}
