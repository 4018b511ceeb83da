/**
 * Which machine a command talks to: a practice machine dir, a diagnostics bundle (read-only), or
 * this computer (only on Windows). Windows-only workflows elsewhere need --machine.
 */
import path from 'node:path';
import type { MachineRef } from '../../shared/model';
import { InputError } from '../../shared/errors';
import type { WindowsHost } from './ports';
import { SimulatedHost } from './simulated/host';

export interface HostChoice {
  machineDir?: string | undefined;
  bundleDir?: string | undefined;
}

export interface SelectedHost {
  host: WindowsHost;
  machine: MachineRef;
}

export async function selectHost(choice: HostChoice, platform: NodeJS.Platform = process.platform): Promise<SelectedHost | null> {
  if (choice.machineDir && choice.bundleDir) {
    throw new InputError('--machine and --bundle: give one or the other');
  }
  if (choice.machineDir) {
    const host = new SimulatedHost(choice.machineDir);
    return { host, machine: { kind: 'practice', label: host.label, dir: path.resolve(choice.machineDir) } };
  }
  if (choice.bundleDir) {
    const { openBundle } = await import('./bundle/host');
    const host = await openBundle(choice.bundleDir);
    return { host, machine: { kind: 'bundle', label: host.label, dir: path.resolve(choice.bundleDir) } };
  }
  if (platform === 'win32') {
    const { createWindowsHost } = await import('./windows/host');
    const host = createWindowsHost();
    return { host, machine: { kind: 'real', label: host.label } };
  }
  return null;
}

/** The host a run was started on, for resume. */
export async function hostForMachine(machine: MachineRef, overrideDir?: string): Promise<WindowsHost> {
  if (machine.kind === 'practice') {
    const dir = overrideDir ?? machine.dir;
    if (!dir) throw new InputError('run: the practice machine folder is not recorded; give --machine DIR');
    return new SimulatedHost(dir);
  }
  if (machine.kind === 'bundle') throw new InputError('run: a diagnostics bundle is read-only and cannot be resumed');
  const selected = await selectHost({}, process.platform);
  if (!selected) throw new InputError('run: this run was started on a real Windows machine; resume it there');
  return selected.host;
}
