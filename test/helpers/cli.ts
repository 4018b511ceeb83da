import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_OUT } from '../../scripts/build-cli.mjs';
import type { MachineProfile } from '../../electron/system/simulated/profile';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bundled wsops with its own state dir; never inherits a developer's real state. */
export function wsops(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI_OUT, ...args], {
    encoding: 'utf8',
    env: { ...process.env, WSOPS_DEBUG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function spawnWsops(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [CLI_OUT, ...args], {
    env: { ...process.env, WSOPS_DEBUG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function tempDir(prefix = 'wsops-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs a workflow with --yes and resumes after every restart until it ends. */
export function runToEnd(
  args: string[],
  env: Record<string, string>,
  maxResumes = 12,
): { results: CliResult[]; last: CliResult } {
  const results = [wsops(['run', ...args, '--yes'], env)];
  while (results.at(-1)!.code === 3 && results.length <= maxResumes) {
    results.push(wsops(['resume', '--yes'], env));
  }
  return { results, last: results.at(-1)! };
}

export function readMachine(dir: string): MachineProfile {
  return JSON.parse(fs.readFileSync(path.join(dir, 'machine.json'), 'utf8'));
}

export function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countFiles(path.join(dir, e.name));
    else n++;
  }
  return n;
}
