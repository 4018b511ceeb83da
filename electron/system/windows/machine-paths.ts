/**
 * The Windows folders the host and the elevated helper touch, computed from the machine itself:
 * %SystemRoot%, %SystemDrive%, %ProgramData%, %ProgramFiles% and the ProfileList `Default`
 * profile (where SetupConfig.ini lives) — electron/knowledge/windows.ts has the rules. Never a
 * hard-coded `C:\`. The workflows still name the documented default locations (`C:\Windows\…`),
 * so a machine laid out differently (Windows on D:) is refused with one clear sentence instead of
 * being half-handled.
 */
import {
  PROFILE_LIST_KEY,
  bitsQueueDir,
  catroot2Dir,
  defaultDiskCryptorDir,
  expandEnv,
  setupConfigIniPath,
  softwareDistributionDir,
  type WindowsEnvironment,
} from '../../knowledge/windows';
import type { Argv } from './commands';
import { splitLines } from './text';

export interface MachinePaths {
  environment: WindowsEnvironment;
  /** %ProgramFiles(x86)% (absent on 32-bit Windows: then the same as ProgramFiles). */
  programFilesX86: string;
  setupConfigIni: string;
  softwareDistribution: string;
  catroot2: string;
  bitsDownloader: string;
  diskCryptorDir: string;
}

/** `reg query "HKLM\…\ProfileList" /v Default`: REG_EXPAND_SZ, usually %SystemDrive%\Users\Default. */
export const profileListDefaultArgv = (): Argv => ({
  file: 'reg.exe',
  args: ['query', PROFILE_LIST_KEY, '/v', 'Default', '/reg:64'],
});

/** The `Default` value of a `reg query … /v Default` answer, expanded; null when absent. */
export function parseProfileListDefault(stdout: string, env: NodeJS.ProcessEnv): string | null {
  for (const line of splitLines(stdout)) {
    const m = /^\s+Default\s+REG_(?:EXPAND_)?SZ\s+(.+?)\s*$/i.exec(line);
    if (m) return expandEnv(m[1]!, envVars(env));
  }
  return null;
}

function envVars(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** Case-insensitive lookup: Windows environment names are. */
function envOf(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}

/**
 * The machine's folders. A variable that is not set falls back to Windows' documented default on
 * the system drive (and the system drive to the drive of %SystemRoot%).
 */
export function machinePaths(
  env: NodeJS.ProcessEnv,
  profileListDefault: string | null,
): MachinePaths {
  const systemRoot = (envOf(env, 'SystemRoot') ?? envOf(env, 'windir') ?? 'C:\\Windows').replace(
    /\\+$/,
    '',
  );
  const systemDrive = (envOf(env, 'SystemDrive') ?? systemRoot.slice(0, 2)).toUpperCase();
  const programFiles =
    envOf(env, 'ProgramW6432') ?? envOf(env, 'ProgramFiles') ?? `${systemDrive}\\Program Files`;
  const environment: WindowsEnvironment = {
    systemRoot,
    systemDrive,
    programData: envOf(env, 'ProgramData') ?? `${systemDrive}\\ProgramData`,
    programFiles,
    profileListDefault,
    profilesDirectory: null,
  };
  return {
    environment,
    programFilesX86: envOf(env, 'ProgramFiles(x86)') ?? `${systemDrive}\\Program Files (x86)`,
    setupConfigIni: setupConfigIniPath(environment),
    softwareDistribution: softwareDistributionDir(environment),
    catroot2: catroot2Dir(environment),
    bitsDownloader: bitsQueueDir(environment),
    diskCryptorDir: defaultDiskCryptorDir(environment),
  };
}

/** The layout the workflows are written for (Windows' defaults on C:). */
export const STANDARD_PATHS: MachinePaths = machinePaths(
  {
    SystemRoot: 'C:\\Windows',
    SystemDrive: 'C:',
    ProgramData: 'C:\\ProgramData',
    ProgramFiles: 'C:\\Program Files',
    'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  },
  'C:\\Users\\Default',
);

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Why this machine cannot be changed by the workflows (their paths are the C: defaults), or null.
 * Reads still work: they find nothing at the default paths and answer "unknown".
 */
export function layoutError(p: MachinePaths): string | null {
  const differs: string[] = [];
  const s = STANDARD_PATHS;
  if (!same(p.environment.systemRoot, s.environment.systemRoot))
    differs.push(`Windows is installed in ${p.environment.systemRoot}`);
  if (!same(p.environment.programData, s.environment.programData))
    differs.push(`ProgramData is ${p.environment.programData}`);
  if (!same(p.setupConfigIni, s.setupConfigIni))
    differs.push(`the Default profile is ${p.setupConfigIni.replace(/\\AppData\\.*$/i, '')}`);
  if (differs.length === 0) return null;
  return `${differs.join(', ')}: Workstation Ops only changes Windows installed in C:\\Windows with the default folders so far, so nothing was changed. Follow the steps by hand for this PC.`;
}
