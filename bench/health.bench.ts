// system-health figures.
// 1. Wall time of the system-health preflight on this machine (systeminformation), median of 7,
//    against the bare systeminformation calls it makes, in the same run: the ratio is what our
//    timeouts, mapping and checks add.
// 2. `wsops check system-health --json` end to end, against `node -e 0`.
// 3. On Windows the same workflow sends its reading as one PowerShell process: the argv the
//    Windows host sends is counted through a counting CommandRunner (answered from the fixture),
//    for system-health and for the flagship's preflight (ac-power + disk-health share one reading).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import si from 'systeminformation';
import { preflight } from '../electron/engine/preflight';
import { systemHealth } from '../electron/workflows/system-health';
import { windowsUpdateDiskCryptor } from '../electron/workflows/windows-update-diskcryptor';
import { createLocalHost } from '../electron/system/local/host';
import { noWindowsHost } from '../electron/system/local/no-windows-host';
import { WindowsRealHost } from '../electron/system/windows/host';
import { healthArgv } from '../electron/system/windows/health';
import type { CommandRunner, RunOptions } from '../electron/system/command-runner';
import type { CommandResult } from '../electron/system/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timeMs(f: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
async function medianOf(f: () => Promise<unknown>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await timeMs(f));
  return median(xs);
}
const line = (
  figure: string,
  base: string,
  ours: string,
  ratio: string,
  target: string,
  ok: boolean,
) =>
  console.log(
    `${figure}: baseline ${base} · ours ${ours} · ratio ${ratio} (target ${target}) ${ok ? 'OK' : 'MISS'}`,
  );

// ---- 1. in process
// The machines are shared and noisy: baseline and ours alternate, 11 pairs, medians compared.
const bareCalls = () =>
  Promise.all([
    si.battery(),
    si.diskLayout(),
    si.blockDevices(),
    si.fsSize(),
    si.osInfo(),
    si.mem(),
  ]).then(() => si.time());
// A new host every time (the checks' shared reading is per host) and no diskLayout reuse, so
// each run really reads everything, like the baseline.
const oursRun = () =>
  preflight(systemHealth, noWindowsHost(), createLocalHost({ health: { diskLayoutMaxAgeMs: 0 } }));
await oursRun(); // warm the module and the OS caches
const bareMs: number[] = [];
const oursMs: number[] = [];
for (let i = 0; i < 11; i++) {
  bareMs.push(await timeMs(bareCalls));
  oursMs.push(await timeMs(oursRun));
}
const bare = median(bareMs);
const ours = median(oursMs);
line(
  'system-health preflight on this machine (in process, median of 11)',
  `bare systeminformation calls ${bare.toFixed(0)} ms`,
  `${ours.toFixed(0)} ms`,
  (ours / bare).toFixed(2),
  '≤ 1.5',
  ours / bare <= 1.5,
);

// ---- 2. the CLI end to end
const { buildCli } = await import('../scripts/build-cli.mjs');
await buildCli();
const cli = path.join(root, 'out', 'cli', 'wsops.cjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-bench-health-'));
try {
  const spawnMs = (args: string[]) =>
    timeMs(async () => {
      const r = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        env: { ...process.env, WSOPS_STATE_DIR: tmp },
      });
      if (r.status !== 0 && r.status !== 1)
        throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
    });
  const node = await medianOf(() => spawnMs(['-e', '0']));
  const check = await medianOf(() => spawnMs([cli, 'check', 'system-health', '--json']));
  line(
    'wsops check system-health --json wall time',
    `node -e 0 ${node.toFixed(0)} ms`,
    `${check.toFixed(0)} ms`,
    (check / node).toFixed(2),
    '< 1000 ms',
    check < 1000,
  );
} finally {
  await fs.promises.rm(tmp, { recursive: true, force: true });
}

// ---- 3. PowerShell starts on Windows
class CountingRunner implements CommandRunner {
  readonly starts: { file: string; args: readonly string[] }[] = [];
  private readonly health = fs.readFileSync(
    path.join(root, 'test', 'fixtures', 'windows', 'health', 'laptop-on-battery.json'),
    'utf8',
  );
  async run(file: string, args: readonly string[], _opts: RunOptions): Promise<CommandResult> {
    this.starts.push({ file, args });
    const isHealth = JSON.stringify(args) === JSON.stringify(healthArgv().args);
    return {
      ok: isHealth,
      exitCode: isHealth ? 0 : 1,
      command: file,
      stdout: isHealth ? this.health : '',
      stderr: isHealth ? '' : 'not answered in the bench',
    };
  }
}
for (const [name, workflow] of [
  ['system-health', systemHealth],
  ['windows-update-diskcryptor preflight', windowsUpdateDiskCryptor],
] as const) {
  const runner = new CountingRunner();
  await preflight(workflow, new WindowsRealHost(runner, { toLocal: () => tmp }));
  const ps = runner.starts.filter((s) => s.file.toLowerCase() === 'powershell.exe');
  const healthPs = ps.filter((s) => JSON.stringify(s.args) === JSON.stringify(healthArgv().args));
  line(
    `PowerShell starts for the health reading on Windows (${name})`,
    'one per reading',
    `${healthPs.length} health / ${ps.length} powershell.exe / ${runner.starts.length} processes in all`,
    healthPs.length.toFixed(2),
    '= 1',
    healthPs.length === 1,
  );
}
