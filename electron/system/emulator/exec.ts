/**
 * The emulated Windows: a stand-in for `child_process.execFile` (command-runner.ts `ExecFn`)
 * that answers every program the Windows host starts, from the practice machine's state, in the
 * formats of real captures, enforcing the rules real Windows enforces (each one in
 * docs/windows-behaviour.md with its source, ids in rules.ts). Everything above it — argv
 * builders, elevation wrapper, parsers, the elevated helper — is the code a PC runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ExecFileRunner, type ExecError, type ExecFn } from '../command-runner';
import { countTree } from '../fs/safe-clear';
import { splitCommandLine } from '../windows/programs';
import { decodeText, encodeOem } from '../windows/text';
import { CRASH_EVENTS_QUERY, ELEVATION_DECLINED, lastBootTime } from '../windows/commands';
import { runElevatedTaskFile } from '../windows/elevated-runner';
import type { MachineProfile } from '../simulated/profile';
import { diskCryptorFiles } from '../simulated/diskcryptor';
import { writeDriverFile } from '../simulated/scenario';
import { releaseNamed } from './diskcryptor-releases';
import { readPeInfo } from '../windows/pe-info';
import { releasesMatchingInstaller } from '../windows/installer-check';
import * as out from './formats';
import { computerName, type EmulatedMachine } from './machine';
import {
  SERVICES,
  UNINSTALL,
  UNINSTALL_WOW64,
  emulatedService,
  serviceValues,
  uninstallKeyName,
  uninstallValues,
} from './registration';
import { restartMachine } from './boot';
import { enforce } from './rules';
import { SERVICES as SERVICE_NAMES, upgradeAssistantFor } from '../../knowledge/windows';
import { emulatedHealthJson, emulatedReadingJson } from './health';
import { READING_SERVICES, readingArgv } from '../windows/reading';
import { healthArgv } from '../windows/health';
import {
  HVCI_KEY,
  SECURE_BOOT_STATE_KEY,
  SOFTWARE_DISTRIBUTION,
  SYSTEM_RESTORE_KEY,
  checkpointComputer,
} from '../windows/commands';
import { emulateCheckpoint, systemRestoreValues } from './restore-points';

const expand = (k: string) => k.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').toLowerCase();

const PROFILE_LIST =
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';

/** What one emulated process did: an exit code and its output, or a failure to start at all. */
export type Outcome =
  | { exitCode: number; stdout?: string; stderr?: string }
  | { spawnError: 'ENOENT' | 'EACCES' | 'EFTYPE'; message: string };

interface Ctx {
  elevated: boolean;
}

export interface EmulatorOptions {
  /** Our own elevated helper (`node wsops.cjs __elevated` / `<app> --wsops-elevated-task`). */
  helper?: { exe: string; args: string[] };
}

const ok = (stdout = '', stderr = ''): Outcome => ({ exitCode: 0, stdout, stderr });
const fail = (exitCode: number, stderr: string, stdout = ''): Outcome => ({
  exitCode,
  stdout,
  stderr,
});

export class EmulatedWindows {
  /** Every process started, in order: the process-count bench and tests read it. */
  readonly started: { file: string; args: string[]; elevated: boolean }[] = [];

  constructor(
    readonly machine: EmulatedMachine,
    private readonly opts: EmulatorOptions = {},
  ) {}

  /** The ExecFn the host's ExecFileRunner calls instead of child_process.execFile. */
  readonly execFile: ExecFn = (file, args, options, callback) =>
    this.execAs(this.machine.load().user.elevated, file, args, options, callback);

  /** The execFile of a process that runs elevated (our helper after its UAC prompt). */
  readonly elevatedExecFile: ExecFn = (file, args, options, callback) =>
    this.execAs(true, file, args, options, callback);

  private execAs(elevated: boolean, ...[file, args, , callback]: Parameters<ExecFn>): void {
    // Console tools write in the machine's OEM code page (rule console-oem-codepage).
    const cp = this.machine.load().locale.oemCodePage;
    this.start(file, [...args], { elevated }).then(
      (o) => deliver(file, args, o, callback, cp),
      (e: unknown) =>
        deliver(file, args, fail(1, `practice machine: ${(e as Error).message}`), callback, cp),
    );
  }

  /**
   * The read-only tools answered synchronously, by the same handlers `start` uses (the live
   * faithfulness check, faithful.ts, compares them with real Windows): sc queryex/qc, reg query,
   * whoami, manage-bde -status and the CIM boot-time query. Null for anything else.
   */
  answerRead(file: string, args: string[], ctx: Ctx): Outcome | null {
    const lower = file.toLowerCase();
    const sys = 'c:\\windows\\system32\\';
    const tool = lower.startsWith(sys) ? lower.slice(sys.length) : '';
    const verb = args[0]?.toLowerCase();
    const read =
      (tool === 'sc.exe' && (verb === 'queryex' || verb === 'qc')) ||
      (tool === 'reg.exe' && verb === 'query') ||
      tool === 'whoami.exe' ||
      (tool === 'manage-bde.exe' && verb === '-status') ||
      tool === 'windowspowershell\\v1.0\\powershell.exe';
    if (!read) return null;
    this.started.push({ file, args, elevated: ctx.elevated });
    if (tool === 'sc.exe') return this.sc(args, ctx);
    if (tool === 'reg.exe') return this.reg(args);
    if (tool === 'whoami.exe') return this.whoami(args, ctx);
    if (tool === 'manage-bde.exe') return this.manageBde(args, ctx);
    const i = args.indexOf('-Command');
    return this.powershellRead(i >= 0 ? (args[i + 1] ?? '') : '', ctx);
  }

  async start(file: string, args: string[], ctx: Ctx): Promise<Outcome> {
    this.started.push({ file, args, elevated: ctx.elevated });
    const lower = file.toLowerCase();
    // The tools live under this machine's %SystemRoot% (not always C:\\Windows).
    const root = (this.machine.env().SystemRoot ?? 'C:\\Windows').toLowerCase();
    const sys = `${root}\\system32\\`;
    if (lower === `${sys}windowspowershell\\v1.0\\powershell.exe`)
      return this.powershell(args, ctx);
    if (lower === `${root}\\explorer.exe`) return this.explorer(args);
    if (lower.startsWith(sys) && !lower.slice(sys.length).includes('\\')) {
      const tool = lower.slice(sys.length);
      switch (tool) {
        case 'sc.exe':
          return this.sc(args, ctx);
        case 'reg.exe':
          return this.reg(args);
        case 'manage-bde.exe':
          return this.manageBde(args, ctx);
        case 'wevtutil.exe':
          return this.wevtutil(args);
        case 'whoami.exe':
          return this.whoami(args, ctx);
        case 'schtasks.exe':
          return this.schtasks(args, ctx);
        case 'shutdown.exe':
          return this.shutdown(args);
        case 'cmd.exe':
          return this.cmd(args);
      }
    }
    const helper = this.opts.helper;
    if (helper && file === helper.exe)
      return this.elevatedHelper(args.slice(helper.args.length), ctx);
    if (/^[a-z]:\\/.test(lower)) return this.program(file, args, ctx);
    return { spawnError: 'ENOENT', message: `spawn ${file} ENOENT` };
  }

  // ---------------------------------------------------------------- sc.exe

  private sc(args: string[], ctx: Ctx): Outcome {
    const [verb = '', name = ''] = args;
    const p = this.machine.load();
    const s = veraCryptBootStart(
      p,
      name,
      Object.hasOwn(p.services, name) ? p.services[name] : undefined,
    );
    const change = ['stop', 'start', 'config'].includes(verb);
    if (change && !ctx.elevated) {
      enforce('sc-exit-codes');
      return fail(5, out.scFailed('OpenService', 5, out.SC_MESSAGES[5]));
    }
    if (!s) {
      const api = verb === 'queryex' ? 'EnumQueryServicesStatus:OpenService' : 'OpenService';
      return fail(1060, out.scFailed(api, 1060, out.SC_MESSAGES[1060]));
    }
    switch (verb) {
      case 'queryex':
        return ok(out.scQueryEx(emulatedService(name, s)));
      case 'qc':
        return ok(out.scQc(emulatedService(name, s)));
      case 'stop': {
        if (s.state === 'stopped')
          return fail(1062, out.scFailed('ControlService', 1062, out.SC_MESSAGES[1062]));
        const restarts =
          name === 'wuauserv' && p.behaviours.wuauservRestartsItself && s.startType !== 'disabled';
        this.machine.update(
          restarts
            ? `service ${name} stopped, then trigger-started again by Windows`
            : `service ${name} stopped`,
          (q) => {
            // A trigger-start service (wuauserv) is started again by the system within moments.
            if (restarts) enforce('wuauserv-restarts');
            q.services[name]!.state = restarts ? 'running' : 'stopped';
          },
        );
        return ok(out.scControlAccepted(emulatedService(name, s), 'stop_pending'));
      }
      case 'start': {
        if (s.startType === 'disabled')
          return fail(1058, out.scFailed('StartService', 1058, out.SC_MESSAGES[1058]));
        if (s.state === 'running')
          return fail(1056, out.scFailed('StartService', 1056, out.SC_MESSAGES[1056]));
        this.machine.update(`service ${name} started`, (q) => {
          q.services[name]!.state = 'running';
        });
        return ok(out.scControlAccepted(emulatedService(name, s), 'start_pending'));
      }
      case 'config': {
        // sc config NAME start= VALUE: "start=" and the value are two arguments.
        const i = args.indexOf('start=');
        const value = i >= 0 ? args[i + 1] : undefined;
        const map = {
          boot: 'boot',
          system: 'system',
          auto: 'auto',
          'delayed-auto': 'auto',
          demand: 'demand',
          disabled: 'disabled',
        } as const;
        const startType =
          value && Object.hasOwn(map, value) ? map[value as keyof typeof map] : null;
        if (!startType)
          return fail(
            1639,
            'DESCRIPTION:\r\n        Modifies a service entry in the registry and Service Database.\r\nUSAGE:\r\n        sc <server> config [service name] <option1> <option2>...\r\n',
          );
        this.machine.update(`service ${name} start type set to ${value}`, (q) => {
          q.services[name]!.startType = startType;
          q.services[name]!.delayed = value === 'delayed-auto';
        });
        return ok('[SC] ChangeServiceConfig SUCCESS\r\n');
      }
    }
    return fail(1639, `[SC] practice machine: sc ${verb} is not emulated\r\n`);
  }

  // ---------------------------------------------------------------- reg.exe

  private reg(args: string[]): Outcome {
    if (args[0]?.toLowerCase() === 'export' && args[1] && args[2]) return this.regExport(args);
    if (args[0]?.toLowerCase() !== 'query' || !args[1])
      return fail(1, 'ERROR: Invalid syntax.\r\n');
    const key = args[1].replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').replace(/\\+$/, '');
    const p = this.machine.load();
    const lower = key.toLowerCase();
    const uninstall = (view: '64' | 'wow64', base: string) =>
      // reg prints the queried key itself first, then each subkey with its values.
      out.regQuery([
        { key: base, values: [] },
        ...p.programs
          .filter((x) => x.registryView === view)
          .map((x) => ({ key: `${base}\\${uninstallKeyName(x)}`, values: uninstallValues(x) })),
      ]);
    const value = (name: string) => {
      const i = args.findIndex((a) => a.toLowerCase() === '/v');
      return i >= 0 && args[i + 1]?.toLowerCase() === name.toLowerCase();
    };
    if (
      lower === 'hkey_local_machine\\system\\currentcontrolset\\control\\nls\\codepage' &&
      value('OEMCP')
    ) {
      enforce('oem-codepage-registry');
      return ok(
        out.regQuery([
          { key, values: [{ name: 'OEMCP', type: 'REG_SZ', data: String(p.locale.oemCodePage) }] },
        ]),
      );
    }
    if (lower === PROFILE_LIST.toLowerCase() && value('Default'))
      return ok(
        out.regQuery([
          {
            key: PROFILE_LIST,
            values: [
              { name: 'Default', type: 'REG_EXPAND_SZ', data: '%SystemDrive%\\Users\\Default' },
            ],
          },
        ]),
      );
    if (lower === UNINSTALL.toLowerCase()) return ok(uninstall('64', UNINSTALL));
    if (lower === UNINSTALL_WOW64.toLowerCase()) return ok(uninstall('wow64', UNINSTALL_WOW64));
    if (lower === expand(SECURE_BOOT_STATE_KEY) || lower === expand(HVCI_KEY)) {
      enforce('secureboot-hvci-registry');
      const secure = lower === expand(SECURE_BOOT_STATE_KEY);
      const on = secure ? p.security.secureBoot : p.security.memoryIntegrity;
      // No Secure Boot support: the State key does not exist; HVCI never turned on: no value.
      if (on === null) return fail(1, out.REG_NOT_FOUND);
      const name = secure ? 'UEFISecureBootEnabled' : 'Enabled';
      return ok(
        out.regQuery([
          {
            key: args[1].replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\'),
            values: [{ name, type: 'REG_DWORD', data: on ? 1 : 0 }],
          },
        ]),
      );
    }
    if (lower === expand(SYSTEM_RESTORE_KEY))
      return ok(out.regQuery([{ key, values: systemRestoreValues(p) }]));
    if (lower.startsWith(`${SERVICES.toLowerCase()}\\`)) {
      const name = key.slice(SERVICES.length + 1);
      const s = Object.entries(p.services).find(([n]) => n.toLowerCase() === name.toLowerCase());
      if (!s) return fail(1, out.REG_NOT_FOUND);
      return ok(out.regQuery([{ key: `${SERVICES}\\${s[0]}`, values: serviceValues(s[0], s[1]) }]));
    }
    return fail(1, out.REG_NOT_FOUND);
  }

  /**
   * `reg export KEY FILE /y`: a UTF-16 LE .reg file (BOM, "Windows Registry Editor Version
   * 5.00"), so names outside the OEM code page survive. Only the Uninstall keys are emulated.
   */
  private regExport(args: string[]): Outcome {
    const key = args[1]!.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').replace(/\\+$/, '');
    const p = this.machine.load();
    const view =
      key.toLowerCase() === UNINSTALL.toLowerCase()
        ? '64'
        : key.toLowerCase() === UNINSTALL_WOW64.toLowerCase()
          ? 'wow64'
          : null;
    if (!view) return fail(1, out.REG_NOT_FOUND);
    const keys = [
      { key, values: [] },
      ...p.programs
        .filter((x) => x.registryView === view)
        .map((x) => ({ key: `${key}\\${uninstallKeyName(x)}`, values: uninstallValues(x) })),
    ];
    enforce('reg-export-utf16');
    const text = out.regExportFile(keys);
    try {
      fs.writeFileSync(
        this.machine.toLocal(args[2]!),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      );
    } catch {
      return fail(
        1,
        'ERROR: Unable to write to the file. There may be a disk or file system error.\r\n',
      );
    }
    return ok('The operation completed successfully.\r\n');
  }

  // ---------------------------------------------------------------- manage-bde.exe

  private manageBde(args: string[], ctx: Ctx): Outcome {
    if (!ctx.elevated) {
      enforce('manage-bde-needs-admin');
      return fail(out.MANAGE_BDE_DENIED_EXIT, '', out.MANAGE_BDE_DENIED);
    }
    const p = this.machine.load();
    const volumes = bdeVolumes(p);
    if (args[0]?.toLowerCase() === '-status') {
      const only = args[1]?.toUpperCase();
      const shown = only ? volumes.filter((v) => v.volume === only) : volumes;
      return ok(
        p.locale.language === 'fr-FR' ? out.manageBdeStatusFr(shown) : out.manageBdeStatus(shown),
      );
    }
    if (args[0]?.toLowerCase() === '-protectors') {
      const action = args[1]?.toLowerCase();
      const volume = (args[2] ?? '').toUpperCase();
      const v = p.encryption.bitlocker.find((b) => b.volume.toUpperCase() === volume);
      if (!v) return fail(-1, `ERROR: The volume ${volume} could not be opened by BitLocker.\r\n`);
      if (action === '-disable') {
        const i = args.findIndex((a) => a.toLowerCase() === '-rebootcount');
        const count = i >= 0 ? Number(args[i + 1]) : 1;
        this.machine.update(
          `BitLocker protection of ${volume} suspended (RebootCount ${count})`,
          (q) => {
            q.encryption.bitlocker.find((b) => b.volume.toUpperCase() === volume)!.protection =
              'off';
            q.sim.bitlockerResumeAfterBoots = count > 0 ? count : null;
          },
        );
        return ok(`Key protectors are disabled for volume ${volume}.\r\n`);
      }
      if (action === '-enable') {
        this.machine.update(`BitLocker protection of ${volume} resumed`, (q) => {
          q.encryption.bitlocker.find((b) => b.volume.toUpperCase() === volume)!.protection = 'on';
          q.sim.bitlockerResumeAfterBoots = null;
        });
        return ok(`Key protectors are enabled for volume ${volume}.\r\n`);
      }
    }
    return fail(-1, 'ERROR: practice machine: this manage-bde command is not emulated.\r\n');
  }

  // ---------------------------------------------------------------- wevtutil, whoami, cmd

  private wevtutil(args: string[]): Outcome {
    const query = args.find((a) => a.startsWith('/q:')) ?? '';
    const count = Number(
      /^\/c:(\d+)$/.exec(args.find((a) => a.startsWith('/c:')) ?? '')?.[1] ?? 1e9,
    );
    const kernelPower = query === '/q:*[System[(EventID=41)]]' && args.includes('/f:xml');
    const both = query === CRASH_EVENTS_QUERY && args.includes('/f:xml');
    if (
      args[0] !== 'qe' ||
      args[1] !== 'System' ||
      !(query.includes('EventID=1001') || kernelPower)
    )
      return fail(87, 'practice machine: this wevtutil query is not emulated.\r\n');
    const p = this.machine.load();
    const wanted = kernelPower ? 'kernel-power-41' : '1001';
    const asEvent = (b: (typeof p.bugchecks)[number]) => ({
      time: new Date(b.time).toISOString(),
      code: `0x${parseInt(b.code, 16).toString(16).padStart(8, '0')}`,
    });
    const newestFirst = [...p.bugchecks].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
    if (both) {
      // One event per record the crash left (1001, 41 or both), newest first, /c: over all of them.
      enforce('wevtutil-one-xpath-crash-events');
      enforce('kernel-power-41-bugcheck');
      const records = newestFirst.flatMap((b) => {
        const logged = b.logged ?? 'both';
        const e = asEvent(b);
        return [
          ...(logged !== '1001' ? [{ kind: '41' as const, e }] : []),
          ...(logged !== 'kernel-power-41' ? [{ kind: '1001' as const, e }] : []),
        ];
      });
      return ok(out.wevtutilCrashEventsXml(records.slice(0, count), computerName(p)));
    }
    const events = newestFirst
      .filter((b) => (b.logged ?? 'both') === 'both' || b.logged === wanted)
      .slice(0, count)
      .map(asEvent);
    if (kernelPower) {
      enforce('kernel-power-41-bugcheck');
      return ok(out.wevtutilKernelPower41Xml(events, computerName(p)));
    }
    return ok(out.wevtutilBugchecks(events, computerName(p)));
  }

  private whoami(args: string[], ctx: Ctx): Outcome {
    if (args[0] !== '/groups')
      return fail(1, 'practice machine: only whoami /groups is emulated.\r\n');
    return ok(
      // Elevated on a standard account means running as the administrator who typed the password.
      out.whoamiGroups({
        admin: this.machine.load().user.isAdmin || ctx.elevated,
        elevated: ctx.elevated,
      }),
    );
  }

  private async cmd(args: string[]): Promise<Outcome> {
    // cmd /d /c dir /s /a FOLDER — the one builtin the host uses.
    const [d, c, dir, s, a, folder] = args;
    if (d !== '/d' || c !== '/c' || dir !== 'dir' || s !== '/s' || a !== '/a' || !folder)
      return fail(1, 'practice machine: this cmd.exe command is not emulated.\r\n');
    const local = this.machine.toLocal(folder);
    if (!fs.existsSync(local)) return fail(1, 'File Not Found\r\n');
    const t = await countTree(local);
    return ok(
      out.dirTotals({
        folder,
        files: t.files,
        bytes: t.bytes,
        dirs: t.dirs,
        freeBytes: this.machine.load().freeBytes,
      }),
    );
  }

  // ---------------------------------------------------------------- schtasks, shutdown

  private schtasks(args: string[], ctx: Ctx): Outcome {
    const opt = (name: string) => {
      const i = args.findIndex((a) => a.toUpperCase() === name);
      return i >= 0 ? args[i + 1] : undefined;
    };
    const verb = args[0]?.toUpperCase();
    const name = opt('/TN') ?? '';
    if (verb === '/CREATE') {
      const user = opt('/RU') ?? null;
      const xmlFile = opt('/XML');
      let task: TaskXml | null = null;
      if (xmlFile) {
        try {
          task = readTaskXml(decodeText(fs.readFileSync(this.machine.toLocal(xmlFile))));
        } catch {
          return fail(1, 'ERROR: The system cannot find the file specified.\r\n');
        }
        if (!task) return fail(1, 'ERROR: The task XML is malformed.\r\n');
      }
      const p0 = this.machine.load();
      // A logon trigger for this user alone needs no administrator; one for any user (no /RU,
      // no UserId) or for someone else is a machine-wide change: admins only.
      const me = p0.user.name.toLowerCase();
      const perUser =
        task?.logonUser != null && task.logonUser.split('\\').pop()!.toLowerCase() === me;
      if (perUser) enforce('per-user-logon-no-admin');
      const logon = opt('/SC')?.toUpperCase() === 'ONLOGON' || task?.logon === true;
      if (logon && !perUser && !ctx.elevated) {
        enforce('schtasks-onlogon-any-user-admin');
        return fail(1, 'ERROR: Access is denied.\r\n');
      }
      // What Task Scheduler hands CreateProcess at logon: the program, then the arguments line.
      const command = task
        ? `"${task.command}"${task.arguments ? ` ${task.arguments}` : ''}`
        : (opt('/TR') ?? '');
      this.machine.update(`scheduled task ${name} registered`, (p) => {
        p.logonTasks = p.logonTasks.filter((t) => t.name !== name);
        p.logonTasks.push({
          name,
          command,
          user: perUser ? p.user.name : user,
          ...(task ? { onBatteries: !task.disallowOnBatteries } : {}),
        });
      });
      return ok(`SUCCESS: The scheduled task "${name}" has successfully been created.\r\n`);
    }
    if (verb === '/DELETE') {
      const p = this.machine.load();
      if (!p.logonTasks.some((t) => t.name === name))
        return fail(1, 'ERROR: The system cannot find the file specified.\r\n');
      this.machine.update(`scheduled task ${name} deleted`, (q) => {
        q.logonTasks = q.logonTasks.filter((t) => t.name !== name);
      });
      return ok(`SUCCESS: The scheduled task "${name}" was successfully deleted.\r\n`);
    }
    return fail(1, 'ERROR: practice machine: this schtasks command is not emulated.\r\n');
  }

  private shutdown(args: string[]): Outcome {
    if (!args.includes('/r')) return fail(1, 'practice machine: only shutdown /r is emulated.\r\n');
    const i = args.indexOf('/c');
    restartMachine(this.machine, i >= 0 ? (args[i + 1] ?? 'restart') : 'restart');
    return ok();
  }

  // ---------------------------------------------------------------- launchers

  private explorer(args: string[]): Outcome {
    const target = args[0] ?? '';
    const what = target.startsWith('ms-contact-support:')
      ? 'get-help'
      : target.startsWith('ms-settings:troubleshoot')
        ? 'troubleshooter'
        : /software-download\/windows1[01]/.test(target)
          ? 'update-assistant'
          : /DiskCryptor\/releases/i.test(target)
            ? 'diskcryptor-releases'
            : target;
    this.machine.update(`launched ${what}`, (p) => {
      p.sim.launched.push(what);
      // The assistant downloads a fresh copy of the update and schedules it for the next boot —
      // only the one made for this Windows: Windows 10's Update Assistant upgrades nothing on 11.
      if (what === 'update-assistant' && p.pendingFeatureUpdate) {
        enforce('assistant-by-build');
        const build = Number(p.os.version.split('.')[2]);
        if (target.startsWith(upgradeAssistantFor(build).url)) p.pendingFeatureUpdate.staged = true;
      }
    });
    // explorer.exe exits with 1 even when it opened what it was asked to.
    return { exitCode: 1, stdout: '', stderr: '' };
  }

  // ---------------------------------------------------------------- powershell.exe

  private async powershell(args: string[], ctx: Ctx): Promise<Outcome> {
    const i = args.indexOf('-Command');
    const script = i >= 0 ? (args[i + 1] ?? '') : '';
    const runAs =
      /^try \{ \$p = Start-Process -FilePath ('(?:[^']|'')*')(?: -ArgumentList ('(?:[^']|'')*'))? -Verb RunAs -WindowStyle Hidden -Wait -PassThru -ErrorAction Stop; exit \$p\.ExitCode \}/.exec(
        script,
      );
    if (runAs) return this.runAs(psUnquote(runAs[1]!), runAs[2] ? psUnquote(runAs[2]) : '', ctx);
    if (script === checkpointComputer().args.at(-1))
      return emulateCheckpoint(this.machine, ctx.elevated);
    return this.powershellRead(script, ctx);
  }

  /** The read-only PowerShell queries the host sends: the CIM batch and the boot time alone. */
  private powershellRead(script: string, ctx: Ctx): Outcome {
    const p = this.machine.load();
    if (script === lastBootTime().args[3]) return ok(`${dotNetRoundTrip(p.boot.time)}\r\n`);
    // The batched CIM health query (windows/health.ts), answered from machine.json's health.
    if (script === healthArgv().args.at(-1)) return ok(`${emulatedHealthJson(p)}\r\n`);
    // The preflight's batch (windows/reading.ts): health, this process's groups, the services.
    if (script === readingArgv().args.at(-1)) {
      enforce('powershell-token-group-claims');
      enforce('cim-base-service');
      return ok(
        `${emulatedReadingJson(p, {
          admin: p.user.isAdmin || ctx.elevated,
          elevated: ctx.elevated,
          services: READING_SERVICES.flatMap((name) => {
            const s = Object.hasOwn(p.services, name) ? p.services[name] : undefined;
            return s ? [emulatedService(name, s)] : [];
          }),
        })}\r\n`,
      );
    }
    return fail(
      1,
      `practice machine: this PowerShell command is not emulated: ${script.slice(0, 120)}\r\n`,
    );
  }

  /**
   * `Start-Process -Verb RunAs -Wait -PassThru`: one UAC prompt (ShellExecuteEx "runas"). The
   * elevated process gets a console of its own: nothing it prints comes back, only its exit code.
   */
  private async runAs(file: string, argLine: string, ctx: Ctx): Promise<Outcome> {
    if (!ctx.elevated && this.declines(path.win32.basename(file))) {
      enforce('uac-declined-1223');
      return fail(
        ELEVATION_DECLINED,
        'Start-Process : This command cannot be run due to the error: The operation was canceled by the user.\r\n',
      );
    }
    const args = argLine ? splitCommandLine(`x ${argLine}`).slice(1) : [];
    if (!ctx.elevated && !this.machine.load().user.isAdmin) {
      // A standard account: UAC asks for an administrator's name and password (over the
      // shoulder), and the process runs as that administrator, elevated.
      enforce('uac-over-the-shoulder');
      this.machine.update(
        `UAC asked for an administrator's credentials to run ${path.win32.basename(file)}`,
        () => {},
      );
    }
    const o = await this.start(file, args, { elevated: true });
    if ('spawnError' in o)
      return fail(
        1,
        `Start-Process : This command cannot be run due to the error: The system cannot find the file specified.\r\n`,
      );
    enforce('start-process-runas-no-redirect');
    return { exitCode: o.exitCode, stdout: '', stderr: '' };
  }

  /** How the person answers the UAC prompt for `program` (machine.json uac). */
  private declines(program: string): boolean {
    const p = this.machine.load();
    const name = program.toLowerCase();
    return (
      p.uac.answer === 'decline' ||
      p.behaviours.declineElevation ||
      p.uac.declineFor.some((f) => f.toLowerCase() === name)
    );
  }

  // ---------------------------------------------------------------- programs on the disk

  private async program(file: string, args: string[], ctx: Ctx): Promise<Outcome> {
    const local = this.machine.toLocal(file);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(local);
    } catch {
      return { spawnError: 'ENOENT', message: `spawn ${file} ENOENT` };
    }
    if (!st.isFile()) return { spawnError: 'EACCES', message: `spawn ${file} EACCES` };
    const base = path.win32.basename(file).toLowerCase();
    if (base === 'dcinst.exe') {
      if (!ctx.elevated) {
        // requireAdministrator: CreateProcess fails with ERROR_ELEVATION_REQUIRED, libuv says EACCES.
        enforce('dcinst-require-admin');
        enforce('libuv-740-eacces');
        return { spawnError: 'EACCES', message: `spawn ${file} EACCES` };
      }
      return this.dcinst(args);
    }
    if (/^unins\d{3}\.exe$/.test(base)) return this.innoUninstall(file, args, ctx);
    // An installer is recognised by its content, as Windows runs any PE: a DiskCryptor Inno Setup.
    const pe = await readPeInfo(local);
    const release = pe.isPe && pe.inno ? releasesMatchingInstaller(pe)[0] : undefined;
    if (release)
      return this.innoInstall({ product: 'DiskCryptor', version: release.version }, args, ctx);
    if (pe.isPe)
      return fail(1, `practice machine: ${file} is a program the emulator does not know\r\n`);
    // Not a Windows program (an HTML page saved as .exe): ERROR_BAD_EXE_FORMAT.
    return { spawnError: 'EFTYPE', message: `spawn ${file} EFTYPE` };
  }

  private dcinst(args: string[]): Outcome {
    const p = this.machine.load();
    if (args[0] === '-isenc') enforce('dc-isenc-51');
    if (args[0] === '-isenc')
      return { exitCode: p.encryption.bootVolumeEncryptedBy === 'diskcryptor' ? 51 : 0 };
    return fail(1, `practice machine: dcinst ${args.join(' ')} is not emulated\r\n`);
  }

  private async innoInstall(
    installer: { product: string; version: string },
    args: string[],
    ctx: Ctx,
  ): Promise<Outcome> {
    if (!ctx.elevated) {
      // Inno's loader is asInvoker and re-launches itself elevated: one UAC prompt.
      enforce('inno-setupldr-asinvoker');
      if (this.declines(path.win32.basename('setup.exe'))) return fail(ELEVATION_DECLINED, '');
    }
    const flags = new Set(args.map((a) => a.toUpperCase()));
    const p = this.machine.load();
    if (p.services.dcrypt?.deleteFlag) {
      // DiskCryptor's InitializeSetup refuses until the previous driver is gone (a restart).
      enforce('dc-installer-deleteflag');
      return fail(1, '');
    }
    const installDir = 'C:\\Program Files\\dcrypt';
    const dirLocal = this.machine.toLocal(installDir);
    fs.mkdirSync(dirLocal, { recursive: true });
    for (const [name, content] of diskCryptorFiles(installer.version))
      fs.writeFileSync(this.machine.toLocal(`${installDir}\\${name}`), content);
    const release = releaseNamed(installer.version);
    if (release) writeDriverFile(this.machine.toLocal('C:\\'), release);
    enforce('dc-reflect-writer');
    // The installer never writes ReflectDrivers (dc-reflect-writer): only the GUI's boot
    // encryption wizard and dcinst -reflect do.
    this.machine.update(
      `${installer.product} ${installer.version} installed as administrator`,
      (q) => {
        q.programs = q.programs.filter((x) => x.name !== installer.product);
        q.programs.push({
          name: installer.product,
          version: installer.version,
          installDir,
          publisher: 'ntldr',
          registryView: '64',
        });
        // The boot driver loads at the next boot; until then DiskCryptor asks for a restart.
        q.services.dcrypt = {
          state: 'stopped',
          startType: 'boot',
          delayed: false,
          deleteFlag: false,
        };
        q.sim.dcryptReinstalls += 1;
      },
    );
    if (!flags.has('/NORESTART')) {
      // AlwaysRestart=yes: without /NORESTART a silent Setup restarts the PC by itself.
      enforce('inno-alwaysrestart');
      restartMachine(this.machine, `${installer.product} setup restarted the computer`);
    }
    return ok();
  }

  private async innoUninstall(file: string, _args: string[], ctx: Ctx): Promise<Outcome> {
    if (!ctx.elevated) {
      enforce('inno-setupldr-asinvoker');
      if (this.declines(path.win32.basename(file))) return fail(ELEVATION_DECLINED, '');
    }
    const dir = path.win32.dirname(file);
    const p = this.machine.load();
    const program = p.programs.find((x) => x.installDir?.toLowerCase() === dir.toLowerCase());
    if (!program) return fail(1, '');
    // DiskCryptor 1.2+'s own "encrypted?" guard can never fire: it uninstalls.
    if (p.encryption.bootVolumeEncryptedBy === 'diskcryptor') enforce('dc-uninstall-guard-dead');
    for (const name of fs.readdirSync(this.machine.toLocal(dir))) {
      const f = this.machine.toLocal(`${dir}\\${name}`);
      if (fs.lstatSync(f).isFile()) fs.unlinkSync(f);
    }
    fs.rmdirSync(this.machine.toLocal(dir));
    this.machine.update(`${program.name} ${program.version} uninstalled`, (q) => {
      q.programs = q.programs.filter(
        (x) =>
          x !==
          q.programs.find((y) => y.name === program.name && y.installDir === program.installDir),
      );
      // A loaded driver cannot be deleted at once: it is marked (DeleteFlag) and goes at the next
      // boot; a driver that is not loaded is deleted right away.
      if (program.name === 'DiskCryptor' && q.services.dcrypt) {
        enforce('service-marked-for-delete');
        if (q.services.dcrypt.state === 'running') q.services.dcrypt.deleteFlag = true;
        else delete q.services.dcrypt;
      }
    });
    return ok();
  }

  // ---------------------------------------------------------------- our elevated helper

  /**
   * The files a running BITS holds open (behaviours.bitsHoldsDownload) when the helper is asked
   * to clear SoftwareDistribution: everything under its Download folder. Read before the task
   * runs, so they can stay in place whatever the clear does.
   */
  private filesBitsHolds(taskFile: string): { local: string; content: Buffer }[] {
    const p = this.machine.load();
    if (!p.behaviours.bitsHoldsDownload || p.services.bits?.state !== 'running') return [];
    let task: { op?: unknown; path?: unknown };
    try {
      task = JSON.parse(fs.readFileSync(taskFile, 'utf8')) as typeof task;
    } catch {
      return [];
    }
    if (task.op !== 'clear' || typeof task.path !== 'string') return [];
    if (task.path.toLowerCase() !== SOFTWARE_DISTRIBUTION.toLowerCase()) return [];
    const download = this.machine.toLocal(`${SOFTWARE_DISTRIBUTION}\\Download`);
    const out: { local: string; content: Buffer }[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.isFile()) out.push({ local: full, content: fs.readFileSync(full) });
      }
    };
    if (fs.existsSync(download)) walk(download);
    if (out.length) enforce('bits-holds-download');
    return out;
  }

  private async elevatedHelper(args: string[], ctx: Ctx): Promise<Outcome> {
    const taskFile = args[0];
    if (!taskFile) return fail(2, 'no task file');
    // The helper's own code, in-process, with this machine's paths and, once the prompt was
    // approved, this machine's elevated execFile for the commands it runs.
    const env = this.machine.env();
    const runner = new ExecFileRunner(env, ctx.elevated ? this.elevatedExecFile : this.execFile, {
      oemCodePage: 'detect',
    });
    const held = ctx.elevated ? this.filesBitsHolds(taskFile) : [];
    const code = await runElevatedTaskFile(taskFile, {
      toLocal: this.machine.toLocal,
      env,
      runner,
    });
    // Files open in a running process cannot be deleted: whatever the clear did, they are still
    // there afterwards (on a PC the delete fails with a sharing violation).
    for (const f of held) {
      fs.mkdirSync(path.dirname(f.local), { recursive: true });
      if (!fs.existsSync(f.local)) fs.writeFileSync(f.local, f.content);
    }
    return { exitCode: code };
  }
}

function bdeVolumes(p: MachineProfile): out.BdeVolume[] {
  const listed = p.encryption.bitlocker.map((b) => ({
    volume: b.volume.toUpperCase(),
    label: b.volume.toUpperCase() === 'C:' ? 'Windows' : '',
    os: b.volume.toUpperCase() === 'C:',
    sizeGb: 237.87,
    encrypted: b.percentEncrypted > 0,
    percent: b.percentEncrypted,
    protection: b.protection,
  }));
  if (!listed.some((v) => v.volume === 'C:'))
    listed.unshift({
      volume: 'C:',
      label: 'Windows',
      os: true,
      sizeGb: 237.87,
      encrypted: false,
      percent: 0,
      protection: 'off',
    });
  return listed;
}

interface TaskXml {
  logon: boolean;
  logonUser: string | null;
  command: string;
  arguments: string;
  disallowOnBatteries: boolean;
}

/**
 * The parts of a Task Scheduler XML the emulator acts on. Task Scheduler's default for
 * DisallowStartIfOnBatteries is true: a task that does not say false does not start on battery.
 */
function readTaskXml(xml: string): TaskXml | null {
  const unx = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const el = (name: string, within = xml) =>
    new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(within)?.[1];
  const trigger = el('LogonTrigger');
  const command = el('Command');
  if (!/<Task[\s>]/.test(xml) || command === undefined) return null;
  const userId = trigger !== undefined ? el('UserId', trigger) : undefined;
  return {
    logon: trigger !== undefined,
    logonUser: userId !== undefined ? unx(userId.trim()) : null,
    command: unx(command.trim()),
    arguments: unx(el('Arguments')?.trim() ?? ''),
    disallowOnBatteries: el('DisallowStartIfOnBatteries')?.trim() !== 'false',
  };
}

/** A PowerShell single-quoted literal back to its text (psQuote's inverse). */
function psUnquote(q: string): string {
  return q.slice(1, -1).replace(/''/g, "'");
}

/** .NET's round-trip format ('o'): seven fractional digits. */
function dotNetRoundTrip(iso: string): string {
  return new Date(iso).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

function deliver(
  file: string,
  args: readonly string[],
  o: Outcome,
  callback: (error: ExecError | null, stdout: Buffer, stderr: Buffer) => void,
  oemCodePage: number,
): void {
  setImmediate(() => {
    if ('spawnError' in o) {
      const e = Object.assign(new Error(o.message), {
        code: o.spawnError,
        errno: -13,
        syscall: `spawn ${file}`,
        path: file,
      });
      return callback(e, Buffer.alloc(0), Buffer.alloc(0));
    }
    const stdout = encodeOem(o.stdout ?? '', oemCodePage);
    const stderr = encodeOem(o.stderr ?? '', oemCodePage);
    if (/[^ -~\t\r\n]/.test((o.stdout ?? '') + (o.stderr ?? ''))) enforce('console-oem-codepage');
    if (o.exitCode === 0) return callback(null, stdout, stderr);
    const e = Object.assign(new Error(`Command failed: ${[file, ...args].join(' ')}`), {
      code: o.exitCode,
    });
    callback(e, stdout, stderr);
  });
}

/**
 * VeraCrypt system encryption makes its driver boot-start (rule veracrypt-system-boot-start): a
 * profile whose system drive VeraCrypt encrypts reports the veracrypt driver as boot-start whatever
 * its services section says, so the host can only tell it the way it would on a PC.
 */
function veraCryptBootStart(
  p: MachineProfile,
  name: string,
  s: MachineProfile['services'][string] | undefined,
): MachineProfile['services'][string] | undefined {
  if (
    !s ||
    name !== SERVICE_NAMES.veraCryptDriver ||
    p.encryption.bootVolumeEncryptedBy !== 'veracrypt'
  )
    return s;
  enforce('veracrypt-system-boot-start');
  return { ...s, startType: 'boot' };
}
