/**
 * `wsops collect --out DIR`: runs the read-only diagnostics on this PC and saves their raw output,
 * so someone else can check the machine later (`wsops check WF --bundle DIR`). Nothing here
 * changes the machine. A command that cannot run leaves its file out and says why in bundle.json.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import { commandLine, type CommandRunner } from '../command-runner';
import * as cmd from '../windows/commands';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_MANIFEST,
  BUNDLE_SERVICES,
  type BundleFile,
  type BundleManifest,
} from './manifest';

export interface CollectOptions {
  toolVersion?: string;
  now?: () => Date;
  /** Maps a Windows path to the local one (identity on Windows; tests use a temp dir). */
  toLocal?: (winPath: string) => string;
  /** Commands running at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number, file: string) => void;
}

interface Job {
  name: string;
  argv: cmd.Argv;
  timeoutMs: number;
}

const NOTE_MAX = 500;

export function bundleJobs(): Job[] {
  const t = 60_000;
  return [
    { name: BUNDLE_FILES.systeminfo, argv: cmd.systeminfo(), timeoutMs: 120_000 },
    ...BUNDLE_SERVICES.flatMap((svc) => [
      { name: BUNDLE_FILES.scQueryEx(svc), argv: cmd.scQueryEx(svc), timeoutMs: t },
      { name: BUNDLE_FILES.scQc(svc), argv: cmd.scQc(svc), timeoutMs: t },
    ]),
    { name: BUNDLE_FILES.regUninstall, argv: cmd.regQueryUninstall(), timeoutMs: t },
    { name: BUNDLE_FILES.regUninstallWow64, argv: cmd.regQueryUninstallWow64(), timeoutMs: t },
    { name: BUNDLE_FILES.regServiceDcrypt, argv: cmd.regQueryService('dcrypt'), timeoutMs: t },
    { name: BUNDLE_FILES.manageBde, argv: cmd.manageBdeStatus(), timeoutMs: t },
    { name: BUNDLE_FILES.dcinstIsEnc, argv: cmd.dcinstIsEnc(), timeoutMs: t },
    { name: BUNDLE_FILES.bugchecks, argv: cmd.wevtutilBugchecks(), timeoutMs: t },
    {
      name: BUNDLE_FILES.softwareDistribution,
      argv: cmd.dirSoftwareDistribution(),
      timeoutMs: 300_000,
    },
  ];
}

export async function collectBundle(
  runner: CommandRunner,
  outDir: string,
  opts: CollectOptions = {},
): Promise<BundleManifest> {
  const dir = path.resolve(outDir);
  await prepareOutDir(dir);
  const now = opts.now ?? (() => new Date());
  const collectedAt = now().toISOString();
  const jobs = bundleJobs();
  const total = jobs.length + 1;
  let done = 0;
  const entries = new Map<string, BundleFile>();

  const queue = [...jobs];
  const worker = async (): Promise<void> => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      entries.set(job.name, await runJob(runner, dir, job));
      opts.onProgress?.(++done, total, job.name);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));

  entries.set(BUNDLE_FILES.setupConfig, await copySetupConfig(dir, opts.toLocal ?? ((p) => p)));
  opts.onProgress?.(++done, total, BUNDLE_FILES.setupConfig);

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    collectedAt,
    tool: { name: 'wsops', version: opts.toolVersion ?? 'unknown' },
    // In the documented order, not the order the parallel commands finished in.
    files: [...jobs.map((j) => j.name), BUNDLE_FILES.setupConfig].map((n) => entries.get(n)!),
  };
  await writeManifest(dir, manifest);
  return manifest;
}

/** An empty or missing folder, or an earlier bundle (overwritten); anything else is refused. */
async function prepareOutDir(dir: string): Promise<void> {
  let entries: string[] | null = null;
  try {
    const st = await fsp.stat(dir);
    if (!st.isDirectory()) throw new InputError(`--out ${dir}: exists and is not a folder`);
    entries = await fsp.readdir(dir);
  } catch (e) {
    if (e instanceof InputError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new InputError(
        `--out ${dir}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (entries && entries.length > 0 && !entries.includes(BUNDLE_MANIFEST)) {
    throw new InputError(`--out ${dir}: folder is not empty; choose an empty or new folder`);
  }
  await fsp.mkdir(dir, { recursive: true });
}

async function runJob(runner: CommandRunner, dir: string, job: Job): Promise<BundleFile> {
  const command = commandLine(job.argv.file, job.argv.args);
  const r = await runner.run(job.argv.file, job.argv.args, { timeoutMs: job.timeoutMs });
  const note = shorten(r.stderr);
  if (r.exitCode === null) {
    await fsp.rm(path.join(dir, job.name), { force: true });
    return {
      name: job.name,
      command,
      exitCode: null,
      collected: false,
      note: note || 'the command could not run',
    };
  }
  await fsp.writeFile(path.join(dir, job.name), r.stdout, 'utf8');
  return {
    name: job.name,
    command,
    exitCode: r.exitCode,
    collected: true,
    ...(note ? { note } : {}),
  };
}

/** Copied byte for byte: the file's encoding (ANSI or UTF-16) is part of what is being diagnosed. */
async function copySetupConfig(
  dir: string,
  toLocal: (winPath: string) => string,
): Promise<BundleFile> {
  const name = BUNDLE_FILES.setupConfig;
  const command = `copy ${cmd.quoteWindowsArg(cmd.SETUPCONFIG_INI)}`;
  const target = path.join(dir, name);
  try {
    await fsp.writeFile(target, await fsp.readFile(toLocal(cmd.SETUPCONFIG_INI)));
    return { name, command, exitCode: 0, collected: true };
  } catch (e) {
    await fsp.rm(target, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const note =
      code === 'ENOENT' ? 'not present on this computer' : `could not be read (${code ?? 'error'})`;
    return { name, command, exitCode: code === 'ENOENT' ? 1 : null, collected: false, note };
  }
}

/**
 * bundle.json last and by rename: a folder with a bundle.json is a complete bundle, even if the
 * collection was interrupted before.
 */
async function writeManifest(dir: string, manifest: BundleManifest): Promise<void> {
  const tmp = path.join(dir, `.${BUNDLE_MANIFEST}.${process.pid}.tmp`);
  const fh = await fsp.open(tmp, 'w');
  try {
    await fh.writeFile(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, path.join(dir, BUNDLE_MANIFEST));
}

function shorten(s: string): string {
  const t = s.trim();
  return t.length > NOTE_MAX ? `${t.slice(0, NOTE_MAX)}…` : t;
}
