/**
 * Backup reminders for the home screen and the tray, from the engine's reminders store
 * (electron/engine/reminders.ts; the CLI's `wsops remind` edits the same settings.json).
 */
import { z } from 'zod';
import { ReminderSchema, type AppEvent, type Reminder, type RunView } from '../../shared/ipc';
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

/**
 * The tray's "check it now": starts backup-check for the reminder through the handler table
 * (`reminders:check`, the same path as Home's button), shows the window and tells the renderer to
 * open the run. main/index.ts passes it to AppTray as `checkReminder`.
 */
export function reminderChecker(deps: {
  handlers: Record<string, (payload: unknown) => Promise<unknown>>;
  emit(event: AppEvent): void;
  showWindow(): void;
}): (reminderId: string) => void {
  return (reminderId) => {
    deps.showWindow();
    void (deps.handlers['reminders:check']!({ reminderId }) as Promise<RunView>)
      .then((view) => deps.emit({ type: 'open-run', runId: view.state.runId }))
      .catch((e: unknown) =>
        console.warn(`wsops: the backup check could not start: ${(e as Error).message}`),
      );
  };
}
