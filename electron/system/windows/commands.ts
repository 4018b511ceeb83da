/**
 * The exact argv of every Windows command the app runs. No shell anywhere except `dir`, which
 * is a cmd.exe builtin (see dirSoftwareDistribution). Names are validated here because some of
 * these lines end up inside an elevated PowerShell command.
 */
import { InputError } from '../../../shared/errors';
import type { StartType } from '../ports';
import { upgradeAssistantFor } from '../../knowledge/windows';
import { DISKCRYPTOR_PRODUCT } from '../../knowledge/diskcryptor';

export interface Argv {
  file: string;
  args: string[];
}

export const UNINSTALL_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
export const UNINSTALL_KEY_WOW64 =
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
export const SERVICES_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';
export const SETUPCONFIG_INI =
  'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini';
export const SOFTWARE_DISTRIBUTION = 'C:\\Windows\\SoftwareDistribution';
export const DISKCRYPTOR_DIR = 'C:\\Program Files\\dcrypt';
export const RESUME_TASK = 'Workstation Ops\\Resume';

const SERVICE_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
const DRIVE = /^[A-Za-z]:$/;

function serviceName(name: string): string {
  if (!SERVICE_NAME.test(name))
    throw new InputError(`service name: not a Windows service name: ${JSON.stringify(name)}`);
  return name;
}

function drive(d: string): string {
  if (!DRIVE.test(d))
    throw new InputError(`drive: expected a drive letter like C:, got ${JSON.stringify(d)}`);
  return d.toUpperCase();
}

// ---- services ----

export const scQueryEx = (name: string): Argv => ({
  file: 'sc.exe',
  args: ['queryex', serviceName(name)],
});
export const scQc = (name: string): Argv => ({ file: 'sc.exe', args: ['qc', serviceName(name)] });
export const scStop = (name: string): Argv => ({
  file: 'sc.exe',
  args: ['stop', serviceName(name)],
});
export const scStart = (name: string): Argv => ({
  file: 'sc.exe',
  args: ['start', serviceName(name)],
});

const SC_START_VALUES: Record<Exclude<StartType, 'unknown'>, string> = {
  auto: 'auto',
  demand: 'demand',
  disabled: 'disabled',
  boot: 'boot',
  system: 'system',
};

/** `sc config NAME start= demand` — sc wants `start=` and its value as two separate arguments. */
export function scConfigStart(name: string, startType: StartType): Argv {
  if (startType === 'unknown')
    throw new InputError(`start type for ${name}: unknown, nothing to set`);
  return {
    file: 'sc.exe',
    args: ['config', serviceName(name), 'start=', SC_START_VALUES[startType]],
  };
}

// ---- registry ----

/** `/reg:64` so a 32-bit process still reads the 64-bit view instead of being redirected. */
export const regQuery = (key: string, opts: { recursive?: boolean } = {}): Argv => ({
  file: 'reg.exe',
  args: ['query', key, ...(opts.recursive ? ['/s'] : []), '/reg:64'],
});
/** `reg export KEY FILE /y`: the key and its subkeys into a UTF-16 LE .reg file. */
export const regExport = (key: string, file: string): Argv => ({
  file: 'reg.exe',
  args: ['export', key, file, '/y', '/reg:64'],
});
export const regQueryUninstall = (): Argv => regQuery(UNINSTALL_KEY, { recursive: true });
export const regQueryUninstallWow64 = (): Argv =>
  regQuery(UNINSTALL_KEY_WOW64, { recursive: true });
/** The whole key (not `/v Start`) so "no such service" and "no Start value" can be told apart. */
export const regQueryService = (name: string): Argv =>
  regQuery(`${SERVICES_KEY}\\${serviceName(name)}`);

// ---- boot protections (read before reinstalling a boot driver) ----

/** Absent on a PC that does not boot with UEFI (nothing to enforce): REG_DWORD 1 = on. */
export const SECURE_BOOT_STATE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecureBoot\\State';
/** Core isolation → Memory integrity (HVCI): `Enabled` REG_DWORD 1 = on; absent = never turned on. */
export const HVCI_KEY =
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard\\Scenarios\\HypervisorEnforcedCodeIntegrity';
export const regQuerySecureBoot = (): Argv => regQuery(SECURE_BOOT_STATE_KEY);
export const regQueryHvci = (): Argv => regQuery(HVCI_KEY);

// ---- System Restore ----

/**
 * System Protection's settings (readable unelevated): `RPSessionInterval` 0 when protection is
 * off on every drive (rule system-protection-registry), `SystemRestorePointCreationFrequency` the
 * minutes Windows waits between two restore points (absent: 1440, rule checkpoint-computer-24h).
 */
export const SYSTEM_RESTORE_KEY =
  'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SystemRestore';
export const regQuerySystemRestore = (): Argv => regQuery(SYSTEM_RESTORE_KEY);

/** Checkpoint-Computer waits for System Restore, which can take minutes on a busy disk. */
export const RESTORE_POINT_MS = 10 * 60_000;

/** The description of the one restore point the app makes: fixed, so a task cannot name one. */
export const RESTORE_POINT_DESCRIPTION = 'Workstation Ops: before uninstalling DiskCryptor';

/**
 * `Checkpoint-Computer` (Windows PowerShell 5.1; it needs an administrator), wrapped so the
 * outcome is read from structure, never from text Windows translates: the restore points'
 * sequence numbers before, the list after, whether it warned (the frequency limit) and its first
 * error. `-WarningAction`/`-ErrorAction SilentlyContinue` with the variables keep them out of the
 * output, which is then one line of JSON (windows/restore-points.ts parses it).
 */
export function checkpointComputer(): Argv {
  const script = [
    '$w = $null; $e = $null',
    '$before = @(Get-ComputerRestorePoint -ErrorAction SilentlyContinue | ForEach-Object { [int64]$_.SequenceNumber })',
    `Checkpoint-Computer -Description ${psQuote(RESTORE_POINT_DESCRIPTION)} -RestorePointType MODIFY_SETTINGS -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e -ErrorAction SilentlyContinue`,
    "$after = @(Get-ComputerRestorePoint -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ sequence = [int64]$_.SequenceNumber; created = $_.ConvertToDateTime($_.CreationTime).ToUniversalTime().ToString('o'); description = [string]$_.Description } })",
    '[pscustomobject]@{ before = $before; after = $after; warned = ($w.Count -gt 0); error = [string]($e | Select-Object -First 1) } | ConvertTo-Json -Compress -Depth 3',
  ].join('; ');
  return powershell(script);
}

// ---- BitLocker ----

export const manageBdeStatus = (): Argv => ({ file: 'manage-bde.exe', args: ['-status'] });
/** Suspends BitLocker for RebootCount restarts (0: until resumed); the flagship counts its restarts. */
export const manageBdeSuspend = (d = 'C:', rebootCount = 0): Argv => ({
  file: 'manage-bde.exe',
  args: [
    '-protectors',
    '-disable',
    drive(d),
    '-RebootCount',
    String(Math.max(0, Math.min(15, Math.trunc(rebootCount)))),
  ],
});
export const manageBdeResume = (d = 'C:'): Argv => ({
  file: 'manage-bde.exe',
  args: ['-protectors', '-enable', drive(d)],
});

// ---- history, identity ----

/** No shell, so the XPath needs no quotes; Windows' argv quoting passes it through unchanged. */
export const wevtutilBugchecks = (count = 50): Argv => ({
  file: 'wevtutil.exe',
  args: [
    'qe',
    'System',
    '/q:*[System[(EventID=1001)]]',
    '/f:text',
    `/c:${Math.max(1, Math.trunc(count))}`,
    '/rd:true',
  ],
});
/** Kernel-Power 41 carries BugcheckCode only in its event data, which /f:text does not print. */
export const wevtutilKernelPower41 = (count = 50): Argv => ({
  file: 'wevtutil.exe',
  args: [
    'qe',
    'System',
    '/q:*[System[(EventID=41)]]',
    '/f:xml',
    `/c:${Math.max(1, Math.trunc(count))}`,
    '/rd:true',
  ],
});
/**
 * Both crash records in one wevtutil (rule wevtutil-one-xpath-crash-events): the 1001 and the
 * Kernel-Power 41 events as XML, newest first. The older pair above stays for bundles that
 * recorded it.
 */
export const CRASH_EVENTS_QUERY = '/q:*[System[(EventID=1001 or EventID=41)]]';
export const wevtutilCrashEvents = (count = 100): Argv => ({
  file: 'wevtutil.exe',
  args: [
    'qe',
    'System',
    CRASH_EVENTS_QUERY,
    '/f:xml',
    `/c:${Math.max(1, Math.trunc(count))}`,
    '/rd:true',
  ],
});
export const systeminfo = (): Argv => ({ file: 'systeminfo.exe', args: [] });
/** Group SIDs are not translated: S-1-16-12288 (High Mandatory Level) means this process is elevated. */
export const whoamiGroups = (): Argv => ({
  file: 'whoami.exe',
  args: ['/groups', '/fo', 'csv', '/nh'],
});
/**
 * The boot time alone, as .NET's round-trip string. The host reads it from the CIM batch
 * (windows/health.ts); this single query stays for the live faithfulness test's probe.
 */
export const lastBootTime = (): Argv =>
  powershell(
    "(Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')",
  );

export const dcinstIsEnc = (installDir = DISKCRYPTOR_DIR): Argv => ({
  file: `${installDir.replace(/\\+$/, '')}\\dcinst.exe`,
  args: ['-isenc'],
});

/** `dir` is a cmd.exe builtin, so this is the one command that needs cmd; /d skips AutoRun macros. */
export const dirSoftwareDistribution = (folder = SOFTWARE_DISTRIBUTION): Argv => ({
  file: 'cmd.exe',
  args: ['/d', '/c', 'dir', '/s', '/a', folder],
});

// ---- installers ----

/**
 * Inno Setup switches for an installer that must neither ask nor restart behind our back:
 * DiskCryptor's setups have AlwaysRestart=yes (docs/windows-behaviour.md), so without
 * /NORESTART a silent setup restarts the PC at its end.
 */
export const INNO_UNATTENDED = ['/SILENT', '/NORESTART', '/SUPPRESSMSGBOXES'] as const;

// ---- restart and resume ----

export function shutdownRestart(reason: string, delaySeconds = 30): Argv {
  // shutdown /c accepts at most 512 characters; control characters would break the dialog.
  const comment = [...reason]
    .map((ch) => (ch === '"' || ch.charCodeAt(0) < 0x20 ? ' ' : ch))
    .join('')
    .slice(0, 500);
  return {
    file: 'shutdown.exe',
    args: ['/r', '/t', String(Math.max(0, Math.trunc(delaySeconds))), '/c', comment],
  };
}

/**
 * The resume-after-restart task, as Task Scheduler XML: a LogonTrigger that names this user (an
 * ONLOGON trigger without a user means "any user" and needs an administrator —
 * `schtasks-onlogon-any-user-admin`; a per-user one does not — `per-user-logon-no-admin`), run
 * with the user's own interactive token at least privilege, also on battery (a laptop restarted
 * for a feature update is often unplugged). Exec/Command is the program path as is (no shell,
 * so no quotes inside the element); Exec/Arguments is one command line, every element quoted the
 * way CreateProcess/CommandLineToArgvW read it back, so `C:\Users\Jane Doe\…` stays one
 * argument.
 */
export function resumeTaskXml(o: { userId: string; exe: string; args: readonly string[] }): string {
  for (const s of [o.userId, o.exe, ...o.args])
    if (/["\r\n]/.test(s) || s.includes('\u0000'))
      throw new InputError(`resume command: unexpected characters in ${JSON.stringify(s)}`);
  const x = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo><Description>Workstation Ops: continue the run after the restart</Description></RegistrationInfo>',
    '  <Triggers>',
    `    <LogonTrigger><Enabled>true</Enabled><UserId>${x(o.userId)}</UserId></LogonTrigger>`,
    '  </Triggers>',
    '  <Principals>',
    `    <Principal id="Author"><UserId>${x(o.userId)}</UserId><LogonType>InteractiveToken</LogonType><RunLevel>LeastPrivilege</RunLevel></Principal>`,
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    '  <Actions Context="Author">',
    `    <Exec><Command>${x(o.exe)}</Command>${o.args.length ? `<Arguments>${x(windowsCommandLine(o.args))}</Arguments>` : ''}</Exec>`,
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n');
}

/** Registers the task XML written at `xmlFile`; /F replaces a task left by an earlier run. */
export const resumeTaskCreate = (xmlFile: string): Argv => ({
  file: 'schtasks.exe',
  args: ['/Create', '/TN', RESUME_TASK, '/XML', xmlFile, '/F'],
});
export const resumeTaskDelete = (): Argv => ({
  file: 'schtasks.exe',
  args: ['/Delete', '/TN', RESUME_TASK, '/F'],
});

// ---- launchers ----

export const getHelp = (): Argv => ({ file: 'explorer.exe', args: ['ms-contact-support:'] });
export const settingsTroubleshoot = (): Argv => ({
  file: 'explorer.exe',
  args: ['ms-settings:troubleshoot'],
});
/** Only where msdt.exe still exists: Microsoft retired the MSDT troubleshooters in 2025. */
export const msdtWindowsUpdate = (): Argv => ({
  file: 'msdt.exe',
  args: ['/id', 'WindowsUpdateDiagnostic'],
});
export function updateAssistantUrl(build: number): string {
  return upgradeAssistantFor(build).url;
}
export const DISKCRYPTOR_RELEASES_URL = DISKCRYPTOR_PRODUCT.releasesUrl;
/** Opens an https page in the default browser. */
export function openUrl(url: string): Argv {
  if (!/^https:\/\/[^\s"]+$/.test(url))
    throw new InputError(`url: only https links can be opened, got ${JSON.stringify(url)}`);
  return { file: 'explorer.exe', args: [url] };
}

// ---- elevation ----

function powershell(command: string): Argv {
  return { file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', command] };
}

/**
 * A PowerShell single-quoted literal. PowerShell also treats the typographic quotes ‘ ’ ‚ ‛ as
 * single quotes, so they are doubled too.
 */
export function psQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/**
 * One argument quoted the way CreateProcess/CommandLineToArgvW read it back: needed because
 * Start-Process joins -ArgumentList with spaces without quoting anything.
 */
export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') out += '\\'.repeat(backslashes * 2 + 1) + '"';
    else out += '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

export function windowsCommandLine(args: readonly string[]): string {
  return args.map(quoteWindowsArg).join(' ');
}

/** Exit code the wrapper uses for a declined UAC prompt (ERROR_CANCELLED). */
export const ELEVATION_DECLINED = 1223;

/**
 * Runs `cmd` through one UAC prompt and returns its exit code as PowerShell's own. A declined
 * prompt makes Start-Process fail with the (translated) text of Win32 error 1223; comparing with
 * that same text from Win32Exception keeps the check independent of the Windows language.
 */
export function elevate(cmd: Argv): Argv {
  const argList = cmd.args.length ? ` -ArgumentList ${psQuote(windowsCommandLine(cmd.args))}` : '';
  const script =
    `try { $p = Start-Process -FilePath ${psQuote(cmd.file)}${argList} -Verb RunAs -WindowStyle Hidden -Wait -PassThru -ErrorAction Stop; exit $p.ExitCode } ` +
    `catch { $m = $_.Exception.Message; [Console]::Error.WriteLine($m); ` +
    `if ($m -like ('*' + (New-Object ComponentModel.Win32Exception ${ELEVATION_DECLINED}).Message + '*')) { exit ${ELEVATION_DECLINED} }; exit 1 }`;
  return powershell(script);
}
