/**
 * checkDiskCryptorInstaller on files in a temp dir: the right installer, another version's, an
 * HTML page saved as .exe, a 0-byte file, a program that is not Inno Setup, a doctored copy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISKCRYPTOR_RELEASES,
  type DiskCryptorRelease,
} from '../../electron/knowledge/diskcryptor';
import {
  makeEmptyFile,
  makeHtmlErrorPage,
  makePracticeInstaller,
} from '../../electron/system/emulator/practice-installer';
import {
  checkDiskCryptorInstaller,
  findInstallerCandidates,
  isInstallerName,
  rankInstallerCandidates,
} from '../../electron/system/windows/installer-check';

function release(v: string): DiskCryptorRelease {
  return DISKCRYPTOR_RELEASES.find((x) => x.version === v)!;
}

let dir: string;
function put(name: string, data: Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-installer-check-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const EXPECT_846 = { driverVersion: '1.1.846.118' };

describe('checkDiskCryptorInstaller', () => {
  it('accepts the installer of the installed driver and states the signature', async () => {
    const p = put('dcrypt_setup.exe', makePracticeInstaller(release('1.1.846.118')));
    const c = await checkDiskCryptorInstaller(p, EXPECT_846);
    expect(c.problems).toEqual([]);
    expect(c.ok).toBe(true);
    expect(c.facts).toMatchObject({
      pe: true,
      inno: true,
      innoSetupDataVersion: '5.4.2',
      productName: 'DiskCryptor',
      fileVersion: '1.1.846.118',
      productVersion: '1.1',
      signed: true,
      ascFile: null,
      matchingReleases: ['1.1.846.118'],
    });
    expect(c.notes.join('\n')).toMatch(
      /Authenticode signature \(its presence was checked, not its validity\)/,
    );
    expect(c.notes.join('\n')).toMatch(/not byte-identical to the published/);
  });

  it('reports a PGP .asc lying next to the file', async () => {
    const p = put(
      'asc/dcrypt_setup.exe'.replace('/', '-'),
      makePracticeInstaller(release('1.1.846.118')),
    );
    fs.writeFileSync(
      `${p}.asc`,
      '-----BEGIN PGP SIGNATURE-----\n\niQEcBAAB\n-----END PGP SIGNATURE-----\n',
    );
    const c = await checkDiskCryptorInstaller(p, EXPECT_846);
    expect(c.facts.ascFile).toBe(`${p}.asc`);
    expect(c.notes.join('\n')).toMatch(/PGP signature .*\.asc lies next to it/);
  });

  it('says what an HTML error page saved as .exe is', async () => {
    const p = put('html.exe', makeHtmlErrorPage());
    const c = await checkDiskCryptorInstaller(p, EXPECT_846);
    expect(c.ok).toBe(false);
    expect(c.problems).toEqual([
      `${p} is not a Windows program (it starts with "<!DOCTYPE html>").`,
    ]);
  });

  it('says a 0-byte download did not finish, and a missing file does not exist', async () => {
    const p = put('empty.exe', makeEmptyFile());
    expect((await checkDiskCryptorInstaller(p, EXPECT_846)).problems).toEqual([
      `${p} is empty (0 bytes): the download did not finish.`,
    ]);
    const missing = path.join(dir, 'nope.exe');
    expect((await checkDiskCryptorInstaller(missing, EXPECT_846)).problems[0]).toMatch(
      /does not exist/,
    );
  });

  it("refuses another version's installer, naming both drivers", async () => {
    const p = put('836.exe', makePracticeInstaller(release('1.1.836.118')));
    const c = await checkDiskCryptorInstaller(p, EXPECT_846);
    expect(c.ok).toBe(false);
    expect(c.problems).toEqual([
      `${p} is the installer of DiskCryptor 1.1.836.118 (driver 1.1.836.118), not of the installed driver 1.1.846.118.`,
    ]);
  });

  it('refuses a program that is not Inno Setup, and one that is not DiskCryptor', async () => {
    const notInno = put(
      'plain.exe',
      makePracticeInstaller(release('1.1.846.118'), { inno: false }),
    );
    expect((await checkDiskCryptorInstaller(notInno, EXPECT_846)).problems[0]).toMatch(
      /not an Inno Setup installer/,
    );
    const other = put(
      'other.exe',
      makePracticeInstaller(release('1.1.846.118'), { version: { productName: 'VeraCrypt' } }),
    );
    expect((await checkDiskCryptorInstaller(other, EXPECT_846)).problems).toEqual([
      `${other} is an installer for "VeraCrypt", not DiskCryptor.`,
    ]);
  });

  it('refuses an unsigned copy of a release whose published installer is signed', async () => {
    const p = put('unsigned.exe', makePracticeInstaller(release('1.1.846.118'), { signed: false }));
    const c = await checkDiskCryptorInstaller(p, EXPECT_846);
    expect(c.ok).toBe(false);
    expect(c.problems[0]).toMatch(
      /no Authenticode signature, but the published DiskCryptor 1.1.846.118 installer is signed/,
    );
  });

  it('catches the DisplayVersion trap: "1.1" is not a driver version', async () => {
    const p = put('dcrypt_setup (1).exe', makePracticeInstaller(release('1.1.846.118')));
    const c = await checkDiskCryptorInstaller(p, { driverVersion: '1.1' });
    expect(c.ok).toBe(false);
    expect(c.problems[0]).toMatch(/DisplayVersion, not the driver version/);
  });

  it('matches by the registry driver build (sysBuild) when the driver version is not known', async () => {
    const p = put('by-build.exe', makePracticeInstaller(release('1.1.846.118')));
    expect(
      (await checkDiskCryptorInstaller(p, { driverVersion: '', driverBuild: 846 })).problems,
    ).toEqual([]);
    const other = await checkDiskCryptorInstaller(p, { driverVersion: '', driverBuild: 836 });
    expect(other.problems).toEqual([
      `${p} is the installer of DiskCryptor 1.1.846.118 (driver 1.1.846.118), not of the installed driver build 836.`,
    ]);
    expect(
      (await checkDiskCryptorInstaller(p, { driverVersion: '', driverBuild: 999 })).problems[0],
    ).toMatch(/driver build 999 is not a DiskCryptor release/);
  });

  it('fails closed when the version strings fit releases with different drivers (1.2.1/1.2.2 vs 1.3.0)', async () => {
    const p = put('dcrypt_setup_1.2_beta_3.exe', makePracticeInstaller(release('1.2.2')));
    const c = await checkDiskCryptorInstaller(p, { driverVersion: '1.2 Beta 3' });
    expect(c.ok).toBe(false);
    expect(c.facts.matchingReleases).toEqual(['1.2.1', '1.2.2', '1.3.0']);
    expect(c.problems[0]).toMatch(/cannot be proven to match the installed driver 1\.2 Beta 3/);
  });

  it('accepts a 1.2.0 installer for the 1.2.0 driver (Inno defaults 0.0.0.0, ProductVersion 1.2)', async () => {
    const p = put('dcrypt_setup_1.2_beta_1.exe', makePracticeInstaller(release('1.2.0')));
    const c = await checkDiskCryptorInstaller(p, { driverVersion: '1.2.847.118' });
    expect(c.problems).toEqual([]);
    expect(c.facts.signed).toBe(false);
    expect(c.notes.join('\n')).toMatch(/carries no Authenticode signature/);
  });
});

describe('finding installers', () => {
  it('matches the published names, browser duplicates, and nothing by version substring', () => {
    const names = [
      'dcrypt_setup.exe',
      'dcrypt_setup_1.2_beta_3.exe',
      'dcrypt_setup_1.2_beta_2.exe',
      'dcrypt_setup_1.3_beta.exe',
      'dcrypt_setup_1.4.1_beta.exe',
      'DCRYPT_SETUP (2).exe',
      'diskcryptor-1.1.846.118.exe',
      'dcrypt_setup.exe.asc',
      'dcrypt_setup_1.2_beta_2.zip',
      'notes 1.1.846.118.txt',
      'dcrypt_setup_evil.exe',
    ];
    expect(findInstallerCandidates(names)).toEqual(names.slice(0, 6));
    expect(isInstallerName('dcrypt_setup_1.1.846.118.exe')).toBe(true);
  });

  it('ranks candidates by content: the right installer first, whatever its name', async () => {
    const html = put('dcrypt_setup_1.1_beta.exe', makeHtmlErrorPage());
    const wrong = put('dcrypt_setup (3).exe', makePracticeInstaller(release('1.1.836.118')));
    const right = put('dcrypt_setup (4).exe', makePracticeInstaller(release('1.1.846.118')));
    const ranked = await rankInstallerCandidates([html, wrong, right], EXPECT_846);
    expect(ranked.map((r) => r.path)).toEqual([right, html, wrong]);
    expect(ranked[0]!.check.ok).toBe(true);
  });
});
