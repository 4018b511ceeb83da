import { describe, it, expect } from 'vitest';
import { parseDirTotals } from '../../../electron/system/windows/parse-dir';
import { crlf, fixture } from './fixtures';

describe('parseDirTotals', () => {
  it.each([
    ['en-thm-flag.txt', 1, 24],
    ['en-lucene-tail.txt', 19, 215_724],
    ['de-intersystems.txt', 3, 0],
    ['de-mp3-tail.txt', 35, 4_500_939],
    ['fr-apk.txt', 6, 53_156],
    ['fr-oem-nbsp.txt', 588, 99_450_030_920],
  ])('%s → %i files, %i bytes', (name, files, bytes) => {
    expect(parseDirTotals(fixture('dir', name))).toEqual({ files, bytes });
    expect(parseDirTotals(crlf(fixture('dir', name)))).toEqual({ files, bytes });
  });

  it('takes the grand total, not the last folder’s subtotal', () => {
    expect(parseDirTotals(fixture('dir', 'en-lucene-tail.txt'))!.files).not.toBe(16);
  });

  it('is null without the final summary (folder missing, dir without /s, garbage, cut off)', () => {
    expect(parseDirTotals('File Not Found\r\n')).toBeNull();
    expect(
      parseDirTotals(
        ' Directory of C:\\x\r\n\r\n               1 File(s)             24 bytes\r\n',
      ),
    ).toBeNull();
    expect(parseDirTotals('')).toBeNull();
    expect(parseDirTotals('     Total Files Listed:\r\n')).toBeNull();
    expect(parseDirTotals('     Total Files Listed:\r\n   lots of files\r\n')).toBeNull();
  });
});
