// `npm test`: every gate CI runs, in order, stopping at the first failure.
// Typecheck, lint, formatting, unit + integration tests (vitest), the Chromium end-to-end walk
// through the app, Electronegativity. Ends with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
const vitestJson = path.join(root, 'test-results', 'vitest.json');

const steps = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['format', bin('prettier'), ['--check', '.', '--log-level=warn']],
  [
    'unit + integration',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  ],
  ['end to end (Chromium)', process.execPath, ['scripts/e2e.mjs']],
  ['electronegativity', process.execPath, ['scripts/electronegativity.mjs']],
].filter(
  ([, , args]) => !args[0]?.startsWith('scripts/') || fs.existsSync(path.join(root, args[0])),
);

let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (name === 'unit + integration' && fs.existsSync(vitestJson)) {
    const report = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
  } else if (r.status === 0) passed++;
  else failed++;
  if (r.status !== 0) {
    process.stdout.write(
      `\n✘ ${name} failed (${seconds} s)\n${passed} passed, ${Math.max(failed, 1)} failed\n`,
    );
    process.exit(r.status || 1);
  }
  process.stdout.write(`✔ ${name} (${seconds} s)\n`);
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
