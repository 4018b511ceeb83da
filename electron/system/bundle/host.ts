/**
 * A diagnostics bundle as a machine: the real Windows host (windows/host.ts) over the bundle's
 * recorded command outputs (replay-exec.ts), so every read goes through the code that read the
 * PC. Read-only: every change is refused with ReadOnlyHostError (and the replay could not start
 * a program anyway). The PC's files answer from the bundle's copies (SetupConfig.ini), read with
 * the bounded reader; a missing or unreadable file or output is "not collected" (unknown/null),
 * never an error.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import type {
  ClearReport,
  CommandResult,
  LaunchTarget,
  MovedAside,
  ProgramInfo,
  TreeStats,
} from '../ports';
import { ReadOnlyHostError } from '../ports';
import { InputError } from '../../../shared/errors';
import { parseJsonInput } from '../../../shared/parse-input';
import { ExecFileRunner } from '../command-runner';
import { WindowsRealHost } from '../windows/host';
import { parseDirTotals } from '../windows/parse-dir';
import { SETUPCONFIG_INI, dirSoftwareDistribution } from '../windows/commands';
import { decodeText } from '../windows/text';
import { readBundleFile } from './read-bundle-file';
import { recordingKey, replayExecFn, type ReplayAnswer } from './replay-exec';
import { LEGACY_SYSTEM_ROOT, legacyComputerName, legacyRecordings } from './legacy';
import {
  BUNDLE_FILES,
  BUNDLE_MANIFEST,
  BundleHeaderSchema,
  BundleManifestV1Schema,
  BundleManifestV2Schema,
  type BundleManifest,
} from './manifest';

const samePath = (a: string, b: string) =>
  a.replace(/\\+$/, '').toLowerCase() === b.replace(/\\+$/, '').toLowerCase();

/** Reads the bundle's files under the bounded reader's rules; remembers what it refused. */
class BundleFiles {
  /** Files this reader refused (a link, a FIFO, too big…), with why: "not collected". */
  readonly notCollected = new Map<string, string>();

  constructor(readonly dir: string) {}

  async bytes(name: string, opts: { tail?: boolean } = {}): Promise<Buffer | null> {
    const r = await readBundleFile(this.dir, name, opts);
    if (r.note && r.note !== 'missing') this.notCollected.set(name, r.note);
    return r.ok ? r.bytes : null;
  }
}

interface Loaded {
  answers: Map<string, ReplayAnswer>;
  /** PC path → bundle file name. */
  copies: Map<string, string>;
  systemRoot: string;
  computerName: string | null;
}

export class BundleHost extends WindowsRealHost {
  override readonly readOnly = true;
  private readonly copies: Map<string, string>;

  private constructor(
    readonly dir: string,
    readonly manifest: BundleManifest,
    private readonly files: BundleFiles,
    loaded: Loaded,
  ) {
    const env = { SystemRoot: loaded.systemRoot, windir: loaded.systemRoot };
    super(new ExecFileRunner(env, replayExecFn(loaded.answers)), {
      kind: 'bundle',
      env,
      label: loaded.computerName
        ? `Diagnostics bundle from ${loaded.computerName} (collected ${manifest.collectedAt})`
        : `Diagnostics bundle ${path.basename(dir)} (collected ${manifest.collectedAt})`,
      // Files are answered from the bundle's copies (below), never from this computer.
      toLocal: (winPath) => {
        throw new ReadOnlyHostError(`open ${winPath} on this computer`);
      },
    });
    this.copies = loaded.copies;
  }

  get notCollected(): ReadonlyMap<string, string> {
    return this.files.notCollected;
  }

  /** The commands replayed so far (what `check --json` prints as commands[]). */
  get replayed(): ExecFileRunner {
    return this.runner as ExecFileRunner;
  }

  static async open(dir: string, manifest: BundleManifest): Promise<BundleHost> {
    const files = new BundleFiles(dir);
    return new BundleHost(dir, manifest, files, await load(manifest, files));
  }

  private copyOf(winPath: string): string | null {
    for (const [pcPath, name] of this.copies) if (samePath(pcPath, winPath)) return name;
    return null;
  }

  private async copyBytes(winPath: string): Promise<Buffer | null> {
    const name = this.copyOf(winPath);
    return name ? this.files.bytes(name) : null;
  }

  // ---- reads a bundle answers differently: files are its copies, folders its `dir` listing ----

  override async userProfile(): Promise<string | null> {
    return null;
  }

  override async exists(winPath: string): Promise<boolean> {
    if (this.copyOf(winPath)) return (await this.copyBytes(winPath)) !== null;
    return (await this.treeStats(winPath)) !== null;
  }

  override async readText(winPath: string): Promise<string | null> {
    const buf = await this.copyBytes(winPath);
    return buf ? decodeText(buf) : null;
  }

  override async sha256(winPath: string): Promise<string | null> {
    const buf = await this.copyBytes(winPath);
    return buf ? crypto.createHash('sha256').update(buf).digest('hex') : null;
  }

  override async listDir(_winPath: string): Promise<string[] | null> {
    return null;
  }

  /** From the recorded `dir /s /a`: files and bytes only; the rest was not collected. */
  override async treeStats(winPath: string): Promise<TreeStats | null> {
    const a = dirSoftwareDistribution(winPath);
    const r = await this.runner.run(a.file, a.args, { timeoutMs: 30_000 });
    const totals = r.exitCode === 0 ? parseDirTotals(r.stdout) : null;
    return totals
      ? { files: totals.files, dirs: 0, bytes: totals.bytes, links: 0, newestMtimeMs: null }
      : null;
  }

  override localPath(): string | null {
    return null;
  }

  // ---- changes: a bundle is a record, not a machine ----

  override async writeText(winPath: string): Promise<void> {
    throw new ReadOnlyHostError(`write ${winPath}`);
  }
  override async copyFile(from: string, to: string): Promise<void> {
    throw new ReadOnlyHostError(`copy ${from} to ${to}`);
  }
  override async removeSetupConfigKeys(): Promise<{ removed: string[] }> {
    throw new ReadOnlyHostError(`edit ${SETUPCONFIG_INI}`);
  }
  override async stopService(name: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`stop the ${name} service`);
  }
  override async startService(name: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`start the ${name} service`);
  }
  override async setStartType(name: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`change how the ${name} service starts`);
  }
  override async uninstallProgram(program: ProgramInfo): Promise<CommandResult> {
    throw new ReadOnlyHostError(`uninstall ${program.name}`);
  }
  override async runInstaller(winPath: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`run ${winPath}`);
  }
  override async clearDirectory(winPath: string): Promise<ClearReport> {
    throw new ReadOnlyHostError(`empty ${winPath}`);
  }
  override async launch(target: LaunchTarget): Promise<CommandResult> {
    throw new ReadOnlyHostError(`open ${target}`);
  }
  override async reboot(): Promise<CommandResult> {
    throw new ReadOnlyHostError('restart the computer');
  }
  override async renameAside(winPath: string): Promise<MovedAside> {
    throw new ReadOnlyHostError(`rename ${winPath}`);
  }
  override async restoreAside(bakWinPath: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`restore ${bakWinPath}`);
  }
  override async deleteFile(winPath: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`delete ${winPath}`);
  }
  override async suspendBitLocker(volume: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`suspend BitLocker on ${volume}`);
  }
  override async resumeBitLocker(volume: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`resume BitLocker on ${volume}`);
  }
  override async removeResumeTask(): Promise<CommandResult> {
    throw new ReadOnlyHostError('remove the resume task');
  }
}

/** The recordings of either format, outputs read only when the host asks for them. */
async function load(m: BundleManifest, files: BundleFiles): Promise<Loaded> {
  const answers = new Map<string, ReplayAnswer>();
  const copies = new Map<string, string>();
  if (m.formatVersion === 1) {
    const legacy = legacyRecordings(m);
    for (const c of legacy.commands) {
      const tail = c.stdout.name === BUNDLE_FILES.softwareDistribution;
      answers.set(recordingKey(c.file, c.args), {
        exitCode: c.exitCode,
        stderr: '',
        stdout: async () => {
          const b = await files.bytes(c.stdout.name, { tail });
          return b && c.stdout.translate ? c.stdout.translate(b) : b;
        },
      });
    }
    for (const f of legacy.files) copies.set(f.path, f.name);
    const si = m.files.find((f) => f.name === BUNDLE_FILES.systeminfo);
    return {
      answers,
      copies,
      systemRoot: LEGACY_SYSTEM_ROOT,
      computerName: si?.collected ? legacyComputerName(await files.bytes(si.name)) : null,
    };
  }
  for (const c of m.commands) {
    const name = c.stdout;
    // A `dir /s` listing can be long; its totals are at its end.
    const tail = c.args.includes('dir');
    answers.set(recordingKey(c.file, c.args), {
      exitCode: c.exitCode,
      ...(c.error ? { error: c.error } : {}),
      stderr: c.stderr,
      stdout: async () => (name ? files.bytes(name, { tail }) : Buffer.alloc(0)),
    });
  }
  for (const f of m.files) if (f.collected) copies.set(f.path, f.name);
  return { answers, copies, systemRoot: m.systemRoot, computerName: m.computerName };
}

/**
 * Opens a bundle folder. Bad input — not a folder, no or broken bundle.json — is an InputError
 * naming the file and the field.
 */
export async function openBundle(dir: string): Promise<BundleHost> {
  const abs = path.resolve(dir);
  try {
    const st = await fsp.stat(abs);
    if (!st.isDirectory())
      throw new InputError(
        `--bundle ${dir}: not a folder; give the folder \`wsops collect\` wrote`,
      );
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--bundle ${dir}: no such folder`);
  }
  const file = path.join(abs, BUNDLE_MANIFEST);
  const read = await readBundleFile(abs, BUNDLE_MANIFEST);
  if (!read.ok)
    throw new InputError(
      read.note === 'missing'
        ? `${file}: missing; ${dir} is not a diagnostics bundle (wsops collect --out DIR makes one)`
        : `${file}: not read: ${read.note}`,
    );
  const text = read.bytes.toString('utf8');
  const header = parseJsonInput(text, file, BundleHeaderSchema);
  const manifest =
    header.formatVersion === 1
      ? parseJsonInput(text, file, BundleManifestV1Schema)
      : parseJsonInput(text, file, BundleManifestV2Schema);
  return BundleHost.open(abs, manifest);
}
