import { describe, it, expect } from 'vitest';
import {
  ElevatedTaskSchema,
  allowlistError,
  isStrictWinPath,
  parseTask,
  type ElevatedTask,
} from '../../../electron/system/windows/elevated-task';

const SD = 'C:\\Windows\\SoftwareDistribution';
const CAT = 'C:\\Windows\\System32\\catroot2';
const INI = 'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini';
const QMGR = 'C:\\ProgramData\\Microsoft\\Network\\Downloader\\qmgr0.dat';

const allowed = (t: ElevatedTask) => allowlistError(t) === null;

describe('elevated task schema', () => {
  it('accepts each operation with its fields', () => {
    for (const t of [
      { v: 1, op: 'clear', path: SD },
      { v: 1, op: 'rename-aside', path: CAT },
      { v: 1, op: 'restore-aside', bakPath: `${SD}.bak`, target: SD },
      { v: 1, op: 'remove-setupconfig-keys', path: INI },
      { v: 1, op: 'copy-file', from: INI, to: `${INI}.wsops.bak` },
      { v: 1, op: 'delete-file', path: QMGR },
    ])
      expect(parseTask(t)).toEqual(t);
  });

  it('refuses unknown ops, versions, extra or missing fields', () => {
    for (const t of [
      { v: 1, op: 'rmdir', path: SD },
      { v: 2, op: 'clear', path: SD },
      { v: 1, op: 'clear', path: SD, recursive: true },
      { v: 1, op: 'restore-aside', bakPath: `${SD}.bak` },
      { v: 1, op: 'clear', path: 42 },
      null,
      [],
    ])
      expect(ElevatedTaskSchema.safeParse(t).success, JSON.stringify(t)).toBe(false);
    expect(() => parseTask({ v: 1, op: 'clear', path: 'C:\\Users' })).toThrow(/refused/);
  });
});

describe('elevated task allowlist', () => {
  it('lets each op touch only its own paths (any letter case)', () => {
    expect(allowed({ v: 1, op: 'clear', path: SD })).toBe(true);
    expect(allowed({ v: 1, op: 'clear', path: 'c:\\WINDOWS\\softwaredistribution' })).toBe(true);
    expect(allowed({ v: 1, op: 'clear', path: `${SD}.bak` })).toBe(true);
    expect(allowed({ v: 1, op: 'clear', path: `${CAT}.bak12` })).toBe(true);
    expect(allowed({ v: 1, op: 'rename-aside', path: SD })).toBe(true);
    expect(allowed({ v: 1, op: 'restore-aside', bakPath: `${CAT}.bak3`, target: CAT })).toBe(true);
    expect(allowed({ v: 1, op: 'copy-file', from: `${INI}.wsops.bak`, to: INI })).toBe(true);
    expect(allowed({ v: 1, op: 'delete-file', path: QMGR.replace('qmgr0', 'QMGR1') })).toBe(true);
  });

  it.each([
    ['dot-dot', `${SD}\\..\\System32`],
    ['dot', `${SD}\\.`],
    ['another folder', 'C:\\Windows\\System32'],
    ['the Windows folder', 'C:\\Windows'],
    ['a parent of the folder', 'C:\\Windows\\'],
    ['a child of the folder', `${SD}\\Download`],
    ['UNC', '\\\\server\\share\\Windows\\SoftwareDistribution'],
    ['device path \\\\?\\', `\\\\?\\${SD}`],
    ['device path \\\\.\\', `\\\\.\\${SD}`],
    ['forward slashes', 'C:/Windows/SoftwareDistribution'],
    ['a trailing dot', `${SD}.`],
    ['a trailing space', `${SD} `],
    ['a trailing backslash', `${SD}\\`],
    ['doubled backslash', 'C:\\Windows\\\\SoftwareDistribution'],
    ['alternate data stream', `${SD}::$DATA`],
    ['8.3 short name', 'C:\\Windows\\SOFTWA~1'],
    ['another drive', 'D:\\Windows\\SoftwareDistribution'],
    ['relative', 'Windows\\SoftwareDistribution'],
    ['drive-relative', 'C:Windows\\SoftwareDistribution'],
    ['.bak1 (renameAside never makes it)', `${SD}.bak1`],
    ['.bak1000', `${SD}.bak1000`],
    ['.bakup', `${SD}.bakup`],
    ['inside a .bak', `${SD}.bak\\Download`],
    ['wildcard', 'C:\\Windows\\Software*'],
    ['NUL byte', `${SD}\u0000`],
  ])('clear refuses %s', (_why, p) => {
    expect(allowlistError({ v: 1, op: 'clear', path: p })).not.toBeNull();
  });

  it('keeps each op to its own kind of path', () => {
    // rename-aside: only the live folders (moving a .bak aside again is not an operation).
    expect(allowed({ v: 1, op: 'rename-aside', path: `${SD}.bak` })).toBe(false);
    expect(allowed({ v: 1, op: 'rename-aside', path: 'C:\\Users' })).toBe(false);
    // restore-aside: a .bak of the same folder onto that folder, nothing else.
    expect(allowed({ v: 1, op: 'restore-aside', bakPath: `${SD}.bak`, target: CAT })).toBe(false);
    expect(allowed({ v: 1, op: 'restore-aside', bakPath: 'C:\\Temp\\x', target: SD })).toBe(false);
    expect(allowed({ v: 1, op: 'restore-aside', bakPath: SD, target: `${SD}.bak` })).toBe(false);
    // remove-setupconfig-keys: SetupConfig.ini only.
    expect(allowed({ v: 1, op: 'remove-setupconfig-keys', path: 'C:\\Windows\\win.ini' })).toBe(
      false,
    );
    expect(allowed({ v: 1, op: 'remove-setupconfig-keys', path: `${INI}.wsops.bak` })).toBe(false);
    // There is no operation that takes content to write (issue 11 point 10).
    expect(() =>
      parseTask({
        v: 1,
        op: 'write-text',
        path: INI,
        content: 'PostOOBE=C:\\Users\\Public\\evil.cmd',
      }),
    ).toThrow(/invalid task/);
    // copy-file: between SetupConfig.ini and its backup only (no reading other files as admin).
    expect(
      allowed({ v: 1, op: 'copy-file', from: 'C:\\Windows\\System32\\config\\SAM', to: INI }),
    ).toBe(false);
    expect(allowed({ v: 1, op: 'copy-file', from: INI, to: 'C:\\Windows\\x.ini' })).toBe(false);
    expect(allowed({ v: 1, op: 'copy-file', from: INI, to: INI })).toBe(false);
    // delete-file: qmgr*.dat in the BITS folder only.
    expect(allowed({ v: 1, op: 'delete-file', path: 'C:\\Windows\\System32\\ntoskrnl.exe' })).toBe(
      false,
    );
    expect(
      allowed({ v: 1, op: 'delete-file', path: 'C:\\ProgramData\\Microsoft\\Network\\qmgr0.dat' }),
    ).toBe(false);
    expect(allowed({ v: 1, op: 'delete-file', path: `${QMGR}:stream` })).toBe(false);
    expect(allowed({ v: 1, op: 'delete-file', path: QMGR.replace('qmgr0.dat', 'qmgr.db') })).toBe(
      false,
    );
    expect(
      allowed({
        v: 1,
        op: 'delete-file',
        path: 'C:\\ProgramData\\Microsoft\\Network\\Downloader\\sub\\qmgr0.dat',
      }),
    ).toBe(false);
    // clear never touches the SetupConfig or BITS paths.
    expect(
      allowed({ v: 1, op: 'clear', path: 'C:\\ProgramData\\Microsoft\\Network\\Downloader' }),
    ).toBe(false);
  });

  it('spells a strict Windows path one way only', () => {
    expect(isStrictWinPath(SD)).toBe(true);
    expect(isStrictWinPath(`C:\\${'a\\'.repeat(200)}b`)).toBe(false); // over MAX_PATH
    expect(isStrictWinPath('C:\\')).toBe(false);
  });
});
