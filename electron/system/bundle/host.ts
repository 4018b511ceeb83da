/**
 * A diagnostics bundle as a machine: every read comes from the files `collectBundle` wrote,
 * through the same parsers the real host uses. A missing or unreadable file is "not collected"
 * (unknown/null), never an error; every change is refused with ReadOnlyHostError.
 */
import { unknownHealth, type MachineHealth } from '../../../shared/health';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import type {
  BugCheck,
  ClearReport,
  CommandResult,
  EncryptionInfo,
  LaunchTarget,
  OsInfo,
  ProgramInfo,
  ServiceInfo,
  TreeStats,
  WindowsHost,
} from '../ports';
import { ReadOnlyHostError } from '../ports';
import { InputError } from '../../../shared/errors';
import { readBundleFile } from './read-bundle-file';
import { parseJsonInput } from '../../../shared/parse-input';
import { parseScQc, parseScQueryEx } from '../windows/parse-sc';
import { parseUninstallPrograms } from '../windows/parse-reg';
import { parseManageBdeStatus } from '../windows/parse-manage-bde';
import { parseBugChecks } from '../windows/parse-bugchecks';
import { parseSystemInfo } from '../windows/parse-systeminfo';
import { parseDirTotals } from '../windows/parse-dir';
import { interpretIsEnc, type BootEncryptionAnswer } from '../windows/dcinst';
import { bootEncryptor } from '../windows/encryption';
import { mergePrograms } from '../windows/programs';
import { SETUPCONFIG_INI, SOFTWARE_DISTRIBUTION } from '../windows/commands';
import { decodeText, labelValue, splitLines } from '../windows/text';
import {
  BUNDLE_FILES,
  BUNDLE_MANIFEST,
  BUNDLE_SERVICES,
  BundleManifestSchema,
  type BundleManifest,
} from './manifest';

interface BundleText {
  text: string;
  exitCode: number | null;
}

function samePath(a: string, b: string): boolean {
  return a.replace(/\\+$/, '').toLowerCase() === b.replace(/\\+$/, '').toLowerCase();
}

export class BundleHost implements WindowsHost {
  readonly kind = 'bundle' as const;
  readonly readOnly = true;
  label: string;

  constructor(
    readonly dir: string,
    readonly manifest: BundleManifest,
  ) {
    this.label = `Diagnostics bundle ${path.basename(dir)} (collected ${manifest.collectedAt})`;
  }

  /** Reads the label's computer name from systeminfo.txt; call once after construction. */
  async init(): Promise<this> {
    const si = await this.raw(BUNDLE_FILES.systeminfo);
    const first = si
      ? splitLines(si.text)
          .map(labelValue)
          .find((lv) => lv && lv[1])
      : null;
    if (first)
      this.label = `Diagnostics bundle from ${first[1]} (collected ${this.manifest.collectedAt})`;
    return this;
  }

  private entry(name: string) {
    return this.manifest.files.find((f) => f.name === name);
  }

  /** Files this reader refused (a link, a FIFO, too big…), with why: "not collected". */
  readonly notCollected = new Map<string, string>();

  private async bytes(name: string): Promise<Buffer | null> {
    const e = this.entry(name);
    if (e && !e.collected) return null;
    const r = await readBundleFile(this.dir, name, {
      tail: name === BUNDLE_FILES.softwareDistribution,
    });
    if (r.note && r.note !== 'missing') this.notCollected.set(name, r.note);
    return r.ok ? r.bytes : null;
  }

  private async raw(name: string): Promise<BundleText | null> {
    const buf = await this.bytes(name);
    if (!buf) return null;
    return { text: decodeText(buf), exitCode: this.entry(name)?.exitCode ?? null };
  }

  async os(): Promise<OsInfo | null> {
    const f = await this.raw(BUNDLE_FILES.systeminfo);
    return f ? parseSystemInfo(f.text) : null;
  }

  async isAdmin(): Promise<boolean | null> {
    return null;
  }

  async elevation(): Promise<null> {
    return null;
  }

  async service(name: string): Promise<ServiceInfo> {
    if (!(BUNDLE_SERVICES as readonly string[]).includes(name))
      return { name, state: 'unknown', startType: 'unknown' };
    const [q, c] = await Promise.all([
      this.raw(BUNDLE_FILES.scQueryEx(name)),
      this.raw(BUNDLE_FILES.scQc(name)),
    ]);
    const state = q ? parseScQueryEx(q.text, q.exitCode).state : 'unknown';
    const qc = c ? parseScQc(c.text, c.exitCode) : null;
    if (state === 'missing' || qc?.missing) return { name, state: 'missing', startType: 'unknown' };
    return { name, state, startType: qc?.startType ?? 'unknown' };
  }

  async programs(): Promise<ProgramInfo[] | null> {
    const [a, b] = await Promise.all([
      this.raw(BUNDLE_FILES.regUninstall),
      this.raw(BUNDLE_FILES.regUninstallWow64),
    ]);
    return mergePrograms(
      a ? parseUninstallPrograms(a.text) : null,
      b ? parseUninstallPrograms(b.text) : null,
    );
  }

  async bugchecks(): Promise<BugCheck[] | null> {
    const f = await this.raw(BUNDLE_FILES.bugchecks);
    if (!f || (f.exitCode !== null && f.exitCode !== 0)) return null;
    return parseBugChecks(f.text);
  }

  async encryption(): Promise<EncryptionInfo> {
    const bde = await this.raw(BUNDLE_FILES.manageBde);
    const bitlocker = bde ? parseManageBdeStatus(bde.text) : null;
    const dcrypt = await this.service('dcrypt');
    let diskcryptor: BootEncryptionAnswer = 'unknown';
    if (dcrypt.state === 'missing') diskcryptor = 'not_encrypted';
    else if (dcrypt.state !== 'unknown') {
      const isEnc = this.entry(BUNDLE_FILES.dcinstIsEnc);
      diskcryptor = isEnc?.collected ? interpretIsEnc(isEnc.exitCode) : 'unknown';
    }
    return {
      bootVolumeEncryptedBy: bootEncryptor(bitlocker, diskcryptor),
      bitlocker,
    };
  }

  async freeBytes(_drive: string): Promise<number | null> {
    return null;
  }

  /** A bundle records no health reading (yet): everything unknown, and why. */
  async health(): Promise<MachineHealth> {
    return unknownHealth('win32', 'A diagnostics bundle holds no health reading');
  }

  async pendingFeatureUpdate(): Promise<{ version: string } | null> {
    return null;
  }

  async bootTime(): Promise<string | null> {
    return null;
  }

  async userProfile(): Promise<string | null> {
    return null;
  }

  /** Only the two paths a bundle knows about; anything else "does not exist" in it. */
  async exists(winPath: string): Promise<boolean> {
    if (samePath(winPath, SETUPCONFIG_INI))
      return (await this.bytes(BUNDLE_FILES.setupConfig)) !== null;
    if (samePath(winPath, SOFTWARE_DISTRIBUTION)) return (await this.treeStats(winPath)) !== null;
    return false;
  }

  async readText(winPath: string): Promise<string | null> {
    if (!samePath(winPath, SETUPCONFIG_INI)) return null;
    const buf = await this.bytes(BUNDLE_FILES.setupConfig);
    return buf ? decodeText(buf) : null;
  }

  async listDir(_winPath: string): Promise<string[] | null> {
    return null;
  }

  /** From `dir /s /a`: files and bytes only; the rest was not collected. */
  async treeStats(winPath: string): Promise<TreeStats | null> {
    if (!samePath(winPath, SOFTWARE_DISTRIBUTION)) return null;
    const f = await this.raw(BUNDLE_FILES.softwareDistribution);
    const totals = f ? parseDirTotals(f.text) : null;
    return totals
      ? { files: totals.files, dirs: 0, bytes: totals.bytes, links: 0, newestMtimeMs: null }
      : null;
  }

  async sha256(winPath: string): Promise<string | null> {
    if (!samePath(winPath, SETUPCONFIG_INI)) return null;
    const buf = await this.bytes(BUNDLE_FILES.setupConfig);
    return buf ? crypto.createHash('sha256').update(buf).digest('hex') : null;
  }

  // ---- changes: a bundle is a record, not a machine ----

  async writeText(winPath: string): Promise<void> {
    throw new ReadOnlyHostError(`write ${winPath}`);
  }
  async copyFile(from: string, to: string): Promise<void> {
    throw new ReadOnlyHostError(`copy ${from} to ${to}`);
  }
  async removeSetupConfigKeys(): Promise<{ removed: string[] }> {
    throw new ReadOnlyHostError(`edit ${SETUPCONFIG_INI}`);
  }
  async stopService(name: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`stop the ${name} service`);
  }
  async startService(name: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`start the ${name} service`);
  }
  async setStartType(name: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`change how the ${name} service starts`);
  }
  async uninstallProgram(program: ProgramInfo): Promise<CommandResult> {
    throw new ReadOnlyHostError(`uninstall ${program.name}`);
  }
  async runInstaller(winPath: string): Promise<CommandResult> {
    throw new ReadOnlyHostError(`run ${winPath}`);
  }
  async clearDirectory(winPath: string): Promise<ClearReport> {
    throw new ReadOnlyHostError(`empty ${winPath}`);
  }
  async launch(target: LaunchTarget): Promise<CommandResult> {
    throw new ReadOnlyHostError(`open ${target}`);
  }
  async reboot(): Promise<CommandResult> {
    throw new ReadOnlyHostError('restart the computer');
  }
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
  const manifest = parseJsonInput(text, file, BundleManifestSchema);
  return new BundleHost(abs, manifest).init();
}
