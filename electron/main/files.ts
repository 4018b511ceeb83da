/**
 * Saving user-chosen files (exports) and the app's own small state (window bounds). Pure Node.
 * Exports can be binary (PDF), which the system layer's string-only atomic writer does not take;
 * the method is the same: temp file beside the target, fsync, rename (retried briefly on Windows,
 * where antivirus and the indexer hold fresh files open).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fsyncDirSync, writeFileAtomicSync } from '../system/atomic-file';

const RETRYABLE = new Set(['EPERM', 'EACCES', 'EBUSY']);

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fsp.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const deadline = Date.now() + 2000;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      await fsp.rename(tmp, file);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (!RETRYABLE.has(code) || Date.now() > deadline) {
        await fsp.rm(tmp, { force: true });
        throw e;
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  fsyncDirSync(dir);
}

// ---------------------------------------------------------------------------------------------
// Window state: where the window was, so it reopens there (after a restart mid-workflow too).

export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(10000),
  height: z.number().int().min(300).max(10000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1100, height: 760, maximized: false };

/**
 * Reads the saved window state; a damaged file falls back to its last good copy (`.bak`, kept by
 * the atomic writer) and then to the default — a window position is never worth an error.
 */
export function loadWindowState(file: string): WindowState {
  for (const candidate of [file, `${file}.bak`]) {
    try {
      const parsed = WindowStateSchema.safeParse(JSON.parse(fs.readFileSync(candidate, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // missing or not JSON: try the next copy
    }
  }
  return { ...DEFAULT_WINDOW_STATE };
}

export function saveWindowState(file: string, state: WindowState): void {
  writeFileAtomicSync(file, `${JSON.stringify(WindowStateSchema.parse(state))}\n`);
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Drops a saved position that is no longer on any screen (a monitor was unplugged), so the
 * window never opens somewhere the user cannot see it.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = workAreas.some(
    (a) => x + 100 > a.x && y + 40 > a.y && x + 100 < a.x + a.width && y + 40 < a.y + a.height,
  );
  if (visible) return state;
  const { x: _x, y: _y, ...rest } = state;
  return rest;
}
