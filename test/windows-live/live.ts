/**
 * Helpers for the Windows-only test group (test/windows-live/). These tests run where Windows is
 * — GitHub Actions' windows-latest, whose runner is an administrator — through the normal
 * `npm test`, and skip elsewhere with one line saying why. Never by editing a test: the decision
 * is `process.platform`.
 *
 * Everything that writes happens in a fresh folder under os.tmpdir() (on the runner an NTFS
 * folder under the runner's profile) that the test made itself. The live commands are the app's
 * own read-only ones (sc queryex/qc, reg query, manage-bde -status, whoami, the CIM boot time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExecFileRunner } from '../../electron/system/command-runner';
import type { CommandResult } from '../../electron/system/ports';
import type { Argv } from '../../electron/system/windows/commands';

/** Null on Windows; otherwise the one-line reason the group skips. */
export function windowsOnlyReason(platform: NodeJS.Platform = process.platform): string | null {
  return platform === 'win32'
    ? null
    : `needs real Windows (NTFS, junctions, sc.exe, reg.exe…); this is ${platform} — it runs on GitHub Actions' windows-latest`;
}

/** Prints the one skip line for a test file, and returns whether it skips. */
export function skipUnlessWindows(file: string): boolean {
  const reason = windowsOnlyReason();
  if (reason) console.warn(`${file}: skipped — ${reason}`);
  return reason !== null;
}

export const runner = new ExecFileRunner();

/** One of the app's own read-only commands, through the app's own runner (decoding included). */
export function runLive(a: Argv, timeoutMs = 60_000): Promise<CommandResult> {
  return runner.run(a.file, a.args, { timeoutMs });
}

/** A PowerShell one-liner whose output is JSON: the independent second opinion on a fact. */
export async function powershellJson<T>(script: string): Promise<T> {
  const r = await runner.run(
    'powershell.exe',
    [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      // -InputObject, not a pipe: a pipe unrolls a one-element array into a bare object.
      `ConvertTo-Json -Compress -Depth 4 -InputObject (${script})`,
    ],
    { timeoutMs: 120_000 },
  );
  if (!r.ok) throw new Error(`powershell failed (${r.exitCode}): ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout) as T;
}

export function makeSandbox(prefix: string): { root: string; cleanup: () => Promise<void> } {
  const root = fs.realpathSync.native(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return {
    root,
    cleanup: async () => {
      makeWritable(root);
      // fs.promises.rm walks in JS with lstat: it unlinks junctions, never their targets.
      await fs.promises.rm(root, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

function makeWritable(dir: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return;
  }
  if (st.isSymbolicLink()) return;
  try {
    fs.chmodSync(dir, 0o666);
  } catch {
    return;
  }
  if (st.isDirectory()) for (const n of fs.readdirSync(dir)) makeWritable(path.join(dir, n));
}

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/**
 * Every entry below `root` (links not followed) with its type, size, mtime, read-only bit and a
 * SHA-256 of file contents: two equal snapshots mean nothing there was touched.
 */
export function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      const rel = path.relative(root, p);
      if (st.isSymbolicLink()) out.push(`${rel} link -> ${fs.readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.push(`${rel} dir`);
        walk(p);
      } else {
        const hash = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
        out.push(`${rel} file ${st.size} ${st.mtimeMs} mode=${st.mode & 0o777} ${hash}`);
      }
    }
  };
  walk(root);
  return out;
}

/** `mklink /J link target` — the junction exactly as a person (or an installer) makes one. */
export async function mklinkJunction(link: string, target: string): Promise<void> {
  const r = await runner.run('cmd.exe', ['/d', '/c', 'mklink', '/J', link, target], {
    timeoutMs: 30_000,
  });
  if (!r.ok) throw new Error(`mklink /J failed (${r.exitCode}): ${r.stderr || r.stdout}`);
}

/**
 * Holds `file` open with no sharing at all (FileShare.None) in a separate PowerShell process,
 * the way antivirus or a running installer does: delete and rename fail while it is held.
 * Node itself cannot do this (libuv always opens with FILE_SHARE_DELETE).
 */
export async function lockFile(file: string): Promise<{ release: () => Promise<void> }> {
  const quoted = `'${file.replace(/'/g, "''")}'`;
  const ps: ChildProcess = spawn(
    'powershell.exe',
    [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      `$f = [System.IO.File]::Open(${quoted}, 'Open', 'ReadWrite', 'None'); ` +
        `[Console]::Out.WriteLine('locked'); [Console]::Out.Flush(); ` +
        `[void][Console]::In.ReadLine(); $f.Close()`,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`lockFile: no answer (${err})`)), 60_000);
    ps.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) {
        clearTimeout(timer);
        resolve();
      }
    });
    ps.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    ps.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lockFile: PowerShell exited (${code}) before locking: ${err}`));
    });
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        if (ps.exitCode !== null) return resolve();
        ps.once('exit', () => resolve());
        ps.stdin!.end('\n');
      }),
  };
}
