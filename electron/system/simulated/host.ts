/**
 * The practice machine: implements WindowsHost over a machine dir (machine.json + C/).
 * Files are real files under the dir, so clearing SoftwareDistribution really deletes them with
 * the same safe-clear code the real machine uses. Commands are not run; each result carries the
 * command line the real machine would run, so the log reads the same.
 */
import fs from 'node:fs';
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
import {
  clearTree,
  clearTreeInWorker,
  countTree,
  renameAside,
  restoreAside,
} from '../fs/safe-clear';
import { parseSetupConfig } from '../windows/setup-config';
import { removeSetupConfigKeysLocal } from '../windows/fs-ops';
import { mapInside } from '../fs/contained-path';
import { readNoFollow, writeFileAtomicSync } from '../atomic-file';
import { loadMachineProfile, saveMachineProfile, type MachineProfile } from './profile';
import { applyReboot } from './physics';
import { installerMarker, parseInstaller } from './installer';
import { DISKCRYPTOR, diskCryptorFiles, writeReflectDrivers } from './diskcryptor';

export class SimulatedHost implements WindowsHost {
  readonly kind = 'practice' as const;
  readonly readOnly = false;
  readonly label: string;
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    const profile = loadMachineProfile(this.dir);
    this.label = profile.name ?? `Practice machine (${path.basename(this.dir)})`;
  }

  private load(): MachineProfile {
    return loadMachineProfile(this.dir);
  }

  private save(p: MachineProfile): void {
    saveMachineProfile(this.dir, p);
  }

  private note(p: MachineProfile, event: string): void {
    p.sim.history.push({ time: new Date().toISOString(), event });
  }

  /**
   * Maps a Windows path (C:\Windows\...) to a file under the machine dir, checked on disk
   * component by component (contained-path.ts): no link, junction or mount point anywhere.
   */
  localPath(winPath: string, opts: { forWrite?: boolean } = {}): string {
    return mapInside(this.dir, winPath, { ...opts, label: `practice machine ${this.dir}` });
  }

  async os(): Promise<OsInfo> {
    const p = this.load();
    return { caption: p.os.caption, version: p.os.version, build: buildOf(p.os.version) };
  }

  async isAdmin(): Promise<boolean> {
    return this.load().user.isAdmin;
  }

  async service(name: string): Promise<ServiceInfo> {
    const s = this.load().services[name];
    if (!s) return { name, state: 'missing', startType: 'unknown' };
    return { name, state: s.state, startType: s.startType };
  }

  async programs(): Promise<ProgramInfo[]> {
    return this.load().programs.map((p) => ({
      name: p.name,
      version: p.version,
      ...(p.installDir ? { installDir: p.installDir } : {}),
      ...(p.installDir ? { uninstallString: `"${p.installDir}\\unins000.exe"` } : {}),
      ...(p.publisher ? { publisher: p.publisher } : {}),
    }));
  }

  async bugchecks(): Promise<BugCheck[]> {
    return this.load().bugchecks.map((b) => ({ time: b.time, code: normaliseCode(b.code) }));
  }

  async encryption(): Promise<EncryptionInfo> {
    const e = this.load().encryption;
    return { bootVolumeEncryptedBy: e.bootVolumeEncryptedBy, bitlocker: e.bitlocker };
  }

  async freeBytes(): Promise<number> {
    return this.load().freeBytes;
  }

  async pendingFeatureUpdate(): Promise<{ version: string } | null> {
    const u = this.load().pendingFeatureUpdate;
    return u ? { version: u.version } : null;
  }

  async bootTime(): Promise<string> {
    return this.load().boot.time;
  }

  async userProfile(): Promise<string> {
    return `C:\\Users\\${this.load().user.name}`;
  }

  async exists(winPath: string): Promise<boolean> {
    return fs.existsSync(this.localPath(winPath));
  }

  async readText(winPath: string): Promise<string | null> {
    // Mapped outside the try: a link in the way is an error, never "no such file" (fail closed).
    const local = this.localPath(winPath);
    try {
      return readNoFollow(local).toString('utf8');
    } catch {
      return null;
    }
  }

  async listDir(winPath: string): Promise<string[] | null> {
    const local = this.localPath(winPath);
    try {
      return fs.readdirSync(local).sort();
    } catch {
      return null;
    }
  }

  async treeStats(winPath: string): Promise<TreeStats | null> {
    const local = this.localPath(winPath);
    if (!fs.existsSync(local)) return null;
    return countTree(local);
  }

  async sha256(winPath: string): Promise<string | null> {
    const local = this.localPath(winPath);
    try {
      const hash = crypto.createHash('sha256');
      for await (const chunk of fs.createReadStream(local)) hash.update(chunk as Buffer);
      return hash.digest('hex');
    } catch {
      return null;
    }
  }

  async writeText(winPath: string, content: string): Promise<void> {
    writeFileAtomicSync(this.localPath(winPath, { forWrite: true }), content, { backup: false });
  }

  /** The same code as the PC's elevated helper (fs-ops), on the machine's own file. */
  async removeSetupConfigKeys(): Promise<{ removed: string[] }> {
    const r = await removeSetupConfigKeysLocal(DISKCRYPTOR.setupConfigIni, (w) =>
      this.localPath(w),
    );
    return { removed: r.removed };
  }

  async copyFile(from: string, to: string): Promise<void> {
    const bytes = readNoFollow(this.localPath(from));
    writeFileAtomicSync(this.localPath(to, { forWrite: true }), bytes, { backup: false });
  }

  async stopService(name: string): Promise<CommandResult> {
    const command = `sc.exe stop ${name}`;
    const p = this.load();
    const s = p.services[name];
    if (!s)
      return fail(
        command,
        1060,
        `[SC] OpenService FAILED 1060: The specified service does not exist as an installed service.`,
      );
    if (s.state === 'stopped')
      return ok(command, `[SC] ControlService FAILED 1062: The service has not been started.`);
    s.state = 'stopped';
    this.note(p, `service ${name} stopped`);
    this.save(p);
    return ok(command, `SERVICE_NAME: ${name}\n        STATE              : 3  STOP_PENDING`);
  }

  async startService(name: string): Promise<CommandResult> {
    const command = `sc.exe start ${name}`;
    const p = this.load();
    const s = p.services[name];
    if (!s)
      return fail(
        command,
        1060,
        `[SC] OpenService FAILED 1060: The specified service does not exist as an installed service.`,
      );
    if (s.startType === 'disabled')
      return fail(
        command,
        1058,
        `[SC] StartService FAILED 1058: The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.`,
      );
    if (s.state === 'running')
      return ok(
        command,
        `[SC] StartService FAILED 1056: An instance of the service is already running.`,
      );
    s.state = 'running';
    this.note(p, `service ${name} started`);
    this.save(p);
    return ok(command, `SERVICE_NAME: ${name}\n        STATE              : 2  START_PENDING`);
  }

  async setStartType(name: string, startType: StartType): Promise<CommandResult> {
    const scValue = {
      auto: 'auto',
      demand: 'demand',
      disabled: 'disabled',
      boot: 'boot',
      system: 'system',
      unknown: '',
    }[startType];
    const command = `sc.exe config ${name} start= ${scValue}`;
    if (startType === 'unknown') return fail(command, 87, 'The start type to restore is unknown.');
    const p = this.load();
    const s = p.services[name];
    if (!s)
      return fail(
        command,
        1060,
        `[SC] OpenService FAILED 1060: The specified service does not exist as an installed service.`,
      );
    s.startType = startType;
    this.note(p, `service ${name} start type set to ${startType}`);
    this.save(p);
    return ok(command, '[SC] ChangeServiceConfig SUCCESS');
  }

  private elevationDeclined(p: MachineProfile): boolean {
    return p.behaviours.declineElevation;
  }

  async uninstallProgram(program: ProgramInfo): Promise<CommandResult> {
    const command = `${program.uninstallString ?? `"${program.installDir ?? '?'}\\unins000.exe"`} /VERYSILENT /NORESTART`;
    const p = this.load();
    if (this.elevationDeclined(p)) return declined(command);
    const index = p.programs.findIndex((x) => x.name === program.name);
    if (program.name === DISKCRYPTOR.name && p.encryption.bootVolumeEncryptedBy === 'diskcryptor') {
      return fail(
        command,
        51,
        'DiskCryptor refuses to uninstall while the boot volume is encrypted. Decrypt it first.',
      );
    }
    const installDir = program.installDir ?? p.programs[index]?.installDir;
    // Files first, then the record: a crash in between leaves a state the next run repeats safely.
    if (installDir) await this.removeFolder(installDir);
    if (index < 0) return ok(command, `${program.name} is not installed; nothing to do.`);
    p.programs.splice(index, 1);
    if (program.name === DISKCRYPTOR.name) {
      delete p.services[DISKCRYPTOR.driverService];
      // DiskCryptor's uninstaller leaves SetupConfig.ini behind (inverted check in dcapi/w10.c).
    }
    this.note(p, `${program.name} ${program.version} uninstalled`);
    this.save(p);
    return ok(command, `${program.name} uninstalled.`);
  }

  async runInstaller(winPath: string, opts: { elevated: boolean }): Promise<CommandResult> {
    const command = opts.elevated
      ? `Start-Process -FilePath "${winPath}" -Verb RunAs -Wait`
      : `"${winPath}"`;
    const p = this.load();
    if (opts.elevated && this.elevationDeclined(p)) return declined(command);
    if (!opts.elevated && !p.user.isAdmin)
      return fail(command, 5, 'Access is denied. The installer must run as administrator.');
    const text = await this.readText(winPath);
    const installer = text === null ? null : parseInstaller(text);
    if (!installer)
      return fail(command, 2, `${winPath} is not an installer this practice machine knows.`);
    const installDir = DISKCRYPTOR.defaultInstallDir;
    for (const [name, content] of diskCryptorFiles(installer.version)) {
      await this.writeText(`${installDir}\\${name}`, content);
    }
    p.programs = p.programs.filter((x) => x.name !== installer.product);
    p.programs.push({
      name: installer.product,
      version: installer.version,
      installDir,
      publisher: 'ntldr',
    });
    // The boot driver loads at the next boot; until then DiskCryptor asks for a restart.
    p.services[DISKCRYPTOR.driverService] = { state: 'stopped', startType: 'boot' };
    p.sim.dcryptReinstalls += 1;
    if (supportsReflectDrivers(installer.version)) {
      const ini = `C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini`;
      await this.writeText(ini, writeReflectDrivers(await this.readText(ini), installDir));
    }
    this.note(
      p,
      `${installer.product} ${installer.version} installed${opts.elevated ? ' as administrator' : ''}`,
    );
    this.save(p);
    return ok(
      command,
      `${installer.product} ${installer.version} installed. You must restart your computer to complete the installation.`,
    );
  }

  async clearDirectory(
    winPath: string,
    opts: { signal?: AbortSignal; onProgress?: (p: ClearProgress) => void },
  ): Promise<ClearReport> {
    const local = this.localPath(winPath);
    // In a worker thread: the app's main process (and the CLI's progress output) stay responsive.
    const report = await clearTreeInWorker(local, opts);
    return { ...report, target: winPath };
  }

  async launch(target: LaunchTarget): Promise<CommandResult> {
    const p = this.load();
    p.sim.launched.push(target);
    if (target === 'update-assistant' && p.pendingFeatureUpdate) {
      // The assistant downloads a fresh copy of the update and schedules it for the next boot.
      p.pendingFeatureUpdate.staged = true;
    }
    this.note(p, `launched ${target}`);
    this.save(p);
    return ok(LAUNCH_COMMANDS[target], `(practice) ${target} opened`);
  }

  async reboot(reason: string): Promise<CommandResult> {
    const p = this.load();
    const softwareDistribution = this.localPath('C:\\Windows\\SoftwareDistribution');
    const cacheEmpty = isEmptyDir(softwareDistribution);
    const reflectDriversValid = await this.reflectDriversKeepDiskCryptor(p);
    applyReboot(p, { now: new Date(), cacheEmpty, reason, reflectDriversValid });
    this.save(p);
    return ok(`shutdown.exe /r /t 0 /c "${reason}"`, '(practice) restarted');
  }

  /**
   * Windows setup migrates the DiskCryptor driver only when DiskCryptor is 1.2.2+ and
   * SetupConfig.ini's ReflectDrivers names its install folder, which still exists.
   */
  private async reflectDriversKeepDiskCryptor(p: MachineProfile): Promise<boolean> {
    const dc = p.programs.find((x) => x.name === DISKCRYPTOR.name);
    if (!dc?.installDir || !supportsReflectDrivers(dc.version)) return false;
    const text = await this.readText(DISKCRYPTOR.setupConfigIni);
    const folder =
      text === null ? null : (parseSetupConfig(text).reflectDrivers?.replace(/\\+$/, '') ?? null);
    return (
      folder !== null &&
      folder.toLowerCase() === dc.installDir.toLowerCase() &&
      (await this.exists(folder))
    );
  }

  // ---- optional capabilities (issue 6) ----

  async renameAside(winPath: string): Promise<MovedAside> {
    const target = trimWin(winPath);
    const name = target.slice(target.lastIndexOf('\\') + 1);
    const p = this.load();
    if (this.elevationDeclined(p))
      return { ...declined(`ren "${target}" ${name}.bak`), bakPath: null };
    const local = this.localPath(target);
    try {
      const { bakPath } = await renameAside(local);
      const bakWin = `${target}${bakPath.slice(local.length)}`;
      const command = `ren "${target}" ${name}${bakPath.slice(local.length)}`;
      this.note(p, `${target} moved aside to ${bakWin}`);
      this.save(p);
      return { ...ok(command, `${target} -> ${bakWin}`), bakPath: bakWin };
    } catch (e) {
      return { ...fail(`ren "${target}" ${name}.bak`, 1, (e as Error).message), bakPath: null };
    }
  }

  async restoreAside(bakWinPath: string, targetWinPath: string): Promise<CommandResult> {
    const bak = trimWin(bakWinPath);
    const target = trimWin(targetWinPath);
    const name = target.slice(target.lastIndexOf('\\') + 1);
    const command = `rmdir "${target}" && ren "${bak}" ${name}`;
    const p = this.load();
    if (this.elevationDeclined(p)) return declined(command);
    try {
      await restoreAside(this.localPath(bak), this.localPath(target));
    } catch (e) {
      return fail(command, 1, (e as Error).message);
    }
    this.note(p, `${bak} restored to ${target}`);
    this.save(p);
    return ok(command, `${bak} -> ${target}`);
  }

  async deleteFile(winPath: string): Promise<CommandResult> {
    const command = `del /f /q "${winPath}"`;
    const p = this.load();
    if (this.elevationDeclined(p)) return declined(command);
    const local = this.localPath(winPath);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(local);
    } catch {
      return ok(command, `${winPath} does not exist; nothing to delete.`);
    }
    if (!st.isFile())
      return fail(command, 1, `Refusing to delete ${winPath}: it is not a regular file.`);
    fs.unlinkSync(local);
    this.note(p, `deleted ${winPath}`);
    this.save(p);
    return ok(command, `Deleted ${winPath}`);
  }

  async suspendBitLocker(volume: string): Promise<CommandResult> {
    return this.setBitLockerProtection(
      volume,
      'off',
      `manage-bde.exe -protectors -disable ${volume} -RebootCount 0`,
    );
  }

  async resumeBitLocker(volume: string): Promise<CommandResult> {
    return this.setBitLockerProtection(
      volume,
      'on',
      `manage-bde.exe -protectors -enable ${volume}`,
    );
  }

  private async setBitLockerProtection(
    volume: string,
    protection: 'on' | 'off',
    command: string,
  ): Promise<CommandResult> {
    const p = this.load();
    if (this.elevationDeclined(p)) return declined(command);
    const v = p.encryption.bitlocker.find((b) => b.volume.toUpperCase() === volume.toUpperCase());
    if (!v) return fail(command, 1, `ERROR: ${volume} is not a BitLocker-protected volume.`);
    const done = `Key protectors are ${protection === 'off' ? 'disabled' : 'enabled'} for volume ${v.volume}.`;
    if (v.protection === protection) return ok(command, done);
    v.protection = protection;
    this.note(
      p,
      `BitLocker protection of ${v.volume} ${protection === 'off' ? 'suspended' : 'resumed'}`,
    );
    this.save(p);
    return ok(command, done);
  }

  private async removeFolder(winPath: string): Promise<void> {
    const local = this.localPath(winPath);
    if (!fs.existsSync(local)) return;
    await clearTree(local);
    fs.rmdirSync(local);
  }
}

const LAUNCH_COMMANDS: Record<LaunchTarget, string> = {
  'get-help': 'explorer.exe ms-contact-support:',
  troubleshooter: 'msdt.exe /id WindowsUpdateDiagnostic',
  'update-assistant': 'https://www.microsoft.com/software-download/windows10',
  'diskcryptor-releases': 'https://github.com/DavidXanatos/DiskCryptor/releases',
};

function ok(command: string, stdout: string): CommandResult {
  return { ok: true, exitCode: 0, command, stdout, stderr: '' };
}

function fail(command: string, exitCode: number, stderr: string): CommandResult {
  return { ok: false, exitCode, command, stdout: '', stderr };
}

function declined(command: string): CommandResult {
  return {
    ok: false,
    exitCode: 1223,
    command,
    stdout: '',
    stderr: 'The operation was canceled by the user (the administrator prompt was declined).',
    declined: true,
  };
}

function trimWin(winPath: string): string {
  return winPath.replace(/\\+$/, '');
}

function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

export function buildOf(version: string): number {
  const n = Number(version.split('.')[2]);
  return Number.isFinite(n) ? n : 0;
}

export function normaliseCode(code: string): string {
  return `0x${parseInt(code, 16).toString(16).padStart(8, '0')}`;
}

/** DiskCryptor 1.2.2+ writes ReflectDrivers so feature updates keep the driver. */
export function supportsReflectDrivers(version: string): boolean {
  const [a = 0, b = 0, c = 0] = version.split('.').map((x) => Number(x));
  return a > 1 || (a === 1 && (b > 2 || (b === 2 && c >= 2)));
}

export { installerMarker };
