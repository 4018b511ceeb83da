/**
 * Which machine a command talks to: a practice machine dir, a diagnostics bundle (read-only), or
 * this computer (only on Windows). Windows-only workflows elsewhere need --machine.
 */
import path from 'node:path';
import type { MachineRef } from '../../shared/model';
import { InputError } from '../../shared/errors';
import type { LocalHost, WindowsHost } from './ports';
import { createPracticeHost } from './emulator/host';

export interface HostChoice {
  machineDir?: string | undefined;
  bundleDir?: string | undefined;
  /** What Task Scheduler starts at the next logon after a restart (the app, or `wsops resume`). */
  resumeCommand?: { exe: string; args: string[] } | undefined;
  /**
   * How this program starts its own elevated helper for admin-only file changes (the CLI:
   * `node wsops.cjs __elevated`; the app: `<exe> --wsops-elevated-task`). See elevated-task.ts.
   */
  elevatedHelper?: { exe: string; args: string[] } | undefined;
}

export interface SelectedHost {
  host: WindowsHost;
  machine: MachineRef;
}

export async function selectHost(
  choice: HostChoice,
  platform: NodeJS.Platform = process.platform,
): Promise<SelectedHost | null> {
  if (choice.machineDir && choice.bundleDir) {
    throw new InputError('--machine and --bundle: give one or the other');
  }
  if (choice.machineDir) {
    const { host } = createPracticeHost(choice.machineDir, {
      resumeCommand: choice.resumeCommand,
    });
    return {
      host,
      machine: { kind: 'practice', label: host.label, dir: path.resolve(choice.machineDir) },
    };
  }
  if (choice.bundleDir) {
    const { openBundle } = await import('./bundle/host');
    const host = await openBundle(choice.bundleDir);
    return {
      host,
      machine: { kind: 'bundle', label: host.label, dir: path.resolve(choice.bundleDir) },
    };
  }
  if (platform === 'win32') {
    const { createWindowsHost } = await import('./windows/host');
    const host = createWindowsHost({
      ...(choice.resumeCommand
        ? { resumeExe: choice.resumeCommand.exe, resumeArgs: choice.resumeCommand.args }
        : {}),
      ...(choice.elevatedHelper ? { elevatedHelper: choice.elevatedHelper } : {}),
    });
    return { host, machine: { kind: 'real', label: host.label } };
  }
  return null;
}

/** The host a run was started on, for resume. */
export async function hostForMachine(
  machine: MachineRef,
  overrideDir?: string,
  self: Pick<HostChoice, 'resumeCommand' | 'elevatedHelper'> = {},
): Promise<WindowsHost> {
  if (machine.kind === 'practice') {
    const dir = overrideDir ?? machine.dir;
    if (!dir)
      throw new InputError('run: the practice machine folder is not recorded; give --machine DIR');
    return createPracticeHost(dir, { resumeCommand: self.resumeCommand }).host;
  }
  if (machine.kind === 'bundle')
    throw new InputError('run: a diagnostics bundle is read-only and cannot be resumed');
  const selected = await selectHost(self, process.platform);
  if (!selected)
    throw new InputError('run: this run was started on a real Windows machine; resume it there');
  return selected.host;
}

export interface RunHosts {
  /** The Windows machine; absent for a local workflow on Linux/macOS. */
  host?: WindowsHost;
  /** This computer, for local workflows run without --machine. */
  local?: LocalHost;
  machine: MachineRef;
}

/**
 * Hosts for a workflow that runs on this computer (WorkflowDef.local): 'required' — only here,
 * --machine refused; 'preferred' — here, or on the practice machine --machine names. On Windows
 * the real WindowsHost comes along for 'preferred' workflows (BitLocker is read through it).
 */
export async function selectLocalRun(
  workflow: { id: string; local?: 'required' | 'preferred' },
  machineDir: string | undefined,
  platform: NodeJS.Platform = process.platform,
): Promise<RunHosts> {
  if (machineDir) {
    if (workflow.local === 'required') {
      throw new InputError(
        `--machine: ${workflow.id} works on this computer's own folders, not on a practice machine`,
      );
    }
    const selected = await selectHost({ machineDir }, platform);
    return { host: selected!.host, machine: selected!.machine };
  }
  const { createLocalHost } = await import('./local/host');
  const local = createLocalHost();
  const windows =
    workflow.local === 'preferred' && platform === 'win32' ? await selectHost({}, platform) : null;
  return {
    ...(windows ? { host: windows.host } : {}),
    local,
    machine: { kind: 'real', label: local.label },
  };
}

/** Hosts to resume a run of a local workflow with: the same choice as when it started. */
export async function resumeLocalRun(
  workflow: { id: string; local?: 'required' | 'preferred' },
  machine: MachineRef,
  overrideDir?: string,
): Promise<RunHosts> {
  if (machine.kind === 'practice')
    return { host: await hostForMachine(machine, overrideDir), machine };
  if (overrideDir)
    throw new InputError(
      `--machine: this ${workflow.id} run was started on this computer, not on a practice machine`,
    );
  const hosts = await selectLocalRun(workflow, undefined);
  return { ...hosts, machine };
}
