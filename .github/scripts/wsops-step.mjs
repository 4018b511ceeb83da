// One `wsops` command as a CI step: runs the repository's own CLI (bin/wsops.mjs, what
// `npm run wsops` runs), saves its standard output to --out for the artifact, and passes when the
// exit code is one of --ok (default 0). With --json in the wsops arguments the output must also
// be JSON with a non-empty `checks` list (check), a run log with a status (run) or a `files` list
// (collect): a command that "succeeds" with nothing in it fails the step.
//
// Usage: node .github/scripts/wsops-step.mjs --out FILE [--ok 0,1] -- <wsops arguments…>
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function parseArgs(argv) {
  const dash = argv.indexOf('--');
  if (dash < 0) throw new Error('wsops-step: give the wsops arguments after --');
  const own = argv.slice(0, dash);
  const wsops = argv.slice(dash + 1);
  let out = null;
  let ok = [0];
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--out') out = own[++i] ?? null;
    else if (own[i] === '--ok')
      ok = String(own[++i] ?? '')
        .split(',')
        .map((s) => Number(s.trim()));
    else throw new Error(`wsops-step: unknown option ${own[i]}`);
  }
  if (!out) throw new Error('wsops-step: --out FILE is required');
  if (wsops.length === 0) throw new Error('wsops-step: no wsops command given');
  if (ok.some((n) => !Number.isInteger(n)))
    throw new Error('wsops-step: --ok takes exit codes like 0,1');
  return { out, ok, wsops };
}

/** Null when the output is what the command promises; else the one-line reason. */
export function jsonProblem(command, stdout) {
  let doc;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return `wsops ${command} --json did not print JSON`;
  }
  if (command === 'check' && !(Array.isArray(doc.checks) && doc.checks.length > 0))
    return 'wsops check --json printed no checks';
  if (command === 'run' && typeof doc.run?.status !== 'string')
    return 'wsops run --json printed no run log';
  if (command === 'collect' && !(Array.isArray(doc.files) && doc.files.length > 0))
    return 'wsops collect --json listed no files';
  return null;
}

function main() {
  const { out, ok, wsops } = parseArgs(process.argv.slice(2));
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'wsops.mjs'), ...wsops], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, r.stdout ?? '');
  const code = r.status ?? -1;
  const line = `wsops ${wsops.join(' ')}: exit ${code}`;
  if (!ok.includes(code)) {
    console.error(`::error::${line} (expected ${ok.join(' or ')})`);
    process.exit(1);
  }
  const problem = wsops.includes('--json') ? jsonProblem(wsops[0], r.stdout ?? '') : null;
  if (problem) {
    console.error(`::error::${problem}`);
    process.exit(1);
  }
  console.log(`${line}; output saved to ${out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`::error::${e.message}`);
    process.exit(2);
  }
}
