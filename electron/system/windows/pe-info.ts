/**
 * What a downloaded file is, read bounded: a PE (MZ + "PE\0\0")? its version resource? an Inno
 * Setup installer (and which setup-data version)? does it carry an Authenticode signature?
 *
 * Bounds: the headers (≤ 64 KiB), the PE image up to the end of its last section (≤ maxImageBytes,
 * 32 MiB by default — Inno's compressed payload is an overlay after the image, so an installer's
 * image is small however big the file), 64 bytes of setup-0 and 8 bytes of the certificate table.
 * A 4 GB file costs the same as a 1 MB one. Nothing here runs or verifies anything: the signature
 * check is *presence* of IMAGE_DIRECTORY_ENTRY_SECURITY data, not its validity.
 *
 * Version resources are parsed by pe-library + resedit (jet2jet); the header fields we need
 * before handing the image to them (and the security directory, which pe-library refuses to
 * parse by default) are read here.
 */
import { open } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { NtExecutable, NtExecutableResource } from 'pe-library';
import { Resource } from 'resedit';
import {
  OFFSET_TABLE_LAYOUTS,
  RT_RCDATA,
  SETUP_ID_LENGTH,
  SETUP_LDR_OFFSET_TABLE_ID,
  SETUP_LDR_OFFSET_TABLE_RES_ID,
  parseSetupId,
  type OffsetTableVersion,
} from '../../knowledge/inno-setup';

export const DEFAULT_MAX_IMAGE_BYTES = 32 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;
const IMAGE_DIRECTORY_ENTRY_SECURITY = 4;
const RT_VERSION = 16;

export interface VersionStrings {
  productName: string | null;
  fileVersion: string | null;
  productVersion: string | null;
  companyName: string | null;
  fileDescription: string | null;
  /** VS_FIXEDFILEINFO, four numbers each. */
  fixedFileVersion: string;
  fixedProductVersion: string;
}

export interface InnoSetupInfo {
  /** TSetupLdrOffsetTable.Version: 1 (Inno 5.1.5–6.4.x) or 2 (6.5.0+). */
  offsetTableVersion: OffsetTableVersion;
  /**
   * TableCRC matches the CRC-32 of the fields before it; null when this Node has no zlib.crc32
   * (added in Node 20.15 / 22.2) and it could not be checked.
   */
  tableCrcOk: boolean | null;
  /** From the SetupID at Offset0 ("5.4.2"), null if Offset0 is outside the file or unreadable. */
  setupDataVersion: string | null;
  unicode: boolean | null;
}

export interface AuthenticodeInfo {
  /** The security data directory is non-empty and lies inside the file. Presence, not validity. */
  present: boolean;
  offset: number;
  size: number;
  /** WIN_CERTIFICATE.wCertificateType (2 = WIN_CERT_TYPE_PKCS_SIGNED_DATA), null if not read. */
  certificateType: number | null;
}

export interface PeInfo {
  size: number;
  /** The first bytes as text (printable ASCII, ≤ 24 chars) — for messages about non-programs. */
  head: string;
  isPe: boolean;
  /** Why it is not a PE, or why a PE could not be read further; one plain phrase. */
  problem: string | null;
  is64Bit: boolean | null;
  version: VersionStrings | null;
  inno: InnoSetupInfo | null;
  authenticode: AuthenticodeInfo | null;
}

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

function printableHead(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes.subarray(0, 24)) {
    if (b === 0x0d || b === 0x0a) break;
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return out.trim();
}

function four(ms: number, ls: number): string {
  return [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff].join('.');
}

function clean(v: string | undefined): string | null {
  if (v === undefined) return null;
  // Inno Setup pads its version strings with spaces so ISCC can patch them in place.
  const t = v.replace(/\0+$/, '').trim();
  return t.length > 0 ? t : null;
}

interface Headers {
  is64Bit: boolean;
  securityEntryOffset: number;
  security: { offset: number; size: number };
  imageEnd: number;
}

function parseHeaders(h: Uint8Array): Headers | string {
  const dv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  if (h.byteLength < 0x40) return 'it is too short to be a Windows program';
  const lfanew = dv.getUint32(0x3c, true);
  if (lfanew + 24 > h.byteLength) return 'its PE header offset points outside the first 64 KiB';
  if (dv.getUint32(lfanew, true) !== 0x00004550)
    return 'it has an MZ header but no "PE\\0\\0" signature';
  const sections = dv.getUint16(lfanew + 6, true);
  const optSize = dv.getUint16(lfanew + 20, true);
  const opt = lfanew + 24;
  if (opt + optSize > h.byteLength || optSize < 2) return 'its optional header is cut off';
  const magic = dv.getUint16(opt, true);
  if (magic !== 0x10b && magic !== 0x20b)
    return `its optional header magic 0x${magic.toString(16)} is unknown`;
  const is64Bit = magic === 0x20b;
  const dirBase = opt + (is64Bit ? 112 : 96);
  const dirCount = dv.getUint32(opt + (is64Bit ? 108 : 92), true);
  const securityEntryOffset = dirBase + IMAGE_DIRECTORY_ENTRY_SECURITY * 8;
  const security =
    dirCount > IMAGE_DIRECTORY_ENTRY_SECURITY && securityEntryOffset + 8 <= opt + optSize
      ? {
          offset: dv.getUint32(securityEntryOffset, true),
          size: dv.getUint32(securityEntryOffset + 4, true),
        }
      : { offset: 0, size: 0 };
  const secTable = opt + optSize;
  if (sections > 96 || secTable + sections * 40 > h.byteLength)
    return 'its section table is cut off';
  let imageEnd = secTable + sections * 40;
  for (let i = 0; i < sections; i++) {
    const s = secTable + i * 40;
    const rawSize = dv.getUint32(s + 16, true);
    const rawPtr = dv.getUint32(s + 20, true);
    if (rawSize > 0 && rawPtr > 0) imageEnd = Math.max(imageEnd, rawPtr + rawSize);
  }
  return { is64Bit, securityEntryOffset, security, imageEnd };
}

function readVersion(res: NtExecutableResource): VersionStrings | null {
  if (!res.entries.some((e) => e.type === RT_VERSION)) return null;
  const vi = Resource.VersionInfo.fromEntries(res.entries)[0];
  if (!vi) return null;
  const langs = vi.getAllLanguagesForStringValues();
  const s = langs.length > 0 ? vi.getStringValues(langs[0]!) : {};
  const fi = vi.fixedInfo;
  return {
    productName: clean(s.ProductName),
    fileVersion: clean(s.FileVersion),
    productVersion: clean(s.ProductVersion),
    companyName: clean(s.CompanyName),
    fileDescription: clean(s.FileDescription),
    fixedFileVersion: four(fi.fileVersionMS, fi.fileVersionLS),
    fixedProductVersion: four(fi.productVersionMS, fi.productVersionLS),
  };
}

function matchesId(bytes: Uint8Array): boolean {
  return SETUP_LDR_OFFSET_TABLE_ID.every((b, i) => bytes[i] === b);
}

async function readInno(
  res: NtExecutableResource,
  readAt: ReadAt,
  fileSize: number,
): Promise<InnoSetupInfo | null> {
  const entry = res.entries.find(
    (e) => e.type === RT_RCDATA && e.id === SETUP_LDR_OFFSET_TABLE_RES_ID,
  );
  if (!entry) return null;
  const table = new Uint8Array(entry.bin);
  if (table.byteLength < 16 || !matchesId(table)) return null;
  const dv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const version = dv.getUint32(12, true);
  if (version !== 1 && version !== 2) return null;
  const layout = OFFSET_TABLE_LAYOUTS[version];
  // SetupLdr.dpr refuses a table of any other size ("SizeofResource(...) <> SizeOf(Result^)").
  if (table.byteLength !== layout.size) return null;
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  const tableCrcOk = crc32
    ? dv.getInt32(layout.tableCrcField, true) >>> 0 ===
      crc32(table.subarray(0, layout.tableCrcField))
    : null;
  const offset0 =
    layout.offset0Bytes === 4
      ? dv.getUint32(layout.offset0Field, true)
      : Number(dv.getBigUint64(layout.offset0Field, true));
  let setupDataVersion: string | null = null;
  let unicode: boolean | null = null;
  if (Number.isSafeInteger(offset0) && offset0 > 0 && offset0 + SETUP_ID_LENGTH <= fileSize) {
    const id = await readAt(offset0, SETUP_ID_LENGTH);
    const parsed = parseSetupId(Buffer.from(id).toString('latin1'));
    if (parsed) {
      setupDataVersion = parsed.dataVersion;
      unicode = parsed.unicode;
    }
  }
  return { offsetTableVersion: version, tableCrcOk, setupDataVersion, unicode };
}

async function readAuthenticode(
  sec: { offset: number; size: number },
  readAt: ReadAt,
  fileSize: number,
): Promise<AuthenticodeInfo> {
  const inside = sec.size >= 8 && sec.offset > 0 && sec.offset + sec.size <= fileSize;
  if (!inside) return { present: false, offset: sec.offset, size: sec.size, certificateType: null };
  const hdr = await readAt(sec.offset, 8);
  const dv = new DataView(hdr.buffer, hdr.byteOffset, hdr.byteLength);
  const length = hdr.byteLength === 8 ? dv.getUint32(0, true) : 0;
  const type = hdr.byteLength === 8 ? dv.getUint16(6, true) : null;
  // WIN_CERTIFICATE.dwLength must fit the directory; otherwise it is not a certificate table.
  const plausible = length >= 8 && length <= sec.size;
  return { present: plausible, offset: sec.offset, size: sec.size, certificateType: type };
}

/** PE facts from a random-access reader; every read is bounded (see the file comment). */
export async function peInfoFrom(
  readAt: ReadAt,
  fileSize: number,
  opts: { maxImageBytes?: number } = {},
): Promise<PeInfo> {
  const maxImage = opts.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const base: PeInfo = {
    size: fileSize,
    head: '',
    isPe: false,
    problem: null,
    is64Bit: null,
    version: null,
    inno: null,
    authenticode: null,
  };
  if (fileSize === 0) return { ...base, problem: 'it is empty (0 bytes)' };
  const first = await readAt(0, Math.min(fileSize, MAX_HEADER_BYTES));
  base.head = printableHead(first);
  if (first[0] !== 0x4d || first[1] !== 0x5a)
    return { ...base, problem: 'it does not start with "MZ"' };
  const h = parseHeaders(first);
  if (typeof h === 'string') return { ...base, problem: h };
  const pe: PeInfo = { ...base, isPe: true, is64Bit: h.is64Bit };
  if (h.imageEnd > fileSize) {
    // MZ and PE headers are there, the rest is not: a download that stopped early.
    return { ...pe, problem: 'its sections run past the end of the file (a truncated download?)' };
  }
  pe.authenticode = await readAuthenticode(h.security, readAt, fileSize);
  if (h.imageEnd > maxImage) {
    return {
      ...pe,
      problem: `its program image is ${h.imageEnd} bytes, more than the ${maxImage} this check reads`,
    };
  }
  const image = new Uint8Array(await readAt(0, h.imageEnd));
  // Our own copy: blank the security entry so pe-library parses signed files without looking
  // past the image (the certificate is not part of what we hand it).
  image.fill(0, h.securityEntryOffset, h.securityEntryOffset + 8);
  let res: NtExecutableResource;
  try {
    res = NtExecutableResource.from(NtExecutable.from(image));
  } catch {
    return { ...pe, problem: 'its resources cannot be read' };
  }
  try {
    pe.version = readVersion(res);
  } catch {
    pe.problem = 'its version resource cannot be read';
  }
  pe.inno = await readInno(res, readAt, fileSize);
  return pe;
}

/** PE facts of a file on disk, opened read-only; reads are bounded as above. */
export async function readPeInfo(
  path: string,
  opts: { maxImageBytes?: number } = {},
): Promise<PeInfo> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const readAt: ReadAt = async (offset, length) => {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await fh.read(buf, done, n - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.subarray(0, done);
    };
    return await peInfoFrom(readAt, size, opts);
  } finally {
    await fh.close();
  }
}

/** The same, over bytes already in memory (tests, the emulator). */
export function peInfoFromBuffer(
  buf: Uint8Array,
  opts: { maxImageBytes?: number } = {},
): Promise<PeInfo> {
  const readAt: ReadAt = async (offset, length) =>
    buf.subarray(Math.min(offset, buf.byteLength), Math.min(offset + length, buf.byteLength));
  return peInfoFrom(readAt, buf.byteLength, opts);
}
