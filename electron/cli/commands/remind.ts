/**
 * `wsops remind`: backup reminders (electron/engine/reminders.ts).
 *   status [--json] [--state-dir DIR]   every reminder, its last verified backup and when it is due
 *   set --source DIR --backup DIR --every DAYS [--drive-label L] [--drive-serial S] [--state-dir DIR]
 *   remove ID [--state-dir DIR]
 * A damaged settings.json is reported in one line (file and field) and its last good copy is
 * used; `status` then still answers. Exit 0; status exits 0 even when reminders are overdue
 * (it reports, it does not judge).
 */
import { InputError } from '../../../shared/errors';
import {
  reminderStatus,
  removeReminder,
  setReminder,
  type ReminderStatus,
} from '../../engine/reminders';
import { flag, int, parse, stateDirOf, str } from '../args';
import { connectedDrives } from '../../system/local/drives';
import type { Cli } from '../cli';

export async function remindCommand(cli: Cli, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const warn = (m: string) => cli.err(`wsops: ${m}`);
  switch (sub) {
    case 'status': {
      const p = parse(
        'remind status',
        rest,
        { json: { type: 'boolean' }, 'state-dir': { type: 'string' } },
        0,
      );
      const list = await reminderStatus(stateDirOf(p), new Date(), {
        onWarning: warn,
        drives: () => connectedDrives(),
      });
      if (flag(p, 'json')) cli.out(JSON.stringify({ reminders: list }, null, 2));
      else if (!list.length)
        cli.out(
          'No backup reminders. Add one: wsops remind set --source DIR --backup DIR --every DAYS',
        );
      else for (const r of list) cli.out(line(r));
      return 0;
    }
    case 'set': {
      const p = parse(
        'remind set',
        rest,
        {
          source: { type: 'string' },
          backup: { type: 'string' },
          every: { type: 'string' },
          'drive-label': { type: 'string' },
          'drive-serial': { type: 'string' },
          'state-dir': { type: 'string' },
          json: { type: 'boolean' },
        },
        0,
      );
      const source = str(p, 'source');
      const backup = str(p, 'backup');
      const every = int(p, 'every', 1, 3650);
      if (!source || !backup || every === undefined)
        throw new InputError('wsops remind set: give --source DIR --backup DIR --every DAYS');
      const label = str(p, 'drive-label');
      const serial = str(p, 'drive-serial');
      const drive =
        label !== undefined || serial !== undefined
          ? {
              ...(label !== undefined ? { label } : {}),
              ...(serial !== undefined ? { serial } : {}),
            }
          : undefined;
      const r = await setReminder(
        stateDirOf(p),
        { source, backup, intervalDays: every, ...(drive ? { drive } : {}) },
        { onWarning: warn },
      );
      cli.out(
        flag(p, 'json')
          ? JSON.stringify({ reminder: r }, null, 2)
          : `Reminder ${r.id} set.\n${line(r)}`,
      );
      return 0;
    }
    case 'remove': {
      const p = parse('remind remove', rest, { 'state-dir': { type: 'string' } }, 1);
      const id = p.positionals[0];
      if (!id)
        throw new InputError(
          'wsops remind remove: give the reminder id (wsops remind status lists them)',
        );
      await removeReminder(stateDirOf(p), id, { onWarning: warn });
      cli.out(`Reminder ${id} removed.`);
      return 0;
    }
    default:
      throw new InputError(
        `wsops remind: expected "status", "set" or "remove", got "${sub ?? ''}"`,
      );
  }
}

function line(r: ReminderStatus): string {
  const state =
    r.lastBackupAt === null
      ? 'never verified — due now'
      : r.overdue
        ? `OVERDUE since ${r.dueAt}`
        : `due ${r.dueAt}`;
  const drive = r.drive
    ? `; drive ${[r.drive.label && `label "${r.drive.label}"`, r.drive.serial && `serial ${r.drive.serial}`].filter(Boolean).join(', ')} ${r.driveConnected === null ? '(not looked up)' : r.driveConnected ? `connected${r.driveMount ? ` at ${r.driveMount}` : ''}` : 'not connected'}`
    : '';
  const line = `${r.id}  ${r.source} → ${r.backup}  every ${r.intervalDays} day${r.intervalDays === 1 ? '' : 's'}; last verified backup ${r.lastBackupAt ?? 'never'}; ${state}${drive}`;
  return r.nudge
    ? `${line}\n    ${r.nudge}: wsops run backup-check (source ${r.source}, backup ${r.backup})`
    : line;
}
