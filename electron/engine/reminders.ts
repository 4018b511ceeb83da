/**
 * Backup reminders: "remind me every N days to back up this folder". Stored in settings.json
 * (./settings.ts). A backup-check run with a pass verdict records when the backup was proved
 * current (`recordBackup`); a reminder is due that many days later, and overdue when no backup
 * was ever proved. The desktop app shows `reminderStatus` in the tray; the CLI is `wsops remind`.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { InputError } from '../../shared/errors';
import { BackupDriveSchema, loadSettings, updateSettings, type BackupDrive } from './settings';
import type { ConnectedDrive } from '../system/local/drives';

export interface ReminderStatus {
  id: string;
  source: string;
  backup: string;
  intervalDays: number;
  lastBackupAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  /** The backup drive the reminder names (label and/or serial), null when it names none. */
  drive: BackupDrive | null;
  /** Whether that drive is connected: null when no drive is named or the drives could not be read. */
  driveConnected: boolean | null;
  /** Where the drive is mounted, when connected and mounted. */
  driveMount: string | null;
  /** Whole days since the last verified backup; null when never. */
  daysSinceBackup: number | null;
  /** What the tray says now: the drive is connected and the backup is due. Null otherwise. */
  nudge: string | null;
}

/** The drive a reminder names, among the connected ones (label: case-insensitive; serial: exact, trimmed). */
export function findDrive(
  want: BackupDrive,
  drives: readonly ConnectedDrive[],
): ConnectedDrive | null {
  const label = want.label?.trim().toLowerCase();
  const serial = want.serial?.trim();
  // A mounted match wins over the bare disk that carries the same serial.
  const hits = drives.filter(
    (d) =>
      (label !== undefined && d.label?.toLowerCase() === label) ||
      (serial !== undefined && d.serial?.trim() === serial),
  );
  return hits.find((d) => d.mount) ?? hits[0] ?? null;
}

/** "Your backup drive is connected — last backup 9 days ago — check it now". */
export function nudgeText(daysSinceBackup: number | null): string {
  const last =
    daysSinceBackup === null
      ? 'never backed up'
      : `last backup ${daysSinceBackup === 0 ? 'today' : `${daysSinceBackup} day${daysSinceBackup === 1 ? '' : 's'} ago`}`;
  return `Your backup drive is connected — ${last} — check it now`;
}

export interface ReminderOptions {
  /**
   * The drives connected now (electron/system/local/drives.ts); null when they could not be
   * read. Without it, no drive is looked up (driveConnected stays null).
   */
  drives?: () => Promise<readonly ConnectedDrive[] | null>;
  /** settings.json was damaged and its last good copy was used (one line naming file and field). */
  onWarning?: (message: string) => void;
  now?: Date;
}

const DAY_MS = 86_400_000;

/** One spelling per folder: absolute, no trailing separator; case-folded where the OS ignores case. */
export function sourceKey(folder: string, platform: NodeJS.Platform = process.platform): string {
  const abs = path.resolve(folder);
  const trimmed = abs.length > path.parse(abs).root.length ? abs.replace(/[\\/]+$/, '') : abs;
  return platform === 'win32' || platform === 'darwin' ? trimmed.toLowerCase() : trimmed;
}

export function reminderId(source: string): string {
  return `r${crypto.createHash('sha256').update(sourceKey(source)).digest('hex').slice(0, 8)}`;
}

export async function reminderStatus(
  stateDir: string,
  now: Date = new Date(),
  opts: ReminderOptions = {},
): Promise<ReminderStatus[]> {
  const { settings, warning } = loadSettings(stateDir);
  if (warning) opts.onWarning?.(warning);
  const wantsDrive = settings.reminders.some((r) => r.drive);
  const drives = wantsDrive && opts.drives ? await opts.drives().catch(() => null) : null;
  return settings.reminders.map((r) => {
    const last = settings.lastBackups[sourceKey(r.source)]?.at ?? null;
    const due = last === null ? null : new Date(Date.parse(last) + r.intervalDays * DAY_MS);
    // Never proved backed up: due now.
    const overdue = due === null || now.getTime() >= due.getTime();
    const found = r.drive && drives ? findDrive(r.drive, drives) : null;
    const driveConnected = r.drive && drives ? found !== null : null;
    const daysSinceBackup =
      last === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(last)) / DAY_MS));
    return {
      id: r.id,
      source: r.source,
      backup: r.backup,
      intervalDays: r.intervalDays,
      lastBackupAt: last,
      dueAt: due ? due.toISOString() : null,
      overdue,
      drive: r.drive ?? null,
      driveConnected,
      driveMount: found?.mount ?? null,
      daysSinceBackup,
      nudge: driveConnected && overdue ? nudgeText(daysSinceBackup) : null,
    };
  });
}

/** Adds a reminder, or changes the backup folder and interval of the one for this source. */
export async function setReminder(
  stateDir: string,
  input: { source: string; backup: string; intervalDays: number; drive?: BackupDrive },
  opts: ReminderOptions = {},
): Promise<ReminderStatus> {
  if (
    !Number.isInteger(input.intervalDays) ||
    input.intervalDays < 1 ||
    input.intervalDays > 3650
  ) {
    throw new InputError(
      `--every: expected a whole number of days from 1 to 3650, got ${input.intervalDays}`,
    );
  }
  if (input.drive) {
    const d = BackupDriveSchema.safeParse(input.drive);
    if (!d.success)
      throw new InputError(
        `--drive-label/--drive-serial: ${d.error.issues[0]?.message ?? 'not a usable drive name'}`,
      );
  }
  const source = path.resolve(input.source);
  const backup = path.resolve(input.backup);
  if (sourceKey(source) === sourceKey(backup))
    throw new InputError('--backup: the backup folder must differ from the source folder');
  const id = reminderId(source);
  const now = opts.now ?? new Date();
  await updateSettings(
    stateDir,
    (s) => {
      const entry = {
        id,
        source,
        backup,
        intervalDays: input.intervalDays,
        createdAt: now.toISOString(),
        ...(input.drive ? { drive: input.drive } : {}),
      };
      const i = s.reminders.findIndex((r) => r.id === id);
      if (i >= 0) s.reminders[i] = { ...entry, createdAt: s.reminders[i]!.createdAt };
      else s.reminders.push(entry);
    },
    opts,
  );
  const status = (await reminderStatus(stateDir, now)).find((r) => r.id === id);
  if (!status) throw new Error(`reminder ${id} was not saved`);
  return status;
}

/** Removes a reminder; an unknown id is bad input (exit 2), listing the known ones. */
export async function removeReminder(
  stateDir: string,
  id: string,
  opts: ReminderOptions = {},
): Promise<void> {
  await updateSettings(
    stateDir,
    (s) => {
      const i = s.reminders.findIndex((r) => r.id === id);
      if (i < 0) {
        throw new InputError(
          `remind remove: no reminder "${id}" (known: ${s.reminders.map((r) => r.id).join(', ') || 'none'})`,
        );
      }
      s.reminders.splice(i, 1);
    },
    opts,
  );
}

/** A backup-check passed: the backup of `source` is current as of `at`. */
export async function recordBackup(
  stateDir: string,
  input: { source: string; backup: string; at: string; runId?: string },
  opts: ReminderOptions = {},
): Promise<void> {
  await updateSettings(
    stateDir,
    (s) => {
      s.lastBackups[sourceKey(input.source)] = {
        at: input.at,
        backup: path.resolve(input.backup),
        ...(input.runId ? { runId: input.runId } : {}),
      };
    },
    opts,
  );
}
