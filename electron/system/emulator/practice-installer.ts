/**
 * Practice installers: small, deterministic, *real* PE files that pe-info.ts recognises exactly
 * as it recognises the real DiskCryptor installers — a version resource with the strings the
 * release's installer has, the Inno Setup SetupLdr offset table (RT_RCDATA 11111, correct
 * TableCRC) and the "Inno Setup Setup Data (x.y.z)" SetupID at Offset0. They contain no code
 * that does anything (pe-library's empty image); a text line in the overlay says what they are.
 *
 * The "signed" variant carries a WIN_CERTIFICATE header in the security data directory, so the
 * presence check sees a signature; there is no real PKCS#7 inside — it would fail any validity
 * check, which is the point of saying "presence, not validity".
 */
import * as zlib from 'node:zlib';
import { NtExecutable, NtExecutableResource } from 'pe-library';
import { Resource } from 'resedit';
import type { DiskCryptorRelease, VersionResource } from '../../knowledge/diskcryptor';
import {
  OFFSET_TABLE_LAYOUTS,
  RT_RCDATA,
  SETUP_ID_LENGTH,
  SETUP_LDR_OFFSET_TABLE_ID,
  SETUP_LDR_OFFSET_TABLE_RES_ID,
  type OffsetTableVersion,
} from '../../knowledge/inno-setup';

export const PRACTICE_MARKER = 'WSOPS-PRACTICE-INSTALLER';

export interface PracticeInstallerOptions {
  /** Put a WIN_CERTIFICATE in the security directory (presence only). Default: as the release. */
  signed?: boolean;
  /** Leave out the Inno Setup offset table: a plain PE that is *not* an Inno installer. */
  inno?: boolean;
  /** SetupID data version; default the release's, else "6.0.0". */
  setupDataVersion?: string;
  offsetTableVersion?: OffsetTableVersion;
  /** Override single version strings (e.g. a doctored file). */
  version?: Partial<VersionResource>;
}

/** What the release's installer says about itself; Inno defaults where the repo cannot say. */
export function practiceVersionResource(release: DiskCryptorRelease): VersionResource {
  return (
    release.installer.versionResource ?? {
      productName: 'DiskCryptor',
      // No VersionInfoVersion in Installer/dcrypt_install.iss: Inno's default 0.0.0.0.
      fixedFileVersion: '0.0.0.0',
      fileVersion: '0.0.0.0',
      productVersion: release.registrations[0]?.displayVersion ?? release.version,
    }
  );
}

function versionParts(v: string): [number, number, number, number] {
  const p = v.split('.').map((x) => Number(x) || 0);
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0];
}

function offsetTable(version: OffsetTableVersion, totalSize: number, offset0: number): Buffer {
  const layout = OFFSET_TABLE_LAYOUTS[version];
  const t = Buffer.alloc(layout.size);
  Buffer.from(SETUP_LDR_OFFSET_TABLE_ID).copy(t, 0);
  t.writeUInt32LE(version, 12);
  if (version === 1) {
    t.writeUInt32LE(totalSize, 16); // TotalSize
    t.writeUInt32LE(offset0, 20); // OffsetEXE (no real setup.e32: point at setup-0)
    t.writeUInt32LE(0, 24); // UncompressedSizeEXE
    t.writeInt32LE(0, 28); // CRCEXE
    t.writeUInt32LE(offset0, layout.offset0Field);
    t.writeUInt32LE(0, 36); // Offset1
  } else {
    t.writeBigUInt64LE(BigInt(totalSize), 16);
    t.writeBigUInt64LE(BigInt(offset0), 24);
    t.writeUInt32LE(0, 32);
    t.writeInt32LE(0, 36);
    t.writeBigUInt64LE(BigInt(offset0), layout.offset0Field);
    t.writeBigUInt64LE(0n, 48);
    t.writeUInt32LE(0, 56);
  }
  // zlib.crc32 exists from Node 20.15 / 22.2 (Electron 45 ships 22); older Node leaves it 0.
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  t.writeUInt32LE(crc32 ? crc32(t.subarray(0, layout.tableCrcField)) : 0, layout.tableCrcField);
  return t;
}

function buildImage(v: VersionResource, company: string, table: Buffer | null): Buffer {
  const exe = NtExecutable.createEmpty(true, false);
  const res = NtExecutableResource.from(exe);
  const vi = Resource.VersionInfo.createEmpty();
  vi.lang = 1033;
  const [a, b, c, d] = versionParts(v.fixedFileVersion);
  vi.fixedInfo.fileVersionMS = ((a << 16) | b) >>> 0;
  vi.fixedInfo.fileVersionLS = ((c << 16) | d) >>> 0;
  vi.fixedInfo.productVersionMS = vi.fixedInfo.fileVersionMS;
  vi.fixedInfo.productVersionLS = vi.fixedInfo.fileVersionLS;
  // Inno Setup writes its strings under language 0, code page 1200 (the real 1.1.846.118).
  vi.setStringValues(
    { lang: 0, codepage: 1200 },
    {
      Comments: 'This installation was built with Inno Setup.',
      CompanyName: company,
      FileDescription: `${v.productName} Setup`,
      FileVersion: v.fileVersion,
      ProductName: v.productName,
      ProductVersion: v.productVersion,
    },
  );
  vi.outputToResourceEntries(res.entries);
  if (table) {
    res.entries.push({
      type: RT_RCDATA,
      id: SETUP_LDR_OFFSET_TABLE_RES_ID,
      lang: 0,
      codepage: 0,
      // pe-library wants an ArrayBuffer of exactly the table's bytes.
      bin: new Uint8Array(table).buffer,
    });
  }
  res.outputResource(exe);
  return Buffer.from(exe.generate());
}

/** "5.4.2 (u)" → "Inno Setup Setup Data (5.4.2) (u)", NUL-padded to 64 bytes. */
function setupId(dataVersion: string): Buffer {
  const m = /^(\S+?)( \(u\))?$/.exec(dataVersion.trim());
  const id = Buffer.alloc(SETUP_ID_LENGTH);
  id.write(`Inno Setup Setup Data (${m?.[1] ?? dataVersion})${m?.[2] ?? ''}`, 'latin1');
  return id;
}

/** Writes (offset, size) into IMAGE_DIRECTORY_ENTRY_SECURITY of a PE in memory. */
function setSecurityDirectory(pe: Buffer, offset: number, size: number): void {
  const lfanew = pe.readUInt32LE(0x3c);
  const opt = lfanew + 24;
  const is64 = pe.readUInt16LE(opt) === 0x20b;
  const entry = opt + (is64 ? 112 : 96) + 4 * 8;
  pe.writeUInt32LE(offset, entry);
  pe.writeUInt32LE(size, entry + 4);
}

/** A deterministic practice installer for `release` (same input → same bytes). */
export function makePracticeInstaller(
  release: DiskCryptorRelease,
  opts: PracticeInstallerOptions = {},
): Buffer {
  const v = { ...practiceVersionResource(release), ...opts.version };
  const inno = opts.inno ?? true;
  const tableVersion = opts.offsetTableVersion ?? 1;
  const dataVersion = opts.setupDataVersion ?? release.installer.innoSetupDataVersion ?? '6.0.0';
  const signed = opts.signed ?? release.installer.signed === true;
  const note = Buffer.from(
    `\r\n${PRACTICE_MARKER} DiskCryptor ${release.version}\r\nThis file stands for the real installer on a practice machine; it installs nothing.\r\n`,
    'latin1',
  );

  // The offset table has a fixed size, so the image length does not depend on its contents:
  // build once to learn where the overlay starts, then build with the real offsets.
  // AppPublisher of the script that built it (ntldr's .net, Installer/dcrypt_install.iss .org).
  const company = release.installer.script.startsWith('Installer/')
    ? 'http://diskcryptor.org/'
    : 'http://diskcryptor.net/';
  const probe = buildImage(v, company, inno ? offsetTable(tableVersion, 0, 0) : null);
  const offset0 = probe.byteLength;
  const overlay = Buffer.concat(inno ? [setupId(dataVersion), note] : [note]);
  const unsignedSize = offset0 + overlay.byteLength;
  const certPad = (8 - (unsignedSize % 8)) % 8;
  const cert = Buffer.alloc(signed ? 16 : 0);
  if (signed) {
    cert.writeUInt32LE(cert.byteLength, 0); // dwLength
    cert.writeUInt16LE(0x0200, 4); // WIN_CERT_REVISION_2_0
    cert.writeUInt16LE(0x0002, 6); // WIN_CERT_TYPE_PKCS_SIGNED_DATA
  }
  const total = unsignedSize + (signed ? certPad + cert.byteLength : 0);
  const image = buildImage(v, company, inno ? offsetTable(tableVersion, total, offset0) : null);
  const out = Buffer.concat([
    image,
    overlay,
    signed ? Buffer.alloc(certPad) : Buffer.alloc(0),
    cert,
  ]);
  if (signed) setSecurityDirectory(out, unsignedSize + certPad, cert.byteLength);
  return out;
}

/** What a browser saves when the download link answers with an error page. */
export function makeHtmlErrorPage(): Buffer {
  return Buffer.from(
    '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n',
    'utf8',
  );
}

/** A download that never started writing. */
export function makeEmptyFile(): Buffer {
  return Buffer.alloc(0);
}

/** The release version a practice installer stands for, from its overlay note; null otherwise. */
export function practiceInstallerVersion(buf: Uint8Array): string | null {
  const tail = Buffer.from(buf.subarray(Math.max(0, buf.byteLength - 512))).toString('latin1');
  const m = new RegExp(`${PRACTICE_MARKER} DiskCryptor (\\d+(?:\\.\\d+)+)\\r\\n`).exec(tail);
  return m ? m[1]! : null;
}
