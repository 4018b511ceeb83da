#!/usr/bin/env node
// Runs the bundled CLI, rebuilding it first when a source file is newer (so a fresh checkout and
// an edited tree both just work).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out', 'cli', 'wsops.cjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

let builtAt = 0;
try {
  builtAt = fs.statSync(out).mtimeMs;
} catch {
  builtAt = 0;
}
const sources = ['shared', 'electron']
  .map((d) => path.join(root, d))
  .filter((d) => fs.existsSync(d));
if (sources.length && Math.max(...sources.map(newestSource)) > builtAt) {
  const { buildCli } = await import('../scripts/build-cli.mjs');
  await buildCli();
}
createRequire(import.meta.url)(out);
