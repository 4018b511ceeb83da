// Fails the job when a platform-only test file did not really run here: every file named must
// have at least one passed test in vitest's JSON report (test-results/vitest.json, written by
// `npm test`) and none failed. Without this, a detection that wrongly skipped on the very
// platform the job exists for would pass in silence.
//
// Usage: node .github/scripts/assert-ran.mjs [--report FILE] test/path/a.test.ts …
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Per file: the one-line problem, or null when it ran. */
export function problems(report, files) {
  const byFile = new Map(
    (report.testResults ?? []).map((r) => [
      path.relative(root, r.name).split(path.sep).join('/'),
      r.assertionResults ?? [],
    ]),
  );
  return files.map((file) => {
    const results = byFile.get(file);
    if (!results) return `${file}: not in the test report`;
    const count = (s) => results.filter((a) => a.status === s).length;
    if (count('failed') > 0) return `${file}: ${count('failed')} failed`;
    if (count('passed') === 0)
      return `${file}: no test ran (${results.length} skipped) — its platform detection is wrong`;
    return null;
  });
}

function main() {
  const args = process.argv.slice(2);
  let reportFile = path.join(root, 'test-results', 'vitest.json');
  if (args[0] === '--report') {
    reportFile = path.resolve(args[1]);
    args.splice(0, 2);
  }
  if (args.length === 0) throw new Error('assert-ran: name the test files that must have run');
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const bad = problems(report, args).filter(Boolean);
  for (const b of bad) console.error(`::error::${b}`);
  if (bad.length) process.exit(1);
  console.log(`ran: ${args.join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`::error::${e.message}`);
    process.exit(2);
  }
}
