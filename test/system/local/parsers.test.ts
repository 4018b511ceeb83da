import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLsblk } from '../../../electron/system/local/parse-lsblk';
import { parseFdesetupStatus } from '../../../electron/system/local/parse-fdesetup';

const fixture = (...p: string[]) => fs.readFileSync(path.join('test', 'fixtures', ...p), 'utf8');

describe('parseLsblk (fixtures: test/fixtures/linux/SOURCES.md)', () => {
  it('encrypted root: LUKS2 container holding btrfs mounted at / and /home (mountpoints arrays, no type column)', () => {
    const r = parseLsblk(fixture('linux', 'lsblk', 'fedora-luks2-btrfs-root.json'))!;
    expect(r.root).toEqual({
      device: 'luks-[...]',
      encrypted: true,
      chain: ['nvme0n1', 'nvme0n1p3', 'luks-[...]'],
    });
    expect(r.luks).toEqual([{ name: 'nvme0n1p3', opened: false }]);
    expect(r.crypt).toEqual([]);
    expect(r.encryptedMounts.map((m) => m.mountpoint).sort()).toEqual(['/', '/home']);
    expect(r.encryptedMounts.every((m) => m.via === 'nvme0n1p3')).toBe(true);
  });

  it('encrypted root through LVM on LUKS: / on an LV below a crypt mapping', () => {
    const r = parseLsblk(fixture('linux', 'lsblk', 'manjaro-lvm-on-luks-root.json'))!;
    expect(r.root).toMatchObject({ device: 'manjaro--vg0-manjaro--root', encrypted: true });
    expect(r.root!.chain).toEqual(['sda', 'sda2', 'manjaro-crypt', 'manjaro--vg0-manjaro--root']);
    expect(r.crypt).toEqual([{ name: 'manjaro-crypt', parent: 'sda2' }]);
    expect(r.encryptedMounts).toEqual(
      expect.arrayContaining([
        { mountpoint: '/', device: 'manjaro--vg0-manjaro--root', via: 'manjaro-crypt' },
        { mountpoint: '[SWAP]', device: 'manjaro--vg0-manjaro--swap', via: 'manjaro-crypt' },
      ]),
    );
    // /boot is on a plain partition and must not be reported as encrypted.
    expect(r.encryptedMounts.some((m) => m.mountpoint === '/boot')).toBe(false);
  });

  it('plain root with encrypted data disks', () => {
    const r = parseLsblk(fixture('linux', 'lsblk', 'omv-plain-root-crypt-data.json'))!;
    expect(r.root).toEqual({ device: 'vda1', encrypted: false, chain: ['vda', 'vda1'] });
    expect(r.crypt.map((c) => c.name)).toEqual(['vdc-crypt', 'vdd-crypt']);
    expect(r.encryptedMounts.map((m) => m.mountpoint)).toEqual([
      '/srv/dev-disk-by-label-crypttest',
      '/srv/dev-disk-by-label-vdd',
    ]);
  });

  it('plain root captured on the test VM', () => {
    const r = parseLsblk(fixture('linux', 'lsblk', 'vm-plain-root.json'))!;
    expect(r.root).toEqual({ device: 'vda', encrypted: false, chain: ['vda'] });
    expect(r.luks).toEqual([]);
    expect(r.crypt).toEqual([]);
  });

  it('an opened LUKS container is recognised as open', () => {
    const r = parseLsblk(
      JSON.stringify({
        blockdevices: [
          {
            name: 'sda',
            type: 'disk',
            children: [
              {
                name: 'sda2',
                type: 'part',
                fstype: 'crypto_LUKS',
                children: [{ name: 'cryptroot', type: 'crypt', fstype: 'ext4', mountpoint: '/' }],
              },
            ],
          },
        ],
      }),
    )!;
    expect(r.luks).toEqual([{ name: 'sda2', opened: true }]);
    expect(r.root).toMatchObject({ device: 'cryptroot', encrypted: true });
  });

  it('never throws: garbage, wrong shapes and hostile nesting give null or an empty report', () => {
    expect(parseLsblk('')).toBeNull();
    expect(parseLsblk('lsblk: unknown column: MOUNTPOINT')).toBeNull();
    expect(parseLsblk('{"blockdevices": 3}')).toBeNull();
    expect(parseLsblk('null')).toBeNull();
    expect(parseLsblk('{"blockdevices": [null, 1, {"name": 5}, {"children": "x"}]}')).toMatchObject(
      { devices: [], root: null },
    );
    let deep: unknown = { name: 'leaf', mountpoint: '/' };
    for (let i = 0; i < 500; i++) deep = { name: `d${i}`, children: [deep] };
    expect(() => parseLsblk(JSON.stringify({ blockdevices: [deep] }))).not.toThrow();
  });
});

describe('parseFdesetupStatus (fixtures: test/fixtures/macos/SOURCES.md)', () => {
  const f = (name: string) => parseFdesetupStatus(fixture('macos', 'fdesetup', name));

  it('on / off', () => {
    expect(f('on.txt')).toMatchObject({
      state: 'on',
      deferred: false,
      progress: null,
      line: 'FileVault is On.',
    });
    expect(f('on-master-keychain.txt')).toMatchObject({ state: 'on', progress: null });
    expect(f('off.txt')).toMatchObject({ state: 'off', deferred: false });
  });

  it('deferred enablement is off (the disk is not encrypted until the restart)', () => {
    expect(f('deferred-restart.txt')).toMatchObject({ state: 'off', deferred: true });
    expect(f('deferred-user.txt')).toMatchObject({ state: 'off', deferred: true });
  });

  it('progress, with and without the first line', () => {
    expect(f('encrypting.txt')).toMatchObject({
      state: 'on',
      progress: { direction: 'encrypting', percent: 42.5 },
    });
    expect(f('encrypting-pending.txt')).toMatchObject({
      state: 'on',
      progress: { direction: 'encrypting', percent: null },
    });
    expect(f('decrypting.txt')).toMatchObject({
      state: 'off',
      progress: { direction: 'decrypting', percent: 12 },
    });
  });

  it('anything else is unknown', () => {
    expect(parseFdesetupStatus('')).toMatchObject({ state: 'unknown', line: null });
    expect(parseFdesetupStatus('Error: not authorized\n')).toMatchObject({
      state: 'unknown',
      line: 'Error: not authorized',
    });
  });
});
