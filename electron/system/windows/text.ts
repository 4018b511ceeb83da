/**
 * Text helpers shared by the parsers. Console tools write in whatever code page the console
 * uses (OEM, ANSI, sometimes UTF-16), so everything here tolerates odd bytes and never throws.
 */
import iconv from 'iconv-lite';

/** Splits on CRLF, LF or a lone CR (wevtutil and old tools mix them). */
export function splitLines(text: string): string[] {
  return stripBom(text).split(/\r\n|\n|\r/);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Decodes raw command output or a file. UTF-16LE is recognised by its BOM or by the NUL bytes
 * ASCII text gets in it (reg.exe /s and some redirected PowerShell output). Console tools write
 * redirected output in the OEM code page (rule console-oem-codepage: cp437, cp850, cp932…): with
 * `oemCodePage` known, that is what non-ASCII bytes are read as (iconv-lite). Without it (a file,
 * or the code page could not be read): UTF-8 when the bytes are valid UTF-8, else Windows-1252.
 */
export function decodeText(buf: Uint8Array, oemCodePage: number | null = null): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(buf.subarray(2));
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(buf.subarray(3));
  }
  if (looksUtf16le(buf)) return new TextDecoder('utf-16le').decode(buf);
  if (oemCodePage !== null && oemCodePage !== 65001 && !isAscii(buf)) {
    const name = `cp${oemCodePage}`;
    if (iconv.encodingExists(name)) return iconv.decode(Buffer.from(buf), name);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('windows-1252').decode(buf);
  }
}

/** Text in a console code page (what a console tool writes), for the emulator. */
export function encodeOem(text: string, oemCodePage: number): Buffer {
  const name = `cp${oemCodePage}`;
  if (oemCodePage === 65001 || !iconv.encodingExists(name)) return Buffer.from(text, 'utf8');
  return iconv.encode(text, name);
}

/** Whether an OEM code page number can be decoded here. */
export function knownCodePage(cp: number): boolean {
  return cp === 65001 || iconv.encodingExists(`cp${cp}`);
}

function isAscii(buf: Uint8Array): boolean {
  for (const b of buf) if (b > 0x7f) return false;
  return true;
}

function looksUtf16le(buf: Uint8Array): boolean {
  if (buf.length < 4) return false;
  const sample = Math.min(buf.length - (buf.length % 2), 512);
  let zeroOdd = 0;
  for (let i = 1; i < sample; i += 2) if (buf[i] === 0) zeroOdd++;
  return zeroOdd >= (sample / 2) * 0.6;
}

/** `Label : value` → [label, value], splitting at the first colon; null when there is none. */
export function labelValue(line: string): [string, string] | null {
  const i = line.indexOf(':');
  if (i < 0) return null;
  return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
}
