/* global PerformanceObserver -- used inside page.evaluate (the browser) */
// Renderer figures: the JavaScript people download into the window (gzip), and how soon the first
// screen paints in headless Chromium. Baselines from the same run: React + ReactDOM's production
// builds alone (what any React UI pays), and an empty HTML page's first paint (what the browser
// itself costs on this machine).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildRenderer } from '../test/e2e/build-renderer.mjs';
import { serveStatic } from '../test/e2e/static-server.mjs';
import { CHROMIUM, CHROMIUM_ARGS, bridgeScript } from '../test/e2e/harness.ts';
import { createHandlers } from '../electron/main/handlers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (figure, baseName, base, ours, unit, target, ok) =>
  console.log(
    `${figure}: baseline ${baseName} ${base.toFixed(unit === 'KB' ? 1 : 0)} ${unit} · ours ${ours.toFixed(unit === 'KB' ? 1 : 0)} ${unit} · ratio ${(ours / base).toFixed(2)} (target ${target}) ${ok ? 'OK' : 'MISS'}`,
  );

// ---- Size
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const outDir = await buildRenderer();
const assets = path.join(outDir, 'assets');
const ours = fs
  .readdirSync(assets)
  .filter((f) => f.endsWith('.js'))
  .reduce((sum, f) => sum + gzip(fs.readFileSync(path.join(assets, f))), 0);
const react = await bareReactBundle();
line(
  'renderer JS (gzip)',
  'bare React app',
  react / 1024,
  ours / 1024,
  'KB',
  '≤ 250 KB',
  ours / 1024 <= 250,
);

/** gzip size of a one-line React app built with the same Vite setup: what React alone costs. */
async function bareReactBundle() {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  // Inside the project so `react` resolves from node_modules (.tmp/ is git-ignored).
  const dir = fs.mkdtempSync(path.join(root, '.tmp', 'bench-react-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><div id="r"></div><script type="module" src="./main.jsx"></script>',
    );
    fs.writeFileSync(
      path.join(dir, 'main.jsx'),
      "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('r')).render(<p>hi</p>);\n",
    );
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      plugins: [react()],
      build: { outDir: path.join(dir, 'out'), minify: true, target: 'chrome142' },
    });
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
    const out = path.join(dir, 'out', 'assets');
    return fs
      .readdirSync(out)
      .filter((f) => f.endsWith('.js'))
      .reduce((sum, f) => sum + gzip(fs.readFileSync(path.join(out, f))), 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- First paint
const empty =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>empty</title></head><body><p>.</p></body></html>';
const server = await serveStatic(outDir, { '/__empty.html': empty });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-bench-renderer-'));
const handlers = createHandlers({
  stateDir: path.join(tmp, 'state'),
  practiceRoot: path.join(tmp, 'practice'),
  appVersion: 'bench',
  emit: () => {},
  dialogs: { pickFolder: async () => null, saveFile: async () => null },
  printToPdf: async () => new Uint8Array(),
  openPath: async () => {},
  openInBrowser: async () => {},
});
const bridge = await bridgeScript();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

// When React has put the home screen in the DOM (after the static first frame in index.html).
const homeWatch = `window.__homeAt = new Promise((resolve) => {
  const seen = () => document.querySelector('.screen.home') && (resolve(performance.now()), true);
  new MutationObserver((_, o) => { if (seen()) o.disconnect(); }).observe(document, { childList: true, subtree: true });
});`;

/**
 * One cold load (fresh context: no cache): first contentful paint (PerformanceObserver paint
 * entry) and, for the app, when the home screen was rendered — both in ms from navigation start.
 */
async function load(url, withApp) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  if (withApp) {
    await page.exposeFunction('__wsopsIpc', (channel, payload) => handlers[channel](payload));
    await page.addInitScript({ content: bridge });
    await page.addInitScript({ content: homeWatch });
  }
  await page.goto(url);
  const paint = await page.evaluate(
    () =>
      new Promise((resolve) => {
        new PerformanceObserver((list) => {
          const hit = list.getEntries().find((e) => e.name === 'first-contentful-paint');
          if (hit) resolve(hit.startTime);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  const home = withApp ? await page.evaluate(() => window.__homeAt) : null;
  await context.close();
  return { paint, home };
}

try {
  await load(`${server.url}/__empty.html`, false); // warm up the browser process
  const base = [];
  const paint = [];
  const home = [];
  for (let i = 0; i < runs; i++) {
    base.push((await load(`${server.url}/__empty.html`, false)).paint);
    const r = await load(`${server.url}/index.html`, true);
    paint.push(r.paint);
    home.push(r.home);
  }
  const b = median(base);
  const o = median(paint);
  const h = median(home);
  line(`renderer first paint (median of ${runs})`, 'empty page', b, o, 'ms', '≤ 300 ms', o <= 300);
  line(
    `renderer home screen rendered by React (median of ${runs})`,
    'empty page first paint',
    b,
    h,
    'ms',
    '≤ 600 ms',
    h <= 600,
  );
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
