/**
 * The kept installer is checked by content before the point of no return: an HTML page saved as
 * dcrypt_setup.exe, a 0-byte file or another release's installer makes the run wait (exit 4)
 * before the uninstall, with DiskCryptor still installed and nothing cleared.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { wsops } from '../helpers/cli';
import { practice, readMachine, removeTempDirs, snapshotTree } from '../workflows/helpers';
import {
  makeEmptyFile,
  makeHtmlErrorPage,
  makePracticeInstaller,
} from '../../electron/system/emulator/practice-installer';
import { releaseNamed } from '../../electron/system/emulator/diskcryptor-releases';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';

describe.each([
  { what: 'an HTML page', content: () => makeHtmlErrorPage(), says: /HTML|not a Windows program/i },
  { what: 'a 0-byte file', content: () => makeEmptyFile(), says: /empty|0 bytes/i },
  {
    what: "another version's installer",
    content: () => makePracticeInstaller(releaseNamed('1.4.1')!),
    says: /1\.4|another|version/i,
  },
])('$what in place of the installer', ({ content, says }) => {
  it('waits (exit 4) before the uninstall; DiskCryptor installed, nothing cleared', () => {
    const { machine, env, c } = practice('diskcryptor-1709', 30);
    fs.writeFileSync(c('Users', 'dev', 'Downloads', 'dcrypt_setup.exe'), content());
    const sd = snapshotTree(c('Windows', 'SoftwareDistribution'));
    const r = wsops(['run', WF, '--machine', machine, '--yes'], env);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).toMatch(/Nothing was uninstalled/);
    const m = readMachine(machine);
    expect(m.programs.map((p: { name: string }) => p.name)).toContain('DiskCryptor');
    expect(m.services.dcrypt.state).toBe('running');
    expect(snapshotTree(c('Windows', 'SoftwareDistribution'))).toEqual(sd);
  });
});
