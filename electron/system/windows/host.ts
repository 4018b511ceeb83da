/**
 * The real PC. Reads run the Windows tools through a CommandRunner and parse their text; admin
 * changes go through one UAC prompt each, one at a time. File work uses Node's fs directly
 * (fs-ops.ts) when this process may do it; the admin-only folders and files, when this process is
 * not elevated, are changed by our own elevated helper (elevated-task.ts), one UAC prompt per
 * operation. Nothing here throws for a fact it cannot establish — it answers 'unknown' or null
 * like every other host.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type {
  BugCheck,
  ClearProgress,
  ClearReport,
  CommandResult,
  EncryptionInfo,
  LaunchTarget,
  MovedAside,
  OsInfo,
  ProgramInfo,
  ServiceInfo,
  StartType,
  TreeStats,
  WindowsHost,
} from '../ports';
import { ExecFileRunner, type CommandRunner } from '../command-runner';
import { countTree } from '../fs/safe-clear';
import * as cmd from './commands';
import { parseScQc, parseScQueryEx } from './parse-sc';
import { parseUninstallPrograms } from './parse-reg';
import { parseManageBdeStatus } from './parse-manage-bde';
import { parseBugChecks } from './parse-bugchecks';
import { parseSystemInfo } from './parse-systeminfo';
import { interpretIsEnc } from './dcinst';
import { bootEncryptor } from './encryption';
import { decodeText } from './text';
import { mergePrograms, splitCommandLine, uninstallArgv } from './programs';
import { parseWhoamiElevated } from './parse-whoami';
import { SETUPCONFIG_LEFTOVER_KEYS, allowlistError, type ElevatedTask } from './elevated-task';
import { parseSetupConfig, removeSetupConfigKeys } from './setup-config';
import {
  ElevationDeclinedError,
  runHelper,
  type ElevatedHelper,
  type HelperRun,
} from './elevated-parent';
import {
  clearLocal,
  copyFileLocal,
  deleteCommand,
  deleteFileLocal,
  encodedFor,
  isAccessError,
  localOf,
  renameAsideLocal,
  restoreAsideLocal,
  removeSetupConfigKeysLocal,
  writeTextLocal,
} from './fs-ops';

export interface WindowsRealHostOptions {
  label?: string;
  /** The program Task Scheduler starts at the next logon to resume (default: this executable). */
  resumeExe?: string;
  resumeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Maps a Windows path to the local path fs uses. Identity on Windows; tests point it at a temp dir. */
  toLocal?: (winPath: string) => string;
  sleep?: (ms: number) => Promise<void>;
  /** How long stop/start wait for the service to settle (sc returns while it is still pending). */
  settleMs?: number;
  /**
   * How to start our own elevated helper for the admin-only file changes when this process is
   * not elevated: the CLI is `node wsops.cjs __elevated`, the app `<exe> --wsops-elevated-task`;
   * the task file's path is appended. Without it those changes run in-process (and need the
   * process elevated), as before.
   */
  elevatedHelper?: ElevatedHelper;
  /** How often the progress file of a helper clear is read (default 250 ms). */
  helperPollMs?: number;
}

const READ_MS = 30_000;
const SLOW_READ_MS = 120_000; // systeminfo enumerates hotfixes and NICs
const ADMIN_MS = 120_000;
const INSTALLER_MS = 30 * 60_000;

/** A clear of a big SoftwareDistribution on a slow disk can take long; the prompt waits too. */
const HELPER_CLEAR_MS = 2 * 60 * 60_000;

export class WindowsRealHost implements WindowsHost {
  readonly kind = 'real' as const;
  readonly readOnly = false;
  readonly label: string;

  private readonly env: NodeJS.ProcessEnv;
  private readonly toLocalPath: (winPath: string) => string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly settleMs: number;
  private osInfo: Promise<OsInfo | null> | null = null;
  private admin_: Promise<boolean | null> | null = null;
  private adminChain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runner: CommandRunner,
    private readonly opts: WindowsRealHostOptions = {},
  ) {
    this.env = opts.env ?? process.env;
    this.label = opts.label ?? `This PC (${this.env.COMPUTERNAME ?? os.hostname()})`;
    this.toLocalPath = opts.toLocal ?? ((p) => p);
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.settleMs = opts.settleMs ?? 30_000;
  }

  private read(a: cmd.Argv, timeoutMs = READ_MS): Promise<CommandResult> {
    return this.runner.run(a.file, a.args, { timeoutMs });
  }

  /** UAC prompts never overlap: each admin action waits for the previous one to finish. */
  private admin(a: cmd.Argv, timeoutMs = ADMIN_MS): Promise<CommandResult> {
    const run = this.adminChain.then(() =>
      this.runner.run(a.file, a.args, { timeoutMs, elevated: true }),
    );
    this.adminChain = run.catch(() => undefined);
    return run;
  }

  private local(winPath: string): string {
    return localOf(winPath, this.toLocalPath);
  }

  /**
   * Whether this file change goes to the elevated helper: only when one is configured, the
   * process is not known to be elevated, and the helper would accept the task (its allowlist);
   * anything else runs in-process as before.
   */
  private async viaHelper(task: ElevatedTask): Promise<ElevatedHelper | null> {
    const helper = this.opts.elevatedHelper;
    if (!helper) return null;
    if (allowlistError(task)) return null;
    return (await this.isAdmin()) === true ? null : helper;
  }

  private helper(
    helper: ElevatedHelper,
    task: ElevatedTask,
    opts: { timeoutMs?: number; signal?: AbortSignal; onProgress?: (p: ClearProgress) => void },
  ) {
    // Through the admin chain: UAC prompts never overlap, helper or not.
    const run = this.adminChain.then(() =>
      runHelper(this.runner, helper, task, {
        timeoutMs: opts.timeoutMs ?? ADMIN_MS,
        pollMs: this.opts.helperPollMs ?? 250,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      }),
    );
    this.adminChain = run.catch(() => undefined);
    return run;
  }

  // ---- reads ----

  os(): Promise<OsInfo | null> {
    // systeminfo takes seconds and the OS cannot change without a restart, which ends this process.
    if (!this.osInfo) {
      this.osInfo = this.read(cmd.systeminfo(), SLOW_READ_MS).then((r) =>
        r.stdout ? parseSystemInfo(r.stdout) : null,
      );
      this.osInfo.then((v) => {
        if (!v) this.osInfo = null;
      });
    }
    return this.osInfo;
  }

  /** Asked once: a process cannot change its elevation (a failed answer is asked again). */
  isAdmin(): Promise<boolean | null> {
    if (!this.admin_) {
      this.admin_ = this.read(cmd.whoamiGroups()).then((r) =>
        r.ok ? parseWhoamiElevated(r.stdout) : null,
      );
      void this.admin_.then((v) => {
        if (v === null) this.admin_ = null;
      });
    }
    return this.admin_;
  }

  async service(name: string): Promise<ServiceInfo> {
    const [q, c] = await Promise.all([this.read(cmd.scQueryEx(name)), this.read(cmd.scQc(name))]);
    const state = parseScQueryEx(q.stdout, q.exitCode).state;
    const qc = parseScQc(c.stdout, c.exitCode);
    if (state === 'missing' || qc.missing) return { name, state: 'missing', startType: 'unknown' };
    return { name, state, startType: qc.startType };
  }

  async programs(): Promise<ProgramInfo[] | null> {
    const [a, b] = await Promise.all([
      this.read(cmd.regQueryUninstall()),
      this.read(cmd.regQueryUninstallWow64()),
    ]);
    return mergePrograms(parseUninstallPrograms(a.stdout), parseUninstallPrograms(b.stdout));
  }

  async bugchecks(): Promise<BugCheck[] | null> {
    const r = await this.read(cmd.wevtutilBugchecks());
    if (r.exitCode !== 0) return null;
    return parseBugChecks(r.stdout);
  }

  async encryption(): Promise<EncryptionInfo> {
    const [bde, dcrypt] = await Promise.all([
      this.read(cmd.manageBdeStatus()),
      this.service('dcrypt'),
    ]);
    const bitlocker = parseManageBdeStatus(bde.stdout);
    let diskcryptor: ReturnType<typeof interpretIsEnc> = 'not_encrypted';
    if (dcrypt.state === 'unknown') diskcryptor = 'unknown';
    else if (dcrypt.state !== 'missing')
      diskcryptor = interpretIsEnc(
        (await this.read(cmd.dcinstIsEnc(await this.diskCryptorDir()))).exitCode,
      );
    return {
      bootVolumeEncryptedBy: bootEncryptor(bitlocker, diskcryptor),
      bitlocker: bitlocker ?? [],
    };
  }

  private async diskCryptorDir(): Promise<string> {
    const dc = (await this.programs())?.find((p) => /diskcryptor/i.test(p.name));
    return dc?.installDir ?? cmd.DISKCRYPTOR_DIR;
  }

  async freeBytes(drive: string): Promise<number | null> {
    if (!/^[A-Za-z]:$/.test(drive)) return null;
    try {
      const s = await fsp.statfs(this.local(`${drive}\\`));
      return s.bavail * s.bsize;
    } catch {
      return null;
    }
  }

  /**
   * Windows keeps no single readable record of a staged feature update (the ~BT folder also
   * survives rollbacks), so the real host does not guess; workflows ask the person instead.
   */
  async pendingFeatureUpdate(): Promise<{ version: string } | null> {
    return null;
  }

  async bootTime(): Promise<string | null> {
    const r = await this.read(cmd.lastBootTime());
    const d = new Date(r.stdout.trim());
    return r.ok && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
  }

  async userProfile(): Promise<string | null> {
    return this.env.USERPROFILE ?? null;
  }

  async exists(winPath: string): Promise<boolean> {
    return fs.existsSync(this.local(winPath));
  }

  async readText(winPath: string): Promise<string | null> {
    try {
      return decodeText(await fsp.readFile(this.local(winPath)));
    } catch {
      return null;
    }
  }

  async listDir(winPath: string): Promise<string[] | null> {
    try {
      return (await fsp.readdir(this.local(winPath))).sort();
    } catch {
      return null;
    }
  }

  async treeStats(winPath: string): Promise<TreeStats | null> {
    const local = this.local(winPath);
    if (!fs.existsSync(local)) return null;
    try {
      return await countTree(local);
    } catch {
      return null;
    }
  }

  async sha256(winPath: string): Promise<string | null> {
    try {
      const hash = crypto.createHash('sha256');
      for await (const chunk of fs.createReadStream(this.local(winPath)))
        hash.update(chunk as Buffer);
      return hash.digest('hex');
    } catch {
      return null;
    }
  }

  // ---- changes ----

  /**
   * Keeps the file's existing encoding (SetupConfig.ini may be UTF-16). Files under
   * C:\Users\Default or C:\Windows need an administrator: they are staged in the user's temp
   * folder and copied into place through one UAC prompt. (SetupConfig.ini's own change is
   * `removeSetupConfigKeys`, an operation the elevated helper does itself; the helper never takes
   * content.)
   */
  async writeText(winPath: string, content: string): Promise<void> {
    const local = this.local(winPath);
    try {
      await writeTextLocal(winPath, content, this.toLocalPath);
    } catch (e) {
      if (!isAccessError(e)) throw e;
      const staged = path.join(
        os.tmpdir(),
        `wsops-${process.pid}-${Date.now()}-${path.win32.basename(winPath)}`,
      );
      await fsp.writeFile(staged, await encodedFor(local, content));
      try {
        await this.elevatedCopy(staged, winPath);
      } finally {
        await fsp.rm(staged, { force: true });
      }
    }
  }

  /**
   * SetupConfig.ini lives under C:\Users\Default (administrators only): the elevated helper
   * removes the keys from the file it reads itself. Without a helper (or when elevated) the
   * same code runs in-process.
   */
  async removeSetupConfigKeys(): Promise<{ removed: string[] }> {
    const ini = cmd.SETUPCONFIG_INI;
    const task = { v: 1, op: 'remove-setupconfig-keys', path: ini } as const;
    const helper = await this.viaHelper(task);
    if (helper) {
      const before = await this.readText(ini);
      throwUnlessOk(await this.helper(helper, task, {}), ini);
      const had = before === null ? null : parseSetupConfig(before);
      return {
        removed: [
          ...(had?.reflectDrivers != null ? ['ReflectDrivers'] : []),
          ...(had?.postOOBE != null ? ['PostOOBE'] : []),
        ],
      };
    }
    try {
      return { removed: (await removeSetupConfigKeysLocal(ini, this.toLocalPath)).removed };
    } catch (e) {
      if (!isAccessError(e)) throw e;
      // Not elevated and no helper: the edited text goes in through one UAC prompt (writeText).
      const text = await this.readText(ini);
      if (text === null) throw e;
      const fixed = removeSetupConfigKeys(text, SETUPCONFIG_LEFTOVER_KEYS);
      await this.writeText(ini, fixed.text);
      return { removed: fixed.removed };
    }
  }

  async copyFile(fromWinPath: string, toWinPath: string): Promise<void> {
    const task = { v: 1, op: 'copy-file', from: fromWinPath, to: toWinPath } as const;
    const helper = await this.viaHelper(task);
    if (helper) return throwUnlessOk(await this.helper(helper, task, {}), toWinPath);
    try {
      await copyFileLocal(fromWinPath, toWinPath, this.toLocalPath);
    } catch (e) {
      if (!isAccessError(e)) throw e;
      await this.elevatedCopy(fromWinPath, toWinPath);
    }
  }

  private async elevatedCopy(from: string, to: string): Promise<void> {
    const script = `New-Item -ItemType Directory -Force -Path ${cmd.psQuote(path.win32.dirname(to))} | Out-Null; Copy-Item -LiteralPath ${cmd.psQuote(from)} -Destination ${cmd.psQuote(to)} -Force`;
    const r = await this.admin({
      file: 'powershell.exe',
      args: ['-NoProfile', '-NonInteractive', '-Command', script],
    });
    if (r.declined)
      throw new Error(`${to} was not changed: the administrator prompt was declined.`);
    if (!r.ok)
      throw new Error(
        `Could not write ${to} as administrator (exit code ${r.exitCode ?? 'none'}). ${r.stderr}`.trim(),
      );
  }

  async stopService(name: string): Promise<CommandResult> {
    const r = await this.admin(cmd.scStop(name));
    // 1062: the service has not been started — already where we want it.
    const result =
      r.exitCode === 1062 ? { ...r, ok: true, stdout: `${name} was already stopped.` } : r;
    if (result.ok) await this.settle(name, ['stopped', 'missing']);
    return result;
  }

  async startService(name: string): Promise<CommandResult> {
    const r = await this.admin(cmd.scStart(name));
    // 1056: an instance of the service is already running.
    const result =
      r.exitCode === 1056 ? { ...r, ok: true, stdout: `${name} was already running.` } : r;
    if (result.ok) await this.settle(name, ['running']);
    return result;
  }

  async setStartType(name: string, startType: StartType): Promise<CommandResult> {
    return this.admin(cmd.scConfigStart(name, startType));
  }

  /** sc returns at STOP_PENDING/START_PENDING; wait (bounded) so the next check sees the result. */
  private async settle(name: string, wanted: string[]): Promise<void> {
    const deadline = Date.now() + this.settleMs;
    for (;;) {
      const q = await this.read(cmd.scQueryEx(name));
      const state = parseScQueryEx(q.stdout, q.exitCode).state;
      if (wanted.includes(state) || state === 'unknown' || Date.now() >= deadline) return;
      await this.sleep(500);
    }
  }

  async uninstallProgram(program: ProgramInfo): Promise<CommandResult> {
    if (/diskcryptor/i.test(program.name)) {
      const isEnc = await this.read(cmd.dcinstIsEnc(program.installDir ?? cmd.DISKCRYPTOR_DIR));
      if (interpretIsEnc(isEnc.exitCode) === 'encrypted') {
        return {
          ok: false,
          exitCode: 51,
          command: isEnc.command,
          stdout: '',
          stderr:
            'DiskCryptor still encrypts the boot disk, and uninstalling it now would leave Windows unable to start. Decrypt the disk in DiskCryptor first.',
        };
      }
    }
    const argv = program.uninstallString
      ? uninstallArgv(splitCommandLine(program.uninstallString))
      : null;
    if (!argv) {
      return {
        ok: false,
        exitCode: null,
        command: `(uninstall ${program.name})`,
        stdout: '',
        stderr: `${program.name} has no usable uninstall command in the registry; uninstall it from Settings > Apps.`,
      };
    }
    return this.admin(argv, INSTALLER_MS);
  }

  async runInstaller(winPath: string, opts: { elevated: boolean }): Promise<CommandResult> {
    this.local(winPath);
    const argv = /\.msi$/i.test(winPath)
      ? { file: 'msiexec.exe', args: ['/i', winPath] }
      : { file: winPath, args: [] };
    return opts.elevated
      ? this.admin(argv, INSTALLER_MS)
      : this.runner.run(argv.file, argv.args, { timeoutMs: INSTALLER_MS });
  }

  async clearDirectory(
    winPath: string,
    opts: { signal?: AbortSignal; onProgress?: (p: ClearProgress) => void },
  ): Promise<ClearReport> {
    const task = { v: 1, op: 'clear', path: winPath } as const;
    const helper = await this.viaHelper(task);
    if (!helper) return clearLocal(winPath, this.toLocalPath, opts);
    const r = await this.helper(helper, task, { ...opts, timeoutMs: HELPER_CLEAR_MS });
    if (r.run.declined) throw new ElevationDeclinedError();
    if (r.result?.ok && r.result.op === 'clear') return { ...r.result.report, target: winPath };
    throw new Error(`Could not empty ${winPath} as administrator: ${helperFailure(r)}`);
  }

  async launch(target: LaunchTarget): Promise<CommandResult> {
    const argv = await this.launcher(target);
    const r = await this.runner.run(argv.file, argv.args, { timeoutMs: 15_000 });
    // explorer.exe exits with 1 even when it opened what it was asked to.
    return argv.file === 'explorer.exe' && r.exitCode === 1 ? { ...r, ok: true } : r;
  }

  private async launcher(target: LaunchTarget): Promise<cmd.Argv> {
    switch (target) {
      case 'get-help':
        return cmd.getHelp();
      case 'troubleshooter': {
        const root = this.env.SystemRoot ?? 'C:\\Windows';
        return (await this.exists(`${root}\\System32\\msdt.exe`))
          ? cmd.msdtWindowsUpdate()
          : cmd.settingsTroubleshoot();
      }
      case 'update-assistant':
        return cmd.openUrl(cmd.updateAssistantUrl((await this.os())?.build ?? 0));
      case 'diskcryptor-releases':
        return cmd.openUrl(cmd.DISKCRYPTOR_RELEASES_URL);
    }
  }

  /**
   * Registers the resume task first so the run continues after the restart. If Task Scheduler
   * refuses, the restart still happens (the person asked for it) and the result says to start
   * the app by hand.
   */
  async reboot(reason: string): Promise<CommandResult> {
    const task = cmd.resumeTaskCreate(
      this.opts.resumeExe ?? process.execPath,
      this.opts.resumeArgs ?? [],
    );
    const registered = await this.read(task);
    const r = await this.read(cmd.shutdownRestart(reason, 30));
    const note = registered.ok
      ? 'Workstation Ops will open again when you sign in.'
      : `Could not register the resume task (${registered.stderr.trim() || `exit code ${registered.exitCode}`}); open Workstation Ops yourself after the restart.`;
    return { ...r, stdout: [r.stdout.trim(), note].filter(Boolean).join('\n') };
  }

  // ---- optional capabilities ----

  /** This PC's own files: the path itself (or where the tests map it). */
  localPath(winPath: string): string | null {
    return this.local(winPath);
  }

  /**
   * Rename first, delete later (safe-clear's renameAside): frees the folder in milliseconds.
   * System folders go to the elevated helper when this process is not elevated.
   */
  async renameAside(winPath: string): Promise<MovedAside> {
    const target = winPath.replace(/\\+$/, '');
    const task = { v: 1, op: 'rename-aside', path: target } as const;
    const helper = await this.viaHelper(task);
    if (!helper) return renameAsideLocal(target, this.toLocalPath);
    const r = await this.helper(helper, task, {});
    if (r.result?.ok && r.result.op === 'rename-aside') return asAdmin(r.result.result);
    return {
      ...failedResult(r, `ren "${target}" ${path.win32.basename(target)}.bak`),
      bakPath: null,
    };
  }

  async restoreAside(bakWinPath: string, targetWinPath: string): Promise<CommandResult> {
    const target = targetWinPath.replace(/\\+$/, '');
    const task = { v: 1, op: 'restore-aside', bakPath: bakWinPath, target } as const;
    const helper = await this.viaHelper(task);
    if (!helper) return restoreAsideLocal(bakWinPath, target, this.toLocalPath);
    const r = await this.helper(helper, task, {});
    if (r.result?.ok && r.result.op === 'restore-aside') return asAdmin(r.result.result);
    return failedResult(
      r,
      `rmdir "${target}" && ren "${bakWinPath}" ${path.win32.basename(target)}`,
    );
  }

  /** One regular file; never a folder, link or junction. A missing file is already deleted. */
  async deleteFile(winPath: string): Promise<CommandResult> {
    const task = { v: 1, op: 'delete-file', path: winPath } as const;
    const helper = await this.viaHelper(task);
    if (helper) {
      const r = await this.helper(helper, task, {});
      if (r.result?.ok && r.result.op === 'delete-file') return asAdmin(r.result.result);
      return failedResult(r, deleteCommand(winPath));
    }
    try {
      return await deleteFileLocal(winPath, this.toLocalPath);
    } catch (e) {
      if (!isAccessError(e)) throw e;
      const r = await this.admin({
        file: 'powershell.exe',
        args: [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          `Remove-Item -LiteralPath ${cmd.psQuote(winPath)} -Force`,
        ],
      });
      return { ...r, command: `${deleteCommand(winPath)}  (as administrator)` };
    }
  }

  async suspendBitLocker(volume: string): Promise<CommandResult> {
    return this.admin(cmd.manageBdeSuspend(volume, 0));
  }

  async resumeBitLocker(volume: string): Promise<CommandResult> {
    return this.admin(cmd.manageBdeResume(volume));
  }

  /** Called by the app once it has resumed after the restart. */
  async removeResumeTask(): Promise<CommandResult> {
    return this.read(cmd.resumeTaskDelete());
  }
}

function asAdmin<T extends CommandResult>(r: T): T {
  return { ...r, command: `${r.command}  (as administrator)` };
}

/** Why the helper did not deliver a result, in one line. */
function helperFailure(r: HelperRun): string {
  if (r.result && !r.result.ok) return r.result.error;
  return (r.run.stderr.trim() || `the helper exited with code ${r.run.exitCode ?? 'none'}`).trim();
}

/** A declined prompt keeps the runner's declined result (and its message) for the workflow. */
function failedResult(r: HelperRun, command: string): CommandResult {
  if (r.run.declined) return { ...r.run, command: `${command}  (as administrator)` };
  return {
    ok: false,
    exitCode: r.run.exitCode ?? 1,
    command: `${command}  (as administrator)`,
    stdout: '',
    stderr: helperFailure(r),
  };
}

function throwUnlessOk(r: HelperRun, to: string): void {
  if (r.run.declined)
    throw new Error(`${to} was not changed: the administrator prompt was declined.`);
  if (r.result?.ok && 'result' in r.result && r.result.result.ok) return;
  throw new Error(`Could not write ${to} as administrator: ${helperFailure(r)}`);
}

/** The host for this computer, running the real Windows tools. */
export function createWindowsHost(opts: WindowsRealHostOptions = {}): WindowsRealHost {
  return new WindowsRealHost(new ExecFileRunner(opts.env), opts);
}
