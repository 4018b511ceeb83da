import { describe, expect, it } from 'vitest';
import {
  BUILDS,
  defaultProfileDir,
  expandEnv,
  isWindows11,
  setupConfigIniPath,
  softwareDistributionDownloadDir,
  supportsSetupConfigReflect,
  bitsQueueDir,
  dcryptSysPath,
  winJoin,
  type WindowsEnvironment,
} from '../../electron/knowledge/windows';

const env: WindowsEnvironment = {
  systemRoot: 'D:\\WINNT',
  systemDrive: 'D:',
  programData: 'D:\\ProgramData',
  programFiles: 'D:\\Program Files',
  profileListDefault: null,
  profilesDirectory: null,
};

describe('Windows paths follow the machine, not C:\\Windows', () => {
  it('builds SetupConfig.ini from ProfileList Default when it is known', () => {
    expect(setupConfigIniPath({ ...env, profileListDefault: 'E:\\Profiles\\Default' })).toBe(
      'E:\\Profiles\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini',
    );
  });

  it('falls back to ProfilesDirectory\\Default, then %SystemDrive%\\Users\\Default', () => {
    expect(defaultProfileDir({ ...env, profilesDirectory: 'F:\\Users' })).toBe(
      'F:\\Users\\Default',
    );
    expect(setupConfigIniPath(env)).toBe(
      'D:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini',
    );
  });

  it('derives the other folders from %SystemRoot% and %ProgramData%', () => {
    expect(softwareDistributionDownloadDir(env)).toBe('D:\\WINNT\\SoftwareDistribution\\Download');
    expect(bitsQueueDir(env)).toBe('D:\\ProgramData\\Microsoft\\Network\\Downloader');
    expect(dcryptSysPath(env)).toBe('D:\\WINNT\\System32\\drivers\\dcrypt.sys');
  });

  it('expands REG_EXPAND_SZ values case-insensitively and leaves unknown variables', () => {
    expect(expandEnv('%SystemDrive%\\Users\\Default', { SYSTEMDRIVE: 'C:' })).toBe(
      'C:\\Users\\Default',
    );
    expect(expandEnv('%NOPE%\\x', {})).toBe('%NOPE%\\x');
    expect(winJoin('C:\\', '\\Windows\\', 'System32')).toBe('C:\\Windows\\System32');
  });
});

describe('builds', () => {
  it('ReflectDrivers from 1607 (14393), Windows 11 from 22000', () => {
    expect(BUILDS.reflectDrivers.build).toBe(14393);
    expect(supportsSetupConfigReflect(10, 14392)).toBe(false);
    expect(supportsSetupConfigReflect(10, 14393)).toBe(true);
    expect(supportsSetupConfigReflect(6, 20000)).toBe(false);
    expect(isWindows11(10, 19045)).toBe(false);
    expect(isWindows11(10, 22000)).toBe(true);
  });
});
