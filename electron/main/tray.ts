/**
 * The tray icon: backup reminders at a glance, and a notification when one is overdue (once a
 * day per reminder — a reminder that nags every hour gets turned off).
 */
import { Menu, Notification, Tray, nativeImage, type NativeImage } from 'electron';
import type { Reminder } from '../../shared/ipc';
import { TRAY_ICON_PNG_BASE64 } from './icon';

const DAY = 24 * 60 * 60 * 1000;

export interface TrayDeps {
  loadReminders(): Promise<Reminder[] | null>;
  showWindow(): void;
  quit(): void;
}

export function reminderLine(r: Reminder, now = new Date()): string {
  const where = `${r.source} → ${r.backup}`;
  if (r.overdue)
    return `Overdue: ${where}${r.lastBackupAt ? ` (last ${r.lastBackupAt.slice(0, 10)})` : ' (never backed up)'}`;
  if (r.dueAt) {
    const days = Math.max(0, Math.ceil((Date.parse(r.dueAt) - now.getTime()) / DAY));
    return `${where}: due in ${days} day${days === 1 ? '' : 's'}`;
  }
  return where;
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
    // Reminders change slowly; every few hours is plenty (and costs nothing).
    this.timer = setInterval(() => void this.refresh(), 3 * 60 * 60 * 1000);
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
          : reminders.map((r) => ({ label: reminderLine(r, now), enabled: false }));
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
      const last = this.notified.get(r.id) ?? 0;
      if (now.getTime() - last < DAY) continue;
      this.notified.set(r.id, now.getTime());
      const n = new Notification({ title: 'A backup is overdue', body: reminderLine(r, now) });
      n.on('click', () => this.deps.showWindow());
      n.show();
    }
  }
}
