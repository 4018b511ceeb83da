import { describe, it, expect } from 'vitest';
import { parseSystemInfo } from '../../../electron/system/windows/parse-systeminfo';
import { crlf, fixture } from './fixtures';

describe('parseSystemInfo', () => {
  it.each([
    ['en-win11-23h2.txt', 'Microsoft Windows 11 Enterprise', '10.0.22631', 22631],
    ['en-win10-22h2.txt', 'Microsoft Windows 10 Enterprise', '10.0.19045', 19045],
    ['es-win10-1809.txt', 'Microsoft Windows 10 Education', '10.0.17763', 17763],
    [
      'ru-server2012r2.txt',
      'Майкрософт Ознакомительная версия Windows Server 2012 R2 Standard',
      '6.3.9600',
      9600,
    ],
  ])('%s', (name, caption, version, build) => {
    expect(parseSystemInfo(fixture('systeminfo', name))).toEqual({ caption, version, build });
  });

  it('finds 1709 (build 16299) under any label, with CRLF', () => {
    const text = crlf(
      'Nom de l’hôte:   PC\nNom du système d’exploitation:   Microsoft Windows 10 Professionnel\nVersion du système:   10.0.16299 N/A version 16299\n',
    );
    expect(parseSystemInfo(text)).toEqual({
      caption: 'Microsoft Windows 10 Professionnel',
      version: '10.0.16299',
      build: 16299,
    });
  });

  it('does not take a dotted date for the version', () => {
    expect(parseSystemInfo('Install Date:   17.04.2020, 12:02:40\n')).toBeNull();
  });

  it('is null for garbage', () => {
    expect(parseSystemInfo('')).toBeNull();
    expect(parseSystemInfo('ERROR: Access denied')).toBeNull();
  });
});
