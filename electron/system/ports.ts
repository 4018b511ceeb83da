/**
 * Ports: what workflows may ask of, and do to, a machine. Adapters: `simulated/` (practice
 * machine dir), `bundle/` (read-only diagnostics bundle), `windows/` (the real PC).
 * Every read returns 'unknown'/null rather than throwing when a fact can't be established,
 * so a check can say "unknown" instead of crashing.
 */

import type { MachineHealth } from '../../shared/health';

export type ServiceState =
  'running' | 'stopped' | 'start_pending' | 'stop_pending' | 'paused' | 'missing' | 'unknown';
export type StartType = 'auto' | 'demand' | 'disabled' | 'boot' | 'system' | 'unknown';

export interface BootProtections {
  secureBoot: boolean | null | 'unknown';
  memoryIntegrity: boolean | 'unknown';
}

export interface ServiceInfo {
  name: string;
  state: ServiceState;
  startType: StartType;
}

export interface ProgramInfo {
  name: string;
  version: string;
  /** Windows path, e.g. C:\Program Files\dcrypt */
  installDir?: string;
  uninstallString?: string;
  publisher?: string;
}

export interface BugCheck {
  /** ISO time */
  time: string;
  /** Normalised: 0x followed by 8 lower-case hex digits, e.g. 0x0000001a */
  code: string;
}

export interface OsInfo {
  caption: string;
  /** e.g. 10.0.16299 */
  version: string;
  /** e.g. 16299; NaN-free: 0 when unknown */
  build: number;
}

export type BootEncryptor = 'diskcryptor' | 'bitlocker' | 'veracrypt' | 'unknown' | null;

export interface BitLockerVolume {
  volume: string;
  protection: 'on' | 'off' | 'unknown';
  percentEncrypted: number | null;
}

export interface EncryptionInfo {
  /** Who encrypts the boot/system volume: null = nobody, 'unknown' = can't tell. */
  bootVolumeEncryptedBy: BootEncryptor;
  /** Null when BitLocker's state could not be read (never "no BitLocker"). */
  bitlocker: BitLockerVolume[] | null;
}

/** Who this process runs as, from its token (whoami /groups). */
export interface Elevation {
  /** This process is elevated (High integrity): admin actions need no prompt. */
  elevated: boolean;
  /** The account is in Administrators (a split token when not elevated): UAC asks Yes/No. */
  adminMember: boolean;
}

export interface TreeStats {
  files: number;
  dirs: number;
  bytes: number;
  /** Links (symlinks/junctions) found; never followed. */
  links: number;
  newestMtimeMs: number | null;
}

export interface CommandResult {
  ok: boolean;
  exitCode: number | null;
  /** The command line as the user would type it, for the log. */
  command: string;
  stdout: string;
  stderr: string;
  /** Set when the user declined elevation or similar. */
  declined?: boolean;
}

export interface ClearProgress {
  files: number;
  bytes: number;
  totalFiles?: number;
  totalBytes?: number;
}

export interface ClearReport {
  target: string;
  filesRemoved: number;
  dirsRemoved: number;
  bytesRemoved: number;
  linksRemoved: number;
  /** Paths that could not be removed, with the reason (e.g. EBUSY). */
  failed: { path: string; code: string }[];
  /** True when the target is now empty. */
  empty: boolean;
}

export type LaunchTarget =
  'get-help' | 'troubleshooter' | 'update-assistant' | 'diskcryptor-releases';

export interface SetupConfigInfo {
  /** Windows path of the file */
  path: string;
  exists: boolean;
  content: string | null;
}

/**
 * What a workflow may ask of a Windows machine, as small capabilities. `WindowsHost` (one
 * implementation, windows/host.ts, over real, emulated or replayed commands) has them all; a
 * workflow's steps are typed by the ones it declares (`StepContext<H>`), so a step cannot reach a
 * capability its workflow did not ask for, and none of them is optional.
 */
export interface HostIdentity {
  readonly kind: 'real' | 'practice' | 'bundle';
  readonly label: string;
  /** A bundle can only be read. */
  readonly readOnly: boolean;
}

/** Facts about the machine. Reads never change it; what cannot be read is null or 'unknown'. */
export interface MachineReads {
  os(): Promise<OsInfo | null>;
  isAdmin(): Promise<boolean | null>;
  /** Elevated now, and whether UAC will ask Yes/No or for an administrator's password. */
  elevation(): Promise<Elevation | null>;
  service(name: string): Promise<ServiceInfo>;
  programs(): Promise<ProgramInfo[] | null>;
  bugchecks(): Promise<BugCheck[] | null>;
  encryption(): Promise<EncryptionInfo>;
  freeBytes(drive: string): Promise<number | null>;
  pendingFeatureUpdate(): Promise<{ version: string } | null>;
  /** Changes on every boot; resume compares it to prove a reboot happened. */
  bootTime(): Promise<string | null>;
  /** The user's profile folder (Windows path), e.g. C:\Users\dev */
  userProfile(): Promise<string | null>;
  /**
   * Power, disks and their health, volumes, uptime, pending restart, OS, memory: one batched
   * PowerShell CIM query (windows/health.ts) on a PC, its emulation on a practice machine.
   * Never throws: what cannot be read is null (a bundle holds none of it).
   */
  health(): Promise<MachineHealth>;
  /**
   * Secure Boot and Memory integrity (HVCI) as the registry states them: `null` Secure Boot = the
   * PC does not boot with UEFI Secure Boot support; 'unknown' = could not be read.
   */
  bootProtections(): Promise<BootProtections>;
}

export interface FileReads {
  exists(winPath: string): Promise<boolean>;
  readText(winPath: string): Promise<string | null>;
  listDir(winPath: string): Promise<string[] | null>;
  treeStats(winPath: string): Promise<TreeStats | null>;
  sha256(winPath: string): Promise<string | null>;
  /**
   * Where a Windows path lives on this computer's filesystem, when the host's files are local:
   * the practice machine maps into its dir, the real PC returns the path itself; a bundle has none
   * (null). Lets cross-platform code (the backup compare) read the files with Node directly.
   */
  localPath(winPath: string): string | null;
}

/** Changes to files and folders (refused on read-only hosts). */
export interface FileChanges {
  writeText(winPath: string, content: string): Promise<void>;
  copyFile(fromWinPath: string, toWinPath: string): Promise<void>;
  /** Deletes one regular file (never a folder, link or junction). A missing file is ok. */
  deleteFile(winPath: string): Promise<CommandResult>;
  /**
   * Moves a folder aside, reversibly: renames it to `<name>.bak` — or the next free `.bak2`,
   * `.bak3`… — and recreates it empty. Refuses links/junctions and non-folders.
   */
  renameAside(winPath: string): Promise<MovedAside>;
  /**
   * Puts a folder moved aside back. Refuses (ok: false, the reason in stderr) when `targetWinPath`
   * holds anything: it never mixes or overwrites. An empty target is replaced.
   */
  restoreAside(bakWinPath: string, targetWinPath: string): Promise<CommandResult>;
  clearDirectory(
    winPath: string,
    opts: { signal?: AbortSignal; onProgress?: (p: ClearProgress) => void },
  ): Promise<ClearReport>;
}

export interface SetupConfigRepair {
  /**
   * Removes DiskCryptor's leftover `ReflectDrivers`/`PostOOBE` from SetupConfig.ini, keeping
   * every other byte. An operation, not content: on a PC the elevated helper reads and edits
   * the file itself. Returns the keys removed; throws when the file could not be changed.
   */
  removeSetupConfigKeys(): Promise<{ removed: string[] }>;
}

export interface ServiceControl {
  stopService(name: string): Promise<CommandResult>;
  startService(name: string): Promise<CommandResult>;
  setStartType(name: string, startType: StartType): Promise<CommandResult>;
}

export interface ProgramSetup {
  uninstallProgram(program: ProgramInfo): Promise<CommandResult>;
  /** `args`: the installer's own switches (Inno Setup: INNO_UNATTENDED). */
  runInstaller(
    winPath: string,
    opts: { elevated: boolean; args?: readonly string[] },
  ): Promise<CommandResult>;
}

export interface BitLockerControl {
  /**
   * `manage-bde -protectors -disable <volume> -RebootCount N`: protection comes back by itself
   * after N restarts (0: only when resumed).
   */
  suspendBitLocker(volume: string, rebootCount?: number): Promise<CommandResult>;
  /** `manage-bde -protectors -enable <volume>`. */
  resumeBitLocker(volume: string): Promise<CommandResult>;
}

/** One System Restore point, as Get-ComputerRestorePoint lists it. */
export interface RestorePoint {
  sequence: number;
  /** ISO time (UTC); null when Windows' value could not be read. */
  created: string | null;
  description: string;
}

/** System Protection as the registry states it (windows/restore-points.ts). */
export interface SystemProtection {
  /** 'off': protection is off on every drive, so Windows makes no restore point. */
  protection: 'on' | 'off' | 'unknown';
  /** Windows makes at most one restore point in this many minutes (0: no limit). */
  frequencyMinutes: number;
}

/** What one Checkpoint-Computer did, read from the restore points before and after. */
export interface RestorePointAttempt extends CommandResult {
  /** False when its output could not be read (prompt declined, no helper to keep the output). */
  known: boolean;
  /** The point it made; null when none was made (or `known` is false). */
  made: RestorePoint | null;
  /** The newest point listed afterwards (ours, or the one that throttled it). */
  latest: RestorePoint | null;
  /** It warned and made none: a point younger than the frequency limit exists. */
  throttled: boolean;
  /** Its first error, as Windows worded it (translated: for the log, never for a decision). */
  error: string | null;
}

export interface RestorePoints {
  /** Unelevated registry read; 'unknown' protection when it cannot be read. */
  systemProtection(): Promise<SystemProtection>;
  /** Checkpoint-Computer with the app's fixed description, as administrator. */
  createRestorePoint(): Promise<RestorePointAttempt>;
}

export interface Restarts {
  /** Asks the machine to restart. Practice machines restart at once; real ones after a delay. */
  reboot(reason: string): Promise<CommandResult>;
  /** Undoes the resume-at-logon registration a reboot made (a no-op where none was made). */
  removeResumeTask(): Promise<CommandResult>;
}

export interface Launcher {
  launch(target: LaunchTarget): Promise<CommandResult>;
}

/** Looking only: what the checks shared by every Windows workflow need. */
export type HostReads = HostIdentity & MachineReads & FileReads;

/** The machine the engine talks to: every capability. */
export interface WindowsHost
  extends
    HostIdentity,
    MachineReads,
    FileReads,
    FileChanges,
    SetupConfigRepair,
    ServiceControl,
    ProgramSetup,
    BitLockerControl,
    RestorePoints,
    Restarts,
    Launcher {}

export interface MovedAside extends CommandResult {
  /** Windows path of the folder's new name; null when nothing was moved. */
  bakPath: string | null;
}

/**
 * This computer, for workflows that run on the local OS whatever it is (backup-check,
 * encryption-status on Linux/macOS). Files are read with Node's fs directly; commands go through
 * execFile (no shell) with a timeout.
 */
export interface LocalHost {
  readonly kind: 'real';
  readonly label: string;
  readonly platform: NodeJS.Platform;
  /** Changes on every boot (the engine records it at the start of every run). */
  bootTime(): Promise<string | null>;
  /** Local workflows never restart the computer: this always refuses. */
  reboot(reason: string): Promise<CommandResult>;
  /** Machine health through systeminformation (local/health.ts); never throws. */
  health(): Promise<MachineHealth>;
  /** Runs a program with an argument array, never through a shell; always resolves. */
  run(file: string, args: readonly string[], opts: { timeoutMs: number }): Promise<CommandResult>;
}

export class ReadOnlyHostError extends Error {
  constructor(what: string) {
    super(`This machine is read-only (a diagnostics bundle): cannot ${what}.`);
    this.name = 'ReadOnlyHostError';
  }
}
