/**
 * What the emulated Windows tools print, in the layout of the real captures under
 * test/fixtures/windows (each named in SOURCES.md there). Only the layout is copied; the values
 * come from the practice machine. CRLF line ends, like the real console.
 */
import type { ServiceState, StartType } from '../ports';

const CRLF = '\r\n';
const lines = (...l: string[]) => `${l.join(CRLF)}${CRLF}`;

const STATE: Record<Exclude<ServiceState, 'missing' | 'unknown'>, [number, string]> = {
  stopped: [1, 'STOPPED'],
  start_pending: [2, 'START_PENDING'],
  stop_pending: [3, 'STOP_PENDING'],
  running: [4, 'RUNNING'],
  paused: [7, 'PAUSED'],
};

const START: Record<Exclude<StartType, 'unknown'>, [number, string]> = {
  boot: [0, 'BOOT_START'],
  system: [1, 'SYSTEM_START'],
  auto: [2, 'AUTO_START'],
  demand: [3, 'DEMAND_START'],
  disabled: [4, 'DISABLED'],
};

export interface EmulatedService {
  name: string;
  displayName: string;
  kernelDriver: boolean;
  state: Exclude<ServiceState, 'missing' | 'unknown'>;
  startType: Exclude<StartType, 'unknown'>;
  delayed: boolean;
  pid: number;
  binaryPath: string;
}

const type = (s: EmulatedService) =>
  s.kernelDriver ? '1  KERNEL_DRIVER' : '20  WIN32_SHARE_PROCESS';

/** `sc queryex NAME` (win7-wuauserv-running.txt, server2012r2-osqueryd-stopped.txt). */
export function scQueryEx(s: EmulatedService): string {
  const [code, word] = STATE[s.state];
  const flags =
    s.state === 'running'
      ? '(STOPPABLE, NOT_PAUSABLE, ACCEPTS_PRESHUTDOWN)'
      : '(NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)';
  return lines(
    '',
    `SERVICE_NAME: ${s.name}`,
    `        TYPE               : ${type(s)}`,
    `        STATE              : ${code}  ${word}`,
    `                                ${flags}`,
    '        WIN32_EXIT_CODE    : 0  (0x0)',
    '        SERVICE_EXIT_CODE  : 0  (0x0)',
    '        CHECKPOINT         : 0x0',
    '        WAIT_HINT          : 0x0',
    `        PID                : ${s.state === 'running' ? s.pid : 0}`,
    '        FLAGS              :',
  );
}

/** What `sc stop`/`sc start` print when the control was accepted: the pending state. */
export function scControlAccepted(s: EmulatedService, pending: 'stop_pending' | 'start_pending') {
  const [code, word] = STATE[pending];
  return lines(
    '',
    `SERVICE_NAME: ${s.name}`,
    `        TYPE               : ${type(s)}`,
    `        STATE              : ${code}  ${word}`,
    '                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)',
    '        WIN32_EXIT_CODE    : 0  (0x0)',
    '        SERVICE_EXIT_CODE  : 0  (0x0)',
    '        CHECKPOINT         : 0x0',
    '        WAIT_HINT          : 0x7d0',
  );
}

/** `sc qc NAME` (win10-wuauserv-demand.txt, wdboot-boot-start.txt, usosvc-delayed.txt). */
export function scQc(s: EmulatedService): string {
  const [code, word] = START[s.startType];
  const delayed = s.startType === 'auto' && s.delayed ? '  (DELAYED)' : '';
  return lines(
    '[SC] QueryServiceConfig SUCCESS',
    '',
    `SERVICE_NAME: ${s.name}`,
    `        TYPE               : ${type(s)}`,
    `        START_TYPE         : ${code}   ${word}${delayed}`,
    '        ERROR_CONTROL      : 1   NORMAL',
    `        BINARY_PATH_NAME   : ${s.binaryPath}`,
    '        LOAD_ORDER_GROUP   :',
    '        TAG                : 0',
    `        DISPLAY_NAME       : ${s.displayName}`,
    '        DEPENDENCIES       :',
    '        SERVICE_START_NAME : LocalSystem',
  );
}

/** sc's error lines (en-missing.txt): `[SC] <Api> FAILED <code>:` then the system message. */
export function scFailed(api: string, code: number, message: string): string {
  return lines(`[SC] ${api} FAILED ${code}:`, '', message, '');
}

export const SC_MESSAGES = {
  1060: 'The specified service does not exist as an installed service.',
  1062: 'The service has not been started.',
  1056: 'An instance of the service is already running.',
  1058: 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
  5: 'Access is denied.',
} as const;

export interface RegValueOut {
  name: string;
  type: 'REG_SZ' | 'REG_DWORD' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ';
  data: string | number;
}

/** `reg query KEY [/s]` (drmemory-releaseid.txt): key lines at column 0, values indented by 4. */
export function regQuery(keys: { key: string; values: RegValueOut[] }[]): string {
  const out: string[] = [''];
  for (const k of keys) {
    out.push(k.key);
    for (const v of k.values) {
      const data = typeof v.data === 'number' ? `0x${v.data.toString(16)}` : v.data;
      out.push(`    ${v.name}    ${v.type}    ${data}`);
    }
    out.push('');
  }
  return `${out.join(CRLF)}${CRLF}`;
}

/** A `reg export` file's text (regedit 5.00 format): strings escaped, DWORDs as dword:xxxxxxxx. */
export function regExportFile(keys: { key: string; values: RegValueOut[] }[]): string {
  const out = ['Windows Registry Editor Version 5.00', ''];
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  for (const k of keys) {
    out.push(`[${k.key}]`);
    for (const v of k.values) {
      const data =
        typeof v.data === 'number'
          ? `dword:${v.data.toString(16).padStart(8, '0')}`
          : v.type === 'REG_EXPAND_SZ'
            ? `hex(2):${[...Buffer.from(`${v.data}\u0000`, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',')}`
            : q(String(v.data));
      out.push(`${q(v.name)}=${data}`);
    }
    out.push('');
  }
  return lines(...out);
}

export const REG_NOT_FOUND = lines(
  'ERROR: The system was unable to find the specified registry key or value.',
);

export interface BdeVolume {
  volume: string;
  label: string;
  os: boolean;
  sizeGb: number;
  encrypted: boolean;
  /** Percentage Encrypted (machine.json's percentEncrypted). */
  percent: number;
  protection: 'on' | 'off';
}

/** `manage-bde -status` (en-msdocs-used-space-only.txt). */
export function manageBdeStatus(volumes: BdeVolume[]): string {
  const out = [
    'BitLocker Drive Encryption: Configuration Tool version 10.0.19041',
    'Copyright (C) 2013 Microsoft Corporation. All rights reserved.',
    '',
    'Disk volumes that can be protected with',
    'BitLocker Drive Encryption:',
  ];
  for (const v of volumes) {
    out.push(
      `Volume ${v.volume} [${v.label}]`,
      v.os ? '[OS Volume]' : '[Data Volume]',
      '',
      `    Size:                 ${v.sizeGb.toFixed(2)} GB`,
      `    BitLocker Version:    ${v.encrypted ? '2.0' : 'None'}`,
      `    Conversion Status:    ${v.percent >= 100 ? 'Used Space Only Encrypted' : v.encrypted ? 'Encryption in Progress' : 'Fully Decrypted'}`,
      `    Percentage Encrypted: ${v.percent.toFixed(1)}%`,
      `    Encryption Method:    ${v.encrypted ? 'XTS-AES 128' : 'None'}`,
      `    Protection Status:    ${v.protection === 'on' ? 'Protection On' : 'Protection Off'}`,
      '    Lock Status:          Unlocked',
      '    Identification Field: Unknown',
      '    Key Protectors:',
      ...(v.encrypted ? ['        TPM', '        Numerical Password'] : ['        None Found']),
      '',
    );
  }
  return lines(...out);
}

/**
 * `manage-bde -status` on a French Windows. COMPOSED, not a capture (none was found in public
 * sources): the English layout with the French labels Windows uses ("État de la protection :
 * Protection activée"), the decimal comma, and the space before the colon.
 */
export function manageBdeStatusFr(volumes: BdeVolume[]): string {
  const out = [
    'Chiffrement de lecteur BitLocker : outil de configuration version 10.0.19041',
    'Copyright (C) 2013 Microsoft Corporation. Tous droits réservés.',
    '',
    'Volumes de disque pouvant être protégés avec',
    'Chiffrement de lecteur BitLocker :',
  ];
  for (const v of volumes) {
    out.push(
      `Volume ${v.volume} [${v.label}]`,
      v.os ? '[Volume du système d’exploitation]' : '[Volume de données]',
      '',
      `    Taille :                      ${v.sizeGb.toFixed(2).replace('.', ',')} Go`,
      `    Version de BitLocker :        ${v.encrypted ? '2.0' : 'Aucun'}`,
      `    État de la conversion :       ${v.encrypted ? 'Espace utilisé uniquement chiffré' : 'Entièrement déchiffré'}`,
      `    Pourcentage chiffré :         ${v.encrypted ? '100,0' : '0,0'}%`,
      `    Méthode de chiffrement :      ${v.encrypted ? 'XTS-AES 128' : 'Aucun'}`,
      `    État de la protection :       ${v.protection === 'on' ? 'Protection activée' : 'Protection désactivée'}`,
      '    État du verrouillage :        Déverrouillé',
      '    Champ d’identification :      Inconnu',
      '    Protecteurs de clés :',
      ...(v.encrypted
        ? ['        TPM', '        Mot de passe numérique']
        : ['        Aucun trouvé']),
      '',
    );
  }
  return lines(...out);
}

/** manage-bde run without elevation (ARCHITECTURE.md: "An attempt to access a required resource was denied"). */
export const MANAGE_BDE_DENIED = lines(
  'BitLocker Drive Encryption: Configuration Tool version 10.0.19041',
  'Copyright (C) 2013 Microsoft Corporation. All rights reserved.',
  '',
  'ERROR: An attempt to access a required resource was denied.',
  '',
  'Check that you have administrative rights on the computer.',
);
/** HRESULT 0x80070005 (E_ACCESSDENIED) as the signed exit code cmd shows. */
export const MANAGE_BDE_DENIED_EXIT = -2147024891;

/** `wevtutil qe System /q:… /f:text` (composed-1709-0x1a.txt). */
export function wevtutilBugchecks(
  events: { time: string; code: string }[],
  computer: string,
): string {
  const out: string[] = [];
  events.forEach((e, i) => {
    out.push(
      `Event[${i}]:`,
      '  Log Name: System',
      '  Source: Microsoft-Windows-WER-SystemErrorReporting',
      `  Date: ${e.time.replace(/Z$/, '').replace(/(\.\d{3})?$/, '.000')}`,
      '  Event ID: 1001',
      '  Task: N/A',
      '  Level: Error',
      '  Opcode: N/A',
      '  Keyword: Classic',
      '  User: N/A',
      '  User Name: N/A',
      `  Computer: ${computer}`,
      '  Description: ',
      `The computer has rebooted from a bugcheck.  The bugcheck was: ${e.code} (0x0000000000041792, 0xfffff68043682330, 0x0008000000000000, 0x0000000000000000). A dump was saved in: C:\\Windows\\MEMORY.DMP. Report Id: ${e.time.slice(0, 10).replace(/-/g, '')}-7546-01.`,
    );
  });
  return out.length ? lines(...out) : '';
}

/**
 * `wevtutil qe System /q:*[System[(EventID=41)]] /f:xml`: one <Event> per crash, as Event Viewer
 * shows a Kernel-Power 41 (test/fixtures/windows/wevtutil/kernel-power-41-xml.txt): the bugcheck
 * code in decimal in `BugcheckCode`.
 */
export function wevtutilKernelPower41Xml(
  events: { time: string; code: string }[],
  computer: string,
): string {
  return events
    .map((e, i) =>
      [
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>",
        "<Provider Name='Microsoft-Windows-Kernel-Power' Guid='{331c3b3a-2005-44c2-ac5e-77220c37d6b4}'/>",
        '<EventID>41</EventID><Version>6</Version><Level>1</Level><Task>63</Task><Opcode>0</Opcode>',
        '<Keywords>0x8000400000000002</Keywords>',
        `<TimeCreated SystemTime='${e.time.replace(/\.\d{3}Z$/, '.000000000Z')}'/>`,
        `<EventRecordID>${4730 + i}</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='8'/>`,
        `<Channel>System</Channel><Computer>${computer}</Computer><Security UserID='S-1-5-18'/></System>`,
        `<EventData><Data Name='BugcheckCode'>${parseInt(e.code, 16)}</Data>`,
        "<Data Name='BugcheckParameter1'>0x3470</Data><Data Name='BugcheckParameter2'>0xffffa603e09df000</Data>",
        "<Data Name='BugcheckParameter3'>0xa6e9fbc8a2515bb0</Data><Data Name='BugcheckParameter4'>0xa669fbc8a2515bb0</Data>",
        "<Data Name='SleepInProgress'>0</Data><Data Name='PowerButtonTimestamp'>0</Data></EventData></Event>",
      ].join(''),
    )
    .join('\r\n');
}

/**
 * A WER 1001 as XML: its message is "The bugcheck was: %1. A dump was saved in: %2. Report Id:
 * %3." (libyal/winevt-kb MessageFile-werfault.exe.md), so the event data carries the code and its
 * parameters in param1.
 */
export function wevtutil1001Xml(
  e: { time: string; code: string },
  computer: string,
  i: number,
): string {
  return [
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>",
    "<Provider Name='Microsoft-Windows-WER-SystemErrorReporting' Guid='{ABCE23E7-DE45-4366-8631-84FD6C9F4A6F}' EventSourceName='BugCheck'/>",
    "<EventID Qualifiers='16384'>1001</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode>",
    '<Keywords>0x80000000000000</Keywords>',
    `<TimeCreated SystemTime='${e.time.replace(/\.\d{3}Z$/, '.000000000Z')}'/>`,
    `<EventRecordID>${5730 + i}</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/>`,
    `<Channel>System</Channel><Computer>${computer}</Computer><Security/></System>`,
    `<EventData><Data Name='param1'>${e.code} (0x0000000000041792, 0xfffff68043682330, 0x0008000000000000, 0x0000000000000000)</Data>`,
    "<Data Name='param2'>C:\\Windows\\MEMORY.DMP</Data>",
    `<Data Name='param3'>${e.time.slice(0, 10).replace(/-/g, '')}-7546-01</Data></EventData></Event>`,
  ].join('');
}

/** `wevtutil qe System /q:*[System[(EventID=1001 or EventID=41)]] /f:xml`: both kinds, in log order. */
export function wevtutilCrashEventsXml(
  records: { kind: '1001' | '41'; e: { time: string; code: string } }[],
  computer: string,
): string {
  return records
    .map((r, i) =>
      r.kind === '41'
        ? wevtutilKernelPower41Xml([r.e], computer)
        : wevtutil1001Xml(r.e, computer, i),
    )
    .join('\r\n');
}

/** `whoami /groups /fo csv /nh`: the groups that matter, then the mandatory label. */
export function whoamiGroups(opts: { admin: boolean; elevated: boolean }): string {
  const rows = [
    [
      'Everyone',
      'Well-known group',
      'S-1-1-0',
      'Mandatory group, Enabled by default, Enabled group',
    ],
    [
      'BUILTIN\\Users',
      'Alias',
      'S-1-5-32-545',
      'Mandatory group, Enabled by default, Enabled group',
    ],
  ];
  if (opts.admin)
    rows.push([
      'BUILTIN\\Administrators',
      'Alias',
      'S-1-5-32-544',
      opts.elevated
        ? 'Mandatory group, Enabled by default, Enabled group, Group owner'
        : 'Group used for deny only',
    ]);
  rows.push(
    [
      'NT AUTHORITY\\INTERACTIVE',
      'Well-known group',
      'S-1-5-4',
      'Mandatory group, Enabled by default, Enabled group',
    ],
    opts.elevated
      ? ['Mandatory Label\\High Mandatory Level', 'Label', 'S-1-16-12288', '']
      : ['Mandatory Label\\Medium Mandatory Level', 'Label', 'S-1-16-8192', ''],
  );
  return lines(...rows.map((r) => r.map((f) => `"${f}"`).join(',')));
}

/** `dir /s /a FOLDER`, the totals part that parse-dir reads (en-lucene-tail.txt). */
export function dirTotals(opts: {
  folder: string;
  files: number;
  bytes: number;
  dirs: number;
  freeBytes: number;
}): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return lines(
    ' Volume in drive C has no label.',
    ' Volume Serial Number is 5A1C-9E07',
    '',
    ` Directory of ${opts.folder}`,
    '',
    `              ${opts.files} File(s)  ${n(opts.bytes)} bytes`,
    '',
    '     Total Files Listed:',
    `              ${opts.files} File(s)  ${n(opts.bytes)} bytes`,
    `              ${opts.dirs} Dir(s)  ${n(opts.freeBytes)} bytes free`,
  );
}
