/**
 * The practice machine answers the health query in the real query's format, so the real parser
 * reads it: same keys as the handwritten capture, values from machine.json's `health` section.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatedHealthJson } from '../../electron/system/emulator/health';
import {
  MachineProfileSchema,
  parseMachineProfile,
  saveMachineProfile,
} from '../../electron/system/simulated/profile';
import { HEALTH_KEY, parseWindowsHealth } from '../../electron/system/windows/health';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { removeTempDirs, tracked } from '../workflows/helpers';

afterAll(removeTempDirs);

const base = () =>
  MachineProfileSchema.parse({
    os: { caption: 'Microsoft Windows 10 Pro', version: '10.0.19045' },
    freeBytes: 12 * 1024 ** 3,
    boot: { count: 3, time: '2026-11-30T08:00:00.000Z' },
  });

function keys(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.length ? keys(v[0], `${prefix}[]`) : [];
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [`${prefix}.${k}`, ...keys(x, `${prefix}.${k}`)]);
  return [];
}

describe('emulatedHealthJson', () => {
  it('prints the same keys as the real query prints', () => {
    const real = JSON.parse(
      fs.readFileSync('test/fixtures/windows/health/laptop-on-battery.json', 'utf8'),
    );
    const p = base();
    p.health = {
      ...MachineProfileSchema.shape.health.unwrap().parse({}),
      power: { hasBattery: true, percent: 40, acConnected: false },
    };
    const emulated = JSON.parse(emulatedHealthJson(p));
    expect(Object.keys(emulated)).toEqual([HEALTH_KEY]);
    expect(keys(emulated).sort()).toEqual(keys(real).sort());
  });

  it('defaults: on mains, one healthy SSD, C: with freeBytes free, nothing pending', () => {
    const now = new Date('2026-11-30T09:00:00.000Z');
    const h = parseWindowsHealth(emulatedHealthJson(base(), now));
    expect(h.power.hasBattery).toBe(false);
    expect(h.disks).toEqual([expect.objectContaining({ type: 'ssd', health: 'ok' })]);
    expect(h.filesystems).toEqual([
      expect.objectContaining({ mount: 'C:', system: true, freeBytes: 12 * 1024 ** 3 }),
    ]);
    expect(h.uptimeSeconds).toBe(3600);
    expect(h.pendingRestart).toEqual({ pending: false, markers: [] });
    expect(h.os.build).toBe('19045');
  });

  it('reports what the section says: battery, an Unhealthy disk, markers, memory', () => {
    const p = parseMachineProfile(
      JSON.stringify({
        os: { caption: 'Microsoft Windows 11 Pro', version: '10.0.22631' },
        health: {
          power: { hasBattery: true, percent: 20, acConnected: false },
          disks: [{ name: 'Old HDD', mediaType: 'hdd', healthStatus: 'unhealthy' }],
          rebootMarkers: ['WU RebootRequired'],
          memory: { totalBytes: 8 * 1024 ** 3, availableBytes: 2 * 1024 ** 3 },
        },
      }),
      'machine.json',
    );
    const h = parseWindowsHealth(emulatedHealthJson(p));
    expect(h.power).toEqual({ hasBattery: true, percent: 20, acConnected: false, charging: false });
    expect(h.disks).toEqual([expect.objectContaining({ name: 'Old HDD', health: 'failing' })]);
    expect(h.pendingRestart).toEqual({ pending: true, markers: ['WU RebootRequired'] });
    expect(h.memory).toEqual({ totalBytes: 8 * 1024 ** 3, availableBytes: 2 * 1024 ** 3 });
  });

  it('refuses a bad health section with one line naming the field', () => {
    const bad = JSON.stringify({
      os: { caption: 'W', version: '10.0.1' },
      health: { power: { percent: 140 } },
    });
    expect(() => parseMachineProfile(bad, 'm/machine.json')).toThrow(
      /m\/machine\.json: field health\.power\.percent/,
    );
    const marker = JSON.stringify({
      os: { caption: 'W', version: '10.0.1' },
      health: { rebootMarkers: ['made up'] },
    });
    expect(() => parseMachineProfile(marker, 'm/machine.json')).toThrow(/health\.rebootMarkers/);
  });

  it("the practice host's health goes through the emulated PowerShell and the parser, and follows machine.json", async () => {
    const dir = path.join(tracked('wsops-health-'), 'pc');
    await initPracticeMachine(dir, { scenario: 'diskcryptor-failing-disk', files: 0 });
    const host = createPracticeHost(dir).host;
    expect((await host.health()).disks?.[0]?.health).toBe('failing');
    const p = parseMachineProfile(fs.readFileSync(path.join(dir, 'machine.json'), 'utf8'), 'x');
    p.health!.disks[0]!.healthStatus = 'healthy';
    saveMachineProfile(dir, p);
    expect((await host.health()).disks?.[0]?.health).toBe('ok');
  });
});
