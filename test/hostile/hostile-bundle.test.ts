/**
 * Issue 11 point 9: a hostile diagnostics bundle — links to /etc/shadow and to a secret outside
 * file, a FIFO, a link to /dev/zero, 300 MB sparse files, a folder where a file belongs. `wsops
 * check --bundle` runs as a child: it must finish within 30 s and 400 MB of peak RSS (read from
 * the child itself through process.resourceUsage()), read nothing outside the bundle, and list
 * every refused file as not collected.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_OUT } from '../../scripts/build-cli.mjs';
import { tempDir } from '../helpers/cli';
import { bundleDir } from '../system/bundle/bundles';
import {
  BUNDLE_FILE_MAX_BYTES,
  readBundleFile,
} from '../../electron/system/bundle/read-bundle-file';

const SECRET = 'SECRET-MARKER-7f3a91';

function hostileBundle() {
  const root = tempDir('wsops-hostile-bundle-');
  const dir = path.join(root, 'bundle');
  fs.cpSync(bundleDir('diskcryptor-1709'), dir, { recursive: true });
  const secret = path.join(root, 'secret.ini');
  fs.writeFileSync(secret, `[SetupConfig]\r\nReflectDrivers=${SECRET}\r\nPostOOBE=${SECRET}\r\n`);
  const swap = (name: string, make: (p: string) => void) => {
    const p = path.join(dir, name);
    fs.rmSync(p, { force: true });
    make(p);
  };
  swap('setupconfig.ini', (p) => fs.symlinkSync(secret, p));
  if (fs.existsSync('/etc/shadow')) swap('systeminfo.txt', (p) => fs.symlinkSync('/etc/shadow', p));
  swap('bugchecks.txt', (p) => expect(spawnSync('mkfifo', [p]).status).toBe(0));
  swap('reg-uninstall.txt', (p) => fs.symlinkSync('/dev/zero', p));
  swap('reg-uninstall-wow64.txt', (p) => fs.symlinkSync('/dev/urandom', p));
  swap('sc-queryex-wuauserv.txt', (p) => fs.truncateSync((fs.writeFileSync(p, ''), p), 300e6));
  swap('softwaredistribution.txt', (p) => {
    // A 6 MB `dir /s` listing (a big cache): over the cap, so only its tail is read — which
    // holds the totals.
    const line = '03/14/2018  09:41 AM         1,234,567 0123456789abcdef0123456789abcdef.cab\r\n';
    const body = line.repeat(Math.ceil((6 * 1024 * 1024) / line.length));
    const tail =
      '\r\n     Total Files Listed:\r\n            4182 File(s)  3,862,119,274 bytes\r\n';
    fs.writeFileSync(p, body + tail);
  });
  swap('sc-qc-wuauserv.txt', (p) => fs.mkdirSync(p));
  return { root, dir };
}

/** Runs the bundled CLI with a hook that reports the child's own peak RSS when it exits. */
function checkWithRss(dir: string) {
  const hook = path.join(tempDir('wsops-rss-'), 'rss.cjs');
  const out = `${hook}.txt`;
  fs.writeFileSync(
    hook,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));`,
  );
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    ['--require', hook, CLI_OUT, 'check', 'windows-update-diskcryptor', '--bundle', dir, '--json'],
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, WSOPS_DEBUG: '' },
      maxBuffer: 1 << 26,
    },
  );
  const ms = Date.now() - t0;
  const maxRssKb = fs.existsSync(out) ? Number(fs.readFileSync(out, 'utf8')) : Infinity;
  return { ...r, ms, maxRssKb };
}

describe('a hostile diagnostics bundle', () => {
  it('finishes within 30 s and 400 MB, reads nothing outside, lists what it refused', () => {
    const { dir } = hostileBundle();
    const r = checkWithRss(dir);
    console.log(`hostile bundle: ${r.ms} ms, peak RSS ${Math.round(r.maxRssKb / 1024)} MB`);
    expect(r.error, 'timed out or failed to start').toBeUndefined();
    expect(r.ms).toBeLessThan(30_000);
    expect(r.maxRssKb).toBeLessThan(400 * 1024);
    expect([0, 1], r.stderr).toContain(r.status);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    if (fs.existsSync('/etc/shadow')) {
      for (const line of fs.readFileSync('/etc/shadow', 'utf8').split('\n').filter(Boolean))
        expect(r.stdout).not.toContain(line.split(':')[0] + ':');
    }
    const report = JSON.parse(r.stdout);
    const refused = Object.fromEntries(
      (report.facts.notCollected as { file: string; note: string }[]).map((n) => [n.file, n.note]),
    );
    expect(refused['setupconfig.ini']).toMatch(/symbolic link/);
    expect(refused['bugchecks.txt']).toMatch(/FIFO/);
    expect(refused['reg-uninstall.txt']).toMatch(/symbolic link/);
    expect(refused['sc-queryex-wuauserv.txt']).toMatch(/over the 4 MiB limit/);
    expect(refused['sc-qc-wuauserv.txt']).toMatch(/folder/);
    expect(report.facts.setupConfig).toBeNull();
    expect(report.facts.services.wuauserv).toEqual({ state: 'unknown', startType: 'unknown' });
    // The long dir listing is read from its end: the totals still come through.
    expect(report.facts.softwareDistribution).toEqual({ files: 4182, bytes: 3_862_119_274 });
    expect(refused['softwaredistribution.txt']).toMatch(/only the last 4 MiB read/);
  }, 60_000);

  it('bundle.json as a FIFO or a link: one line, exit 2, no hang', () => {
    for (const make of [
      (p: string) => expect(spawnSync('mkfifo', [p]).status).toBe(0),
      (p: string) => fs.symlinkSync('/dev/zero', p),
    ]) {
      const { dir } = hostileBundle();
      fs.rmSync(path.join(dir, 'bundle.json'));
      make(path.join(dir, 'bundle.json'));
      const r = checkWithRss(dir);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/bundle\.json: not read: (a FIFO|a symbolic link)/);
    }
  }, 60_000);
});

describe('readBundleFile', () => {
  it('reads a regular file up to the cap, refuses one byte more', async () => {
    const dir = tempDir('wsops-rbf-');
    fs.writeFileSync(path.join(dir, 'ok.txt'), Buffer.alloc(BUNDLE_FILE_MAX_BYTES, 0x61));
    fs.writeFileSync(path.join(dir, 'big.txt'), Buffer.alloc(BUNDLE_FILE_MAX_BYTES + 1, 0x61));
    const ok = await readBundleFile(dir, 'ok.txt');
    expect(ok.ok && ok.bytes.length).toBe(BUNDLE_FILE_MAX_BYTES);
    expect(await readBundleFile(dir, 'big.txt')).toEqual({
      ok: false,
      note: '4 MiB, over the 4 MiB limit per file',
    });
    expect(await readBundleFile(dir, '../etc/passwd')).toEqual({
      ok: false,
      note: 'not a plain file name',
    });
  });

  it('a read slower than the time limit is given up, not waited for', async () => {
    const dir = tempDir('wsops-rbf-');
    fs.writeFileSync(path.join(dir, 'f.txt'), 'x');
    const r = await readBundleFile(dir, 'f.txt', { timeoutMs: 0 });
    // 0 ms: the timer can win the race against even a tiny read, never the other way round.
    expect(r.ok ? 'read' : r.note).toMatch(/read|not read within 0 s/);
  });
});
