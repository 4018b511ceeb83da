import { describe, it, expect } from 'vitest';
import {
  normaliseBugcheckCode,
  parseBugChecks,
} from '../../../electron/system/windows/parse-bugchecks';
import { crlf, fixture } from './fixtures';

const MESSAGE_1A =
  'The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000001a (0x0000000000041792, 0xfffff68043682330, 0x0008000000000000, 0x0000000000000000). A dump was saved in: C:\\Windows\\MEMORY.DMP. Report Id: 060921-7546-01.';

describe('parseBugChecks', () => {
  it('reads 1001 events in wevtutil text (newest first, local time kept without zone)', () => {
    expect(parseBugChecks(fixture('wevtutil', 'composed-1709-0x1a.txt'))).toEqual([
      { time: '2018-03-14T09:41:12.000', code: '0x0000001a' },
      { time: '2018-03-13T22:05:47.000', code: '0x0000001a' },
    ]);
  });

  it('ignores events that are not bugchecks, even with 8-digit hex codes in them', () => {
    expect(parseBugChecks(fixture('wevtutil', 'server2022-security-no-bugchecks.txt'))).toEqual([]);
  });

  it('reads Kernel-Power 41 XML: decimal BugcheckCode 26 is 0x0000001a; the hex Keywords are not the code', () => {
    expect(parseBugChecks(fixture('wevtutil', 'kernel-power-41-xml.txt'))).toEqual([
      { time: '2019-10-15T01:14:02.498Z', code: '0x0000001a' },
    ]);
  });

  it('reads translated labels and a UTC time, by provider and hex code only', () => {
    const german = crlf(
      `Ereignis[0]:\n  Protokollname: System\n  Quelle: Microsoft-Windows-WER-SystemErrorReporting\n  Datum: 2024-05-02T08:15:00.1234567Z\n  Ereignis-ID: 1001\n  Beschreibung: \nDer Computer wurde nach einem schwerwiegenden Fehler neu gestartet. Der Fehlercode war: 0x0000001A (0x0000000000041792, 0xfffff68043682330, 0x0008000000000000, 0x0000000000000000).\n`,
    );
    expect(parseBugChecks(german)).toEqual([
      { time: '2024-05-02T08:15:00.123Z', code: '0x0000001a' },
    ]);
  });

  it('counts a crash logged as both 41 and 1001 once, but keeps a 41 without a 1001', () => {
    const text = [
      '<Event><System><Provider Name="Microsoft-Windows-WER-SystemErrorReporting"/><TimeCreated SystemTime="2024-01-01T10:05:00Z"/></System><EventData><Data Name="param1">0x0000001a (0x41792)</Data></EventData></Event>',
      '<Event><System><Provider Name="Microsoft-Windows-Kernel-Power"/><Keywords>0x8000400000000002</Keywords><TimeCreated SystemTime="2024-01-01T10:00:00Z"/></System><EventData><Data Name="BugcheckCode">26</Data></EventData></Event>',
      '<Event><System><Provider Name="Microsoft-Windows-Kernel-Power"/><TimeCreated SystemTime="2023-06-01T10:00:00Z"/></System><EventData><Data Name="BugcheckCode">278</Data></EventData></Event>',
      '<Event><System><Provider Name="Microsoft-Windows-Kernel-Power"/><TimeCreated SystemTime="2023-05-01T10:00:00Z"/></System><EventData><Data Name="BugcheckCode">0</Data></EventData></Event>',
    ].join('\r\n');
    expect(parseBugChecks(text)).toEqual([
      { time: '2024-01-01T10:05:00.000Z', code: '0x0000001a' },
      { time: '2023-06-01T10:00:00.000Z', code: '0x00000116' },
    ]);
  });

  it('treats empty output as "no bugchecks" and garbage as unknown', () => {
    expect(parseBugChecks('')).toEqual([]);
    expect(parseBugChecks('\r\n')).toEqual([]);
    expect(parseBugChecks('Failed to read events. Access is denied.')).toBeNull();
    expect(parseBugChecks(MESSAGE_1A)).toBeNull(); // a bare message is not event output and cannot be dated
  });
});

describe('normaliseBugcheckCode', () => {
  it('pads to 8 lower-case hex digits from hex or decimal', () => {
    expect(normaliseBugcheckCode('0x1A', 16)).toBe('0x0000001a');
    expect(normaliseBugcheckCode('26', 10)).toBe('0x0000001a');
    expect(normaliseBugcheckCode('0x00000133', 16)).toBe('0x00000133');
  });
});
