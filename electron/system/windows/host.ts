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
  BootProtections,
  BugCheck,
  ClearProgress,
  ClearReport,
  CommandResult,
  Elevation,
  EncryptionInfo,
  LaunchTarget,
  MovedAside,
  OsInfo,
  ProgramInfo,
  RestorePointAttempt,
  ServiceInfo,
  SystemProtection,
  StartType,
  TreeStats,
  WindowsHost,
} from '../ports';
import {
  ExecFileRunner,
  commandLine,
  type CommandRecord,
  type CommandRunner,
} from '../command-runner';
import { countTree } from '../fs/safe-clear';
import * as cmd from './commands';
import { parseScQc, parseScQueryEx } from './parse-sc';
import {
  dwordOf,
  parseRegExport,
  parseRegQuery,
  parseUninstallPrograms,
  programsFromKeys,
  valueOf,
} from './parse-reg';
import { parseManageBdeStatus } from './parse-manage-bde';
import { mergeBugChecks, parseBugChecks } from './parse-bugchecks';
import { interpretIsEnc } from './dcinst';
import { bootEncryptor, veraCryptSystemAnswer } from './encryption';
import { SERVICES } from '../../knowledge/windows';
import { decodeText } from './text';
import type { MachineHealth } from '../../../shared/health';
import { unknownHealth } from '../../../shared/health';
import { healthArgv, parseHealthBatch, parseWindowsHealth, type RawHealth } from './health';
import { mergePrograms, splitCommandLine, uninstallArgv } from './programs';
import { parseWhoamiElevation } from './parse-whoami';
import { READING_SERVICES, identityFromReading, readingArgv, serviceFromReading } from './reading';
import {
  allowlistError,
  type ElevatedTask,
  type HelperService,
  type QueryRead,
} from './elevated-task';
import { parseSetupConfig } from './setup-config';
import { parseSystemRestoreKey, restorePointAttempt } from './restore-points';
import {
  layoutError,
  machinePaths,
  parseProfileListDefault,
  profileListDefaultArgv,
  type MachinePaths,
} from './machine-paths';
import {
  ElevationDeclinedError,
  helperDistrust,
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
  setupConfigWithoutLeftovers,
  writeTextLocal,
} from './fs-ops';

export interface WindowsRealHostOptions {
  label?: string;
  /**
   * 'practice': the same host over the emulator (system/emulator); 'bundle': over a diagnostics
   * bundle's recorded outputs (system/bundle, read-only). Only execFile differs.
   */
  kind?: 'real' | 'practice' | 'bundle';
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
const ADMIN_MS = 120_000;
/** CIM over the Storage namespace can take seconds on a PC with many disks. */
const HEALTH_MS = 60_000;
const INSTALLER_MS = 30 * 60_000;
/**
 * How long a shared read (cachedRead) answers for: long enough that the checks of one preflight,
 * asked one after another, start each process once; short enough that nothing a person does in
 * the meantime is missed. Any change this host makes forgets them at once.
 */
const READING_MAX_AGE_MS = 3000;

export class WindowsRealHost implements WindowsHost {
  readonly kind: 'real' | 'practice' | 'bundle';
  readonly readOnly: boolean = false;
  readonly label: string;

  private readonly env: NodeJS.ProcessEnv;
  private readonly toLocalPath: (winPath: string) => string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly settleMs: number;
  private osInfo: Promise<OsInfo | null> | null = null;
  private encryption_: Promise<EncryptionInfo> | null = null;
  private admin_: Promise<Elevation | null> | null = null;
  private adminChain: Promise<unknown> = Promise.resolve();
  private readonly readings = new Map<
    string,
    { at: number; result: Promise<unknown>; served: Set<string> }
  >();

  constructor(
    protected readonly runner: CommandRunner,
    private readonly opts: WindowsRealHostOptions = {},
  ) {
    this.env = opts.env ?? process.env;
    this.kind = opts.kind ?? 'real';
    this.label = opts.label ?? `This PC (${this.env.COMPUTERNAME ?? os.hostname()})`;
    this.toLocalPath = opts.toLocal ?? ((p) => p);
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.settleMs = opts.settleMs ?? 30_000;
  }

  private read(a: cmd.Argv, timeoutMs = READ_MS): Promise<CommandResult> {
    return this.runner.run(a.file, a.args, { timeoutMs });
  }

  /**
   * A read several readers ask for within moments (the preflight asks the dcrypt service, the
   * programs and the CIM batch from more than one check): one process, its answer shared for
   * READING_MAX_AGE_MS — but never twice to the same `reader`: asking the same thing again (a
   * retry, a wait for the charger) always starts the command again. A command that could not run
   * at all is asked again next time.
   */
  private cachedRead(a: cmd.Argv, reader: string, timeoutMs = READ_MS): Promise<CommandResult> {
    return this.shared(
      JSON.stringify([a.file, ...a.args]),
      reader,
      () => this.read(a, timeoutMs),
      (r) => r.exitCode === null,
    );
  }

  /**
   * cachedRead's sharing for any read, keyed by what it reads (`key`), not how: the Uninstall
   * exports write temp files with fresh names, so their command lines never repeat. A result
   * `failed` says could not be read is asked again next time.
   */
  private shared<T>(
    key: string,
    reader: string,
    run: () => Promise<T>,
    failed: (v: T) => boolean,
  ): Promise<T> {
    const now = Date.now();
    const hit = this.readings.get(key);
    if (hit && now - hit.at < READING_MAX_AGE_MS && !hit.served.has(reader)) {
      hit.served.add(reader);
      return hit.result as Promise<T>;
    }
    const result = run();
    const entry = { at: now, result, served: new Set([reader]) };
    this.readings.set(key, entry);
    const forget = () => {
      if (this.readings.get(key) === entry) this.readings.delete(key);
    };
    void result.then((v) => {
      if (failed(v)) forget();
      // The age counts from the answer: the batch alone can take seconds on a PC, and the checks
      // asking after it must still share it.
      else entry.at = Date.now();
    }, forget);
    return result;
  }

  /** Whatever this host changes makes the shared reads stale. */
  private forgetReadings(): void {
    this.readings.clear();
  }

  /** UAC prompts never overlap: each admin action waits for the previous one to finish. */
  private admin(a: cmd.Argv, timeoutMs = ADMIN_MS): Promise<CommandResult> {
    // An admin change may change what encryption() read (a BitLocker suspend, an uninstall).
    this.encryption_ = null;
    this.forgetReadings();
    const run = this.adminChain.then(() =>
      this.runner.run(a.file, a.args, { timeoutMs, elevated: true }),
    );
    this.adminChain = run.catch(() => undefined);
    void run.finally(() => this.forgetReadings()).catch(() => undefined);
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
    if (allowlistError(task, await this.paths())) return null;
    return (await this.isAdmin()) === true ? null : helper;
  }

  private helper(
    helper: ElevatedHelper,
    task: ElevatedTask,
    opts: { timeoutMs?: number; signal?: AbortSignal; onProgress?: (p: ClearProgress) => void },
  ) {
    // Through the admin chain: UAC prompts never overlap, helper or not.
    if (task.op !== 'query') this.forgetReadings();
    const run = this.adminChain.then(async (): Promise<HelperRun> => {
      const refusal = await this.untrustedHelper(helper);
      if (refusal) return { run: refused('(elevated helper)', refusal), result: null };
      return runHelper(this.runner, helper, task, {
        // No limit on the wrapper: it waits for the person at the UAC prompt, and what the
        // helper starts has its own limit there (elevated-runner.ts).
        timeoutMs: opts.timeoutMs ?? 0,
        pollMs: this.opts.helperPollMs ?? 250,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
    });
    this.adminChain = run.catch(() => undefined);
    if (task.op !== 'query') void run.finally(() => this.forgetReadings()).catch(() => undefined);
    return run;
  }

  /**
   * A standard user (not in Administrators) elevates only a helper in an admin-only folder
   * (elevated-parent.ts helperDistrust). For an administrator's own split token UAC is not a
   * security boundary, so the helper runs wherever it is.
   */
  private async untrustedHelper(helper: ElevatedHelper): Promise<string | null> {
    const why = helperDistrust(helper, await this.paths());
    if (!why) return null;
    const e = await this.elevation();
    return e?.adminMember === true ? null : why;
  }

  private paths_: Promise<MachinePaths> | null = null;

  /** This machine's folders (machine-paths.ts): its environment and ProfileList `Default`. */
  paths(): Promise<MachinePaths> {
    this.paths_ ??= this.read(profileListDefaultArgv()).then((r) =>
      machinePaths(this.env, r.ok ? parseProfileListDefault(r.stdout, this.env) : null),
    );
    return this.paths_;
  }

  /**
   * Why this machine must not be changed: the workflows name Windows' default folders on C:, and
   * this machine's own (its environment, ProfileList) are elsewhere — Windows on D:.
   */
  private async unfitLayout(): Promise<string | null> {
    return layoutError(await this.paths());
  }

  private async refuseUnfitLayout(): Promise<void> {
    const why = await this.unfitLayout();
    if (why) throw new Error(why);
  }

  // ---- reads ----

  /**
   * The one powershell.exe of a reading (windows/health.ts): OS, boot time, free space and the
   * machine's health all come from its batched CIM query, so a preflight starts PowerShell once.
   */
  private async cim(
    reader: string,
  ): Promise<{ result: CommandResult; raw: RawHealth | null; error: string }> {
    const result = await this.reading(reader);
    if (!result.stdout.trim()) {
      const why = (result.stderr || `exit ${result.exitCode ?? '?'}`).trim().split(/\r?\n/)[0]!;
      return { result, raw: null, error: `The health query (PowerShell) did not answer: ${why}` };
    }
    try {
      return { result, raw: parseHealthBatch(result.stdout), error: '' };
    } catch (e) {
      return {
        result,
        raw: null,
        error: `The health query's answer could not be read: ${(e as Error).message}`,
      };
    }
  }

  /**
   * The batch with this process's groups and the preflight's services too (reading.ts). When it
   * is not in a bundle (one recorded before those parts) the health batch alone, as before; the
   * parts it lacks are then read by whoami and sc.
   */
  private async reading(reader: string): Promise<CommandResult> {
    const r = await this.cachedRead(readingArgv(), reader, HEALTH_MS);
    // Only a bundle: on a PC a batch that could not start (or timed out) would fail again.
    if (this.kind !== 'bundle' || r.exitCode !== null || r.stdout.trim()) return r;
    return this.cachedRead(healthArgv(), reader, HEALTH_MS);
  }

  os(): Promise<OsInfo | null> {
    // The OS cannot change without a restart, which ends this process: asked once.
    if (!this.osInfo) {
      this.osInfo = this.cim('os').then(({ raw }) => osFromCim(raw));
      this.osInfo.then((v) => {
        if (!v) this.osInfo = null;
      });
    }
    return this.osInfo;
  }

  /** Asked once: a process cannot change its elevation (a failed answer is asked again). */
  elevation(): Promise<Elevation | null> {
    if (!this.admin_) {
      this.admin_ = this.reading('elevation').then(
        async (batch) =>
          identityFromReading(batch.stdout) ??
          this.read(cmd.whoamiGroups()).then((r) => (r.ok ? parseWhoamiElevation(r.stdout) : null)),
      );
      void this.admin_.then((v) => {
        if (v === null) this.admin_ = null;
      });
    }
    return this.admin_;
  }

  async isAdmin(): Promise<boolean | null> {
    return (await this.elevation())?.elevated ?? null;
  }

  service(name: string): Promise<ServiceInfo> {
    return this.readService(name, 'service');
  }

  private async readService(name: string, reader: string): Promise<ServiceInfo> {
    if (READING_SERVICES.includes(name)) {
      const batch = await this.reading(`service ${name} for ${reader}`);
      const s = serviceFromReading(batch.stdout, name);
      if (s) return { name, ...s };
    }
    const [q, c] = await Promise.all([
      this.cachedRead(cmd.scQueryEx(name), reader),
      this.cachedRead(cmd.scQc(name), reader),
    ]);
    const state = parseScQueryEx(q.stdout, q.exitCode).state;
    const qc = parseScQc(c.stdout, c.exitCode);
    if (state === 'missing' || qc.missing) return { name, state: 'missing', startType: 'unknown' };
    return { name, state, startType: qc.startType };
  }

  /**
   * Both Uninstall views, read with `reg export` (a UTF-16 file: a DiskCryptor folder named in
   * Japanese on a cp850 PC survives, which `reg query`'s OEM-code-page output cannot carry);
   * `reg query` when the export cannot be made.
   */
  programs(): Promise<ProgramInfo[] | null> {
    return this.readPrograms();
  }

  /**
   * Shared like cachedRead (the programs check and the encryption read's DiskCryptor folder ask
   * within moments): never twice to one reader, forgotten on any change.
   */
  private readPrograms(reader = 'programs'): Promise<ProgramInfo[] | null> {
    return this.shared(
      'Uninstall keys',
      reader,
      async () =>
        mergePrograms(
          ...(await Promise.all([
            this.exportedKeys(cmd.UNINSTALL_KEY, cmd.regQueryUninstall()),
            this.exportedKeys(cmd.UNINSTALL_KEY_WOW64, cmd.regQueryUninstallWow64()),
          ])),
        ),
      (v) => v === null,
    );
  }

  private async exportedKeys(key: string, fallback: cmd.Argv): Promise<ProgramInfo[] | null> {
    const temp = this.env.TEMP ?? this.env.TMP;
    if (temp) {
      const file = `${temp.replace(/\\+$/, '')}\\wsops-reg-${process.pid}-${crypto.randomUUID()}.reg`;
      try {
        const local = this.local(file);
        await fsp.mkdir(path.dirname(local), { recursive: true });
        try {
          const r = await this.read(cmd.regExport(key, file));
          if (r.ok) {
            const keys = parseRegExport(decodeText(await fsp.readFile(local)));
            if (keys) return programsFromKeys(keys);
          }
        } finally {
          await fsp.rm(local, { force: true });
        }
      } catch {
        // Fall back to reg query below.
      }
    }
    return parseUninstallPrograms((await this.read(fallback)).stdout);
  }

  async bugchecks(): Promise<BugCheck[] | null> {
    // One query for both events; parseBugChecks merges a crash logged as both into one.
    const both = await this.read(cmd.wevtutilCrashEvents());
    if (both.exitCode === 0) return parseBugChecks(both.stdout);
    // A bundle collected before the single query recorded the pair below; on a PC whose wevtutil
    // refused the query the pair is asked the same way (a failed 1001 read stays "unknown").
    const [r, power] = await Promise.all([
      this.read(cmd.wevtutilBugchecks()),
      this.read(cmd.wevtutilKernelPower41()),
    ]);
    if (r.exitCode !== 0) return null;
    const wer = parseBugChecks(r.stdout);
    // Kernel-Power 41 adds crashes that left no 1001 (no dump); one crash in both counts once.
    const extra = power.exitCode === 0 ? (parseBugChecks(power.stdout) ?? []) : [];
    return wer && mergeBugChecks(wer, extra);
  }

  /**
   * manage-bde and dcinst need an administrator (docs/windows-behaviour.md): read unelevated they
   * fail, and a failure must read as "unknown", never as "not encrypted". So both are asked in one
   * elevated, read-only helper task (one UAC prompt, output kept); asked once per host until an
   * admin change could have changed the answer.
   */
  encryption(): Promise<EncryptionInfo> {
    this.encryption_ ??= this.readEncryption().then((e) => {
      if (e.bootVolumeEncryptedBy === 'unknown') this.encryption_ = null;
      return e;
    });
    return this.encryption_;
  }

  private async readEncryption(): Promise<EncryptionInfo> {
    const [dcrypt, programs] = await Promise.all([
      this.readService('dcrypt', 'encryption'),
      this.readPrograms('encryption'),
    ]);
    // VeraCrypt system encryption needs VeraCrypt installed (it registers its Uninstall key), so
    // its driver is read only when VeraCrypt is listed — or the list could not be read.
    const veraCryptListed = !programs || programs.some((p) => /veracrypt/i.test(p.name));
    const veracrypt = veraCryptListed
      ? veraCryptSystemAnswer(await this.readService(SERVICES.veraCryptDriver, 'encryption'))
      : 'not_encrypted';
    const reads: QueryRead[] = ['manage-bde-status'];
    if (dcrypt.state !== 'missing' && dcrypt.state !== 'unknown') reads.push('dcinst-isenc');
    const outputs = await this.elevatedReads(reads, await this.diskCryptorDir(programs));
    const bde = outputs?.find((o) => o.read === 'manage-bde-status');
    const bitlocker = bde ? parseManageBdeStatus(bde.stdout) : null;
    const diskcryptor =
      dcrypt.state === 'missing'
        ? 'not_encrypted'
        : interpretIsEnc(outputs?.find((o) => o.read === 'dcinst-isenc')?.exitCode ?? null);
    return {
      bootVolumeEncryptedBy: bootEncryptor(bitlocker, diskcryptor, veracrypt),
      bitlocker,
    };
  }

  /** Null when they could not be asked (prompt declined, helper failed). */
  private async elevatedReads(reads: QueryRead[], diskCryptorDir: string) {
    const direct = async () =>
      Promise.all(
        reads.map(async (read) => {
          const a =
            read === 'manage-bde-status' ? cmd.manageBdeStatus() : cmd.dcinstIsEnc(diskCryptorDir);
          const r = await this.read(a);
          return { read, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
        }),
      );
    const helper = this.opts.elevatedHelper;
    if (!helper || (await this.isAdmin()) === true) return direct();
    const task = { v: 1, op: 'query', reads, diskCryptorDir } as const;
    if (allowlistError(task, await this.paths())) return direct();
    const r = await this.helper(helper, task, {});
    return r.result?.ok && r.result.op === 'query' ? r.result.outputs : null;
  }

  private async diskCryptorDir(programs: ProgramInfo[] | null): Promise<string> {
    const entries = (programs ?? []).filter((p) => /diskcryptor/i.test(p.name));
    // A stale uninstall entry (an old install's, in the 32-bit view) names a folder that is gone:
    // dcinst is looked for where it is.
    for (const dc of entries)
      if (dc.installDir && (await this.exists(`${dc.installDir}\\dcinst.exe`)))
        return dc.installDir;
    return entries[0]?.installDir ?? cmd.DISKCRYPTOR_DIR;
  }

  /** From the CIM batch: local fixed disks only (Win32_LogicalDisk DriveType 3). */
  async freeBytes(drive: string): Promise<number | null> {
    if (!/^[A-Za-z]:$/.test(drive)) return null;
    const { raw } = await this.cim('free');
    const disk = raw?.logicalDisks?.find((d) => d.DeviceID.toUpperCase() === drive.toUpperCase());
    const n = disk?.FreeSpace;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
  }

  /**
   * Windows keeps no single readable record of a staged feature update (the ~BT folder also
   * survives rollbacks), so the real host does not guess; workflows ask the person instead.
   */
  async pendingFeatureUpdate(): Promise<{ version: string } | null> {
    return null;
  }

  async bootTime(): Promise<string | null> {
    const { raw } = await this.cim('boot');
    const d = new Date(raw?.os?.LastBootUpTime ?? '');
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }

  /** The CIM batch's whole reading (windows/health.ts). */
  async health(): Promise<MachineHealth> {
    const { result, raw, error } = await this.cim('health');
    return raw ? parseWindowsHealth(result.stdout) : unknownHealth('win32', error);
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
    await this.refuseUnfitLayout();
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
    await this.refuseUnfitLayout();
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
      // Not elevated and no helper: the edited bytes (only the removed lines differ) are
      // staged and copied into place through one UAC prompt.
      let existing: Buffer;
      try {
        existing = await fsp.readFile(this.local(ini));
      } catch {
        throw e;
      }
      const fixed = setupConfigWithoutLeftovers(existing);
      if (fixed.removed.length === 0) return { removed: [] };
      const staged = path.join(os.tmpdir(), `wsops-${process.pid}-${Date.now()}-SetupConfig.ini`);
      await fsp.writeFile(staged, fixed.bytes, { flag: 'wx' });
      try {
        await this.elevatedCopy(staged, ini);
      } finally {
        await fsp.rm(staged, { force: true });
      }
      return { removed: fixed.removed };
    }
  }

  async copyFile(fromWinPath: string, toWinPath: string): Promise<void> {
    await this.refuseUnfitLayout();
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

  /**
   * An admin command: through the elevated helper when there is one (it keeps the output, which
   * Start-Process -Verb RunAs cannot — rule start-process-runas-no-redirect), else through the
   * runner's UAC wrapper (or directly when this process is elevated).
   */
  private async adminCommand(
    task: ElevatedTask,
    argv: cmd.Argv,
    timeoutMs = ADMIN_MS,
  ): Promise<CommandResult> {
    const helper = await this.viaHelper(task);
    if (!helper) return this.admin(argv, timeoutMs);
    this.encryption_ = null;
    const r = await this.helper(helper, task, {});
    if (r.result?.ok && 'result' in r.result) return asAdmin(r.result.result);
    return failedResult(r, commandLine(argv.file, argv.args));
  }

  async stopService(name: string): Promise<CommandResult> {
    const r = await this.adminCommand(
      { v: 1, op: 'service', action: 'stop', service: name as HelperService },
      cmd.scStop(name),
    );
    // 1062: the service has not been started — already where we want it.
    const result =
      r.exitCode === 1062 ? { ...r, ok: true, stdout: `${name} was already stopped.` } : r;
    if (result.ok) await this.settle(name, ['stopped', 'missing']);
    return result;
  }

  async startService(name: string): Promise<CommandResult> {
    const r = await this.adminCommand(
      { v: 1, op: 'service', action: 'start', service: name as HelperService },
      cmd.scStart(name),
    );
    // 1056: an instance of the service is already running.
    const result =
      r.exitCode === 1056 ? { ...r, ok: true, stdout: `${name} was already running.` } : r;
    if (result.ok) await this.settle(name, ['running']);
    return result;
  }

  async setStartType(name: string, startType: StartType): Promise<CommandResult> {
    const argv = cmd.scConfigStart(name, startType);
    if (startType !== 'auto' && startType !== 'demand' && startType !== 'disabled')
      return this.admin(argv);
    return this.adminCommand(
      { v: 1, op: 'service', action: 'config', service: name as HelperService, startType },
      argv,
    );
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
    if (/^unins\d{3}\.exe$/i.test(path.win32.basename(argv.file)))
      return this.adminCommand({ v: 1, op: 'uninstaller', path: argv.file }, argv, INSTALLER_MS);
    return this.admin(argv, INSTALLER_MS);
  }

  async runInstaller(
    winPath: string,
    opts: { elevated: boolean; args?: readonly string[] },
  ): Promise<CommandResult> {
    this.forgetReadings();
    this.local(winPath);
    const argv = /\.msi$/i.test(winPath)
      ? { file: 'msiexec.exe', args: ['/i', winPath, ...(opts.args ?? [])] }
      : { file: winPath, args: [...(opts.args ?? [])] };
    if (!opts.elevated) return this.runner.run(argv.file, argv.args, { timeoutMs: INSTALLER_MS });
    const sha256 = /\.exe$/i.test(winPath) ? await this.sha256(winPath) : null;
    const unattended = JSON.stringify(opts.args ?? []) === JSON.stringify(cmd.INNO_UNATTENDED);
    if (sha256 && unattended)
      return this.adminCommand(
        { v: 1, op: 'installer', path: winPath, sha256 },
        argv,
        INSTALLER_MS,
      );
    return this.admin(argv, INSTALLER_MS);
  }

  async clearDirectory(
    winPath: string,
    opts: { signal?: AbortSignal; onProgress?: (p: ClearProgress) => void },
  ): Promise<ClearReport> {
    this.forgetReadings();
    await this.refuseUnfitLayout();
    const task = { v: 1, op: 'clear', path: winPath } as const;
    const helper = await this.viaHelper(task);
    if (!helper) return clearLocal(winPath, this.toLocalPath, opts);
    const r = await this.helper(helper, task, opts);
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
    // What was read before the restart is stale after it (a practice machine restarts while this
    // process goes on; a PC ends it).
    this.osInfo = null;
    this.encryption_ = null;
    this.forgetReadings();
    const registered = await this.registerResumeTask();
    const r = await this.read(cmd.shutdownRestart(reason, 30));
    const note = registered.ok
      ? 'Workstation Ops will open again when you sign in.'
      : `Could not register the resume task (${registered.stderr.trim() || `exit code ${registered.exitCode}`}); open Workstation Ops yourself after the restart.`;
    return { ...r, stdout: [r.stdout.trim(), note].filter(Boolean).join('\n') };
  }

  /**
   * Every program this host started, in order, with exit code and duration (ExecFileRunner's
   * history, the newest 500): `check --json` commands[] and the app's "Commands run".
   */
  commandHistory(): readonly CommandRecord[] {
    return this.runner instanceof ExecFileRunner ? this.runner.history : [];
  }

  /**
   * Writes the per-user logon task's XML (UTF-16 LE with a BOM, as Task Scheduler exports it) into
   * the user's own temp folder, registers it unelevated and deletes the file again.
   */
  private async registerResumeTask(): Promise<CommandResult> {
    const user = this.env.USERNAME;
    const temp = this.env.TEMP ?? this.env.TMP;
    const fail = (why: string): CommandResult => ({
      ok: false,
      exitCode: null,
      command: 'schtasks.exe /Create /TN "Workstation Ops\\Resume" /XML …',
      stdout: '',
      stderr: why,
    });
    if (!user || !temp) return fail('USERNAME or TEMP is not set');
    const domain = this.env.USERDOMAIN ?? this.env.COMPUTERNAME;
    let xml: string;
    try {
      xml = cmd.resumeTaskXml({
        userId: domain ? `${domain}\\${user}` : user,
        exe: this.opts.resumeExe ?? process.execPath,
        args: this.opts.resumeArgs ?? [],
      });
    } catch (e) {
      return fail((e as Error).message);
    }
    const xmlFile = `${temp.replace(/\\+$/, '')}\\wsops-resume-${process.pid}-${Date.now()}.xml`;
    let local: string;
    try {
      local = this.local(xmlFile);
      await fsp.mkdir(path.dirname(local), { recursive: true });
      await fsp.writeFile(
        local,
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]),
        { flag: 'wx' },
      );
    } catch (e) {
      return fail(`could not write ${xmlFile}: ${(e as Error).message}`);
    }
    try {
      return await this.read(cmd.resumeTaskCreate(xmlFile));
    } finally {
      await fsp.rm(local, { force: true });
    }
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
    this.forgetReadings();
    const unfit = await this.unfitLayout();
    if (unfit) return { ...refused(`ren "${winPath}"`, unfit), bakPath: null };
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
    this.forgetReadings();
    const unfit = await this.unfitLayout();
    if (unfit) return refused(`ren "${bakWinPath}"`, unfit);
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
    this.forgetReadings();
    const unfit = await this.unfitLayout();
    if (unfit) return refused(deleteCommand(winPath), unfit);
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

  async suspendBitLocker(volume: string, rebootCount = 0): Promise<CommandResult> {
    return this.adminCommand(
      { v: 1, op: 'bitlocker', action: 'suspend', volume, rebootCount },
      cmd.manageBdeSuspend(volume, rebootCount),
    );
  }

  async bootProtections(): Promise<BootProtections> {
    const [sb, hvci] = await Promise.all([
      this.read(cmd.regQuerySecureBoot()),
      this.read(cmd.regQueryHvci()),
    ]);
    // reg exits 1 with "unable to find" when the key is absent; anything else is unknown.
    const absent = (r: CommandResult) =>
      r.exitCode === 1 && /unable to find/i.test(r.stderr + r.stdout);
    const flag = (r: CommandResult, value: string): boolean | null | 'unknown' => {
      if (absent(r)) return null;
      if (!r.ok) return 'unknown';
      const key = parseRegQuery(r.stdout)?.[0];
      const n = key ? dwordOf(valueOf(key, value)) : null;
      return n === null ? 'unknown' : n !== 0;
    };
    const m = flag(hvci, 'Enabled');
    return {
      secureBoot: flag(sb, 'UEFISecureBootEnabled'),
      memoryIntegrity: m === null ? false : m,
    };
  }

  async resumeBitLocker(volume: string): Promise<CommandResult> {
    return this.adminCommand(
      { v: 1, op: 'bitlocker', action: 'resume', volume },
      cmd.manageBdeResume(volume),
    );
  }

  async systemProtection(): Promise<SystemProtection> {
    return parseSystemRestoreKey(await this.read(cmd.regQuerySystemRestore()));
  }

  /**
   * Through the helper, which keeps the JSON line the decision is read from; without one (an
   * unelevated run with no helper) the UAC wrapper loses it and the attempt is `known: false`.
   */
  async createRestorePoint(): Promise<RestorePointAttempt> {
    return restorePointAttempt(
      await this.adminCommand(
        { v: 1, op: 'restore-point' },
        cmd.checkpointComputer(),
        cmd.RESTORE_POINT_MS,
      ),
    );
  }

  /** Called by the app once it has resumed after the restart. */
  async removeResumeTask(): Promise<CommandResult> {
    return this.read(cmd.resumeTaskDelete());
  }
}

/** Caption, version and build from the batch's Win32_OperatingSystem part. */
function osFromCim(raw: RawHealth | null): OsInfo | null {
  const version = raw?.os?.Version;
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) return null;
  const build = Number(version.split('.')[2]);
  return {
    caption: raw.os?.Caption?.trim() ?? '',
    version,
    build: Number.isFinite(build) ? build : 0,
  };
}

function refused(command: string, why: string): CommandResult {
  return { ok: false, exitCode: null, command, stdout: '', stderr: why };
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
  return new WindowsRealHost(
    new ExecFileRunner(opts.env, undefined, { oemCodePage: 'detect' }),
    opts,
  );
}
