/**
 * `wsops collect --out DIR`: reads this PC with the real Windows host, recording every program it
 * starts (replay-exec.ts `recordingExecFn` around execFile), and saves the recordings and the few
 * files the checks read, so someone else can check the machine later (`wsops check WF --bundle
 * DIR`) — the same host replays them. Nothing here changes the machine: only read methods run,
 * and no elevated helper is configured (the reads that need an administrator answer as they do
 * for this process).
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import { ExecFileRunner, commandLine, nodeExecFile, type ExecFn } from '../command-runner';
import * as cmd from '../windows/commands';
import { WindowsRealHost } from '../windows/host';
import { recordingExecFn, type ExecRecording } from './replay-exec';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_MANIFEST,
  BUNDLE_SERVICES,
  type BundleCommand,
  type BundleManifestV2,
} from './manifest';

export interface CollectOptions {
  toolVersion?: string;
  now?: () => Date;
  /** The PC's environment (paths the host derives from); default this process's. */
  env?: NodeJS.ProcessEnv;
  /** The execFile the host runs (a practice machine's emulator in tests). */
  exec?: ExecFn;
  /** Maps a Windows path to the local one (identity on Windows; tests use a practice machine). */
  toLocal?: (winPath: string) => string;
  onProgress?: (done: number, total: number, what: string) => void;
}

const NOTE_MAX = 500;
/** The PC's files the checks read, copied byte for byte (their encoding is part of the diagnosis). */
export const COPIED_FILES = [{ path: cmd.SETUPCONFIG_INI, name: 'setupconfig.ini' }] as const;

/** What collect reads, in this order; each one is a host read, so the replay asks the same. */
function reads(host: WindowsRealHost, runner: ExecFileRunner) {
  const dir = cmd.dirSoftwareDistribution();
  return [
    // One batched PowerShell: OS, boot time, free space and health.
    ['operating system and health', () => host.health()],
    ['administrator rights', () => host.elevation()],
    ...BUNDLE_SERVICES.map((s) => [`service ${s}`, () => host.service(s)] as const),
    ['installed programs', () => host.programs()],
    // The live read exports to a temp .reg file the bundle cannot carry; a replay has no TEMP and
    // reads the keys with `reg query` (host.ts exportedKeys), so record that form too.
    ...[cmd.regQueryUninstall(), cmd.regQueryUninstallWow64()].map(
      (q) =>
        [
          'installed programs (reg query)',
          () => runner.run(q.file, q.args, { timeoutMs: 30_000 }),
        ] as const,
    ),
    ['BitLocker and DiskCryptor', () => host.encryption()],
    ['blue screens', () => host.bugchecks()],
    ['the Windows Update cache', () => runner.run(dir.file, dir.args, { timeoutMs: 300_000 })],
  ] as const;
}

export async function collectBundle(
  outDir: string,
  opts: CollectOptions = {},
): Promise<BundleManifestV2> {
  const dir = path.resolve(outDir);
  await prepareOutDir(dir);
  const now = opts.now ?? (() => new Date());
  const collectedAt = now().toISOString();
  const env = opts.env ?? process.env;
  const recordings: ExecRecording[] = [];
  const runner = new ExecFileRunner(
    env,
    recordingExecFn(opts.exec ?? nodeExecFile, (r) => recordings.push(r)),
  );
  const host = new WindowsRealHost(runner, {
    env,
    ...(opts.toLocal ? { toLocal: opts.toLocal } : {}),
  });
  const steps = reads(host, runner);
  const total = steps.length + COPIED_FILES.length;
  let done = 0;
  for (const [what, read] of steps) {
    await read();
    opts.onProgress?.(++done, total, what);
  }

  const commands: BundleCommand[] = [];
  for (const [i, r] of recordings.entries()) {
    const name =
      r.exitCode === null ? null : `${String(i + 1).padStart(2, '0')}-${slug(r.file, r.args)}.txt`;
    if (name) await fsp.writeFile(path.join(dir, name), r.stdout);
    commands.push({
      file: r.file,
      args: r.args,
      command: commandLine(r.file, r.args),
      exitCode: r.exitCode,
      ...(r.error ? { error: r.error } : {}),
      stdout: name,
      stderr: shorten(r.stderr.toString('utf8')),
      ms: r.ms,
    });
  }
  const files: BundleManifestV2['files'] = [];
  for (const f of COPIED_FILES) {
    files.push(await copyFile(dir, f, opts.toLocal ?? ((p) => p)));
    opts.onProgress?.(++done, total, f.name);
  }
  const manifest: BundleManifestV2 = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    collectedAt,
    tool: { name: 'wsops', version: opts.toolVersion ?? 'unknown' },
    computerName: env.COMPUTERNAME ?? os.hostname(),
    systemRoot: env.SystemRoot ?? env.windir ?? 'C:\\Windows',
    commands,
    files,
  };
  await writeManifest(dir, manifest);
  return manifest;
}

/** `sc.exe queryex bits` → `sc-queryex-bits`: a name a person can find the output by. */
function slug(file: string, args: readonly string[]): string {
  const words = [path.win32.basename(file).replace(/\.exe$/i, ''), ...args.slice(0, 3)];
  const s = words
    .join('-')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return s.slice(0, 60) || 'command';
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
  // An earlier bundle's outputs go: only this collection's files may answer the replay.
  for (const name of entries ?? []) {
    const p = path.join(dir, name);
    if ((await fsp.lstat(p)).isFile()) await fsp.rm(p, { force: true });
  }
}

/** Copied byte for byte: the file's encoding (ANSI or UTF-16) is part of what is being diagnosed. */
async function copyFile(
  dir: string,
  f: { path: string; name: string },
  toLocal: (winPath: string) => string,
): Promise<BundleManifestV2['files'][number]> {
  const target = path.join(dir, f.name);
  try {
    await fsp.writeFile(target, await fsp.readFile(toLocal(f.path)));
    return { path: f.path, name: f.name, collected: true };
  } catch (e) {
    await fsp.rm(target, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const note =
      code === 'ENOENT' ? 'not present on this computer' : `could not be read (${code ?? 'error'})`;
    return { path: f.path, name: f.name, collected: false, note };
  }
}

/**
 * bundle.json last and by rename: a folder with a bundle.json holds a complete collection, even
 * if the collection was interrupted before.
 */
async function writeManifest(dir: string, manifest: BundleManifestV2): Promise<void> {
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
