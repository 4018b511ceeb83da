import { describe, it, expect } from 'vitest';
import {
  mergePrograms,
  splitCommandLine,
  uninstallArgv,
} from '../../../electron/system/windows/programs';

describe('splitCommandLine', () => {
  it('splits a quoted program path with spaces', () => {
    expect(splitCommandLine('"C:\\Program Files\\dcrypt\\unins000.exe"')).toEqual([
      'C:\\Program Files\\dcrypt\\unins000.exe',
    ]);
    expect(splitCommandLine('"C:\\Users\\u\\Uninstall ZCode.exe" /currentuser')).toEqual([
      'C:\\Users\\u\\Uninstall ZCode.exe',
      '/currentuser',
    ]);
  });

  it('takes an unquoted path up to .exe as the program', () => {
    expect(splitCommandLine('C:\\Program Files\\Foo Bar\\uninst.exe /S _?=C:\\x')).toEqual([
      'C:\\Program Files\\Foo Bar\\uninst.exe',
      '/S',
      '_?=C:\\x',
    ]);
    expect(splitCommandLine('MsiExec.exe /X{675A6D5C-FF5A-11EF-AEA3-1967AD678D6D}')).toEqual([
      'MsiExec.exe',
      '/X{675A6D5C-FF5A-11EF-AEA3-1967AD678D6D}',
    ]);
  });

  it('handles quoted arguments and backslashes before quotes', () => {
    expect(splitCommandLine('a.exe "x y" "q\\"z" c:\\d\\')).toEqual([
      'a.exe',
      'x y',
      'q"z',
      'c:\\d\\',
    ]);
    expect(splitCommandLine('  ')).toEqual([]);
  });
});

describe('uninstallArgv', () => {
  it('adds /SILENT /NORESTART to Inno Setup uninstallers once', () => {
    expect(uninstallArgv(['C:\\Program Files\\dcrypt\\unins000.exe'])).toEqual({
      file: 'C:\\Program Files\\dcrypt\\unins000.exe',
      args: ['/SILENT', '/NORESTART'],
    });
    expect(uninstallArgv(['C:\\x\\unins001.exe', '/VERYSILENT'])!.args).toEqual([
      '/VERYSILENT',
      '/NORESTART',
    ]);
  });

  it('turns an MSI repair (/I) into a removal (/X) and adds /norestart', () => {
    expect(uninstallArgv(['MsiExec.exe', '/I{ABC}'])).toEqual({
      file: 'msiexec.exe',
      args: ['/X{ABC}', '/norestart'],
    });
  });

  it('passes other uninstallers through and refuses an empty command', () => {
    expect(uninstallArgv(['C:\\x\\Uninstall ZCode.exe', '/currentuser'])).toEqual({
      file: 'C:\\x\\Uninstall ZCode.exe',
      args: ['/currentuser'],
    });
    expect(uninstallArgv([])).toBeNull();
  });
});

describe('mergePrograms', () => {
  it('merges both views, drops duplicates, sorts by name; null only when nothing was read', () => {
    const a = [
      { name: 'VeraCrypt', version: '1.26.7' },
      { name: 'DiskCryptor 1.1.846.118', version: '1.1.846.118' },
    ];
    const b = [{ name: 'VeraCrypt', version: '1.26.7' }];
    expect(mergePrograms(a, b)!.map((p) => p.name)).toEqual([
      'DiskCryptor 1.1.846.118',
      'VeraCrypt',
    ]);
    expect(mergePrograms(null, b)).toEqual(b);
    expect(mergePrograms(null, null)).toBeNull();
  });
});
