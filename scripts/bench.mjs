#!/usr/bin/env node
/**
 * Runs every benchmark in bench/ (sorted by name, one after the other — they measure wall time,
 * so never in parallel) with `node --import tsx`, passing the environment through (BENCH_FILES,
 * BENCH_RUNS…). Prints each bench's lines as they come, then one summary over all figures
 * (lines ending in OK or MISS). Not part of `npm test`: benchmarks are slow and load-sensitive.
 * Exit code: 1 if a bench crashed; MISSes are reported, not failures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const only = process.argv.slice(2);
const files = fs
  .readdirSync(benchDir)
  .filter((f) => /\.(m?[jt]s)$/.test(f) && !f.endsWith('.d.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let ok = 0;
let miss = 0;
let crashed = 0;

for (const file of files) {
  console.log(`== ${file}`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (/ OK$/.test(line)) ok++;
        else if (/ MISS$/.test(line)) miss++;
        console.log(line);
      }
    });
    child.on('close', (c) => {
      if (buf) console.log(buf);
      resolve(c ?? 1);
    });
  });
  if (code !== 0) {
    crashed++;
    console.log(`!! ${file} exited with code ${code}`);
  }
}

console.log(
  `bench: ${ok}/${ok + miss} figures met their target across ${files.length} file(s)${crashed ? `, ${crashed} crashed` : ''}`,
);
process.exitCode = crashed ? 1 : 0;
