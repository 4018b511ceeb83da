/**
 * `wsops check <wf> --json` prints `facts` on every host and `commands[]`: every program the
 * host started, as a PC starts it (full %SystemRoot%\System32 paths), with exit code and duration.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wsops } from '../helpers/cli';

const WF = 'windows-update-diskcryptor';
const bundles = path.resolve('test/fixtures/bundles');

interface Out {
  facts: { os: { version: string | null }; services: Record<string, { state: string }> };
  commands: { command: string; exitCode: number | null; ms: number }[];
}

describe('wsops check --json', () => {
  it('on a practice machine: the facts, and the commands as a PC runs them', () => {
    const machine = path.join(tempDir(), 'pc');
    expect(wsops(['practice', 'init', machine, '--files', '5']).code).toBe(0);
    const r = wsops(['check', WF, '--machine', machine, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.facts.os.version).toBe('10.0.16299');
    expect(out.facts.services.dcrypt!.state).toBe('running');
    const lines = out.commands.map((c) => c.command);
    // dcrypt and wuauserv come from the one batched PowerShell (windows/reading.ts); the other
    // services from sc.
    expect(lines).toContain('C:\\Windows\\System32\\sc.exe queryex bits');
    expect(lines).not.toContain('C:\\Windows\\System32\\sc.exe queryex dcrypt');
    expect(lines.filter((l) => /powershell\.exe/i.test(l))[0]).toMatch(
      /^C:\\Windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe -NoProfile/,
    );
    expect(lines.some((l) => /(^|\\)systeminfo\.exe/i.test(l))).toBe(false);
    for (const c of out.commands) {
      expect(c.ms).toBeGreaterThanOrEqual(0);
      expect(c.exitCode === null || Number.isInteger(c.exitCode)).toBe(true);
    }
  });

  it('on a bundle: the commands replayed', () => {
    const r = wsops(['check', WF, '--bundle', path.join(bundles, 'diskcryptor-1709'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.commands.map((c) => c.command)).toContain(
      'C:\\Windows\\System32\\sc.exe queryex wuauserv',
    );
    expect(out.commands.find((c) => /sc\.exe queryex veracrypt$/.test(c.command))?.exitCode).toBe(
      1060,
    );
  });
});
