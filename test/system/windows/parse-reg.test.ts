import { describe, it, expect } from 'vitest';
import {
  dwordOf,
  parseRegQuery,
  parseServiceKey,
  parseUninstallPrograms,
  valueOf,
} from '../../../electron/system/windows/parse-reg';
import { fixture } from './fixtures';

describe('parseRegQuery', () => {
  it('splits keys and values, keeping empty REG_SZ values and REG_DWORD data', () => {
    const [key] = parseRegQuery(fixture('reg-query', 'es-checkmk-wow64-uninstall.txt'))!;
    expect(key!.key).toBe(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{675A6D5C-FF5A-11EF-AEA3-1967AD678D6D}',
    );
    expect(key!.values).toHaveLength(24);
    expect(valueOf(key!, 'Comments')).toEqual({ name: 'Comments', type: 'REG_SZ', data: '' });
    expect(valueOf(key!, 'HelpLink')?.type).toBe('REG_EXPAND_SZ');
    expect(dwordOf(valueOf(key!, 'EstimatedSize'))).toBe(0x4eaf9);
  });

  it('keeps value names with spaces and translated names', () => {
    const [key] = parseRegQuery(fixture('reg-query', 'zh-default-value.txt'))!;
    expect(key!.values[0]).toEqual({
      name: '(默认)',
      type: 'REG_SZ',
      data: '"C:\\Users\\user\\AppData\\Local\\Programs\\ZCode\\ZCode.exe" "%1"',
    });
    const inno = parseRegQuery(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\X\\Uninstall\\Foo_is1\r\n    Inno Setup: App Path    REG_SZ    C:\\Program Files\\Foo\r\n',
    )!;
    expect(valueOf(inno[0]!, 'Inno Setup: App Path')?.data).toBe('C:\\Program Files\\Foo');
  });

  it('returns null for error text and garbage', () => {
    expect(
      parseRegQuery(
        'ERROR: The system was unable to find the specified registry key or value.\r\n',
      ),
    ).toBeNull();
    expect(parseRegQuery('')).toBeNull();
    expect(parseRegQuery('    DisplayName    REG_SZ    orphan value without a key')).toBeNull();
  });
});

describe('parseUninstallPrograms', () => {
  it('reads an MSI entry from the WOW6432Node view', () => {
    expect(parseUninstallPrograms(fixture('reg-query', 'es-checkmk-wow64-uninstall.txt'))).toEqual([
      {
        name: 'Check MK Agent 2.1',
        version: '2.1.0.50010',
        uninstallString: 'MsiExec.exe /X{675A6D5C-FF5A-11EF-AEA3-1967AD678D6D}',
        publisher: 'tribe29 GmbH',
      },
    ]);
  });

  it('reads several keys (CRLF), an entry without version, quoted uninstall strings', () => {
    const programs = parseUninstallPrograms(fixture('reg-query', 'zcode-hkcu-uninstall.txt'));
    expect(programs).toEqual([
      {
        name: 'ZCode 3.14.4',
        version: '3.14.4',
        uninstallString:
          '"C:\\Users\\user\\AppData\\Local\\Programs\\ZCode\\Uninstall ZCode.exe" /currentuser',
        publisher: 'ZCode',
      },
      {
        name: 'Netcatty 1.1.79',
        version: '',
        uninstallString:
          '"C:\\Users\\user\\AppData\\Local\\Programs\\Netcatty\\Uninstall Netcatty.exe" /currentuser',
      },
    ]);
  });

  it('uses Inno Setup: App Path when InstallLocation is absent, and skips entries without DisplayName', () => {
    const text = [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\DiskCryptor_is1',
      '    Inno Setup: App Path    REG_SZ    C:\\Program Files\\dcrypt',
      '    DisplayName    REG_SZ    DiskCryptor 1.1.846.118',
      '    DisplayVersion    REG_SZ    1.1.846.118',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\KB123',
      '    ParentKeyName    REG_SZ    OperatingSystem',
    ].join('\r\n');
    expect(parseUninstallPrograms(text)).toEqual([
      {
        name: 'DiskCryptor 1.1.846.118',
        version: '1.1.846.118',
        installDir: 'C:\\Program Files\\dcrypt',
      },
    ]);
  });

  it('is null, not empty, when the text is not reg output', () => {
    expect(parseUninstallPrograms('Zugriff verweigert')).toBeNull();
  });
});

describe('parseServiceKey', () => {
  it('reads Start, ImagePath and DisplayName of a service key', () => {
    expect(parseServiceKey(fixture('reg-query', 'dnscrypt-service-key.txt'))).toEqual({
      start: 'auto',
      imagePath:
        'C:\\Users\\Bruno\\LocalDnsApps\\dnscrypt-proxy\\dnscrypt-proxy.exe -config dnscrypt-proxy.toml',
      displayName: 'DNSCrypt client proxy',
      pendingDelete: false,
    });
  });

  it('reads the DiskCryptor boot driver key (Start 0, DeleteFlag)', () => {
    const text = [
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\dcrypt',
      '    Type    REG_DWORD    0x1',
      '    Start    REG_DWORD    0x0',
      '    DeleteFlag    REG_DWORD    0x1',
    ].join('\r\n');
    expect(parseServiceKey(text)).toEqual({ start: 'boot', pendingDelete: true });
  });

  it('is null when the key is absent', () => {
    expect(
      parseServiceKey('ERROR: The system was unable to find the specified registry key or value.'),
    ).toBeNull();
  });
});
