/**
 * Issue 11 point 4: console output is decoded with the machine's OEM code page (rule
 * console-oem-codepage). A French Windows (cp850) prints "État de la protection : Protection
 * activée"; read as Windows-1252 or UTF-8 that is "\u0090tat … activ‚e" and BitLocker's state is
 * lost. The emulator writes in the machine's code page; the runner reads it from OEMCP.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import iconv from 'iconv-lite';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { EmulatedMachine } from '../../electron/system/emulator/machine';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import { decodeText } from '../../electron/system/windows/text';
import { parseManageBdeStatus } from '../../electron/system/windows/parse-manage-bde';
import { manageBdeStatusFr } from '../../electron/system/emulator/formats';
import { parseOemCodePage } from '../../electron/system/command-runner';
import { tempDir } from '../helpers/cli';

const frOn = manageBdeStatusFr([
  {
    volume: 'C:',
    label: 'OS',
    os: true,
    sizeGb: 237.87,
    encrypted: true,
    percent: 100,
    protection: 'on',
  },
]);

describe('OEM code page decoding', () => {
  it('reads French manage-bde as "on" only when decoded as cp850', () => {
    const bytes = iconv.encode(frOn, 'cp850');
    expect(parseManageBdeStatus(decodeText(bytes))?.[0]?.protection).toBe('unknown');
    expect(parseManageBdeStatus(decodeText(bytes, 850))).toEqual([
      { volume: 'C:', protection: 'on', percentEncrypted: 100 },
    ]);
  });

  it('decodes cp932 and cp437, and leaves UTF-16 and ASCII alone', () => {
    expect(decodeText(iconv.encode('ボリューム C:', 'cp932'), 932)).toBe('ボリューム C:');
    expect(decodeText(iconv.encode('Größe', 'cp437'), 437)).toBe('Größe');
    const utf16 = Buffer.from('\ufeffHKEY_LOCAL_MACHINE\\é', 'utf16le');
    expect(decodeText(utf16, 850)).toBe('HKEY_LOCAL_MACHINE\\é');
    expect(decodeText(Buffer.from('SERVICE_NAME: bits'), 850)).toBe('SERVICE_NAME: bits');
  });

  it('reads OEMCP from reg query', () => {
    const out =
      '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage\r\n    OEMCP    REG_SZ    850\r\n\r\n';
    expect(parseOemCodePage(out)).toBe(850);
    expect(parseOemCodePage('    OEMCP    REG_SZ    99999\r\n')).toBeNull();
  });

  it('a French practice PC in cp850: the real host reads BitLocker protection on', async () => {
    const dir = path.join(tempDir('wsops-realpc-'), 'pc');
    await initPracticeMachine(dir, { files: 5, scenario: 'bitlocker-11' });
    new EmulatedMachine(dir).update(null, (p) => {
      p.locale = { language: 'fr-FR', oemCodePage: 850 };
    });
    const { host } = createPracticeHost(dir);
    const enc = await host.encryption();
    expect(enc.bitlocker?.find((v) => v.volume === 'C:')?.protection).toBe('on');
  });
});
