/**
 * Backup reminders that know their drive: matched by label or serial among the connected drives
 * (systeminformation blockDevices/fsSize), the tray's line when it is plugged in and the backup is
 * due, and "Check it now" starting backup-check with the reminder's folders filled in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findDrive,
  nudgeText,
  recordBackup,
  reminderStatus,
  setReminder,
} from '../../electron/engine/reminders';
import { connectedDrives, type ConnectedDrive } from '../../electron/system/local/drives';
import { reminderLine } from '../../electron/main/tray-line';
import { createHandlerTable } from '../../electron/main/handlers';
import { reminderChecker } from '../../electron/main/reminders';
import type { AppEvent } from '../../shared/ipc';
import { removeTempDirs, tracked } from '../workflows/helpers';
import { wsops } from '../helpers/cli';

afterAll(removeTempDirs);

const DAY = 86_400_000;
const usb: ConnectedDrive = {
  name: 'sdb1',
  label: 'BACKUP-2TB',
  serial: 'WD-WX12A3456789',
  mount: '/media/dev/BACKUP-2TB',
  removable: true,
};

describe('connectedDrives', () => {
  it('names drives by label and serial; a partition inherits its disk serial; fsSize fills mounts', async () => {
    const calls: string[] = [];
    const drives = await connectedDrives({
      platform: 'win32',
      si: {
        powerShellStart: () => void calls.push('start'),
        powerShellRelease: () => void calls.push('release'),
        blockDevices: async () =>
          [
            { name: 'sdb', type: 'disk', serial: 'WD-WX12A3456789', label: '', mount: '' },
            {
              name: 'sdb1',
              type: 'part',
              serial: '',
              label: 'BACKUP-2TB',
              mount: '',
              device: '/dev/sdb1',
              removable: true,
            },
            { name: 'loop0', type: 'loop', serial: '', label: '', mount: '/snap/x' },
          ] as never,
        fsSize: async () => [{ fs: '/dev/sdb1', mount: '/media/dev/BACKUP-2TB' }] as never,
      },
    });
    expect(calls).toEqual(['start', 'release']);
    expect(drives).toEqual([
      { name: 'sdb', label: null, serial: 'WD-WX12A3456789', mount: null, removable: false },
      { ...usb },
    ]);
  });

  it('a read that fails or hangs is null (could not tell), not "not connected"', async () => {
    const hang = await connectedDrives({
      platform: 'linux',
      timeoutMs: 30,
      si: { blockDevices: () => new Promise(() => {}), fsSize: async () => [] },
    });
    expect(hang).toBeNull();
    const fail = await connectedDrives({
      platform: 'linux',
      si: {
        blockDevices: () => Promise.reject(new Error('lsblk missing')),
        fsSize: async () => [],
      },
    });
    expect(fail).toBeNull();
  });

  it('reads this machine for real', async () => {
    const drives = await connectedDrives();
    expect(Array.isArray(drives)).toBe(true);
    expect(drives!.length).toBeGreaterThan(0);
  });
});

describe('findDrive and the nudge', () => {
  it('matches a label case-insensitively or a serial exactly; prefers the mounted one', () => {
    const disk = { ...usb, name: 'sdb', label: null, mount: null };
    expect(findDrive({ label: 'backup-2tb' }, [disk, usb])).toBe(usb);
    expect(findDrive({ serial: 'WD-WX12A3456789' }, [disk, usb])).toBe(usb);
    expect(findDrive({ serial: 'wd-wx12a3456789' }, [usb])).toBeNull();
    expect(findDrive({ label: 'OTHER' }, [usb])).toBeNull();
  });
  it("says the issue's sentence", () => {
    expect(nudgeText(9)).toBe(
      'Your backup drive is connected — last backup 9 days ago — check it now',
    );
    expect(nudgeText(null)).toBe('Your backup drive is connected — never backed up — check it now');
  });
});

describe('reminderStatus with a drive', () => {
  async function setup() {
    const dir = tracked('wsops-remind-');
    const source = path.join(dir, 'photos');
    const backup = path.join(dir, 'usb', 'photos');
    fs.mkdirSync(source, { recursive: true });
    fs.mkdirSync(backup, { recursive: true });
    const r = await setReminder(dir, {
      source,
      backup,
      intervalDays: 7,
      drive: { label: 'BACKUP-2TB' },
    });
    return { dir, source, backup, r };
  }

  it('connected and 9 days since the last backup of a 7-day reminder: the tray nudges', async () => {
    const { dir, source, backup, r } = await setup();
    const now = new Date('2026-11-30T12:00:00Z');
    await recordBackup(dir, {
      source,
      backup,
      at: new Date(now.getTime() - 9 * DAY).toISOString(),
    });
    const [s] = await reminderStatus(dir, now, { drives: async () => [usb] });
    expect(s).toMatchObject({
      id: r.id,
      overdue: true,
      drive: { label: 'BACKUP-2TB' },
      driveConnected: true,
      driveMount: usb.mount,
      daysSinceBackup: 9,
      nudge: 'Your backup drive is connected — last backup 9 days ago — check it now',
    });
    expect(reminderLine(s!, now)).toMatch(
      /^Your backup drive is connected — last backup 9 days ago — check it now: /,
    );
  });

  it('no nudge while the backup is recent, the drive is absent, or the drives cannot be read', async () => {
    const { dir, source, backup } = await setup();
    const now = new Date('2026-11-30T12:00:00Z');
    await recordBackup(dir, {
      source,
      backup,
      at: new Date(now.getTime() - 2 * DAY).toISOString(),
    });
    expect((await reminderStatus(dir, now, { drives: async () => [usb] }))[0]!.nudge).toBeNull();
    await recordBackup(dir, {
      source,
      backup,
      at: new Date(now.getTime() - 20 * DAY).toISOString(),
    });
    const absent = (await reminderStatus(dir, now, { drives: async () => [] }))[0]!;
    expect([absent.driveConnected, absent.nudge]).toEqual([false, null]);
    const unreadable = (await reminderStatus(dir, now, { drives: async () => null }))[0]!;
    expect([unreadable.driveConnected, unreadable.nudge]).toEqual([null, null]);
  });

  it('refuses an empty drive name with one line', async () => {
    const dir = tracked('wsops-remind-');
    await expect(
      setReminder(dir, { source: '/a', backup: '/b', intervalDays: 1, drive: { label: '' } }),
    ).rejects.toThrow(/^--drive-label\/--drive-serial: /);
  });

  it('wsops remind set --drive-label stores it; status names it', () => {
    const dir = tracked('wsops-remind-cli-');
    const env = { WSOPS_STATE_DIR: dir };
    const set = wsops(
      [
        'remind',
        'set',
        '--source',
        path.join(dir, 's'),
        '--backup',
        path.join(dir, 'b'),
        '--every',
        '7',
        '--drive-label',
        'NO-SUCH-DRIVE-XYZ',
      ],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    const status = wsops(['remind', 'status', '--json'], env);
    const [r] = JSON.parse(status.stdout).reminders;
    expect(r.drive).toEqual({ label: 'NO-SUCH-DRIVE-XYZ' });
    expect(r.driveConnected).toBe(false);
    expect(wsops(['remind', 'status'], env).stdout).toContain(
      'drive label "NO-SUCH-DRIVE-XYZ" not connected',
    );
  });
});

describe('"Check it now" through the handler table', () => {
  it("starts backup-check on this computer with the reminder's folders filled in", async () => {
    const { dir, source, backup, r } = await (async () => {
      const d = tracked('wsops-remind-app-');
      const s = path.join(d, 'photos');
      const b = path.join(d, 'usb', 'photos');
      fs.mkdirSync(s, { recursive: true });
      fs.mkdirSync(b, { recursive: true });
      fs.writeFileSync(path.join(s, 'a.jpg'), 'x');
      fs.writeFileSync(path.join(b, 'a.jpg'), 'x');
      return {
        dir: d,
        source: s,
        backup: b,
        r: await setReminder(d, { source: s, backup: b, intervalDays: 7 }),
      };
    })();
    const table = createHandlerTable({
      stateDir: dir,
      practiceRoot: path.join(dir, 'practice'),
      appVersion: 'test',
      emit: () => {},
      dialogs: { pickFolder: async () => null, saveFile: async () => null },
      printToPdf: async () => new Uint8Array(),
      openPath: async () => {},
      openInBrowser: async () => {},
    });
    const call = table.handlers['reminders:check'] as (p: unknown) => Promise<{
      state: { runId: string; workflow: string };
    }>;
    const view = await call({ reminderId: r.id });
    expect(view.state.workflow).toBe('backup-check');
    await table.runs.idle();
    const log = fs.readFileSync(path.join(dir, 'runs', view.state.runId, 'journal.ndjson'), 'utf8');
    expect(log).toContain(JSON.stringify(source).slice(1, -1));
    expect(log).toContain(JSON.stringify(backup).slice(1, -1));
    // The tray's path: the same handler, then the window opens the run.
    const events: AppEvent[] = [];
    let shown = 0;
    reminderChecker({
      handlers: table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>,
      emit: (e) => void events.push(e),
      showWindow: () => void shown++,
    })(r.id);
    await expect.poll(() => events.length).toBe(1);
    expect(shown).toBe(1);
    expect(events[0]).toMatchObject({ type: 'open-run', runId: expect.any(String) });
    await table.runs.idle();
    await expect(call({ reminderId: 'rdeadbeef' })).rejects.toThrow(
      /^reminders:check: field reminderId: no reminder "rdeadbeef"/,
    );
    await table.runs.shutdown();
  });
});
