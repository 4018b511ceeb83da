// CLI figures: `wsops list` cold start and a practice-machine preflight (61,000 files).
// Baseline: a bare `node -e 0` start in the same run, so the ratio shows what wsops adds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'out', 'cli', 'wsops.cjs');
const files = Number(process.env.BENCH_FILES ?? 61000);
const runs = 7;

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, WSOPS_STATE_DIR: tmp },
  });
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (figure, baseName, base, ours, target, ok) =>
  console.log(
    `${figure}: baseline ${baseName} ${base.toFixed(0)} ms · ours ${ours.toFixed(0)} ms · ratio ${(ours / base).toFixed(2)} (target ${target}) ${ok ? 'OK' : 'MISS'}`,
  );

const { buildCli } = await import('../scripts/build-cli.mjs');
await buildCli();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-bench-cli-'));
try {
  const baseline = median(Array.from({ length: runs }, () => time(['-e', '0'])));
  const list = median(Array.from({ length: runs }, () => time([cli, 'list'])));
  line('wsops list cold start', 'node -e 0', baseline, list, '< 400 ms', list < 400);

  const machine = path.join(tmp, 'machine');
  time([cli, 'practice', 'init', machine, '--files', String(files)]);
  const check = median(
    Array.from({ length: 5 }, () =>
      time([cli, 'check', 'windows-update-diskcryptor', '--machine', machine, '--json']),
    ),
  );
  line(
    `preflight on a practice machine (${files} files)`,
    'node -e 0',
    baseline,
    check,
    '< 1000 ms',
    check < 1000,
  );
} finally {
  await fs.promises.rm(tmp, { recursive: true, force: true });
}
