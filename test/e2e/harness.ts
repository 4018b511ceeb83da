/**
 * The browser harness: the built renderer served on 127.0.0.1, Debian's Chromium driven by
 * playwright-core, and `window.api` bridged to the real handler table running in this Node
 * process — the same table Electron's main process registers. Only the ~20 lines of
 * ipcMain/ipcRenderer glue are not exercised here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  createHandlerTable,
  type HandlerDeps,
  type HandlerTable,
} from '../../electron/main/handlers';
import type { AppEvent } from '../../shared/ipc';
import { buildRenderer } from './build-renderer.mjs';
import { serveStatic } from './static-server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The in-page half of the bridge, bundled from bridge-entry.ts (same buildApi as the preload). */
export async function bridgeScript(): Promise<string> {
  const out = await esbuild({
    entryPoints: [path.join(ROOT, 'test', 'e2e', 'bridge-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

export interface Harness {
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  table: HandlerTable;
  /** Calls the Node-side handlers saw, by channel (e.g. open-log-folder). */
  calls: { channel: string; payload: unknown }[];
  opened: string[];
  dialogs: {
    pickFolder: string | null;
    saveDir: string;
    saved: string[];
    /** What Browse… "picks" (the real handler maps it); each request is kept in `asked`. */
    pickPath: string | null;
    asked: { kind: 'file' | 'folder'; title: string; defaultPath?: string }[];
  };
  close(): Promise<void>;
}

export async function startHarness(opts: {
  stateDir: string;
  practiceRoot: string;
  exportDir: string;
  platform?: NodeJS.Platform;
  /** CSS pixels; 200% zoom of an 800×600 window is 400×300 at deviceScaleFactor 2. */
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}): Promise<Harness> {
  const outDir = await buildRenderer();
  const server = await serveStatic(outDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1200, height: 860 },
    ...(opts.deviceScaleFactor ? { deviceScaleFactor: opts.deviceScaleFactor } : {}),
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const calls: Harness['calls'] = [];
  const opened: string[] = [];
  const dialogs: Harness['dialogs'] = {
    pickFolder: null,
    saveDir: opts.exportDir,
    saved: [],
    pickPath: null,
    asked: [],
  };

  // Events go to the page in order; a page mid-reload just misses them (as a closed window would).
  let queue: Promise<unknown> = Promise.resolve();
  const emit = (event: AppEvent) => {
    queue = queue.then(() =>
      page.evaluate((e) => window.__wsopsEmit?.(e), event).catch(() => undefined),
    );
  };

  const deps: HandlerDeps = {
    stateDir: opts.stateDir,
    practiceRoot: opts.practiceRoot,
    platform: opts.platform ?? 'linux',
    appVersion: '0.1.0-e2e',
    emit,
    dialogs: {
      pickFolder: async () => dialogs.pickFolder,
      pickPath: async (o) => {
        dialogs.asked.push(o);
        return dialogs.pickPath;
      },
      saveFile: async ({ defaultName }) => {
        const file = path.join(dialogs.saveDir, defaultName);
        dialogs.saved.push(file);
        return file;
      },
    },
    // The same thing Electron's printToPDF does: Chromium prints the exported HTML.
    printToPdf: async (html) => {
      const p = await context.newPage();
      try {
        await p.setContent(html);
        return new Uint8Array(await p.pdf({ format: 'A4', printBackground: true }));
      } finally {
        await p.close();
      }
    },
    openPath: async (p) => void opened.push(`path:${p}`),
    openInBrowser: async (u) => void opened.push(`url:${u}`),
  };
  const table = createHandlerTable(deps);
  const handlers = table.handlers as unknown as Record<
    string,
    (payload: unknown) => Promise<unknown>
  >;
  await page.exposeFunction('__wsopsIpc', (channel: string, payload: unknown) => {
    calls.push({ channel, payload });
    const h = handlers[channel];
    if (!h) return Promise.reject(new Error(`no such channel ${channel}`));
    return h(payload);
  });
  await page.addInitScript({ content: await bridgeScript() });
  fs.mkdirSync(opts.exportDir, { recursive: true });

  return {
    url: `${server.url}/index.html`,
    browser,
    context,
    page,
    table,
    calls,
    opened,
    dialogs,
    async close() {
      await table.runs.shutdown();
      await queue.catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}
