/**
 * pe-info over generated practice installers (real PE files built with resedit/pe-library) and
 * over hand-broken bytes: the same reader the real installer goes through.
 */
import { describe, expect, it } from 'vitest';
import {
  DISKCRYPTOR_RELEASES,
  type DiskCryptorRelease,
} from '../../electron/knowledge/diskcryptor';
import {
  makeEmptyFile,
  makeHtmlErrorPage,
  makePracticeInstaller,
  practiceInstallerVersion,
} from '../../electron/system/emulator/practice-installer';
import { peInfoFrom, peInfoFromBuffer } from '../../electron/system/windows/pe-info';

function release(v: string): DiskCryptorRelease {
  return DISKCRYPTOR_RELEASES.find((x) => x.version === v)!;
}

describe('practice installers read back as what they stand for', () => {
  it('1.1.846.118: the strings, fixed version, Inno 5.4.2 (u) and a signature, like the real file', async () => {
    const pe = await peInfoFromBuffer(makePracticeInstaller(release('1.1.846.118')));
    expect(pe.isPe).toBe(true);
    expect(pe.problem).toBeNull();
    expect(pe.version).toMatchObject({
      productName: 'DiskCryptor',
      fileVersion: '1.1.846.118',
      productVersion: '1.1',
      fixedFileVersion: '1.1.846.118',
      fileDescription: 'DiskCryptor Setup',
    });
    expect(pe.inno).toEqual({
      offsetTableVersion: 1,
      tableCrcOk: true,
      setupDataVersion: '5.4.2',
      unicode: true,
    });
    expect(pe.authenticode?.present).toBe(true);
    expect(pe.authenticode?.certificateType).toBe(2);
  });

  it('1.2.2: Inno defaults (0.0.0.0) with ProductVersion 1.2.1, and no signature unless asked', async () => {
    const unsigned = await peInfoFromBuffer(makePracticeInstaller(release('1.2.2')));
    expect(unsigned.version).toMatchObject({
      fixedFileVersion: '0.0.0.0',
      productVersion: '1.2.1',
    });
    expect(unsigned.authenticode?.present).toBe(false);
    const signed = await peInfoFromBuffer(
      makePracticeInstaller(release('1.2.2'), { signed: true }),
    );
    expect(signed.authenticode?.present).toBe(true);
  });

  it('reads both offset-table layouts (Inno ≤ 6.4 and ≥ 6.5)', async () => {
    const v2 = await peInfoFromBuffer(
      makePracticeInstaller(release('1.4.1'), { offsetTableVersion: 2, setupDataVersion: '6.5.0' }),
    );
    expect(v2.inno).toMatchObject({
      offsetTableVersion: 2,
      tableCrcOk: true,
      setupDataVersion: '6.5.0',
    });
  });

  it('is deterministic and names its release in the overlay', () => {
    const a = makePracticeInstaller(release('1.1.846.118'));
    expect(a.equals(makePracticeInstaller(release('1.1.846.118')))).toBe(true);
    expect(practiceInstallerVersion(a)).toBe('1.1.846.118');
    expect(practiceInstallerVersion(makeHtmlErrorPage())).toBeNull();
  });

  it('a plain PE without the SetupLdr table is not Inno Setup', async () => {
    const pe = await peInfoFromBuffer(
      makePracticeInstaller(release('1.1.846.118'), { inno: false }),
    );
    expect(pe.isPe).toBe(true);
    expect(pe.inno).toBeNull();
  });
});

describe('what is not a program', () => {
  it('an HTML error page, an empty file, an ELF binary', async () => {
    const html = await peInfoFromBuffer(makeHtmlErrorPage());
    expect(html.isPe).toBe(false);
    expect(html.head).toBe('<!DOCTYPE html>');
    const empty = await peInfoFromBuffer(makeEmptyFile());
    expect(empty).toMatchObject({ isPe: false, problem: 'it is empty (0 bytes)' });
    const elf = await peInfoFromBuffer(Buffer.from('\x7fELF\x02\x01\x01\0\0\0', 'latin1'));
    expect(elf.isPe).toBe(false);
  });

  it('MZ without PE, a cut-off file, a corrupted offset table', async () => {
    const good = makePracticeInstaller(release('1.1.846.118'));
    const noPe = Buffer.from(good);
    noPe.write('XX', noPe.readUInt32LE(0x3c), 'latin1');
    expect((await peInfoFromBuffer(noPe)).problem).toMatch(/no "PE/);

    const imageEnd = good.indexOf(Buffer.from('Inno Setup Setup Data', 'latin1'));
    const cut = good.subarray(0, imageEnd - 16);
    const truncated = await peInfoFromBuffer(cut);
    expect(truncated.isPe).toBe(true);
    expect(truncated.problem).toMatch(/past the end of the file/);
    expect(truncated.version).toBeNull();

    const tampered = Buffer.from(good);
    const at = tampered.indexOf(Buffer.from('rDlPtS', 'latin1'));
    expect(at).toBeGreaterThan(0);
    tampered[at + 20] = tampered[at + 20]! ^ 0xff; // a byte inside the CRC-covered fields
    expect((await peInfoFromBuffer(tampered)).inno?.tableCrcOk).toBe(false);
  });
});

describe('bounded reading', () => {
  it('never asks for more than the headers, the image and a few bytes, however big the file says it is', async () => {
    const good = makePracticeInstaller(release('1.1.846.118'));
    const claimed = 4 * 1024 ** 3; // a "4 GB" download whose first bytes are the installer
    const reads: number[] = [];
    const readAt = async (offset: number, length: number): Promise<Uint8Array> => {
      reads.push(length);
      return offset < good.byteLength
        ? good.subarray(offset, Math.min(good.byteLength, offset + length))
        : new Uint8Array(Math.min(length, 64));
    };
    const pe = await peInfoFrom(readAt, claimed);
    expect(pe.isPe).toBe(true);
    expect(Math.max(...reads)).toBeLessThanOrEqual(64 * 1024);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(200 * 1024);
  });

  it('refuses to read an image larger than the cap', async () => {
    const pe = await peInfoFromBuffer(makePracticeInstaller(release('1.1.846.118')), {
      maxImageBytes: 512,
    });
    expect(pe.problem).toMatch(/more than the 512/);
    expect(pe.version).toBeNull();
  });
});
