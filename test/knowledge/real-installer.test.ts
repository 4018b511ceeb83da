/**
 * The detector against the real DiskCryptor 1.1.846.118 installer (never committed: it is
 * DavidXanatos/DiskCryptor ntldr/1.1.846.118/dcrypt_setup.exe). Runs when the file is at
 * $WSOPS_REAL_DCRYPT_SETUP or ../shared/fixtures/dcrypt_setup-1.1.846.118.exe; skips otherwise.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISKCRYPTOR_RELEASES } from '../../electron/knowledge/diskcryptor';
import { makePracticeInstaller } from '../../electron/system/emulator/practice-installer';
import { checkDiskCryptorInstaller } from '../../electron/system/windows/installer-check';
import { peInfoFromBuffer, readPeInfo } from '../../electron/system/windows/pe-info';
import { windowsUpdateDiskCryptor } from '../../electron/workflows/windows-update-diskcryptor';
import { runToEnd } from '../helpers/cli';
import { checkExports, practice, readMachine, step } from '../workflows/helpers';

const candidates = [
  process.env.WSOPS_REAL_DCRYPT_SETUP,
  path.resolve(__dirname, '../../../shared/fixtures/dcrypt_setup-1.1.846.118.exe'),
].filter((p): p is string => !!p);
const real = candidates.find((p) => fs.existsSync(p));
const r846 = DISKCRYPTOR_RELEASES.find((r) => r.version === '1.1.846.118')!;

describe.skipIf(!real)(
  'the real dcrypt_setup.exe 1.1.846.118 (runs only with $WSOPS_REAL_DCRYPT_SETUP or ../shared/fixtures/dcrypt_setup-1.1.846.118.exe)',
  () => {
    it('is the published file', () => {
      const bytes = fs.readFileSync(real!);
      expect(bytes.byteLength).toBe(r846.installer.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(r846.installer.sha256);
    });

    it('reads as ProductName DiskCryptor, FileVersion 1.1.846.118, ProductVersion 1.1, Inno 5.4.2, signed', async () => {
      const pe = await readPeInfo(real!);
      expect(pe.isPe).toBe(true);
      expect(pe.version).toMatchObject({
        productName: 'DiskCryptor',
        fileVersion: '1.1.846.118',
        productVersion: '1.1',
        fixedFileVersion: '1.1.846.118',
      });
      expect(pe.inno).toEqual({
        offsetTableVersion: 1,
        tableCrcOk: true,
        setupDataVersion: '5.4.2',
        unicode: true,
      });
      expect(pe.authenticode).toMatchObject({ present: true, certificateType: 2 });
    });

    it('passes the installer check for driver 1.1.846.118 and is byte-identical to the published file', async () => {
      const c = await checkDiskCryptorInstaller(real!, { driverVersion: '1.1.846.118' });
      expect(c.problems).toEqual([]);
      expect(c.notes.join('\n')).toMatch(/byte-identical/);
    });

    it('reads exactly like its practice installer', async () => {
      const realPe = await readPeInfo(real!);
      const practice = await peInfoFromBuffer(makePracticeInstaller(r846));
      const pick = (p: typeof realPe) => ({
        version: {
          productName: p.version?.productName,
          fileVersion: p.version?.fileVersion,
          productVersion: p.version?.productVersion,
          fixedFileVersion: p.version?.fixedFileVersion,
          fileDescription: p.version?.fileDescription,
          companyName: p.version?.companyName,
        },
        inno: p.inno,
        signed: p.authenticode?.present,
      });
      expect(pick(practice)).toEqual(pick(realPe));
    });

    it('the flagship on a practice machine whose Downloads holds the real dcrypt_setup.exe ends with exit 0, DiskCryptor back and its driver running', () => {
      const { machine, env, c } = practice('diskcryptor-1709', 50);
      // The real file under its real name, where a person keeps it: recognised by its content.
      const downloads = c('Users', 'dev', 'Downloads', 'dcrypt_setup.exe');
      fs.copyFileSync(real!, downloads);
      const { last } = runToEnd(['windows-update-diskcryptor', '--machine', machine], env);
      expect(last.code, last.stderr).toBe(0);
      const after = readMachine(machine);
      expect(after.programs.find((p: { name: string }) => p.name === 'DiskCryptor')).toMatchObject({
        version: '1.1.846.118',
      });
      expect(after.services.dcrypt).toMatchObject({ state: 'running', startType: 'boot' });
      const log = checkExports(env, windowsUpdateDiskCryptor);
      const record = step(log, 'record-version').action!;
      expect(record.summary).toContain('C:\\Users\\dev\\Downloads\\dcrypt_setup.exe');
      expect(record.summary).toContain(`SHA-256 ${r846.installer.sha256!.slice(0, 16)}`);
      expect(step(log, 'reinstall-diskcryptor').status).toBe('done');
    });
  },
);
