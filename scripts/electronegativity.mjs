// Electronegativity (Doyensec's Electron security linter) over the app's sources, offline, failing
// on any finding — the tool itself exits 0 whatever it finds.
//
// What it scans: everything that ends up in the app — electron/ (main, preload and the engine,
// system layer and workflows the main process bundles), shared/, renderer/ (TSX and index.html)
// and package.json (for the Electron version) — copied to a temp folder so tests, scripts and
// build output stay out. It runs the same checks as
//   electronegativity -i <dir> -x AvailableSecurityFixesGlobalCheck,ElectronVersionJSONCheck -o report.csv
// (see EXCLUDED below), calling the CLI's runner
// directly: the CLI fetches translations from S3 on start, which must not happen here.
//
// Usage: node scripts/electronegativity.mjs [--keep]   (exit 1 on any finding or parse error)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const engRequire = createRequire(path.join(engDir, 'dist', 'locales', 'i18n.js'));

// Offline: the i18n loader asks S3 for fresh translations through `got`; answer "unavailable" at
// once so it falls back to the bundled en-US strings.
const gotPath = engRequire.resolve('got');
require.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: Object.assign(() => Promise.reject(new Error('offline')), {
    default: () => Promise.reject(new Error('offline')),
  }),
};

// AvailableSecurityFixesGlobalCheck needs the network (Electron's release list);
// ElectronVersionJSONCheck only reports the Electron version it read from package.json — a note,
// not a finding (the version still drives the other checks).
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck'];
const SOURCES = ['electron', 'shared', 'renderer'];

function copyTree(from, to) {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      copyTree(src, dst);
    } else if (e.isFile()) {
      fs.copyFileSync(src, dst);
    }
  }
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-eng-'));
for (const dir of SOURCES) {
  fs.mkdirSync(path.join(stage, dir), { recursive: true });
  copyTree(path.join(root, dir), path.join(stage, dir));
}
fs.copyFileSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));

const run = require(path.join(engDir, 'dist', 'runner.js'));
const report = path.join(root, 'test-results', 'electronegativity.csv');
fs.mkdirSync(path.dirname(report), { recursive: true });
// The i18n loader says it could not fetch translations (we made sure of that): not news.
const log = console.log;
console.log = (...args) => {
  if (String(args[0]).startsWith('Could not retrieve updated translations')) return;
  log(...args);
};
let result;
try {
  result = await run(
    {
      input: stage,
      output: report,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED,
      isRelative: true,
      isVerbose: false,
      parserPlugins: [],
    },
    false,
  );
} finally {
  console.log = log;
  if (!process.argv.includes('--keep')) fs.rmSync(stage, { recursive: true, force: true });
}

const { issues, errors, globalChecks, atomicChecks } = result;
const hardErrors = errors.filter((e) => !e.tolerable);

console.log(
  `electronegativity: ${atomicChecks} atomic + ${globalChecks} global checks (excluded: ${EXCLUDED.join(', ')}) over ${SOURCES.join(', ')}, package.json`,
);
for (const i of issues) {
  console.log(
    `  ${i.id} ${i.severity.name ?? ''} ${i.file}:${i.location.line}:${i.location.column} — ${i.description}`,
  );
}
for (const e of hardErrors) console.log(`  parse error: ${e.file}: ${e.message}`);
console.log(
  `electronegativity: ${issues.length} finding${issues.length === 1 ? '' : 's'}, ${hardErrors.length} parse error${hardErrors.length === 1 ? '' : 's'} (report: ${path.relative(root, report)})`,
);
process.exit(issues.length || hardErrors.length ? 1 : 0);
