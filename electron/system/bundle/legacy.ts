/**
 * Format 1 bundles (collected before the replay: `bundle.json` + one named file per command)
 * translated at load into the recordings format 2 holds, so the same replay answers them. Each
 * file's command line in bundle.json says which program start it answers; two need more:
 *
 * - `systeminfo.txt`: the host no longer runs systeminfo.exe; its OS now comes from the batched
 *   CIM query (windows/health.ts). The translation prints the JSON that query would print, with
 *   only the Win32_OperatingSystem part known (Caption, Version, BuildNumber from systeminfo) and
 *   everything else null (not read), plus a note in its `errors`.
 * - `setupconfig.ini` (`copy <path>`) is a copied file, not a command.
 */
import path from 'node:path';
import { resolveSystemTool } from '../command-runner';
import * as cmd from '../windows/commands';
import { HEALTH_KEY, healthArgv, type RawWindowsHealth } from '../windows/health';
import { parseSystemInfo } from '../windows/parse-systeminfo';
import { splitCommandLine } from '../windows/programs';
import { decodeText, labelValue, splitLines } from '../windows/text';
import { BUNDLE_FILES, type BundleManifestV1 } from './manifest';

export const LEGACY_SYSTEM_ROOT = 'C:\\Windows';

export interface LegacyCommand {
  file: string;
  args: string[];
  exitCode: number | null;
  /** The bundle file holding the output, or a translation of one. */
  stdout: { name: string; translate?: (bytes: Buffer) => Buffer };
}

export const SYSTEMINFO_NOTE =
  'format 1 bundle: translated from systeminfo.txt; only the operating system was recorded';

/** systeminfo's OS as the CIM batch's JSON; empty output when systeminfo cannot be read. */
export function systeminfoAsCim(bytes: Buffer): Buffer {
  const os = parseSystemInfo(decodeText(bytes));
  if (!os) return Buffer.alloc(0);
  const health: RawWindowsHealth = {
    errors: [SYSTEMINFO_NOTE],
    battery: null,
    physicalDisks: null,
    logicalDisks: null,
    os: { Caption: os.caption, Version: os.version, BuildNumber: String(os.build) },
    rebootMarkers: null,
  };
  return Buffer.from(`${JSON.stringify({ [HEALTH_KEY]: health })}\r\n`, 'utf8');
}

/** The program starts a format 1 bundle answers, and its copied files. */
export function legacyRecordings(m: BundleManifestV1): {
  commands: LegacyCommand[];
  files: { path: string; name: string }[];
} {
  const env = { SystemRoot: LEGACY_SYSTEM_ROOT };
  const commands: LegacyCommand[] = [];
  const files: { path: string; name: string }[] = [];
  for (const f of m.files) {
    if (!f.collected) continue;
    if (f.name === BUNDLE_FILES.setupConfig) {
      files.push({ path: cmd.SETUPCONFIG_INI, name: f.name });
      continue;
    }
    if (f.name === BUNDLE_FILES.systeminfo) {
      const cim = healthArgv();
      commands.push({
        file: resolveSystemTool(cim.file, env),
        args: cim.args,
        exitCode: f.exitCode,
        stdout: { name: f.name, translate: systeminfoAsCim },
      });
      continue;
    }
    const [file, ...args] = splitCommandLine(f.command);
    if (!file) continue;
    commands.push({
      file: resolveSystemTool(file, env),
      args,
      exitCode: f.exitCode,
      stdout: { name: f.name },
    });
  }
  return { commands, files };
}

/** The computer name systeminfo.txt starts with (its first "Label: value" line). */
export function legacyComputerName(systeminfo: Buffer | null): string | null {
  if (!systeminfo) return null;
  const first = splitLines(decodeText(systeminfo))
    .map(labelValue)
    .find((lv) => lv && lv[1]);
  return first ? first[1] : null;
}

export const isLegacyDirListing = (name: string) =>
  path.basename(name) === BUNDLE_FILES.softwareDistribution;
