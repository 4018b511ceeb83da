import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wsops } from '../helpers/cli';

const WF = 'windows-update-diskcryptor';
const bundles = path.resolve('test/fixtures/bundles');

describe('wsops check --bundle (any OS, read-only)', () => {
  it('reports the facts of the failing DiskCryptor machine', () => {
    const before = fs.readdirSync(path.join(bundles, 'diskcryptor-1709')).sort();
    const r = wsops(['check', WF, '--bundle', path.join(bundles, 'diskcryptor-1709'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.machine.kind).toBe('bundle');
    expect(out.facts.os).toEqual({ version: '10.0.16299', build: 16299 });
    expect(out.facts.services.dcrypt).toEqual({ state: 'running', startType: 'boot' });
    expect(out.facts.services.veracrypt.state).toBe('missing');
    expect(out.facts.programs).toContainEqual({
      name: expect.stringMatching(/^DiskCryptor/),
      version: '1.1.846.118',
    });
    expect(out.facts.bugchecks.length).toBeGreaterThan(0);
    expect(out.facts.bugchecks.every((b: { code: string }) => /^0x[0-9a-f]{8}$/.test(b.code))).toBe(
      true,
    );
    expect(out.facts.setupConfig.reflectDrivers).toMatch(/dcrypt/);
    expect(out.facts.softwareDistribution.files).toBeGreaterThan(0);
    const byId = Object.fromEntries(
      out.checks.map((c: { id: string; status: string }) => [c.id, c.status]),
    );
    expect(byId['bugchecks']).toBe('warn');
    expect(byId['diskcryptor-installed']).toBe('pass');
    // Read-only: nothing was written into the bundle.
    expect(fs.readdirSync(path.join(bundles, 'diskcryptor-1709')).sort()).toEqual(before);
  });

  it('garbage files give unknown, never an error', () => {
    const r = wsops(['check', WF, '--bundle', path.join(bundles, 'garbage'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.facts.os.version).toBeNull();
    expect(out.facts.services.wuauserv.state).toBe('unknown');
    expect(
      out.checks.filter((c: { status: string }) => c.status === 'unknown').length,
    ).toBeGreaterThan(5);
  });

  it('a folder that is not a bundle is bad input; a bundle cannot be run', () => {
    const empty = tempDir();
    const r = wsops(['check', WF, '--bundle', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const run = wsops(['check', WF, '--bundle', path.join(bundles, 'garbage'), '--machine', empty]);
    expect(run.code).toBe(2);
  });

  it('collect refuses to run off Windows with a one-line reason', () => {
    if (process.platform === 'win32') return;
    const r = wsops(['collect', '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Windows only.*--bundle/);
  });
});
