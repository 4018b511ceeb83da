import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import {
  parseSetupConfig,
  removeSetupConfigKeys,
} from '../../../electron/system/windows/setup-config';
import { FIXTURES, fixture } from './fixtures';

describe('parseSetupConfig', () => {
  it('reads VeraCrypt’s keys, quoted and unquoted', () => {
    expect(parseSetupConfig(fixture('setupconfig', 'veracrypt-1483-encrypted.ini'))).toEqual({
      reflectDrivers: 'C:\\Program Files\\VeraCrypt',
      postOOBE: 'C:\\ProgramData\\VeraCrypt\\SetupComplete.cmd',
    });
  });

  it('reads DiskCryptor’s CRLF file', () => {
    expect(parseSetupConfig(fixture('setupconfig', 'diskcryptor-w10c-crlf.ini'))).toEqual({
      reflectDrivers: 'C:\\Program Files\\dcrypt',
      postOOBE: 'C:\\Program Files\\dcrypt\\PostOOBE.cmd',
    });
  });

  it('gives nulls for an empty section, other keys, keys outside the section, garbage', () => {
    expect(parseSetupConfig(fixture('setupconfig', 'veracrypt-1483-after-decrypt.ini'))).toEqual({
      reflectDrivers: null,
      postOOBE: null,
    });
    expect(parseSetupConfig(fixture('setupconfig', 'msdocs-legacy-langpacks.ini'))).toEqual({
      reflectDrivers: null,
      postOOBE: 'C:\\ProgramData\\Temp\\Inplaceupgrade\\W10_22H2\\Scripts\\SetupComplete.cmd',
    });
    expect(parseSetupConfig('[Other]\nReflectDrivers=C:\\x\n')).toEqual({
      reflectDrivers: null,
      postOOBE: null,
    });
    expect(parseSetupConfig('\u0000\u0001 garbage ]]][[')).toEqual({
      reflectDrivers: null,
      postOOBE: null,
    });
  });

  it('matches section and keys case-insensitively, first definition wins', () => {
    expect(
      parseSetupConfig(
        '\uFEFF[setupconfig]\r\nreflectdrivers = "D:\\a"\r\nREFLECTDRIVERS=D:\\b\r\n',
      ),
    ).toEqual({
      reflectDrivers: 'D:\\a',
      postOOBE: null,
    });
  });
});

describe('removeSetupConfigKeys', () => {
  it('removes ReflectDrivers and PostOOBE and keeps every other byte, CRLF included', () => {
    const before = fs.readFileSync(
      path.join(FIXTURES, 'setupconfig', 'diskcryptor-w10c-crlf.ini'),
      'latin1',
    );
    const { text, removed } = removeSetupConfigKeys(before, ['ReflectDrivers', 'PostOOBE']);
    expect(text).toBe('[SetupConfig]\r\n');
    expect(removed).toEqual(['ReflectDrivers', 'PostOOBE']);
  });

  it('keeps other keys, comments, blank lines, other sections and a missing final newline', () => {
    const before =
      '; managed by IT\r\n[SetupConfig]\r\nInstallLangPacks=C:\\LP\r\n\r\nreflectdrivers="C:\\Program Files\\dcrypt"\r\n[Other]\r\nPostOOBE=keep-me\r\nDynamicUpdate=Disable';
    const { text, removed } = removeSetupConfigKeys(before, ['ReflectDrivers', 'PostOOBE']);
    expect(text).toBe(
      '; managed by IT\r\n[SetupConfig]\r\nInstallLangPacks=C:\\LP\r\n\r\n[Other]\r\nPostOOBE=keep-me\r\nDynamicUpdate=Disable',
    );
    expect(removed).toEqual(['reflectdrivers']);
  });

  it('keeps LF files LF and returns the text unchanged when nothing matches', () => {
    const before = fixture('setupconfig', 'msdocs-legacy-langpacks.ini');
    expect(removeSetupConfigKeys(before, ['ReflectDrivers'])).toEqual({
      text: before,
      removed: [],
    });
    const after = removeSetupConfigKeys(before, ['PostOOBE']).text;
    expect(after).toBe(
      before.replace(
        'PostOOBE=C:\\ProgramData\\Temp\\Inplaceupgrade\\W10_22H2\\Scripts\\SetupComplete.cmd\n',
        '',
      ),
    );
  });
});
