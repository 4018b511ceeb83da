import { describe, it, expect } from 'vitest';
import { decodeText, labelValue, splitLines } from '../../../electron/system/windows/text';

describe('decodeText', () => {
  it('decodes UTF-16LE with and without BOM (reg.exe, redirected PowerShell)', () => {
    const body = Buffer.from(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\r\n    Start    REG_DWORD    0x0\r\n',
      'utf16le',
    );
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), body]))).toBe(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\r\n    Start    REG_DWORD    0x0\r\n',
    );
    expect(decodeText(body)).toBe(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\r\n    Start    REG_DWORD    0x0\r\n',
    );
  });

  it('decodes UTF-8 (with BOM too) and falls back to Windows-1252 for OEM bytes', () => {
    expect(decodeText(Buffer.from('Größe: 49,36 GB', 'utf8'))).toBe('Größe: 49,36 GB');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
    // cp850 "Total des fichiers listés :" with a no-break space (0xFF) before the colon
    const oem = Buffer.from([...Buffer.from('list'), 0x82, 0x73, 0xff, 0x3a]);
    // 0x82 is ‚ in Windows-1252; Node builds without full ICU give U+0082. The parsers need neither.
    expect(decodeText(oem)).toMatch(/^list[\u201A\u0082]sÿ:$/);
  });

  it('handles empty input', () => {
    expect(decodeText(Buffer.alloc(0))).toBe('');
  });
});

describe('splitLines / labelValue', () => {
  it('splits CRLF, LF and CR and strips a BOM', () => {
    expect(splitLines('\uFEFFa\r\nb\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('splits at the first colon only', () => {
    expect(labelValue('Virtual Memory: Max Size:  5,503 MB')).toEqual([
      'Virtual Memory',
      'Max Size:  5,503 MB',
    ]);
    expect(labelValue('no colon')).toBeNull();
  });
});
