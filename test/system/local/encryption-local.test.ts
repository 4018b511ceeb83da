import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeLocalHost, createLocalHost } from '../../../electron/system/local/host';
import { noWindowsHost } from '../../../electron/system/local/no-windows-host';
import { parseLsblk } from '../../../electron/system/local/parse-lsblk';
import { detachedContext } from '../../../electron/engine/detached-context';
import { runCheck } from '../../../electron/engine/runner';
import { LSBLK_ARGS, encryptionStatus } from '../../../electron/workflows/encryption-status';
import type { CommandResult, LocalHost } from '../../../electron/system/ports';

const checks = encryptionStatus.steps.find((s) => s.id === 'status')!.checks!;

async function runAll(local: LocalHost) {
  const ctx = detachedContext(noWindowsHost(), {}, local);
  return Promise.all(checks.map((c) => runCheck(c, ctx, new Date())));
}

/** A LocalHost whose commands answer from fixtures — how the macOS path is tested off a Mac. */
function fakeLocal(
  platform: NodeJS.Platform,
  answers: Record<string, Partial<CommandResult>>,
): LocalHost {
  const real = createLocalHost();
  return {
    kind: 'real',
    label: `fake ${platform}`,
    platform,
    bootTime: () => real.bootTime(),
    reboot: () => real.reboot('x'),
    health: () => real.health(),
    async run(file, args) {
      const a = answers[file];
      const command = [file, ...args].join(' ');
      if (!a)
        return {
          ok: false,
          exitCode: null,
          command,
          stdout: '',
          stderr: `${path.basename(file)} was not found on this computer.`,
        };
      return {
        ok: (a.exitCode ?? 0) === 0,
        exitCode: a.exitCode ?? 0,
        command,
        stdout: a.stdout ?? '',
        stderr: a.stderr ?? '',
      };
    },
  };
}

describe('LocalHost on this Linux machine', () => {
  it('runs the real lsblk with execFile and parses whatever it prints', async () => {
    const local = createLocalHost();
    expect(local.platform).toBe('linux');
    const r = await local.run('lsblk', LSBLK_ARGS, { timeoutMs: 15_000 });
    expect(r.command).toBe('lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT');
    // This machine has lsblk (util-linux); its output must parse, whatever the disks are.
    expect(r.ok, r.stderr).toBe(true);
    const parsed = parseLsblk(r.stdout);
    expect(parsed).not.toBeNull();
    expect(parsed!.devices.length).toBeGreaterThan(0);
  });

  it('the encryption checks complete on the real machine with a parsed result and never throw', async () => {
    const results = await runAll(createLocalHost());
    expect(results.map((r) => r.id)).toEqual([
      'system-volume',
      'encrypted-volumes',
      'encryption-software',
    ]);
    for (const r of results) {
      expect(['pass', 'warn', 'fail', 'unknown']).toContain(r.status);
      expect(r.summary).not.toMatch(/^Could not check/);
      expect(r.summary.length).toBeGreaterThan(5);
    }
    // lsblk ran and was read: the volumes check names the block devices it saw.
    expect(results[1]!.summary).toMatch(/block devices|LUKS container|dm-crypt/);
  });

  it('a missing command is "unknown" with the reason, not a crash', async () => {
    const results = await runAll(fakeLocal('linux', {}));
    expect(results[0]).toMatchObject({ status: 'unknown' });
    expect(results[0]!.summary).toMatch(/lsblk was not found/);
    const real = new NodeLocalHost();
    const missing = await real.run('/nonexistent/wsops-no-such-tool', [], { timeoutMs: 5000 });
    expect(missing).toMatchObject({ ok: false, exitCode: null });
    expect(missing.stderr).toMatch(/not found/);
  });

  it('a command that hangs is stopped at its timeout', async () => {
    const started = Date.now();
    const r = await new NodeLocalHost().run('sleep', ['10'], { timeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/did not finish within/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('unparseable lsblk output is unknown', async () => {
    const results = await runAll(
      fakeLocal('linux', { lsblk: { stdout: 'lsblk: unknown column' } }),
    );
    expect(results[0]!.status).toBe('unknown');
  });

  it('encrypted root from a fixture passes; plain root warns', async () => {
    const fedora = fs.readFileSync(
      'test/fixtures/linux/lsblk/fedora-luks2-btrfs-root.json',
      'utf8',
    );
    const [root] = await runAll(fakeLocal('linux', { lsblk: { stdout: fedora } }));
    expect(root).toMatchObject({ status: 'pass' });
    expect(root!.summary).toBe('/ is on an encrypted device: nvme0n1 → nvme0n1p3 → luks-[...]');
    const omv = fs.readFileSync('test/fixtures/linux/lsblk/omv-plain-root-crypt-data.json', 'utf8');
    const [plain, volumes] = await runAll(fakeLocal('linux', { lsblk: { stdout: omv } }));
    expect(plain).toMatchObject({
      status: 'warn',
      summary: '/ is on vda → vda1, which is not encrypted',
    });
    expect(volumes!.summary).toMatch(
      /2 dm-crypt mappings; mounted on them: \/srv\/dev-disk-by-label-crypttest, \/srv\/dev-disk-by-label-vdd/,
    );
  });

  it('macOS: fdesetup status by full path → FileVault on / off / unknown', async () => {
    const fixture = (n: string) => fs.readFileSync(`test/fixtures/macos/fdesetup/${n}`, 'utf8');
    const on = await runAll(
      fakeLocal('darwin', { '/usr/bin/fdesetup': { stdout: fixture('on.txt') } }),
    );
    expect(on[0]).toMatchObject({
      status: 'pass',
      summary: 'FileVault is on: the startup disk is encrypted',
    });
    const off = await runAll(
      fakeLocal('darwin', { '/usr/bin/fdesetup': { stdout: fixture('deferred-restart.txt') } }),
    );
    expect(off[0]).toMatchObject({
      status: 'warn',
      summary: 'FileVault is off; it will be turned on at the next restart',
    });
    const busy = await runAll(
      fakeLocal('darwin', { '/usr/bin/fdesetup': { stdout: fixture('encrypting.txt') } }),
    );
    expect(busy[0]!.summary).toBe('FileVault is on; encryption in progress (42.5%)');
    const none = await runAll(fakeLocal('darwin', {}));
    expect(none[0]).toMatchObject({ status: 'unknown' });
    expect(none[0]!.summary).toMatch(/fdesetup was not found/);
  });

  it('boot time is stable within a boot; restarting is refused', async () => {
    const local = createLocalHost();
    const a = await local.bootTime();
    expect(a).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await local.bootTime()).toBe(a);
    expect((await local.reboot('test')).ok).toBe(false);
  });
});
