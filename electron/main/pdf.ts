/**
 * PDF export: the exporter's self-contained HTML (no scripts, its own strict CSP) printed by
 * Chromium in a hidden, sandboxed window with JavaScript off. The HTML goes through a private temp
 * file rather than a data: URL, whose size Chromium caps at 2 MB (a long run's evidence can pass
 * that).
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';

export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wsops-pdf-'));
  const file = path.join(dir, 'run-log.html');
  await fsp.writeFile(file, html, { mode: 0o600 });
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await win.loadFile(file);
    const pdf = await win.webContents.printToPDF({
      printBackground: true,
      pageSize: 'A4',
      margins: { top: 0.7, bottom: 0.7, left: 0.5, right: 0.5 },
      // The page title names the run; every page carries it, the print date and its number.
      displayHeaderFooter: true,
      headerTemplate:
        '<div style="font:8px system-ui,sans-serif;width:100%;padding:0 1.2cm;color:#555"><span class="title"></span> · <span class="date"></span></div>',
      footerTemplate:
        '<div style="font:8px system-ui,sans-serif;width:100%;padding:0 1.2cm;text-align:right;color:#555">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
    });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
