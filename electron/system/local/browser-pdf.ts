/**
 * `wsops export --format pdf` without Electron: the exporter's HTML printed by a Chromium-based
 * browser the machine already has, headless (`--print-to-pdf`). Edge is on every Windows 10/11;
 * elsewhere Chrome or Chromium. Chromium's own header and footer carry the page title (which
 * names the run), the date and "page / pages". `WSOPS_BROWSER` names a browser explicitly.
 * Sources: Chrome for Developers, "Chrome Headless mode" (--print-to-pdf); Microsoft Learn,
 * "Microsoft Edge command-line switches" / Edge is inbox on Windows 10 and 11.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Chromium-based browsers live, most likely first, for this platform. */
export function browserCandidates(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (platform === 'win32') {
    const roots = [env['ProgramFiles(x86)'], env.ProgramFiles, env.LOCALAPPDATA].filter(
      (r): r is string => !!r,
    );
    return [
      ...roots.map((r) => path.win32.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
      ...roots.map((r) => path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...roots.map((r) => path.win32.join(r, 'Chromium', 'Application', 'chrome.exe')),
    ];
  }
  if (platform === 'darwin') {
    return [
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  }
  const names = [
    'chromium',
    'chromium-browser',
    'google-chrome',
    'google-chrome-stable',
    'microsoft-edge',
    'microsoft-edge-stable',
  ];
  const dirs = (env.PATH ?? '/usr/bin:/usr/local/bin').split(path.delimiter).filter(Boolean);
  return names.flatMap((n) => dirs.map((d) => path.join(d, n)));
}

export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (env.WSOPS_BROWSER) return fs.existsSync(env.WSOPS_BROWSER) ? env.WSOPS_BROWSER : null;
  return browserCandidates(platform, env).find((p) => fs.existsSync(p)) ?? null;
}

export class NoBrowserError extends Error {}

/** Prints `html` to `outFile` with `browser`; a browser that writes nothing is an error. */
export async function printHtmlToPdf(
  html: string,
  outFile: string,
  opts: { browser?: string | null; name: string; timeoutMs?: number } = { name: 'run-log' },
): Promise<void> {
  const browser = opts.browser === undefined ? findBrowser() : opts.browser;
  if (!browser) {
    throw new NoBrowserError(
      'no Chromium-based browser found for the PDF (Edge, Chrome or Chromium; set WSOPS_BROWSER to one); export --format html and print it instead',
    );
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wsops-pdf-'));
  try {
    // The file name shows in the footer: name it after the run.
    const page = path.join(dir, `${opts.name.replace(/[^\w.-]+/g, '_')}.html`);
    const tmpPdf = path.join(dir, 'out.pdf');
    await fsp.writeFile(page, html, { mode: 0o600 });
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      // Chromium refuses to run as root on Linux with its sandbox on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--print-to-pdf=${tmpPdf}`,
      pathToFileURL(page).href,
    ];
    await new Promise<void>((resolve, reject) => {
      execFile(browser, args, { timeout: opts.timeoutMs ?? 60_000 }, (err, _out, stderr) => {
        if (err && !fs.existsSync(tmpPdf)) {
          reject(
            new Error(
              `${browser} could not print the PDF: ${String(stderr).split('\n')[0] || err.message}`,
            ),
          );
        } else resolve();
      });
    });
    const pdf = await fsp.readFile(tmpPdf).catch(() => null);
    if (!pdf || pdf.subarray(0, 5).toString() !== '%PDF-')
      throw new Error(`${browser} wrote no PDF`);
    await fsp.writeFile(outFile, pdf);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
