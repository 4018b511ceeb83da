// @vitest-environment jsdom
/**
 * The Windows Sandbox kit (tools/windows-sandbox/) cannot be opened here, so this holds what can
 * be checked without Windows: the .wsb is well-formed XML with only elements Windows Sandbox
 * knows, the build is mapped read-only, the network is off, the logon command runs the kit's own
 * script from the mapped folder, and that script only ever runs read-only commands on the real
 * machine (`check`, `collect`) — a workflow `run`/`resume` always names a practice machine. The
 * CI artifact that carries the kit ships every file in the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Not from the e2e harness: it loads esbuild, which refuses to start under jsdom.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const KIT = path.join(ROOT, 'tools', 'windows-sandbox');
const WSB = path.join(KIT, 'workstation-ops.wsb');
const SCRIPT = path.join(KIT, 'sandbox-checks.ps1');

/** The configuration elements Microsoft documents for .wsb files. */
const KNOWN = new Set([
  'Configuration',
  'VGpu',
  'Networking',
  'MappedFolders',
  'MappedFolder',
  'HostFolder',
  'SandboxFolder',
  'ReadOnly',
  'LogonCommand',
  'Command',
  'AudioInput',
  'VideoInput',
  'ProtectedClient',
  'PrinterRedirection',
  'ClipboardRedirection',
  'MemoryInMB',
]);

function wsb(): Document {
  // jsdom's XML parser (this file runs in vitest's jsdom environment).
  const doc = new DOMParser().parseFromString(fs.readFileSync(WSB, 'utf8'), 'text/xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
}
const text = (el: Element | null | undefined) => el?.textContent?.trim() ?? '';

describe('tools/windows-sandbox/workstation-ops.wsb', () => {
  it('is a well-formed Configuration with only documented elements', () => {
    const doc = wsb();
    expect(doc.documentElement.tagName).toBe('Configuration');
    const names = [...doc.getElementsByTagName('*')].map((e) => e.tagName);
    expect(names.filter((n) => !KNOWN.has(n))).toEqual([]);
  });

  it('maps the build read-only, one results folder writable, and turns the network off', () => {
    const doc = wsb();
    expect(text(doc.querySelector('Networking'))).toBe('Disable');
    const folders = [...doc.querySelectorAll('MappedFolder')].map((m) => ({
      host: text(m.querySelector('HostFolder')),
      sandbox: text(m.querySelector('SandboxFolder')),
      readOnly: text(m.querySelector('ReadOnly')),
    }));
    // Absolute host paths: Windows Sandbox does not resolve relative ones.
    for (const f of folders) expect(f.host).toMatch(/^[A-Z]:\\/);
    expect(
      folders.filter((f) => f.readOnly === 'false').map((f) => path.win32.basename(f.host)),
    ).toEqual(['results']);
    const build = folders.find((f) => f.readOnly === 'true');
    expect(build).toBeDefined();
    // The logon command runs the kit's script from the read-only build folder.
    const command = text(doc.querySelector('LogonCommand > Command'));
    expect(command).toContain(`${build!.sandbox}\\${path.basename(SCRIPT)}`);
    expect(command).toMatch(/^powershell\.exe -NoProfile -ExecutionPolicy Bypass -File /);
  });

  it('its logon script runs only read-only commands on the real machine', () => {
    const script = fs.readFileSync(SCRIPT, 'utf8');
    // Every call, whatever quotes its name has; the literal arguments of each.
    const calls = [...script.matchAll(/Invoke-Wsops\s+(?:'[^']+'|"[^"]+")\s+@\(([^)]*)\)/g)].map(
      (m) => [...m[1]!.matchAll(/'([^']*)'/g)].map((a) => a[1]),
    );
    expect(calls.length).toBe((script.match(/Invoke-Wsops\s+['"]/g) ?? []).length);
    expect(calls.length).toBeGreaterThan(6);
    const READ_ONLY = new Set(['check', 'collect', 'export', 'practice']);
    for (const args of calls) {
      if (args[0] === 'run' || args[0] === 'resume')
        expect(args, args.join(' ')).toContain('--machine');
      else expect(READ_ONLY, args.join(' ')).toContain(args[0]);
      if (args[0] === 'check') expect(args).not.toContain('--yes');
    }
    // The practice walkthrough and the checks are both there.
    expect(calls.map((a) => a.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining([
        'check windows-update-diskcryptor',
        'collect --out',
        'run windows-update-diskcryptor',
      ]),
    );
    // Results go to the writable mapped folder, runs stay inside the sandbox.
    expect(script).toContain("Join-Path $env:USERPROFILE 'Desktop\\results'");
    expect(script).toMatch(/\$env:WSOPS_STATE_DIR = Join-Path \$env:LOCALAPPDATA/);
  });

  it('ships whole in the CI artifact the docs point to', () => {
    const ci = parse(
      fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8'),
    ) as {
      jobs: Record<string, { steps: { run?: string; with?: Record<string, unknown> }[] }>;
    };
    const steps = ci.jobs.windows!.steps;
    const kit = steps.find((s) => /sandbox-kit\//.test(s.run ?? ''))!;
    expect(kit.run).toContain('tools/windows-sandbox/*');
    expect(kit.run).toMatch(/dist\/\*portable\*\.exe/);
    expect(kit.run).toContain('out/cli/wsops.cjs');
    expect(steps.some((s) => s.with?.name === 'windows-sandbox-kit')).toBe(true);
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'testing-on-windows.md'), 'utf8');
    expect(docs).toContain('windows-sandbox-kit');
    for (const f of fs.readdirSync(KIT)) expect(docs, f).toContain(f);
  });
});
