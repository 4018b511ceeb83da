import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleJobs, collectBundle } from '../../../electron/system/bundle/collect';
import { openBundle } from '../../../electron/system/bundle/host';
import { gatherFacts } from '../../../electron/system/bundle/facts';
import {
  BundleManifestSchema,
  type BundleManifest,
} from '../../../electron/system/bundle/manifest';
import { ReplayRunner, commandLine, type Recording } from '../../../electron/system/command-runner';
import { decodeText } from '../../../electron/system/windows/text';
import { isInputError } from '../../../shared/errors';
import { bundleDir } from './bundles';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-collect-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const toLocal = (winPath: string) =>
  path.join(tmp, 'machine', ...winPath.replace(/^([A-Za-z]):\\/, '$1\\').split('\\'));

/** A replay runner that answers every bundle command the way the sample machine did. */
function machineFrom(sample: string): ReplayRunner {
  const dir = bundleDir(sample);
  const manifest: BundleManifest = JSON.parse(
    fs.readFileSync(path.join(dir, 'bundle.json'), 'utf8'),
  );
  const recordings: Recording[] = [];
  for (const job of bundleJobs()) {
    const entry = manifest.files.find((f) => f.name === job.name)!;
    if (!entry.collected) continue; // not answering = the command could not run
    recordings.push({
      file: job.argv.file,
      args: job.argv.args,
      stdout: decodeText(fs.readFileSync(path.join(dir, job.name))),
      exitCode: entry.exitCode,
    });
  }
  const ini = path.join(dir, 'setupconfig.ini');
  if (fs.existsSync(ini)) {
    const local = toLocal(
      'C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini',
    );
    fs.mkdirSync(path.dirname(local), { recursive: true });
    fs.copyFileSync(ini, local);
  }
  return new ReplayRunner(recordings);
}

describe('collectBundle', () => {
  it('writes every documented file and a manifest that openBundle accepts; the facts survive the round trip', async () => {
    const out = path.join(tmp, 'out');
    const manifest = await collectBundle(machineFrom('diskcryptor-1709'), out, {
      toolVersion: '0.1.0',
      now: () => new Date('2018-03-14T10:02:33Z'),
      toLocal,
    });
    expect(
      BundleManifestSchema.parse(
        JSON.parse(fs.readFileSync(path.join(out, 'bundle.json'), 'utf8')),
      ),
    ).toEqual(manifest);
    expect(manifest).toMatchObject({
      formatVersion: 1,
      collectedAt: '2018-03-14T10:02:33.000Z',
      tool: { name: 'wsops', version: '0.1.0' },
    });
    expect(fs.readdirSync(out).sort()).toEqual(
      [
        'bundle.json',
        'systeminfo.txt',
        ...['wuauserv', 'bits', 'cryptsvc', 'dcrypt', 'veracrypt'].flatMap((s) => [
          `sc-queryex-${s}.txt`,
          `sc-qc-${s}.txt`,
        ]),
        'reg-uninstall.txt',
        'reg-uninstall-wow64.txt',
        'reg-service-dcrypt.txt',
        'manage-bde-status.txt',
        'dcinst-isenc.txt',
        'bugchecks.txt',
        'setupconfig.ini',
        'softwaredistribution.txt',
      ].sort(),
    );
    expect(manifest.files.find((f) => f.name === 'sc-queryex-veracrypt.txt')).toMatchObject({
      exitCode: 1060,
      collected: true,
    });
    expect(fs.readFileSync(path.join(out, 'setupconfig.ini'))).toEqual(
      fs.readFileSync(path.join(bundleDir('diskcryptor-1709'), 'setupconfig.ini')),
    );
    const original = await gatherFacts(await openBundle(bundleDir('diskcryptor-1709')));
    expect(await gatherFacts(await openBundle(out))).toEqual(original);
  });

  it('records the exact command line of every file, the same as the sample bundles', async () => {
    const out = path.join(tmp, 'out');
    const manifest = await collectBundle(machineFrom('clean-win11'), out, { toLocal });
    const sample: BundleManifest = JSON.parse(
      fs.readFileSync(path.join(bundleDir('clean-win11'), 'bundle.json'), 'utf8'),
    );
    expect(manifest.files.map((f) => [f.name, f.command])).toEqual(
      sample.files.map((f) => [f.name, f.command]),
    );
    expect(manifest.files.find((f) => f.name === 'softwaredistribution.txt')!.command).toBe(
      'cmd.exe /d /c dir /s /a C:\\Windows\\SoftwareDistribution',
    );
    expect(commandLine('x', [])).toBe('x');
  });

  it('leaves out what could not be collected and says why', async () => {
    const out = path.join(tmp, 'out');
    const manifest = await collectBundle(machineFrom('clean-win11'), out, { toLocal });
    expect(manifest.files.find((f) => f.name === 'dcinst-isenc.txt')).toMatchObject({
      collected: false,
      exitCode: null,
    });
    expect(manifest.files.find((f) => f.name === 'dcinst-isenc.txt')!.note).toMatch(/no recording/);
    expect(manifest.files.find((f) => f.name === 'setupconfig.ini')).toEqual({
      name: 'setupconfig.ini',
      command: 'copy C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini',
      exitCode: 1,
      collected: false,
      note: 'not present on this computer',
    });
    expect(fs.existsSync(path.join(out, 'dcinst-isenc.txt'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'setupconfig.ini'))).toBe(false);
    expect((await gatherFacts(await openBundle(out))).setupConfig).toBeNull();
  });

  it('on a machine where nothing runs, still writes a valid bundle of nothing', async () => {
    const out = path.join(tmp, 'out');
    const manifest = await collectBundle(new ReplayRunner(), out, { toLocal });
    expect(manifest.files.every((f) => !f.collected)).toBe(true);
    expect(fs.readdirSync(out)).toEqual(['bundle.json']);
    const facts = await gatherFacts(await openBundle(out));
    expect(facts.os).toEqual({ version: null, build: null });
    expect(facts.programs).toBeNull();
  });

  it('refuses a folder that has other things in it, but overwrites an earlier bundle', async () => {
    const busy = path.join(tmp, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'thesis.docx'), 'precious');
    await expect(collectBundle(new ReplayRunner(), busy, { toLocal })).rejects.toSatisfy(
      isInputError,
    );
    expect(fs.readdirSync(busy)).toEqual(['thesis.docx']);
    const out = path.join(tmp, 'again');
    await collectBundle(machineFrom('clean-win11'), out, { toLocal });
    await collectBundle(new ReplayRunner(), out, { toLocal });
    expect(fs.readdirSync(out)).toEqual(['bundle.json']);
    fs.writeFileSync(path.join(tmp, 'afile'), '');
    await expect(
      collectBundle(new ReplayRunner(), path.join(tmp, 'afile'), { toLocal }),
    ).rejects.toThrowError(/is not a folder/);
  });

  it('reports progress for every file', async () => {
    const seen: string[] = [];
    await collectBundle(new ReplayRunner(), path.join(tmp, 'p'), {
      toLocal,
      onProgress: (done, total, file) => seen.push(`${done}/${total} ${file}`),
    });
    expect(seen).toHaveLength(bundleJobs().length + 1);
    expect(seen.at(-1)).toBe(
      `${bundleJobs().length + 1}/${bundleJobs().length + 1} setupconfig.ini`,
    );
  });
});
