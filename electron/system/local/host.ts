/**
 * This computer as a LocalHost: the port cross-platform workflows use (backup-check,
 * encryption-status on Linux/macOS). Commands go through the shared ExecFileRunner (execFile, no
 * shell, a timeout, "not found" instead of a throw).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { CommandResult, LocalHost } from '../ports';
import { ExecFileRunner, type CommandRunner } from '../command-runner';
import type { MachineHealth } from '../../../shared/health';
import { probeLocalHealth, type LocalHealthOptions } from './health';

export interface LocalHostOptions {
  runner?: CommandRunner;
  platform?: NodeJS.Platform;
  label?: string;
  /** systeminformation, or a fake in tests. */
  health?: Omit<LocalHealthOptions, 'platform'>;
}

export class NodeLocalHost implements LocalHost {
  readonly kind = 'real' as const;
  readonly label: string;
  readonly platform: NodeJS.Platform;
  private readonly runner: CommandRunner;
  private readonly healthOpts: Omit<LocalHealthOptions, 'platform'>;

  constructor(opts: LocalHostOptions = {}) {
    this.platform = opts.platform ?? process.platform;
    this.runner = opts.runner ?? new ExecFileRunner();
    this.healthOpts = opts.health ?? {};
    this.label =
      opts.label ??
      `This computer (${os.hostname()}, ${PLATFORM_NAMES[this.platform] ?? this.platform})`;
  }

  async bootTime(): Promise<string | null> {
    if (this.platform === 'linux') {
      // btime in /proc/stat is exact and stable for the whole boot; uptime arithmetic drifts.
      try {
        const m = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
        if (m) return new Date(Number(m[1]) * 1000).toISOString();
      } catch {
        // fall through to the uptime estimate
      }
    }
    // Rounded to the minute so two reads in the same boot agree (uptime has sub-second jitter).
    const bootMs = Date.now() - os.uptime() * 1000;
    return new Date(Math.round(bootMs / 60_000) * 60_000).toISOString();
  }

  async reboot(): Promise<CommandResult> {
    return {
      ok: false,
      exitCode: null,
      command: '(none)',
      stdout: '',
      stderr: 'Workstation Ops does not restart this computer for a local workflow.',
    };
  }

  health(): Promise<MachineHealth> {
    return probeLocalHealth({ ...this.healthOpts, platform: this.platform });
  }

  run(file: string, args: readonly string[], opts: { timeoutMs: number }): Promise<CommandResult> {
    return this.runner.run(file, args, { timeoutMs: opts.timeoutMs });
  }
}

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'Linux',
  darwin: 'macOS',
  win32: 'Windows',
};

export function createLocalHost(opts: LocalHostOptions = {}): LocalHost {
  return new NodeLocalHost(opts);
}
