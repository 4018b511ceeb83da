/**
 * Clearing and counting benchmarks on a SoftwareDistribution-shaped tree, against coreutils.
 * Run through `npm run bench` (scripts/bench.mjs) or `node --import tsx bench/clear.bench.ts`.
 *
 *   BENCH_FILES=10000  shrink the tree (default 61000)
 *   BENCH_RUNS=3       runs per side (default 5; medians are reported)
 *
 * Everything happens in a fresh dir under os.tmpdir() that is removed at the end. Each clearing
 * run gets its own `cp -a` copy followed by `sync`, and the two sides are interleaved (the
 * order alternates) so drift in a shared machine's load hits both alike.
 * One line per figure: `<figure>: baseline <name> <value> · ours <value> · ratio <r> (target …) OK|MISS`.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  clearTreeInWorker,
  countTree,
  renameAside,
  workerDiagnostics,
} from '../electron/system/fs/safe-clear';
import { generateSoftwareDistribution } from '../electron/system/fs/software-distribution-shape';

const FILES = Number(process.env.BENCH_FILES ?? 61000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));

const results: boolean[] = [];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmtMs = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

/** `ratio ≤ limit` (or `≥` when `atLeast`) decides OK/MISS. */
function figure(
  name: string,
  baselineName: string,
  baseline: string,
  ours: string,
  ratio: number,
  limit: number,
  atLeast = false,
): void {
  const ok = atLeast ? ratio >= limit : ratio <= limit;
  results.push(ok);
  console.log(
    `${name}: baseline ${baselineName} ${baseline} · ours ${ours} · ratio ${ratio.toFixed(2)} (target ${atLeast ? '≥' : '≤'} ${limit}) ${ok ? 'OK' : 'MISS'}`,
  );
}

function sh(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

function timeSh(cmd: string, args: string[]): number {
  const t = performance.now();
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t;
}

async function main(): Promise<void> {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-bench-')));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const master = path.join(tmp, 'master', 'SoftwareDistribution');
    const t0 = performance.now();
    const gen = await generateSoftwareDistribution(master, { files: FILES, seed: 1 });
    console.log(
      `# tree: ${gen.files} files, ${gen.dirs} dirs, ${(gen.bytes / 1048576).toFixed(0)} MiB (generated in ${fmtMs(performance.now() - t0)}); ${RUNS} runs per side; node ${process.version}; ${os.cpus().length} cpus`,
    );
    const copy = path.join(tmp, 'run', 'SoftwareDistribution');
    fs.mkdirSync(path.dirname(copy));
    const freshCopy = () => {
      sh('cp', ['-a', master, copy]);
      sh('sync', []);
    };

    // (a) clearing vs rm -rf, ours through the worker (what the app and CLI use).
    const rmTimes: number[] = [];
    const ourTimes: number[] = [];
    const rates: number[] = [];
    const lags: number[] = [];
    const p99s: number[] = [];
    let wrong = '';
    const rmLags: number[] = [];
    // rm runs as an async child so the same lag monitor can watch an idle main thread meanwhile:
    // the control for how much lag the machine itself causes during heavy deletion.
    const runRm = async () => {
      freshCopy();
      const lag = monitorEventLoopDelay({ resolution: 5 });
      lag.enable();
      const t = performance.now();
      await new Promise<void>((resolve, reject) =>
        execFile('rm', ['-rf', copy], (err) => (err ? reject(err) : resolve())),
      );
      rmTimes.push(performance.now() - t);
      lag.disable();
      rmLags.push(lag.max / 1e6);
    };
    const runOurs = async () => {
      freshCopy();
      const lag = monitorEventLoopDelay({ resolution: 5 });
      let events = 0;
      lag.enable();
      const t = performance.now();
      const r = await clearTreeInWorker(copy, {
        totalHint: { files: gen.files, bytes: gen.bytes },
        onProgress: () => events++,
      });
      lag.disable();
      fs.rmdirSync(copy); // rm -rf removes the folder itself too
      const ms = performance.now() - t;
      ourTimes.push(ms);
      rates.push(events / (ms / 1000));
      lags.push(lag.max / 1e6);
      p99s.push(lag.percentile(99) / 1e6);
      if (
        r.filesRemoved !== gen.files ||
        r.dirsRemoved !== gen.dirs ||
        r.bytesRemoved !== gen.bytes ||
        r.failed.length > 0
      ) {
        wrong = `report mismatch: ${JSON.stringify({ ...r, failed: r.failed.slice(0, 3) })}`;
      }
    };
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) {
        await runRm();
        await runOurs();
      } else {
        await runOurs();
        await runRm();
      }
    }
    if (wrong) console.log(`# WARNING ${wrong}`);
    if (workerDiagnostics.fallbacks > 0)
      console.log(
        `# WARNING the worker fell back to in-process: ${workerDiagnostics.lastFallbackReason}`,
      );
    console.log(
      `# clear runs (ms): rm -rf [${rmTimes.map((x) => x.toFixed(0)).join(', ')}] · ours [${ourTimes.map((x) => x.toFixed(0)).join(', ')}]`,
    );
    const rmMed = median(rmTimes);
    const ourMed = median(ourTimes);
    figure(
      `clear ${gen.files} files (worker)`,
      'rm -rf',
      fmtMs(rmMed),
      fmtMs(ourMed),
      ourMed / rmMed,
      0.55,
    );
    const rate = median(rates);
    figure(
      'clear progress events/s',
      'required',
      '4.0/s',
      `${rate.toFixed(1)}/s`,
      rate / 4,
      1,
      true,
    );
    const maxLag = Math.max(...lags);
    figure(
      'clear max event-loop lag (main thread)',
      'budget',
      '50 ms',
      fmtMs(maxLag),
      maxLag / 50,
      1,
    );
    console.log(
      `# control: main-thread lag while rm -rf runs in a child process: max [${rmLags.map((x) => x.toFixed(0)).join(', ')}] ms`,
    );
    console.log(
      `# event-loop lag per run: max [${lags.map((x) => x.toFixed(0)).join(', ')}] ms · p99 [${p99s.map((x) => x.toFixed(0)).join(', ')}] ms (timer resolution 5 ms)`,
    );

    // (b) rename-first: the step's wall time is the rename plus recreating an empty folder.
    freshCopy();
    const tr = performance.now();
    const { bakPath } = await renameAside(copy);
    const renameMs = performance.now() - tr;
    const tb = performance.now();
    await clearTreeInWorker(bakPath);
    fs.rmdirSync(bakPath);
    const bakMs = performance.now() - tb;
    fs.rmdirSync(copy);
    figure(
      'rename-first: folder free again',
      'budget',
      '1000 ms',
      fmtMs(renameMs),
      renameMs / 1000,
      1,
    );
    console.log(`# (deleting the .bak afterwards, in the worker: ${fmtMs(bakMs)})`);

    // (c) counting vs du -s, warm then cold.
    const expectSame = (s: Awaited<ReturnType<typeof countTree>>) => {
      if (s.files !== gen.files || s.dirs !== gen.dirs || s.bytes !== gen.bytes) {
        console.log(`# WARNING count mismatch: ${JSON.stringify(s)} vs ${JSON.stringify(gen)}`);
      }
    };
    const timeOurCount = async () => {
      const t = performance.now();
      const s = await countTree(master);
      const ms = performance.now() - t;
      expectSame(s);
      return ms;
    };
    const timeDu = () => timeSh('du', ['-s', master]);
    // Warm: one untimed pass of each first.
    await timeOurCount();
    timeDu();
    const duWarm: number[] = [];
    const ourWarm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) {
        duWarm.push(timeDu());
        ourWarm.push(await timeOurCount());
      } else {
        ourWarm.push(await timeOurCount());
        duWarm.push(timeDu());
      }
    }
    figure(
      'count warm',
      'du -s',
      fmtMs(median(duWarm)),
      fmtMs(median(ourWarm)),
      median(ourWarm) / median(duWarm),
      2,
    );

    const dropCaches = (): string | null => {
      try {
        sh('sync', []);
        fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
        return null;
      } catch (e) {
        return (e as Error).message.split('\n')[0] ?? String(e);
      }
    };
    const why = dropCaches();
    if (why) {
      console.log(
        `count cold: skipped — could not drop the page cache (${why}); needs root on Linux`,
      );
    } else {
      const duCold: number[] = [];
      const ourCold: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        for (const side of i % 2 === 0 ? ['du', 'ours'] : ['ours', 'du']) {
          dropCaches();
          if (side === 'du') duCold.push(timeDu());
          else ourCold.push(await timeOurCount());
        }
      }
      figure(
        'count cold',
        'du -s',
        fmtMs(median(duCold)),
        fmtMs(median(ourCold)),
        median(ourCold) / median(duCold),
        1.2,
      );
    }
  } finally {
    cleanup();
  }
  const ok = results.filter(Boolean).length;
  console.log(`summary: ${ok}/${results.length} figures met their target`);
}

await main();
