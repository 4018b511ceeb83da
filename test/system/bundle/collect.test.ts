import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COPIED_FILES, collectBundle } from '../../../electron/system/bundle/collect';
import { openBundle } from '../../../electron/system/bundle/host';
import { gatherFacts } from '../../../electron/system/bundle/facts';
import { BundleManifestV2Schema } from '../../../electron/system/bundle/manifest';
import type { ExecFn } from '../../../electron/system/command-runner';
import { EmulatedMachine } from '../../../electron/system/emulator/machine';
import { EmulatedWindows } from '../../../electron/system/emulator/exec';
import { createPracticeHost } from '../../../electron/system/emulator/host';
import { initPracticeMachine } from '../../../electron/system/simulated/scenario';
import { isInputError } from '../../../shared/errors';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-collect-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A practice machine as the PC collect reads: its emulator is the execFile. */
async function pc(scenario: 'diskcryptor-modern' | 'bitlocker-11' | 'diskcryptor-1709') {
  const dir = path.join(tmp, 'pc');
  await initPracticeMachine(dir, { scenario, files: 12 });
  const machine = new EmulatedMachine(dir);
  const emulator = new EmulatedWindows(machine);
  return {
    dir,
    emulator,
    opts: { exec: emulator.execFile, env: machine.env(), toLocal: machine.toLocal },
  };
}

const nothingRuns: ExecFn = (file, _args, _o, cb) =>
  setImmediate(() =>
    cb(
      Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' }),
      Buffer.alloc(0),
      Buffer.alloc(0),
    ),
  );

describe('collectBundle', () => {
  it('records exactly what the host ran, and the replay gives the facts the PC gave', async () => {
    const { dir, emulator, opts } = await pc('diskcryptor-modern');
    // Collected from an administrator prompt, so manage-bde answers (docs/diagnostics-bundle.md).
    new EmulatedMachine(dir).update(null, (p) => {
      p.user.elevated = true;
    });
    const out = path.join(tmp, 'out');
    const manifest = await collectBundle(out, {
      ...opts,
      toolVersion: '0.1.0',
      now: () => new Date('2018-03-14T10:02:33Z'),
    });
    expect(
      BundleManifestV2Schema.parse(
        JSON.parse(fs.readFileSync(path.join(out, 'bundle.json'), 'utf8')),
      ),
    ).toEqual(manifest);
    expect(manifest).toMatchObject({
      formatVersion: 2,
      collectedAt: '2018-03-14T10:02:33.000Z',
      systemRoot: 'C:\\Windows',
      computerName: 'PRACTICE-19045',
    });
    // One recording per program start, in order, full paths: what execFile was asked.
    expect(manifest.commands.map((c) => [c.file, c.args])).toEqual(
      emulator.started.map((s) => [s.file, s.args]),
    );
    expect(manifest.commands.some((c) => /systeminfo/i.test(c.file))).toBe(false);
    expect(manifest.files).toEqual([
      { path: COPIED_FILES[0].path, name: 'setupconfig.ini', collected: true },
    ]);
    const bundle = await openBundle(out);
    expect(bundle.label).toBe(
      'Diagnostics bundle from PRACTICE-19045 (collected 2018-03-14T10:02:33.000Z)',
    );
    const live = await gatherFacts(createPracticeHost(dir).host);
    expect(await gatherFacts(bundle)).toEqual(live);
    expect(live.services.dcrypt.state).toBe('running');
  });

  it('leaves out what could not be collected and says why', async () => {
    const { opts } = await pc('bitlocker-11');
    const out = path.join(tmp, 'out');
    const manifest = await collectBundle(out, opts);
    expect(manifest.files[0]).toEqual({
      path: COPIED_FILES[0].path,
      name: 'setupconfig.ini',
      collected: false,
      note: 'not present on this computer',
    });
    expect(fs.existsSync(path.join(out, 'setupconfig.ini'))).toBe(false);
    expect((await gatherFacts(await openBundle(out))).setupConfig).toBeNull();
  });

  it('on a machine where nothing runs, still writes a valid bundle of nothing', async () => {
    const out = path.join(tmp, 'out');
    const manifest = await collectBundle(out, {
      exec: nothingRuns,
      env: { SystemRoot: 'C:\\Windows' },
      toLocal: (p) => path.join(tmp, 'none', p.replace(/[:\\]/g, '_')),
    });
    expect(manifest.commands.length).toBeGreaterThan(0);
    expect(
      manifest.commands.every(
        (c) => c.exitCode === null && c.error === 'ENOENT' && c.stdout === null,
      ),
    ).toBe(true);
    expect(fs.readdirSync(out)).toEqual(['bundle.json']);
    const facts = await gatherFacts(await openBundle(out));
    expect(facts.os).toEqual({ version: null, build: null });
    expect(facts.programs).toBeNull();
    expect(facts.services.wuauserv).toEqual({ state: 'unknown', startType: 'unknown' });
  });

  it('refuses a folder that has other things in it, but overwrites an earlier bundle', async () => {
    const busy = path.join(tmp, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'thesis.docx'), 'precious');
    await expect(collectBundle(busy, { exec: nothingRuns })).rejects.toSatisfy(isInputError);
    expect(fs.readdirSync(busy)).toEqual(['thesis.docx']);
    const { opts } = await pc('diskcryptor-1709');
    const out = path.join(tmp, 'again');
    await collectBundle(out, opts);
    await collectBundle(out, {
      exec: nothingRuns,
      env: { SystemRoot: 'C:\\Windows' },
      toLocal: () => path.join(tmp, 'nope'),
    });
    expect(fs.readdirSync(out)).toEqual(['bundle.json']);
    fs.writeFileSync(path.join(tmp, 'afile'), '');
    await expect(
      collectBundle(path.join(tmp, 'afile'), { exec: nothingRuns }),
    ).rejects.toThrowError(/is not a folder/);
  });

  it('reports progress for every read', async () => {
    const seen: string[] = [];
    await collectBundle(path.join(tmp, 'p'), {
      exec: nothingRuns,
      toLocal: () => path.join(tmp, 'nope'),
      onProgress: (done, total, what) => seen.push(`${done}/${total} ${what}`),
    });
    const total = Number(seen[0]!.split(' ')[0]!.split('/')[1]);
    expect(seen).toHaveLength(total);
    expect(seen.at(-1)).toBe(`${total}/${total} setupconfig.ini`);
  });
});
