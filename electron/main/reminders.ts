/**
 * Backup reminders for the home screen and the tray, from the engine's reminders store
 * (electron/engine/reminders.ts; the CLI's `wsops remind` edits the same settings.json).
 */
import { z } from 'zod';
import { ReminderSchema, type Reminder } from '../../shared/ipc';
import { reminderStatus as engineReminderStatus } from '../engine/reminders';
import { connectedDrives } from '../system/local/drives';

/** The reminders, checked against the IPC contract; damaged settings are reported once per read. */
export async function reminderStatus(
  stateDir: string,
  now = new Date(),
): Promise<Reminder[] | null> {
  const list = await engineReminderStatus(stateDir, now, {
    onWarning: (message) => console.warn(`wsops: ${message}`),
    // Only read when a reminder names a drive (blockDevices + fsSize, under timeouts).
    drives: () => connectedDrives(),
  });
  return z.array(ReminderSchema).parse(list);
}
