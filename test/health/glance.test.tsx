// @vitest-environment jsdom
/**
 * Home's at-a-glance panel in jsdom over the real handler's answer shape: rows for power, each
 * disk (a failing disk says Fail in words), the system volume and the restart line; a later
 * reading replaces the earlier one; an error is said in one line. Plus the IPC handler: its
 * verdicts are the health checks' own, and a reading is reused for a few seconds.
 */
import path from 'node:path';
import os from 'node:os';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MachineGlance } from '../../renderer/src/components/MachineGlance';
import { parseWindowsHealth } from '../../electron/system/windows/health';
import { emulatedHealthJson } from '../../electron/system/emulator/health';
import { MachineProfileSchema } from '../../electron/system/simulated/profile';
import { createHandlerTable } from '../../electron/main/handlers';
import type { MachineHealth } from '../../shared/health';

afterEach(cleanup);

function reading(health: 'healthy' | 'warning' | 'unhealthy' | 'unknown') {
  const p = MachineProfileSchema.parse({
    os: { caption: 'Microsoft Windows 11 Pro', version: '10.0.22631' },
    health: {
      power: { hasBattery: true, percent: 30, acConnected: false },
      disks: [{ name: 'WDC Blue', mediaType: 'hdd', healthStatus: health }],
      rebootMarkers: ['CBS RebootPending'],
    },
  });
  return parseWindowsHealth(emulatedHealthJson(p));
}

function table(read: () => Promise<{ label: string; health: MachineHealth }>) {
  const dir = path.join(os.tmpdir(), 'wsops-glance-unused');
  return createHandlerTable({
    stateDir: dir,
    practiceRoot: dir,
    appVersion: 't',
    emit: () => {},
    dialogs: { pickFolder: async () => null, saveFile: async () => null },
    printToPdf: async () => new Uint8Array(),
    openPath: async () => {},
    openInBrowser: async () => {},
    readHealth: read,
  });
}

describe('health:this-computer', () => {
  it('answers the reading with the checks verdicts and reuses it for a few seconds', async () => {
    const read = vi.fn(async () => ({ label: 'This PC', health: reading('unhealthy') }));
    const h = table(read).handlers['health:this-computer'] as (p: unknown) => Promise<{
      verdicts: { id: string; status: string }[];
    }>;
    const a = await h({});
    await h({});
    expect(read).toHaveBeenCalledTimes(1);
    expect(Object.fromEntries(a.verdicts.map((v) => [v.id, v.status]))).toEqual({
      'ac-power': 'fail',
      'disk-health': 'fail',
      'free-space': 'pass',
      'uptime-restart': 'warn',
      'os-memory': 'pass',
    });
    await expect(h({ extra: 1 })).rejects.toThrow(/^health:this-computer: field /);
  });
});

describe('MachineGlance', () => {
  it('shows the OS, power, each disk with its health in words, the system volume, the restart', async () => {
    const t = table(async () => ({ label: 'This PC', health: reading('unhealthy') }));
    const call = t.handlers['health:this-computer'] as (p: unknown) => Promise<unknown>;
    window.api = { machineHealth: () => call({}) } as unknown as typeof window.api;
    render(<MachineGlance />);
    const panel = await screen.findByRole('region', { name: 'This computer at a glance' });
    await within(panel).findByText(/Microsoft Windows 11 Pro/);
    const rows = within(panel).getAllByRole('listitem');
    const text = rows.map((r) => r.textContent);
    expect(text[0]).toMatch(/^FailPowerOn battery at 30% without AC/);
    expect(text[1]).toMatch(/^FailDiskWDC Blue · HDD · 512 GB · health failing$/);
    expect(text[2]).toMatch(/^SystemC: \(Windows\): 40\.0 GB free of 476 GB$/);
    expect(text[3]).toMatch(/^WarningRestartA restart is pending \(CBS RebootPending\)/);
  });

  it('says an error in one line', async () => {
    window.api = {
      machineHealth: () => Promise.reject(new Error('health:this-computer: boom')),
    } as unknown as typeof window.api;
    render(<MachineGlance />);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(
      screen.getByText(/Machine health could not be read: health:this-computer: boom/),
    ).toBeTruthy();
  });
});
