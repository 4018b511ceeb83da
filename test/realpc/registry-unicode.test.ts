/**
 * Issue 11 point 4: the registry is read in a form that keeps non-ASCII install folders. `reg
 * query` prints in the console's OEM code page, where a folder named outside it (Japanese on a
 * cp437 PC) turns into '?'; `reg export` writes UTF-16.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { EmulatedMachine } from '../../electron/system/emulator/machine';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { parseRegExport, programsFromKeys } from '../../electron/system/windows/parse-reg';
import { tempDir } from '../helpers/cli';

describe('installed programs with non-ASCII folders', () => {
  it('the real host reads DiskCryptor in "C:\\Program Files\\暗号化 dcrypt" on a cp437 PC', async () => {
    const dir = path.join(tempDir('wsops-realpc-'), 'pc');
    await initPracticeMachine(dir, { files: 5 });
    const folder = 'C:\\Program Files\\暗号化 dcrypt';
    new EmulatedMachine(dir).update(null, (p) => {
      p.programs[0]!.installDir = folder;
    });
    const { host } = createPracticeHost(dir);
    const dc = (await host.programs())?.find((p) => /DiskCryptor/.test(p.name));
    expect(dc?.installDir).toBe(folder);
    expect(dc?.uninstallString).toContain(folder);
  });

  it('parses a reg export file: escapes, dword, hex(2) with continuation lines', () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\X_is1]',
      '"DisplayName"="Ünïcødé \\"X\\""',
      '"Inno Setup: App Path"="C:\\\\Program Files\\\\Ü"',
      '"EstimatedSize"=dword:00000400',
      '"InstallLocation"=hex(2):43,00,3a,00,5c,00,\\',
      '  dc,00,00,00',
      '',
    ].join('\r\n');
    const keys = parseRegExport(text)!;
    expect(keys[0]!.values).toEqual([
      { name: 'DisplayName', type: 'REG_SZ', data: 'Ünïcødé "X"' },
      { name: 'Inno Setup: App Path', type: 'REG_SZ', data: 'C:\\Program Files\\Ü' },
      { name: 'EstimatedSize', type: 'REG_DWORD', data: '0x400' },
      { name: 'InstallLocation', type: 'REG_EXPAND_SZ', data: 'C:\\Ü' },
    ]);
    expect(programsFromKeys(keys)?.[0]).toMatchObject({ name: 'Ünïcødé "X"', installDir: 'C:\\Ü' });
    expect(parseRegExport('garbage')).toBeNull();
  });
});
