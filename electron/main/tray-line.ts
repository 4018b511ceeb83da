/** The tray's line for one reminder — pure, so it is tested without Electron. */
import type { Reminder } from '../../shared/ipc';

const DAY = 24 * 60 * 60 * 1000;

export function reminderLine(r: Reminder, now = new Date()): string {
  const where = `${r.source} → ${r.backup}`;
  if (r.nudge) return `${r.nudge}: ${where}`;
  if (r.overdue)
    return `Overdue: ${where}${r.lastBackupAt ? ` (last ${r.lastBackupAt.slice(0, 10)})` : ' (never backed up)'}`;
  if (r.dueAt) {
    const days = Math.max(0, Math.ceil((Date.parse(r.dueAt) - now.getTime()) / DAY));
    return `${where}: due in ${days} day${days === 1 ? '' : 's'}`;
  }
  return where;
}
