/**
 * Reminders made and changed in the app: reminders:set / reminders:remove through the handler
 * table, on the same settings.json `wsops remind` edits (a temp state dir).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlerTable, type HandlerTable } from '../../electron/main/handlers';
import { reminderStatus } from '../../electron/engine/reminders';
import type { Reminder } from '../../shared/ipc';

let tmp: string;
let table: HandlerTable;
const call = (channel: string, payload?: unknown) =>
  (table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>)[channel]!(
    payload,
  );
const fail = (channel: string, payload: unknown) =>
  call(channel, payload).then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: Error) => e.message,
  );

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-remind-'));
  table = createHandlerTable({
    stateDir: path.join(tmp, 'state'),
    practiceRoot: path.join(tmp, 'practice'),
    platform: 'linux',
    appVersion: '0.0.0-test',
    emit: () => {},
    dialogs: { pickFolder: async () => null, saveFile: async () => null },
    printToPdf: async () => new Uint8Array(),
    openPath: async () => {},
    openInBrowser: async () => {},
  });
});
afterEach(async () => {
  await table.runs.shutdown();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('reminders in the app', () => {
  it('adds, edits (also moving the source) and removes; the CLI store sees each change', async () => {
    const src = path.join(tmp, 'docs');
    const bak = path.join(tmp, 'backup');
    const { reminder } = (await call('reminders:set', {
      source: src,
      backup: bak,
      intervalDays: 7,
      drive: { label: 'BACKUP' },
    })) as { reminder: Reminder };
    expect(reminder).toMatchObject({ source: src, backup: bak, intervalDays: 7, overdue: true });
    expect(reminder.drive).toEqual({ label: 'BACKUP' });

    const edited = (await call('reminders:set', {
      id: reminder.id,
      source: src,
      backup: bak,
      intervalDays: 30,
    })) as { reminder: Reminder };
    expect(edited.reminder.id).toBe(reminder.id);
    expect(edited.reminder.intervalDays).toBe(30);
    expect(edited.reminder.drive).toBeNull();

    const moved = (await call('reminders:set', {
      id: reminder.id,
      source: path.join(tmp, 'photos'),
      backup: bak,
      intervalDays: 30,
    })) as { reminder: Reminder };
    expect(moved.reminder.id).not.toBe(reminder.id);
    const stored = await reminderStatus(path.join(tmp, 'state'));
    expect(stored.map((r) => r.source)).toEqual([path.join(tmp, 'photos')]);

    await expect(call('reminders:remove', { reminderId: moved.reminder.id })).resolves.toEqual({
      removed: true,
    });
    expect(await reminderStatus(path.join(tmp, 'state'))).toEqual([]);
  });

  it('bad input: one line naming the channel and the field, nothing saved', async () => {
    const src = path.join(tmp, 'docs');
    expect(await fail('reminders:set', { source: src, backup: src, intervalDays: 7 })).toBe(
      'reminders:set: field backup: must differ from the source folder',
    );
    expect(await fail('reminders:set', { source: 'docs', backup: '/b', intervalDays: 7 })).toBe(
      'reminders:set: field source: expected a full path, got docs',
    );
    expect(await fail('reminders:set', { source: src, backup: '/b', intervalDays: 0 })).toMatch(
      /^reminders:set: field intervalDays: expected 1 to 3650 days$/,
    );
    expect(await fail('reminders:set', { source: src, backup: '/b', intervalDays: 1.5 })).toMatch(
      /^reminders:set: field intervalDays: expected a whole number of days$/,
    );
    expect(await fail('reminders:set', { source: ' ', backup: '/b', intervalDays: 3 })).toMatch(
      /^reminders:set: field source: name the folder that is backed up$/,
    );
    expect(
      await fail('reminders:set', { id: 'r00000000', source: src, backup: '/b', intervalDays: 3 }),
    ).toBe('reminders:set: field id: no reminder "r00000000"');
    expect(await fail('reminders:remove', { reminderId: 'r00000000' })).toBe(
      'reminders:remove: field reminderId: no reminder "r00000000"',
    );
    expect(await reminderStatus(path.join(tmp, 'state'))).toEqual([]);
  });
});
