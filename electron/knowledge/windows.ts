/**
 * Windows paths, service names and build numbers, as pure functions of the machine's own
 * environment — never a hard-coded "C:\Windows". Sources are in docs/windows-behaviour.md and
 * in the comments here.
 */

/** What a path depends on, read from the machine (env vars and the ProfileList key). */
export interface WindowsEnvironment {
  /** %SystemRoot%, e.g. "C:\Windows". */
  systemRoot: string;
  /** %SystemDrive%, e.g. "C:". */
  systemDrive: string;
  /** %ProgramData% (= %ALLUSERSPROFILE% since Vista), e.g. "C:\ProgramData". */
  programData: string;
  /** %ProgramFiles% of the native view, e.g. "C:\Program Files". */
  programFiles: string;
  /**
   * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList `Default` (REG_EXPAND_SZ,
   * usually "%SystemDrive%\Users\Default"), already expanded; null when not read.
   */
  profileListDefault: string | null;
  /** ProfileList `ProfilesDirectory` expanded (FOLDERID_UserProfiles), null when not read. */
  profilesDirectory: string | null;
}

export const PROFILE_LIST_KEY =
  'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';

/** Joins Windows path pieces with one backslash, without touching a leading "\\?\" or UNC. */
export function winJoin(...parts: string[]): string {
  return parts
    .filter((p) => p.length > 0)
    .map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p.replace(/^[\\/]+|[\\/]+$/g, '')))
    .join('\\');
}

/** Expands %VAR% from the given variables (case-insensitive); unknown ones stay as written. */
export function expandEnv(text: string, vars: Readonly<Record<string, string>>): string {
  const lower = new Map(Object.entries(vars).map(([k, v]) => [k.toLowerCase(), v]));
  return text.replace(/%([^%\\/]+)%/g, (all, name: string) => lower.get(name.toLowerCase()) ?? all);
}

/** The Default user profile folder: ProfileList `Default` if known, else the documented default. */
export function defaultProfileDir(env: WindowsEnvironment): string {
  if (env.profileListDefault) return env.profileListDefault;
  if (env.profilesDirectory) return winJoin(env.profilesDirectory, 'Default');
  return winJoin(env.systemDrive, 'Users', 'Default');
}

/**
 * The SetupConfig.ini that Windows Update feature updates read. Microsoft documents it at
 * %SystemDrive%\Users\Default\AppData\Local\Microsoft\Windows\WSUS\SetupConfig.ini; DiskCryptor
 * (DCrypt/dcapi/w10.c GetSetupconfigLocation) builds it from FOLDERID_UserProfiles + "\Default".
 * Both are the Default profile, which ProfileList names.
 */
export function setupConfigIniPath(env: WindowsEnvironment): string {
  return winJoin(
    defaultProfileDir(env),
    'AppData',
    'Local',
    'Microsoft',
    'Windows',
    'WSUS',
    'SetupConfig.ini',
  );
}

export function softwareDistributionDir(env: WindowsEnvironment): string {
  return winJoin(env.systemRoot, 'SoftwareDistribution');
}

/** Where BITS keeps downloads while it runs (SoftwareDistribution\Download). */
export function softwareDistributionDownloadDir(env: WindowsEnvironment): string {
  return winJoin(softwareDistributionDir(env), 'Download');
}

export function catroot2Dir(env: WindowsEnvironment): string {
  return winJoin(env.systemRoot, 'System32', 'catroot2');
}

/** BITS queue files qmgr*.dat live here (Microsoft's manual reset deletes them). */
export function bitsQueueDir(env: WindowsEnvironment): string {
  return winJoin(env.programData, 'Microsoft', 'Network', 'Downloader');
}

export function driversDir(env: WindowsEnvironment): string {
  return winJoin(env.systemRoot, 'System32', 'drivers');
}

/** The dcrypt.sys the boot loads (dcinst copies it here; ImagePath \SystemRoot\System32\drivers\dcrypt.sys). */
export function dcryptSysPath(env: WindowsEnvironment): string {
  return winJoin(driversDir(env), 'dcrypt.sys');
}

/** DiskCryptor's default install folder: DefaultDirName={pf}\dcrypt in both installer scripts. */
export function defaultDiskCryptorDir(env: WindowsEnvironment): string {
  return winJoin(env.programFiles, 'dcrypt');
}

/** The folder feature-update setup works in; its presence means an upgrade is staged or left. */
export function windowsBtDir(env: WindowsEnvironment): string {
  return winJoin(env.systemDrive, '$WINDOWS.~BT');
}

/** Service names (short names, as `sc` wants them). */
export const SERVICES = {
  windowsUpdate: 'wuauserv',
  bits: 'bits',
  cryptographic: 'cryptsvc',
  deliveryOptimization: 'dosvc',
  updateOrchestrator: 'UsoSvc',
  updateMedic: 'WaaSMedicSvc',
  diskCryptorDriver: 'dcrypt',
  veraCryptDriver: 'veracrypt',
} as const;

/** VeraCrypt facts: its driver goes through feature updates the same way DiskCryptor's does. */
export const VERACRYPT = {
  name: 'VeraCrypt',
  driverService: SERVICES.veraCryptDriver,
  defaultInstallDir: 'C:\\Program Files\\VeraCrypt',
} as const;

/**
 * Microsoft's manual Windows Update reset order: stop BITS first (it holds files in
 * SoftwareDistribution\Download), then wuauserv, then cryptsvc; start again in reverse.
 */
export const MANUAL_RESET_STOP_ORDER = [
  SERVICES.bits,
  SERVICES.windowsUpdate,
  SERVICES.cryptographic,
] as const;

export interface WindowsBuild {
  build: number;
  name: string;
  source: string;
}

/** Builds the workflows decide on. */
export const BUILDS = {
  /** Windows 10 1607: first build whose Setup honours ReflectDrivers (and SetupConfig.ini). */
  reflectDrivers: {
    build: 14393,
    name: 'Windows 10 version 1607',
    source:
      'DavidXanatos/DiskCryptor DCrypt/dcapi/w10.c is_w10_reflect_supported ("starting from Windows 10 1607 (Build 14393), ReflectDrivers in Setupconfig.ini is supported"); https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-command-line-options',
  },
  windows11: {
    build: 22000,
    name: 'Windows 11 version 21H2',
    source: 'https://learn.microsoft.com/windows/release-health/windows11-release-information',
  },
} as const satisfies Record<string, WindowsBuild>;

/** ReflectDrivers/SetupConfig.ini apply (DiskCryptor's own test: major ≥ 10 and build ≥ 14393). */
export function supportsSetupConfigReflect(major: number, build: number): boolean {
  return major >= 10 && build >= BUILDS.reflectDrivers.build;
}

export function isWindows11(major: number, build: number): boolean {
  return major >= 10 && build >= BUILDS.windows11.build;
}

/** Microsoft's in-place upgrade tool for a build: its name and the page it is downloaded from. */
export interface UpgradeAssistant {
  /** Its full name, as Microsoft's download page gives it. */
  name: string;
  /** The short name instructions use ("the Installation Assistant"). */
  short: string;
  url: string;
}

const WINDOWS_10_ASSISTANT: UpgradeAssistant = {
  name: 'Windows 10 Update Assistant',
  short: 'Update Assistant',
  url: 'https://www.microsoft.com/software-download/windows10',
};
const WINDOWS_11_ASSISTANT: UpgradeAssistant = {
  name: 'Windows 11 Installation Assistant',
  short: 'Installation Assistant',
  url: 'https://www.microsoft.com/software-download/windows11',
};

/**
 * Windows 11 (build ≥ 22000) upgrades with the "Windows 11 Installation Assistant", Windows 10
 * with the "Update Assistant" (rule assistant-by-build). An unknown build gets the Windows 10
 * tool's page, as before; callers word the step neutrally then (`upgradeAssistantWording`).
 */
export function upgradeAssistantFor(build: number | null): UpgradeAssistant {
  return build !== null && isWindows11(10, build) ? WINDOWS_11_ASSISTANT : WINDOWS_10_ASSISTANT;
}

/** The download pages for a build: its assistant's, or both when the build is unknown. */
export function upgradeAssistantPages(build: number | null): UpgradeAssistant[] {
  return build !== null && build > 0
    ? [upgradeAssistantFor(build)]
    : [WINDOWS_10_ASSISTANT, WINDOWS_11_ASSISTANT];
}

/** How a step names the tool when the build may be unknown (a run without a readable OS). */
export function upgradeAssistantWording(build: number | null): UpgradeAssistant {
  if (build !== null && build > 0) return upgradeAssistantFor(build);
  return {
    name: 'Windows Update Assistant (Windows 10) or Installation Assistant (Windows 11)',
    short: 'Update Assistant (Windows 10) or Installation Assistant (Windows 11)',
    url: WINDOWS_10_ASSISTANT.url,
  };
}
