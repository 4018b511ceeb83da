/**
 * Issue 10 point 5: VeraCrypt system encryption on a real PC, told from the veracrypt driver's
 * start type (rule veracrypt-system-boot-start) through WindowsRealHost, and never "not encrypted"
 * while the driver cannot be read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootEncryptor, veraCryptSystemAnswer } from '../../electron/system/windows/encryption';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';
import type { ServiceInfo } from '../../electron/system/ports';

const vc = (state: ServiceInfo['state'], startType: ServiceInfo['startType']): ServiceInfo => ({
  name: 'veracrypt',
  state,
  startType,
});
const noBitLocker = [{ volume: 'C:', protection: 'off' as const, percentEncrypted: 0 }];

describe('veraCryptSystemAnswer / bootEncryptor', () => {
  it('boot-start driver: veracrypt, whatever it runs as', () => {
    for (const state of ['running', 'stopped'] as const)
      expect(
        bootEncryptor(noBitLocker, 'not_encrypted', veraCryptSystemAnswer(vc(state, 'boot'))),
      ).toBe('veracrypt');
  });

  it('system-start (installed, no system encryption) or no driver: nobody', () => {
    expect(
      bootEncryptor(noBitLocker, 'not_encrypted', veraCryptSystemAnswer(vc('running', 'system'))),
    ).toBeNull();
    expect(
      bootEncryptor(noBitLocker, 'not_encrypted', veraCryptSystemAnswer(vc('missing', 'unknown'))),
    ).toBeNull();
  });

  it('a driver that could not be read is unknown, never "not encrypted"', () => {
    for (const d of [null, vc('unknown', 'unknown'), vc('running', 'unknown')])
      expect(bootEncryptor(noBitLocker, 'not_encrypted', veraCryptSystemAnswer(d))).toBe('unknown');
  });

  it('DiskCryptor and BitLocker answers still come first', () => {
    const boot = veraCryptSystemAnswer(vc('running', 'boot'));
    expect(bootEncryptor(noBitLocker, 'encrypted', boot)).toBe('diskcryptor');
    expect(
      bootEncryptor([{ volume: 'C:', protection: 'on', percentEncrypted: 100 }], 'unknown', boot),
    ).toBe('bitlocker');
  });
});

describe('WindowsRealHost.encryption() on the emulator', () => {
  async function host(
    edit?: (m: {
      encryption: { bootVolumeEncryptedBy: unknown };
      services: Record<string, { startType: string }>;
    }) => void,
  ) {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-vc-')), 'm');
    await initPracticeMachine(dir, { files: 0, scenario: 'veracrypt-system' });
    if (edit) {
      const f = path.join(dir, 'machine.json');
      const m = JSON.parse(fs.readFileSync(f, 'utf8'));
      edit(m);
      fs.writeFileSync(f, JSON.stringify(m));
    }
    return createPracticeHost(dir).host;
  }

  it('veracrypt-system reads as veracrypt through sc qc veracrypt', async () => {
    expect((await (await host()).encryption()).bootVolumeEncryptedBy).toBe('veracrypt');
  });

  it('VeraCrypt installed without system encryption (system start) reads as nobody', async () => {
    const h = await host((m) => {
      m.encryption.bootVolumeEncryptedBy = null;
      m.services.veracrypt!.startType = 'system';
    });
    expect((await h.encryption()).bootVolumeEncryptedBy).toBeNull();
  });
});
