/**
 * The Windows health probe: the script says what it reads, the parser turns the printed JSON into
 * MachineHealth (documented enum values, ConvertTo-Json quirks, partial failures), and the real
 * host sends it as exactly one powershell.exe through its CommandRunner.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HEALTH_FRAGMENT,
  HEALTH_KEY,
  REBOOT_MARKERS,
  WindowsHealthParseError,
  healthArgv,
  healthScript,
  parseWindowsHealth,
} from '../../electron/system/windows/health';
import { ReplayRunner } from '../../electron/system/command-runner';
import { readingArgv } from '../../electron/system/windows/reading';
import { WindowsRealHost } from '../../electron/system/windows/host';
import { MachineHealthSchema } from '../../shared/health';

const fixture = (name: string) => fs.readFileSync(`test/fixtures/windows/health/${name}`, 'utf8');

describe('the health script', () => {
  it('is one powershell.exe, non-interactive, that prints one compressed JSON object', () => {
    const a = healthArgv();
    expect(a.file).toBe('powershell.exe');
    expect(a.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(a.args).toHaveLength(4);
    expect(a.args[3]).toMatch(/\$wsops \| ConvertTo-Json -Depth 4 -Compress$/);
  });

  it('reads every documented class and marker and writes under its key', () => {
    for (const s of [
      'Win32_Battery',
      'BatteryStatus',
      'EstimatedChargeRemaining',
      'MSFT_PhysicalDisk',
      'root/Microsoft/Windows/Storage',
      'HealthStatus',
      'OperationalStatus',
      'MediaType',
      'FriendlyName',
      'SerialNumber',
      "Win32_LogicalDisk -Filter 'DriveType=3'",
      'FreeSpace',
      'VolumeName',
      'FileSystem',
      'Win32_OperatingSystem',
      'LastBootUpTime',
      'TotalVisibleMemorySize',
      'FreePhysicalMemory',
      'SystemDrive',
      'BuildNumber',
    ])
      expect(HEALTH_FRAGMENT).toContain(s);
    for (const m of REBOOT_MARKERS) expect(HEALTH_FRAGMENT).toContain(m.key);
    expect(HEALTH_FRAGMENT).toContain(`$wsops['${HEALTH_KEY}'] = $h`);
  });

  it('batches with other fragments in the same process', () => {
    const other = `$wsops['other'] = 1`;
    const script = healthScript([HEALTH_FRAGMENT, other]);
    expect(script.indexOf(HEALTH_FRAGMENT)).toBeLessThan(script.indexOf(other));
    expect(script.match(/ConvertTo-Json/g)).toHaveLength(1);
  });
});

describe('parseWindowsHealth', () => {
  it('reads a laptop on battery with a healthy SSD, a Warning HDD and two restart markers', () => {
    const h = parseWindowsHealth(fixture('laptop-on-battery.json'));
    expect(MachineHealthSchema.parse(h)).toEqual(h);
    expect(h.power).toEqual({ hasBattery: true, percent: 34, acConnected: false, charging: false });
    expect(h.disks).toEqual([
      expect.objectContaining({ name: 'SAMSUNG MZVL2512HCJQ-00B00', type: 'ssd', health: 'ok' }),
      expect.objectContaining({
        type: 'hdd',
        health: 'warning',
        sizeBytes: 1000204886016,
        healthSource: expect.stringContaining('HealthStatus 1 (Warning), OperationalStatus 3,5'),
      }),
    ]);
    expect(h.filesystems!.map((f) => [f.mount, f.system, f.freeBytes])).toEqual([
      ['C:', true, 18253611008],
      ['D:', false, 650000000000],
    ]);
    expect(h.uptimeSeconds).toBe(2 * 86_400 - 8.5 * 3600 + 10 * 3600);
    expect(h.pendingRestart).toEqual({
      pending: true,
      markers: ['CBS RebootPending', 'PendingFileRenameOperations'],
    });
    expect(h.os).toEqual({
      platform: 'win32',
      name: 'Microsoft Windows 10 Pro',
      version: '10.0.19045',
      build: '19045',
      arch: '64-bit',
    });
    // Win32_OperatingSystem memory is in kilobytes.
    expect(h.memory).toEqual({ totalBytes: 16601316 * 1024, availableBytes: 7340032 * 1024 });
  });

  it('accepts bare objects for one-element lists, numeric strings, and a failed class', () => {
    const h = parseWindowsHealth(fixture('desktop-single-disk-quirks.json'));
    expect(h.power).toEqual({ hasBattery: null, percent: null, acConnected: null, charging: null });
    expect(h.notes).toEqual(
      expect.arrayContaining(['Win32_Battery: Invalid class ', 'Battery state could not be read']),
    );
    expect(h.disks).toEqual([
      expect.objectContaining({ health: 'failing', type: 'unknown', sizeBytes: 2000398934016 }),
    ]);
    expect(h.filesystems).toEqual([
      expect.objectContaining({ mount: 'C:', system: true, label: null }),
    ]);
    expect(h.pendingRestart).toEqual({ pending: false, markers: [] });
  });

  it.each([
    [0, 'ok'],
    [1, 'warning'],
    [2, 'failing'],
    [5, 'unknown'],
    [9, 'unknown'],
  ] as const)('HealthStatus %i is %s', (status, health) => {
    const raw = JSON.parse(fixture('laptop-on-battery.json'));
    raw.health.physicalDisks[0].HealthStatus = status;
    expect(parseWindowsHealth(JSON.stringify(raw)).disks![0]!.health).toBe(health);
  });

  it.each([
    [1, false, false],
    [2, true, null],
    [3, true, false],
    [6, true, true],
    [11, true, null],
    [10, null, null],
  ] as const)('BatteryStatus %i: AC %s, charging %s', (status, ac, charging) => {
    const raw = JSON.parse(fixture('laptop-on-battery.json'));
    raw.health.battery[0].BatteryStatus = status;
    const p = parseWindowsHealth(JSON.stringify(raw)).power;
    expect([p.acConnected, p.charging]).toEqual([ac, charging]);
  });

  it('no Win32_Battery instance means no battery; no restart record means unknown', () => {
    const raw = JSON.parse(fixture('laptop-on-battery.json'));
    raw.health.battery = [];
    raw.health.rebootMarkers = null;
    const h = parseWindowsHealth(JSON.stringify(raw));
    expect(h.power.hasBattery).toBe(false);
    expect(h.pendingRestart.pending).toBeNull();
  });

  it.each([
    ['', 'did not print JSON'],
    ['WARNING: something', 'did not print JSON'],
    ['{"other":1}', 'unexpected shape'],
    ['{"health":{"physicalDisks":[{"HealthStatus":"bad"}]}}', 'unexpected shape'],
  ])('refuses %j with one line', (text, message) => {
    expect(() => parseWindowsHealth(text)).toThrow(WindowsHealthParseError);
    expect(() => parseWindowsHealth(text)).toThrow(message);
  });
});

describe('WindowsRealHost.health', () => {
  it('starts exactly one process: the batch (health, identity, services; windows/reading.ts)', async () => {
    const a = readingArgv();
    expect(a.args[3]).toContain(HEALTH_FRAGMENT);
    const runner = new ReplayRunner([
      { file: a.file, args: a.args, exitCode: 0, stdout: fixture('laptop-on-battery.json') },
    ]);
    const h = await new WindowsRealHost(runner).health();
    expect(runner.calls).toEqual([{ file: 'powershell.exe', args: a.args, elevated: false }]);
    expect(h.power.percent).toBe(34);
  });

  it('answers all-unknown with the reason when PowerShell fails or prints nonsense', async () => {
    const a = readingArgv();
    const failing = new ReplayRunner([
      { file: a.file, args: a.args, exitCode: 1, stderr: 'Access is denied.' },
    ]);
    const h = await new WindowsRealHost(failing).health();
    expect(h.disks).toBeNull();
    expect(h.notes[0]).toContain('Access is denied.');
    const garbage = new ReplayRunner([{ file: a.file, args: a.args, exitCode: 0, stdout: 'x' }]);
    expect((await new WindowsRealHost(garbage).health()).notes[0]).toContain('did not print JSON');
  });
});
