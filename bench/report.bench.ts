/**
 * `wsops report` over 1,000 run logs (plus two malformed ones), against plain `JSON.parse` of the
 * same files in the same run. The logs are copies of a real flagship run on a practice machine,
 * each with its own host and run id. Target: under 2 s (issue 15), in process and through the CLI.
 *
 *   BENCH_LOGS=1000   how many logs (default 1000)
 *   BENCH_RUNS=5      runs per side (medians are reported)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildReport, renderReport } from '../electron/engine/report';
import { diagnosisRules } from '../electron/cli/commands/report';
import { CLI_OUT, buildCli } from '../scripts/build-cli.mjs';

const LOGS = Math.max(1, Number(process.env.BENCH_LOGS ?? 1000));
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const TARGET_MS = 2000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
function line(name: string, baseName: string, base: number, ours: number) {
  const ok = ours < TARGET_MS;
  console.log(
    `${name}: baseline ${baseName} ${base.toFixed(0)} ms · ours ${ours.toFixed(0)} ms · ratio ${(ours / base).toFixed(2)} (target < ${TARGET_MS} ms) ${ok ? 'OK' : 'MISS'}`,
  );
}

await buildCli();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-bench-report-'));
try {
  // One real run log: the flagship on a small practice machine, to the end.
  const wsops = (args: string[]) =>
    spawnSync(process.execPath, [CLI_OUT, ...args], {
      encoding: 'utf8',
      env: { ...process.env, WSOPS_STATE_DIR: path.join(tmp, 'state') },
    });
  const machine = path.join(tmp, 'machine');
  execFileSync(process.execPath, [CLI_OUT, 'practice', 'init', machine, '--files', '50']);
  let r = wsops(['run', 'windows-update-diskcryptor', '--machine', machine, '--yes']);
  for (let i = 0; r.status === 3 && i < 12; i++) r = wsops(['resume', '--yes']);
  if (r.status !== 0) throw new Error(`flagship run ended with ${r.status}: ${r.stderr}`);
  const template = JSON.parse(wsops(['export', 'latest', '--format', 'json']).stdout);

  const dir = path.join(tmp, 'logs');
  fs.mkdirSync(dir);
  let bytes = 0;
  for (let i = 0; i < LOGS; i++) {
    const text = JSON.stringify(
      {
        ...template,
        runId: `${template.runId}-${i}`,
        machine: { ...template.machine, label: `pc-${i}` },
      },
      null,
      2,
    );
    bytes += text.length;
    fs.writeFileSync(path.join(dir, `pc-${String(i).padStart(4, '0')}.json`), text);
  }
  fs.writeFileSync(path.join(dir, 'torn.json'), JSON.stringify(template).slice(0, 1000));
  fs.writeFileSync(path.join(dir, 'wrong.json'), JSON.stringify({ ...template, steps: 'none' }));
  const names = fs.readdirSync(dir);
  console.log(
    `# ${LOGS} logs of ${(bytes / LOGS / 1024).toFixed(1)} KB (a real flagship run) + 2 malformed, ${RUNS} runs per side`,
  );

  const rules = diagnosisRules();
  const base: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so drift in the machine's load hits both sides alike.
    const sides = [
      () =>
        base.push(
          time(() => {
            for (const n of names) {
              try {
                JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8'));
              } catch {
                // the malformed two
              }
            }
          }),
        ),
      () =>
        ours.push(
          time(() => {
            const report = buildReport(dir, { rules, sort: 'verdict' });
            if (report.counts.unreadable !== 2) throw new Error('expected two unreadable logs');
            renderReport(report, 'html');
          }),
        ),
    ];
    if (i % 2) sides.reverse();
    for (const s of sides) s();
  }
  line(
    `merge ${LOGS} logs into an HTML report, in process`,
    'JSON.parse of the files',
    median(base),
    median(ours),
  );

  const startup = median(
    Array.from({ length: RUNS }, () => time(() => execFileSync(process.execPath, ['-e', '0']))),
  );
  const cli = median(
    Array.from({ length: RUNS }, () =>
      time(() => {
        const out = execFileSync(process.execPath, [CLI_OUT, 'report', dir, '--format', 'csv'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        if (out.trimEnd().split('\r\n').length !== LOGS + 3) throw new Error('wrong row count');
      }),
    ),
  );
  line(`wsops report over ${LOGS} logs (CLI, csv)`, 'node -e 0', startup, cli);
} finally {
  await fs.promises.rm(tmp, { recursive: true, force: true });
}
