import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { openBundle } from '../../../electron/system/bundle/host';
import { ReadOnlyHostError, type WindowsHost } from '../../../electron/system/ports';
import { isInputError } from '../../../shared/errors';
import { bundleDir } from './bundles';

const INI = 'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini';
const SD = 'C:\\Windows\\SoftwareDistribution';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-bundle-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function copyBundle(name: string): string {
  const dest = path.join(tmp, name);
  fs.cpSync(bundleDir(name), dest, { recursive: true });
  return dest;
}

async function inputError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isInputError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('openBundle', () => {
  it('opens a bundle read-only, labelled with the computer name and date', async () => {
    const host = await openBundle(bundleDir('diskcryptor-1709'));
    expect(host.kind).toBe('bundle');
    expect(host.readOnly).toBe(true);
    expect(host.label).toBe(
      'Diagnostics bundle from DESKTOP-DC1709 (collected 2018-03-14T10:02:33.000Z)',
    );
  });

  it('names the folder when it does not exist or is a file', async () => {
    expect(await inputError(openBundle(path.join(tmp, 'nope')))).toMatch(/nope: no such folder/);
    fs.writeFileSync(path.join(tmp, 'file.txt'), 'x');
    expect(await inputError(openBundle(path.join(tmp, 'file.txt')))).toMatch(
      /file\.txt: not a folder/,
    );
  });

  it('names bundle.json when it is missing or not JSON', async () => {
    expect(await inputError(openBundle(tmp))).toMatch(
      /bundle\.json: missing; .* is not a diagnostics bundle/,
    );
    fs.writeFileSync(path.join(tmp, 'bundle.json'), '{ not json');
    expect(await inputError(openBundle(tmp))).toMatch(/bundle\.json: not valid JSON/);
  });

  it('names the field that is wrong', async () => {
    const dir = copyBundle('clean-win11');
    const file = path.join(dir, 'bundle.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...manifest, formatVersion: 7 }));
    expect(await inputError(openBundle(dir))).toMatch(/bundle\.json: field formatVersion: /);
    manifest.files[2].name = '../../etc/passwd';
    fs.writeFileSync(file, JSON.stringify(manifest));
    expect(await inputError(openBundle(dir))).toMatch(/bundle\.json: field files\[2\]\.name: /);
    delete manifest.collectedAt;
    manifest.files[2].name = 'sc-qc-wuauserv.txt';
    fs.writeFileSync(file, JSON.stringify(manifest));
    expect(await inputError(openBundle(dir))).toMatch(/bundle\.json: field collectedAt: /);
  });
});

describe('BundleHost reads', () => {
  it('answers only the SetupConfig.ini and SoftwareDistribution paths it has', async () => {
    const host = await openBundle(bundleDir('diskcryptor-1709'));
    const bytes = fs.readFileSync(path.join(bundleDir('diskcryptor-1709'), 'setupconfig.ini'));
    expect(await host.exists(INI)).toBe(true);
    expect(await host.exists(INI.toLowerCase())).toBe(true);
    expect(await host.readText(INI)).toBe(bytes.toString('latin1'));
    expect(await host.sha256(INI)).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(await host.exists(SD)).toBe(true);
    expect(await host.treeStats(SD)).toEqual({
      files: 4182,
      dirs: 0,
      bytes: 3_862_119_274,
      links: 0,
      newestMtimeMs: null,
    });
    expect(await host.exists('C:\\Program Files\\dcrypt')).toBe(false);
    expect(await host.readText('C:\\Windows\\win.ini')).toBeNull();
    expect(await host.listDir(SD)).toBeNull();
  });

  it('reports DiskCryptor’s encryption from dcinst’s recorded exit code', async () => {
    expect(
      (await (await openBundle(bundleDir('diskcryptor-1709'))).encryption()).bootVolumeEncryptedBy,
    ).toBeNull();
    const dir = copyBundle('diskcryptor-1709');
    const file = path.join(dir, 'bundle.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    manifest.files.find((f: { name: string }) => f.name === 'dcinst-isenc.txt').exitCode = 51;
    fs.writeFileSync(file, JSON.stringify(manifest));
    expect((await (await openBundle(dir)).encryption()).bootVolumeEncryptedBy).toBe('diskcryptor');
  });

  it('treats a deleted file or one marked not collected as unknown', async () => {
    const dir = copyBundle('diskcryptor-1709');
    fs.rmSync(path.join(dir, 'systeminfo.txt'));
    fs.rmSync(path.join(dir, 'sc-queryex-wuauserv.txt'));
    fs.rmSync(path.join(dir, 'reg-uninstall.txt'));
    fs.rmSync(path.join(dir, 'reg-uninstall-wow64.txt'));
    fs.rmSync(path.join(dir, 'setupconfig.ini'));
    const file = path.join(dir, 'bundle.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    manifest.files.find((f: { name: string }) => f.name === 'bugchecks.txt').collected = false;
    fs.writeFileSync(file, JSON.stringify(manifest));
    const host = await openBundle(dir);
    expect(await host.os()).toBeNull();
    expect(await host.service('wuauserv')).toEqual({
      name: 'wuauserv',
      state: 'unknown',
      startType: 'demand',
    });
    expect(await host.programs()).toBeNull();
    expect(await host.bugchecks()).toBeNull();
    expect(await host.exists(INI)).toBe(false);
    expect(await host.readText(INI)).toBeNull();
    expect(await host.service('spooler')).toEqual({
      name: 'spooler',
      state: 'unknown',
      startType: 'unknown',
    });
  });

  it('knows nothing it did not collect', async () => {
    const host = await openBundle(bundleDir('clean-win11'));
    expect(await host.isAdmin()).toBeNull();
    expect(await host.freeBytes('C:')).toBeNull();
    expect(await host.bootTime()).toBeNull();
    expect(await host.userProfile()).toBeNull();
    expect(await host.pendingFeatureUpdate()).toBeNull();
  });
});

describe('BundleHost changes', () => {
  it('refuses every change with ReadOnlyHostError', async () => {
    const host: WindowsHost = await openBundle(bundleDir('diskcryptor-1709'));
    const attempts: (() => Promise<unknown>)[] = [
      () => host.writeText(INI, ''),
      () => host.copyFile(INI, 'C:\\backup.ini'),
      () => host.stopService('wuauserv'),
      () => host.startService('wuauserv'),
      () => host.setStartType('wuauserv', 'demand'),
      () => host.uninstallProgram({ name: 'DiskCryptor 1.1.846.118', version: '1.1.846.118' }),
      () => host.runInstaller('C:\\setup.exe', { elevated: true }),
      () => host.clearDirectory(SD, {}),
      () => host.launch('get-help'),
      () => host.reboot('test'),
    ];
    for (const attempt of attempts) {
      const err = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ReadOnlyHostError);
      expect((err as Error).message).toMatch(
        /^This machine is read-only \(a diagnostics bundle\): cannot /,
      );
    }
    expect(
      fs.readFileSync(path.join(bundleDir('diskcryptor-1709'), 'setupconfig.ini'), 'latin1'),
    ).toContain('ReflectDrivers');
  });
});
