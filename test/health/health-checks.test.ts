/**
 * The health checks' verdicts, and the flagship's block: a failing disk refuses the uninstall and
 * the clear; a battery below 50 % without the charger waits until AC is connected.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  diskHealthOutcome,
  powerOutcome,
  restartOutcome,
  systemFreeSpaceOutcome,
} from '../../electron/workflows/health-checks';
import { unknownHealth, type DiskHealth, type MachineHealth } from '../../shared/health';
import { FEATURE_UPDATE_FREE_BYTES } from '../../electron/workflows/windows-checks';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import {
  loadMachineProfile,
  saveMachineProfile,
  type MachineProfile,
} from '../../electron/system/simulated/profile';
import { detachedContext } from '../../electron/engine/detached-context';
import { preflight } from '../../electron/engine/preflight';
import { removeTempDirs, tracked } from '../workflows/helpers';

afterAll(removeTempDirs);

const healthy = (): MachineHealth => ({
  ...unknownHealth('win32', ''),
  notes: [],
  power: { hasBattery: true, percent: 80, acConnected: true, charging: true },
  disks: [
    {
      name: 'SSD',
      model: null,
      serial: null,
      sizeBytes: 1,
      type: 'ssd',
      health: 'ok',
      healthSource: 'x',
    },
  ],
  filesystems: [
    {
      mount: 'C:',
      label: null,
      fsType: 'NTFS',
      sizeBytes: 1,
      freeBytes: 30 * 1024 ** 3,
      system: true,
    },
  ],
  uptimeSeconds: 90_000,
  pendingRestart: { pending: false, markers: [] },
});

describe('powerOutcome', () => {
  const on = (p: Partial<MachineHealth['power']>) =>
    powerOutcome({ ...healthy(), power: { ...healthy().power, ...p } }).status;
  it('AC or no battery passes; battery ≥ 50 % warns; below 50 % without AC fails', () => {
    expect(on({})).toBe('pass');
    expect(on({ hasBattery: false, acConnected: null, percent: null })).toBe('pass');
    expect(on({ acConnected: false, percent: 50 })).toBe('warn');
    expect(on({ acConnected: false, percent: 49 })).toBe('fail');
    // The charger state unknown and the charge low: fail closed.
    expect(on({ acConnected: null, percent: 10 })).toBe('fail');
    expect(on({ hasBattery: null })).toBe('unknown');
    expect(on({ acConnected: false, percent: null })).toBe('unknown');
    expect(on({ acConnected: null, percent: 70 })).toBe('warn');
    expect(
      powerOutcome({ ...healthy(), power: { ...healthy().power, acConnected: null, percent: 70 } })
        .summary,
    ).toMatch(/charger is connected could not be read/);
  });
});

describe('diskHealthOutcome', () => {
  const withDisks = (...hs: DiskHealth[]) =>
    diskHealthOutcome({
      ...healthy(),
      disks: hs.map((health, i) => ({ ...healthy().disks![0]!, name: `D${i}`, health })),
    });
  it('fails on a failing disk, warns on a warning or a partly unknown set, passes when all ok', () => {
    expect(withDisks('ok', 'failing').status).toBe('fail');
    expect(withDisks('ok', 'failing').summary).toContain('D1');
    expect(withDisks('warning').status).toBe('warn');
    expect(withDisks('ok', 'unknown').status).toBe('warn');
    expect(withDisks('unknown').status).toBe('unknown');
    expect(withDisks('ok', 'ok').status).toBe('pass');
    expect(withDisks().status).toBe('unknown');
    expect(diskHealthOutcome({ ...healthy(), disks: null }).status).toBe('unknown');
  });
});

describe('free space and restart', () => {
  it('uses the feature-update figure on the system volume', () => {
    const at = (free: number) =>
      systemFreeSpaceOutcome({
        ...healthy(),
        filesystems: [{ ...healthy().filesystems![0]!, freeBytes: free }],
      }).status;
    expect(at(FEATURE_UPDATE_FREE_BYTES)).toBe('pass');
    expect(at(FEATURE_UPDATE_FREE_BYTES - 1)).toBe('warn');
    expect(systemFreeSpaceOutcome({ ...healthy(), filesystems: null }).status).toBe('unknown');
  });
  it('a pending restart warns and names its markers', () => {
    const o = restartOutcome({
      ...healthy(),
      pendingRestart: { pending: true, markers: ['CBS RebootPending'] },
    });
    expect(o.status).toBe('warn');
    expect(o.summary).toContain('CBS RebootPending');
    expect(restartOutcome(healthy()).summary).toBe('No restart pending; up 1 d 1 h');
  });
});

describe('the flagship on a practice machine', () => {
  async function machine(
    scenario: 'diskcryptor-1709' | 'diskcryptor-failing-disk',
    edit?: (p: MachineProfile) => void,
  ) {
    const dir = path.join(tracked('wsops-health-'), 'pc');
    await initPracticeMachine(dir, { scenario, files: 0 });
    if (edit) {
      const p = loadMachineProfile(dir);
      edit(p);
      saveMachineProfile(dir, p);
    }
    return { dir, host: createPracticeHost(dir).host };
  }
  const step = (id: string) => windowsUpdateDiskCryptor.steps.find((s) => s.id === id)!;

  it('its preflight has ac-power and disk-health, read through the emulator', async () => {
    const { host } = await machine('diskcryptor-failing-disk');
    const checks = await preflight(windowsUpdateDiskCryptor, host);
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(byId['ac-power']?.status).toBe('pass');
    expect(byId['disk-health']?.status).toBe('fail');
    expect(byId['free-space']?.status).toBe('pass');
  });

  it('a failing disk blocks the uninstall and the clear, with an explanation', async () => {
    const { host } = await machine('diskcryptor-failing-disk', (p) => {
      // The clear's own block (Windows Update running) must not hide the disk block.
      p.services.wuauserv!.state = 'stopped';
    });
    const ctx = detachedContext(host);
    for (const id of ['uninstall-diskcryptor', 'clear-softwaredistribution']) {
      const why = await step(id).blockIf!(ctx);
      expect(why, id).toMatch(/A disk reports that it is failing: Practice SATA HDD/);
      expect(why).toContain('copy your data to another drive');
    }
  });

  it('a healthy machine is not blocked by health', async () => {
    const { host } = await machine('diskcryptor-1709', (p) => {
      p.services.wuauserv!.state = 'stopped';
    });
    const ctx = detachedContext(host);
    expect(await step('uninstall-diskcryptor').blockIf!(ctx)).toBeNull();
    expect(await step('clear-softwaredistribution').blockIf!(ctx)).toBeNull();
  });

  it('on battery below 50 % the uninstall waits until the charger is connected', async () => {
    const { dir, host } = await machine('diskcryptor-1709', (p) => {
      p.health = {
        ...(p.health ?? {
          disks: [
            {
              name: 'SSD',
              serial: '',
              sizeBytes: 1,
              mediaType: 'ssd',
              healthStatus: 'healthy',
            },
          ],
          systemVolumeSizeBytes: 1,
          rebootMarkers: [],
          memory: { totalBytes: 1, availableBytes: 1 },
        }),
        power: { hasBattery: true, percent: 30, acConnected: false },
      };
    });
    const ctx = detachedContext(host);
    expect(await step('uninstall-diskcryptor').blockIf!(ctx)).toMatch(
      /On battery at 30% without the charger\. Connect the charger/,
    );
    const p = loadMachineProfile(dir);
    p.health!.power.acConnected = true;
    saveMachineProfile(dir, p);
    expect(await step('uninstall-diskcryptor').blockIf!(ctx)).toBeNull();
  });

  it('health that cannot be read blocks (fail closed)', async () => {
    const { host } = await machine('diskcryptor-1709');
    const broken = Object.assign(
      Object.create(host) as ReturnType<typeof createPracticeHost>['host'],
      {
        health: async () => unknownHealth('win32', 'the health query did not print JSON'),
      },
    );
    const why = await step('uninstall-diskcryptor').blockIf!(detachedContext(broken));
    expect(why).toMatch(/^Disk health could not be read \(the health query did not print JSON\)/);
  });

  it('the machine file of a failing-disk scenario documents it', async () => {
    const { dir } = await machine('diskcryptor-failing-disk');
    const p = JSON.parse(fs.readFileSync(path.join(dir, 'machine.json'), 'utf8'));
    expect(p.health.disks[0].healthStatus).toBe('unhealthy');
  });
});
