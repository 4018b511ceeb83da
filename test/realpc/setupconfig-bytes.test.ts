/**
 * Issue 11 point 4: SetupConfig.ini is edited byte for byte on the lines that change. DiskCryptor
 * writes it with WritePrivateProfileStringW (UTF-16 LE with a BOM when the file is Unicode, the
 * ANSI code page when it creates it); every other key keeps its bytes. Through the practice
 * machine's elevated helper (op remove-setupconfig-keys), and for the host's no-helper path.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { EmulatedMachine } from '../../electron/system/emulator/machine';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { setupConfigWithoutLeftovers } from '../../electron/system/windows/fs-ops';
import { SETUPCONFIG_INI } from '../../electron/system/windows/commands';
import { tempDir } from '../helpers/cli';

const KEEP_BEFORE = '[SetupConfig]\r\nPriority=Normal\r\n';
const REMOVED =
  'ReflectDrivers="C:\\Program Files\\dcrypt"\r\nPostOOBE=C:\\Program Files\\dcrypt\\PostOOBE.cmd\r\n';
const KEEP_AFTER = 'InstallLangPacks=C:\\Données\\Sprachpakete ÿ\r\n; commentaire é\r\n';

describe('SetupConfig.ini keeps its bytes', () => {
  it('UTF-16 LE with a BOM, through the elevated helper', async () => {
    const dir = path.join(tempDir('wsops-realpc-'), 'pc');
    await initPracticeMachine(dir, { files: 5 });
    const m = new EmulatedMachine(dir);
    const file = m.toLocal(SETUPCONFIG_INI);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const bom = Buffer.from([0xff, 0xfe]);
    const u16 = (s: string) => Buffer.from(s, 'utf16le');
    fs.writeFileSync(file, Buffer.concat([bom, u16(KEEP_BEFORE), u16(REMOVED), u16(KEEP_AFTER)]));
    const { host } = createPracticeHost(dir);
    const r = await host.removeSetupConfigKeys();
    expect(r.removed).toEqual(['ReflectDrivers', 'PostOOBE']);
    expect(
      fs.readFileSync(file).equals(Buffer.concat([bom, u16(KEEP_BEFORE), u16(KEEP_AFTER)])),
    ).toBe(true);
  });

  it('an ANSI (cp1252) file stays cp1252; a stray odd byte of UTF-16 stays', () => {
    const ansi = (s: string) => iconv.encode(s, 'win1252');
    const fixed = setupConfigWithoutLeftovers(
      Buffer.concat([ansi(KEEP_BEFORE), ansi(REMOVED), ansi(KEEP_AFTER)]),
    );
    expect(fixed.bytes.equals(Buffer.concat([ansi(KEEP_BEFORE), ansi(KEEP_AFTER)]))).toBe(true);

    const odd = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(KEEP_BEFORE + REMOVED, 'utf16le'),
      Buffer.from([0x41]),
    ]);
    expect(
      setupConfigWithoutLeftovers(odd).bytes.equals(
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(KEEP_BEFORE, 'utf16le'),
          Buffer.from([0x41]),
        ]),
      ),
    ).toBe(true);
  });
});
