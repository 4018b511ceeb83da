/**
 * systeminformation behind the LocalHost capability: the pure mapping, our own timeouts, the
 * PowerShell start/release pair on Windows, and a real reading on this machine.
 */
import { describe, expect, it } from 'vitest';
import type { Systeminformation } from 'systeminformation';
import {
  healthFromSystemInformation,
  probeLocalHealth,
  smartHealth,
  type SystemInformationApi,
} from '../../electron/system/local/health';
import { createLocalHost } from '../../electron/system/local/host';
import { MachineHealthSchema } from '../../shared/health';

const disk = (over: Partial<Systeminformation.DiskLayoutData>) =>
  ({
    device: '/dev/nvme0n1',
    type: 'NVMe',
    name: 'Samsung SSD 980 PRO 1TB',
    vendor: 'Samsung',
    size: 1000204886016,
    serialNum: 'S5GXNX0T000000',
    smartStatus: 'Ok',
    ...over,
  }) as Systeminformation.DiskLayoutData;

function fakeSi(over: Partial<SystemInformationApi> = {}): SystemInformationApi & {
  calls: string[];
} {
  const calls: string[] = [];
  const api: SystemInformationApi = {
    battery: async () =>
      ({ hasBattery: true, percent: 42, acConnected: false, isCharging: false }) as never,
    diskLayout: async () => [
      disk({}),
      disk({ name: 'Old HDD', type: 'HD', smartStatus: 'Predicted Failure' }),
    ],
    blockDevices: async () =>
      [{ name: 'nvme0n1p2', type: 'part', mount: '/', label: 'root', size: 1 }] as never,
    fsSize: async () =>
      [
        { fs: '/dev/nvme0n1p2', type: 'ext4', size: 100, used: 40, available: 60, mount: '/' },
        { fs: '/dev/sdb1', type: 'vfat', size: 10, used: 1, available: 9, mount: '/media/usb' },
      ] as never,
    time: () => ({ current: 0, uptime: 3661.4, timezone: '', timezoneName: '' }),
    osInfo: async () =>
      ({
        platform: 'linux',
        distro: 'Ubuntu',
        release: '24.04',
        kernel: '6.8.0',
        arch: 'x64',
        build: '',
      }) as never,
    mem: async () => ({ total: 16e9, available: 8e9 }) as never,
    ...over,
  };
  return Object.assign(
    Object.fromEntries(
      Object.entries(api).map(([k, f]) => [
        k,
        (...a: unknown[]) => {
          calls.push(k);
          return (f as (...x: unknown[]) => unknown)(...a);
        },
      ]),
    ) as unknown as SystemInformationApi,
    { calls },
  );
}

describe('smartHealth', () => {
  it.each([
    ['Ok', 'ok'],
    ['OK', 'ok'],
    ['Predicted Failure', 'failing'],
    ['Degraded', 'warning'],
    ['unknown', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('%j → %s', (s, h) => expect(smartHealth(s)).toBe(h));
});

describe('probeLocalHealth with a fake systeminformation', () => {
  it('maps power, SMART health, filesystems, uptime, OS and memory', async () => {
    const h = await probeLocalHealth({ si: fakeSi(), platform: 'linux' });
    expect(MachineHealthSchema.parse(h)).toEqual(h);
    expect(h.power).toEqual({ hasBattery: true, percent: 42, acConnected: false, charging: false });
    expect(h.disks!.map((d) => [d.name, d.type, d.health])).toEqual([
      ['Samsung SSD 980 PRO 1TB', 'ssd', 'ok'],
      ['Old HDD', 'hdd', 'failing'],
    ]);
    expect(h.filesystems).toEqual([
      { mount: '/', label: 'root', fsType: 'ext4', sizeBytes: 100, freeBytes: 60, system: true },
      {
        mount: '/media/usb',
        label: null,
        fsType: 'vfat',
        sizeBytes: 10,
        freeBytes: 9,
        system: false,
      },
    ]);
    expect(h.uptimeSeconds).toBe(3661);
    expect(h.os).toMatchObject({
      platform: 'linux',
      name: 'Ubuntu',
      version: '24.04',
      build: '6.8.0',
    });
    expect(h.pendingRestart.pending).toBeNull();
  });

  it('a call that never answers is cut off by our timeout and reported, the rest still answers', async () => {
    const si = fakeSi({ diskLayout: () => new Promise(() => {}) });
    const h = await probeLocalHealth({ si, platform: 'linux', timeoutMs: 50 });
    // diskLayout gave nothing: the block devices still list no whole disk here → []
    expect(h.notes).toContain('diskLayout: no answer within 50 ms');
    expect(h.power.percent).toBe(42);
  });

  it('a throwing call is unknown with its message', async () => {
    const si = fakeSi({
      battery: async () => {
        throw new Error('no /sys/class/power_supply');
      },
    });
    const h = await probeLocalHealth({ si, platform: 'darwin' });
    expect(h.power.hasBattery).toBeNull();
    expect(h.notes).toContain('battery: no /sys/class/power_supply');
  });

  it('on Windows it keeps one PowerShell: powerShellStart once before, powerShellRelease after', async () => {
    const si = fakeSi({ powerShellStart: () => {}, powerShellRelease: () => {} });
    await probeLocalHealth({ si, platform: 'win32' });
    expect(si.calls[0]).toBe('powerShellStart');
    expect(si.calls.at(-1)).toBe('powerShellRelease');
    expect(si.calls.filter((c) => c.startsWith('powerShell'))).toHaveLength(2);
    const linux = fakeSi({ powerShellStart: () => {}, powerShellRelease: () => {} });
    await probeLocalHealth({ si: linux, platform: 'linux' });
    expect(linux.calls.some((c) => c.startsWith('powerShell'))).toBe(false);
  });

  it('never calls processes()', async () => {
    const si = fakeSi();
    await probeLocalHealth({ si, platform: 'linux' });
    expect(si.calls.sort()).toEqual(
      ['battery', 'blockDevices', 'diskLayout', 'fsSize', 'mem', 'osInfo', 'time'].sort(),
    );
  });

  it('no SMART disks (a VM): whole disks from blockDevices, health unknown with the reason', () => {
    const h = healthFromSystemInformation(
      {
        battery: null,
        diskLayout: [],
        blockDevices: [
          { name: 'vda', type: 'disk', size: 274877906944, physical: 'HDD' },
          { name: 'zram0', type: 'disk', size: 0, physical: 'SSD' },
          { name: 'vda1', type: 'part', size: 1000 },
        ] as never,
        fsSize: null,
        time: null,
        osInfo: null,
        mem: null,
      },
      { platform: 'linux', now: new Date() },
    );
    expect(h.disks).toEqual([
      expect.objectContaining({
        name: 'vda',
        health: 'unknown',
        healthSource: expect.stringContaining('no SMART'),
      }),
    ]);
    expect(h.filesystems).toBeNull();
  });
});

describe('on this machine, for real', () => {
  it('reads power, disks with health, filesystems with free bytes and uptime', async () => {
    const h = await createLocalHost().health();
    expect(MachineHealthSchema.parse(h)).toEqual(h);
    expect(h.source).toBe('systeminformation');
    expect(h.os.platform).toBe(process.platform);
    expect(Array.isArray(h.disks)).toBe(true);
    for (const d of h.disks!) expect(['ok', 'warning', 'failing', 'unknown']).toContain(d.health);
    const root = h.filesystems!.find((f) => f.system);
    expect(root?.mount).toBe('/');
    expect(root!.freeBytes).toBeGreaterThan(0);
    expect(h.uptimeSeconds).toBeGreaterThan(0);
    expect(h.memory.totalBytes).toBeGreaterThan(0);
  });
});

describe('diskLayout is kept for a while, the rest is read every time', () => {
  it('a second reading within the max age reuses diskLayout but reads the battery again', async () => {
    const si = fakeSi();
    await probeLocalHealth({ si, platform: 'linux' });
    await probeLocalHealth({ si, platform: 'linux' });
    expect(si.calls.filter((c) => c === 'diskLayout')).toHaveLength(1);
    expect(si.calls.filter((c) => c === 'battery')).toHaveLength(2);
    await probeLocalHealth({ si, platform: 'linux', diskLayoutMaxAgeMs: 0 });
    expect(si.calls.filter((c) => c === 'diskLayout')).toHaveLength(2);
  });
});
