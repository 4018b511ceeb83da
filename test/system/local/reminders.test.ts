import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  recordBackup,
  reminderId,
  reminderStatus,
  removeReminder,
  setReminder,
} from '../../../electron/engine/reminders';
import { loadSettings, settingsFile } from '../../../electron/engine/settings';
import { wsops } from '../../helpers/cli';

const made: string[] = [];
function stateDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-remind-'));
  made.push(d);
  return d;
}
afterAll(async () => {
  for (const d of made) await fs.promises.rm(d, { recursive: true, force: true });
});
const DAY = 86_400_000;

describe('reminders', () => {
  it('set → never verified is overdue; a recorded backup makes it due interval days later; overdue after that', async () => {
    const dir = stateDir();
    const now = new Date('2026-03-01T12:00:00Z');
    const r = await setReminder(
      dir,
      { source: '/data/photos/', backup: '/mnt/usb/photos', intervalDays: 7 },
      { now },
    );
    expect(r).toEqual({
      id: reminderId('/data/photos'),
      source: '/data/photos',
      backup: '/mnt/usb/photos',
      intervalDays: 7,
      lastBackupAt: null,
      dueAt: null,
      overdue: true,
      drive: null,
      driveConnected: null,
      driveMount: null,
      daysSinceBackup: null,
      nudge: null,
    });
    await recordBackup(dir, {
      source: '/data/photos',
      backup: '/mnt/usb/photos',
      at: now.toISOString(),
      runId: 'run-1',
    });
    const [s] = await reminderStatus(dir, new Date(now.getTime() + 6 * DAY));
    expect(s).toMatchObject({
      lastBackupAt: now.toISOString(),
      dueAt: new Date(now.getTime() + 7 * DAY).toISOString(),
      overdue: false,
    });
    const [late] = await reminderStatus(dir, new Date(now.getTime() + 7 * DAY));
    expect(late!.overdue).toBe(true);
  });

  it('one reminder per source: set again changes it; remove deletes it; an unknown id is bad input', async () => {
    const dir = stateDir();
    await setReminder(dir, { source: '/a', backup: '/b', intervalDays: 7 });
    await setReminder(dir, { source: '/a', backup: '/c', intervalDays: 3 });
    const list = await reminderStatus(dir);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ backup: '/c', intervalDays: 3 });
    await expect(removeReminder(dir, 'r00000000')).rejects.toThrow(
      /no reminder "r00000000" \(known: r/,
    );
    await removeReminder(dir, list[0]!.id);
    expect(await reminderStatus(dir)).toEqual([]);
    await expect(
      setReminder(dir, { source: '/a', backup: '/a/', intervalDays: 1 }),
    ).rejects.toThrow(/must differ/);
    await expect(setReminder(dir, { source: '/a', backup: '/b', intervalDays: 0 })).rejects.toThrow(
      /--every/,
    );
  });

  it('keeps keys it does not own (the app stores its settings beside them)', async () => {
    const dir = stateDir();
    fs.writeFileSync(
      settingsFile(dir),
      JSON.stringify({ version: 1, theme: 'dark', window: { width: 900 } }),
    );
    await setReminder(dir, { source: '/a', backup: '/b', intervalDays: 7 });
    const saved = JSON.parse(fs.readFileSync(settingsFile(dir), 'utf8'));
    expect(saved.theme).toBe('dark');
    expect(saved.window).toEqual({ width: 900 });
    expect(saved.reminders).toHaveLength(1);
  });

  it('a damaged settings.json: one line naming file and field, the last good copy is used, never reset', async () => {
    const dir = stateDir();
    await setReminder(dir, { source: '/a', backup: '/b', intervalDays: 7 });
    await setReminder(dir, { source: '/c', backup: '/d', intervalDays: 2 }); // settings.json.bak now holds /a
    const file = settingsFile(dir);
    const damaged = JSON.parse(fs.readFileSync(file, 'utf8'));
    damaged.reminders[1].intervalDays = 'two';
    fs.writeFileSync(file, JSON.stringify(damaged));

    const warnings: string[] = [];
    const list = await reminderStatus(dir, new Date(), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${file}: field reminders[1].intervalDays:`);
    expect(warnings[0]).toContain(`using the last good copy ${file}.bak`);
    expect(warnings[0]).not.toContain('\n');
    expect(list.map((r) => r.source)).toEqual(['/a']);
    // The damaged file is still there, untouched, until the next save…
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(damaged));
    // …which moves it aside instead of copying it over the good .bak.
    await setReminder(dir, { source: '/e', backup: '/f', intervalDays: 1 });
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('settings.json.damaged-'))).toHaveLength(
      1,
    );
    expect(loadSettings(dir).warning).toBeNull();
    expect((await reminderStatus(dir)).map((r) => r.source)).toEqual(['/a', '/e']);
  });

  it('damaged with no usable last good copy: a clear error, nothing rewritten', async () => {
    const dir = stateDir();
    fs.writeFileSync(settingsFile(dir), '{"version":1,"reminders":[{"id":"nope"}]}');
    await expect(reminderStatus(dir)).rejects.toThrow(
      /settings\.json: field reminders\[0\]\.id: .*\(no last good copy .*settings\.json\.bak/,
    );
    await expect(setReminder(dir, { source: '/a', backup: '/b', intervalDays: 1 })).rejects.toThrow(
      /field reminders\[0\]\.id/,
    );
    expect(fs.readFileSync(settingsFile(dir), 'utf8')).toBe(
      '{"version":1,"reminders":[{"id":"nope"}]}',
    );
  });
});

describe('wsops remind', () => {
  it('set, status (text and --json), remove; a damaged file is reported in one line on stderr', () => {
    const dir = stateDir();
    const env = { WSOPS_STATE_DIR: path.join(dir, 'state') };
    const set = wsops(
      ['remind', 'set', '--source', '/srv/src', '--backup', '/srv/bak', '--every', '7'],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/Reminder r[0-9a-f]{8} set/);
    const status = wsops(['remind', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const { reminders } = JSON.parse(status.stdout);
    expect(reminders).toEqual([
      expect.objectContaining({
        source: '/srv/src',
        backup: '/srv/bak',
        intervalDays: 7,
        lastBackupAt: null,
        overdue: true,
      }),
    ]);
    expect(wsops(['remind', 'status'], env).stdout).toMatch(/never verified — due now/);
    // --state-dir wins over the environment.
    expect(
      JSON.parse(
        wsops(['remind', 'status', '--json', '--state-dir', path.join(dir, 'other')], env).stdout,
      ).reminders,
    ).toEqual([]);

    wsops(['remind', 'set', '--source', '/srv/x', '--backup', '/srv/y', '--every', '1'], env);
    const file = path.join(dir, 'state', 'settings.json');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('"intervalDays": 1', '"intervalDays": -1'),
    );
    const damaged = wsops(['remind', 'status', '--json'], env);
    expect(damaged.code).toBe(0);
    expect(damaged.stderr.trim().split('\n')).toHaveLength(1);
    expect(damaged.stderr).toMatch(
      /settings\.json: field reminders\[1\]\.intervalDays: .* using the last good copy/,
    );
    expect(JSON.parse(damaged.stdout).reminders).toHaveLength(1);

    const bad = wsops(
      ['remind', 'set', '--source', '/a', '--backup', '/b', '--every', 'soon'],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--every: expected a whole number/);
    expect(wsops(['remind', 'remove', 'r12345678'], env).code).toBe(2);
    const id = reminders[0].id;
    const removed = wsops(['remind', 'remove', id], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(
      JSON.parse(wsops(['remind', 'status', '--json'], env).stdout).reminders.map(
        (r: { id: string }) => r.id,
      ),
    ).not.toContain(id);
  });
});
