/**
 * The tray icon: backup reminders at a glance, and a notification when one is overdue (once a
 * day per reminder — a reminder that nags every hour gets turned off). A reminder that names its
 * backup drive speaks up when that drive is plugged in and the backup is due: "Your backup drive
 * is connected — last backup 9 days ago — check it now"; clicking opens backup-check with the
 * reminder's folders filled in.
 */
import { Menu, Notification, Tray, nativeImage, type NativeImage } from 'electron';
import type { Reminder } from '../../shared/ipc';
import { TRAY_ICON_PNG_BASE64 } from './icon';
import { reminderLine } from './tray-line';

export { reminderLine };

const DAY = 24 * 60 * 60 * 1000;
const POLL_MS = 5 * 60 * 1000;

export interface TrayDeps {
  loadReminders(): Promise<Reminder[] | null>;
  showWindow(): void;
  /** Opens backup-check for this reminder, its folders filled in (main wires it to the window). */
  checkReminder?(reminderId: string): void;
  quit(): void;
}

export class AppTray {
  private tray: Tray | null = null;
  private readonly notified = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: TrayDeps) {}

  start(): void {
    const icon: NativeImage = nativeImage.createFromBuffer(
      Buffer.from(TRAY_ICON_PNG_BASE64, 'base64'),
      { scaleFactor: 2 },
    );
    this.tray = new Tray(icon);
    this.tray.setToolTip('Workstation Ops');
    this.tray.on('click', () => this.deps.showWindow());
    void this.refresh();
    // Reminders change slowly, but a backup drive gets plugged in any time: look every few
    // minutes (settings.json, and blockDevices only when a reminder names a drive: ~10 ms).
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.tray?.destroy();
    this.tray = null;
  }

  async refresh(): Promise<void> {
    let reminders: Reminder[] | null = null;
    try {
      reminders = await this.deps.loadReminders();
    } catch (e) {
      console.warn(`wsops: backup reminders could not be read: ${(e as Error).message}`);
    }
    if (!this.tray) return;
    const now = new Date();
    const overdue = reminders?.filter((r) => r.overdue) ?? [];
    this.tray.setToolTip(
      overdue.length
        ? `Workstation Ops — ${overdue.length} backup${overdue.length === 1 ? '' : 's'} overdue`
        : 'Workstation Ops',
    );
    const reminderItems =
      reminders === null
        ? [{ label: 'Backup reminders are not available', enabled: false }]
        : reminders.length === 0
          ? [{ label: 'No backup reminders set', enabled: false }]
          : reminders.map((r) =>
              this.deps.checkReminder
                ? { label: reminderLine(r, now), click: () => this.deps.checkReminder!(r.id) }
                : { label: reminderLine(r, now), enabled: false },
            );
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Workstation Ops', click: () => this.deps.showWindow() },
        { type: 'separator' },
        { label: 'Backup reminders', enabled: false },
        ...reminderItems,
        { label: 'Check reminders now', click: () => void this.refresh() },
        { type: 'separator' },
        { label: 'Quit', click: () => this.deps.quit() },
      ]),
    );
    if (!Notification.isSupported()) return;
    for (const r of overdue) {
      // The drive just plugged in is news even if the overdue note went out today.
      const key = r.nudge ? `${r.id}:drive` : r.id;
      const last = this.notified.get(key) ?? 0;
      if (now.getTime() - last < DAY) continue;
      this.notified.set(key, now.getTime());
      const n = new Notification({
        title: r.nudge ? 'Your backup drive is connected' : 'A backup is overdue',
        body: reminderLine(r, now),
      });
      n.on('click', () =>
        this.deps.checkReminder ? this.deps.checkReminder(r.id) : this.deps.showWindow(),
      );
      n.show();
    }
  }
}
