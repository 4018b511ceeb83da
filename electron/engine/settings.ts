/**
 * `settings.json` in the state dir: the app's settings, shared by the CLI and the desktop app.
 * This module owns the backup reminders part (`reminders`, `lastBackups`); other keys are kept
 * as they are (looseObject), so the app can store its own settings beside them.
 *
 * Saving is atomic (temp + fsync + rename, keeping `settings.json.bak`). Loading validates with
 * zod; a damaged file is never reset silently: the last good copy is used and the caller gets a
 * one-line warning naming the file and the field. Before the next save, the damaged file is moved
 * aside (`settings.json.damaged-<time>`) — otherwise the atomic write would copy it over the good
 * `.bak`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../shared/errors';
import { parseJsonInput } from '../../shared/parse-input';
import { writeFileAtomicSync } from '../system/atomic-file';

export const SETTINGS_FILE = 'settings.json';

const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date-time');

export const BackupDriveSchema = z
  .object({
    label: z.string().min(1).max(200).optional(),
    serial: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((d) => d.label !== undefined || d.serial !== undefined, 'name a label or a serial');
export type BackupDrive = z.infer<typeof BackupDriveSchema>;

export const ReminderEntrySchema = z
  .object({
    id: z.string().regex(/^r[0-9a-f]{8}$/, 'expected an id like r1a2b3c4d'),
    source: z.string().min(1),
    backup: z.string().min(1),
    intervalDays: z.number().int().min(1).max(3650),
    createdAt: IsoTime,
    /** The backup drive, by volume label or serial: the tray says when it is connected. */
    drive: BackupDriveSchema.optional(),
  })
  .strict();
export type ReminderEntry = z.infer<typeof ReminderEntrySchema>;

export const BackupRecordSchema = z
  .object({
    /** When a backup-check run proved the backup current (pass verdict). */
    at: IsoTime,
    backup: z.string().min(1),
    runId: z.string().optional(),
  })
  .strict();

export const SettingsSchema = z.looseObject({
  version: z.literal(1).default(1),
  reminders: z.array(ReminderEntrySchema).default([]),
  /** By source folder (as stored by `sourceKey`). */
  lastBackups: z.record(z.string(), BackupRecordSchema).default({}),
});
export type Settings = z.infer<typeof SettingsSchema>;

export interface LoadedSettings {
  settings: Settings;
  /** Set when settings.json was damaged or missing and the last good copy was used. */
  warning: string | null;
  /** settings.json itself is damaged (save moves it aside first). */
  damaged: boolean;
}

export function settingsFile(stateDir: string): string {
  return path.join(stateDir, SETTINGS_FILE);
}

function parse(text: string, file: string): Settings {
  return parseJsonInput(text, file, SettingsSchema);
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}

export function loadSettings(stateDir: string): LoadedSettings {
  const file = settingsFile(stateDir);
  const bak = `${file}.bak`;
  const text = readIfExists(file);
  let problem: string;
  if (text === null) {
    const bakText = readIfExists(bak);
    if (bakText === null)
      return { settings: SettingsSchema.parse({}), warning: null, damaged: false };
    problem = `${file}: missing`;
  } else {
    try {
      return { settings: parse(text, file), warning: null, damaged: false };
    } catch (e) {
      problem = (e as Error).message;
    }
  }
  const bakText = readIfExists(bak);
  if (bakText === null)
    throw new InputError(`${problem} (no last good copy ${bak} to fall back on)`);
  try {
    const settings = parse(bakText, bak);
    return {
      settings,
      warning: `${problem} — using the last good copy ${bak}`,
      damaged: text !== null,
    };
  } catch (e) {
    throw new InputError(`${problem}; the last good copy is damaged too (${(e as Error).message})`);
  }
}

/** Writes settings.json atomically; a damaged current file is moved aside first (see above). */
export function saveSettings(
  stateDir: string,
  settings: Settings,
  damaged: boolean,
  now = new Date(),
): void {
  const file = settingsFile(stateDir);
  if (damaged && fs.existsSync(file)) {
    fs.renameSync(file, `${file}.damaged-${now.getTime()}`);
  }
  writeFileAtomicSync(file, `${JSON.stringify(SettingsSchema.parse(settings), null, 2)}\n`);
}

/**
 * Read-modify-write under a small lock file, so the CLI and the app (tray) do not lose each
 * other's changes. A lock older than 10 s is a crashed writer's and is taken over.
 */
export async function updateSettings<T>(
  stateDir: string,
  change: (s: Settings) => T,
  opts: { onWarning?: (message: string) => void; now?: Date } = {},
): Promise<T> {
  fs.mkdirSync(stateDir, { recursive: true });
  const lock = `${settingsFile(stateDir)}.lock`;
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 10_000) fs.rmSync(lock, { force: true });
      } catch {
        // gone already: try again
      }
      if (Date.now() > deadline)
        throw new InputError(`${lock}: settings are being changed by another process; try again`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    const loaded = loadSettings(stateDir);
    if (loaded.warning) opts.onWarning?.(loaded.warning);
    const result = change(loaded.settings);
    saveSettings(stateDir, loaded.settings, loaded.damaged, opts.now);
    return result;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
