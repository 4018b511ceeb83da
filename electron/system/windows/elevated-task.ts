/**
 * The task protocol between the unelevated app/CLI and its elevated helper (`wsops __elevated
 * <task.json>`, or the app started with `--wsops-elevated-task <task.json>`).
 *
 * The parent makes a fresh private temp dir and writes `task.json` there; the helper (one UAC
 * prompt) writes `progress.ndjson` (lines `{"files":n,"bytes":n}`, at most ~4/s) and, when done,
 * `result.json`; the parent may create `cancel` to stop a clear. The helper derives the other
 * file names from the task file's folder, so a task can never name where an elevated process
 * writes.
 *
 * Why the allowlist: the helper runs as administrator but reads its orders from a file that any
 * process of the same (unelevated) user could rewrite between the parent writing it and the
 * helper reading it. Without a fixed list of what each operation may touch, the helper would be a
 * generic "delete/overwrite anything as admin" primitive one UAC click away. So each op accepts
 * only the few paths the workflows need, in one exact spelling, and the helper refuses anything
 * else however the file was written.
 */
import { z } from 'zod';
import type { ClearReport, CommandResult, MovedAside } from '../ports';
import { SETUPCONFIG_INI, SOFTWARE_DISTRIBUTION } from './commands';
import { STANDARD_PATHS, type MachinePaths } from './machine-paths';

export const TASK_FILE = 'task.json';
export const RESULT_FILE = 'result.json';
export const PROGRESS_FILE = 'progress.ndjson';
export const CANCEL_FILE = 'cancel';
/** The task file is tiny; anything bigger was not written by us. */
export const MAX_TASK_BYTES = 1024 * 1024;

export const CATROOT2 = 'C:\\Windows\\System32\\catroot2';
export const BITS_DOWNLOADER = 'C:\\ProgramData\\Microsoft\\Network\\Downloader';
export const SETUPCONFIG_BACKUP = `${SETUPCONFIG_INI}.wsops.bak`;
/** Folders that may be cleared, moved aside to `.bak`/`.bakN` and restored. */
export const ASIDE_FOLDERS = [SOFTWARE_DISTRIBUTION, CATROOT2] as const;

const winPath = z.string().min(3).max(260);
/**
 * Set by the parent for each task and echoed in the result: a result.json without it (a stale
 * or planted one) is refused. Optional in the schema only so tests can build bare tasks.
 */
const nonce = z
  .string()
  .regex(/^[0-9a-f]{32}$/)
  .optional();

/** Services the helper may stop, start or reconfigure: Microsoft's manual reset set. */
export const HELPER_SERVICES = ['wuauserv', 'bits', 'cryptsvc', 'dosvc'] as const;
export type HelperService = (typeof HELPER_SERVICES)[number];

/** The elevated reads the helper may run (op 'query'). */
export const QUERY_READS = ['manage-bde-status', 'dcinst-isenc'] as const;
export type QueryRead = (typeof QUERY_READS)[number];
const QueryOutputSchema = z.object({
  read: z.enum(QUERY_READS),
  exitCode: z.number().int().nullable(),
  stdout: z.string().max(4 * 1024 * 1024),
  stderr: z.string().max(1024 * 1024),
});
export type QueryOutput = z.infer<typeof QueryOutputSchema>;

/** The keys the SetupConfig operation removes: DiskCryptor's leftovers (see setup-config.ts). */
export const SETUPCONFIG_LEFTOVER_KEYS = ['ReflectDrivers', 'PostOOBE'] as const;

/*
 * Operations, not content: there is no "write this text" order. The SetupConfig.ini change is
 * "remove ReflectDrivers/PostOOBE", done by the helper on the file it reads itself, so a
 * rewritten task file cannot make Windows setup run `PostOOBE=C:\Users\Public\evil.cmd` as
 * SYSTEM.
 */
export const ElevatedTaskSchema = z.discriminatedUnion('op', [
  z.strictObject({ v: z.literal(1), nonce, op: z.literal('clear'), path: winPath }),
  z.strictObject({ v: z.literal(1), nonce, op: z.literal('rename-aside'), path: winPath }),
  z.strictObject({
    v: z.literal(1),
    nonce,
    op: z.literal('restore-aside'),
    bakPath: winPath,
    target: winPath,
  }),
  z.strictObject({
    v: z.literal(1),
    nonce,
    op: z.literal('remove-setupconfig-keys'),
    path: winPath,
  }),
  z.strictObject({
    v: z.literal(1),
    nonce,
    op: z.literal('copy-file'),
    from: winPath,
    to: winPath,
  }),
  z.strictObject({ v: z.literal(1), nonce, op: z.literal('delete-file'), path: winPath }),
  /**
   * Read-only commands that need an administrator, run by the helper so their output survives
   * (Start-Process -Verb RunAs cannot redirect it). A fixed list: never a command line.
   */
  /**
   * The admin commands whose output the person must see (a failing `sc stop` says why): the
   * helper builds the argv itself from these few fields (commands.ts), so the task can never
   * carry a command line. Only the Windows Update services, only the system drive's BitLocker.
   */
  z.strictObject({
    v: z.literal(1),
    nonce,
    op: z.literal('service'),
    action: z.enum(['stop', 'start', 'config']),
    service: z.enum(HELPER_SERVICES),
    startType: z.enum(['auto', 'demand', 'disabled']).optional(),
  }),
  z.strictObject({
    v: z.literal(1),
    nonce,
    op: z.literal('bitlocker'),
    action: z.enum(['suspend', 'resume']),
    volume: z.string().regex(/^[A-Za-z]:$/),
    /** -RebootCount of a suspend: protection comes back by itself after that many restarts. */
    rebootCount: z.number().int().min(0).max(15).optional(),
  }),
  /**
   * A System Restore point: no fields, so the task cannot name the description or the type —
   * the helper runs commands.ts checkpointComputer() as it is.
   */
  z.strictObject({ v: z.literal(1), nonce, op: z.literal('restore-point') }),
  /**
   * DiskCryptor's Inno Setup installer, which sits in the user's own (writable) Downloads: the
   * task names the file and the SHA-256 the parent checked; the helper copies it into a folder of
   * its own, checks the copy's hash and content (an Inno Setup installer of a DiskCryptor release)
   * and runs the copy with the fixed unattended switches — never what the task says to pass.
   */
  z.strictObject({
    v: z.literal(1),
    nonce,
    op: z.literal('installer'),
    path: winPath,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /** An Inno Setup uninstaller under Program Files (admin-only), with /SILENT /NORESTART. */
  z.strictObject({ v: z.literal(1), nonce, op: z.literal('uninstaller'), path: winPath }),
  z.strictObject({
    v: z.literal(1),
    nonce,
    op: z.literal('query'),
    reads: z.array(z.enum(QUERY_READS)).min(1).max(QUERY_READS.length),
    /** DiskCryptor's folder (dcinst.exe); only under Program Files, which users cannot write. */
    diskCryptorDir: winPath,
  }),
]);
export type ElevatedTask = z.infer<typeof ElevatedTaskSchema>;

export const ProgressLineSchema = z.strictObject({
  files: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
});

const CommandResultSchema = z.object({
  ok: z.boolean(),
  exitCode: z.number().int().nullable(),
  command: z.string(),
  stdout: z.string(),
  stderr: z.string(),
  declined: z.boolean().optional(),
});
const ClearReportSchema = z.object({
  target: z.string(),
  filesRemoved: z.number(),
  dirsRemoved: z.number(),
  bytesRemoved: z.number(),
  linksRemoved: z.number(),
  failed: z.array(z.object({ path: z.string(), code: z.string() })),
  empty: z.boolean(),
  aborted: z.boolean().optional(),
});

const PLAIN_OPS = [
  'restore-aside',
  'remove-setupconfig-keys',
  'copy-file',
  'delete-file',
  'service',
  'bitlocker',
  'installer',
  'uninstaller',
  'restore-point',
] as const;

/** What the helper leaves in result.json (with the task's nonce, see ResultFileSchema). */
export const TaskResultSchema = z.union([
  z.object({ ok: z.literal(true), op: z.literal('clear'), report: ClearReportSchema }),
  z.object({
    ok: z.literal(true),
    op: z.literal('rename-aside'),
    result: CommandResultSchema.extend({ bakPath: z.string().nullable() }),
  }),
  z.object({ ok: z.literal(true), op: z.enum(PLAIN_OPS), result: CommandResultSchema }),
  z.object({ ok: z.literal(true), op: z.literal('query'), outputs: z.array(QueryOutputSchema) }),
  /** The task was refused (bad file, path not allowed) or the operation threw. */
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type TaskResult =
  | { ok: true; op: 'clear'; report: ClearReport }
  | { ok: true; op: 'rename-aside'; result: MovedAside }
  | { ok: true; op: (typeof PLAIN_OPS)[number]; result: CommandResult }
  | { ok: true; op: 'query'; outputs: QueryOutput[] }
  | { ok: false; error: string };

/** result.json: the result and the nonce of the task it answers (null: the task had none). */
export const ResultFileSchema = z.object({
  nonce: z.string().nullable(),
  result: TaskResultSchema,
});

/**
 * Only `C:\seg\seg…` in one exact spelling: no UNC (`\\srv\share`), no device paths (`\\?\`,
 * `\\.\`), no forward slashes, no `.`/`..`, no empty segments, no alternate data streams (`:`),
 * no trailing dots or spaces (Windows strips them, so `SoftwareDistribution.` would name the
 * same folder as a different string), no wildcards or control characters.
 */
const SEGMENT = /^[^\\/:*?"<>|]+$/;
const hasControl = (s: string) => [...s].some((ch) => ch.charCodeAt(0) < 0x20);
export function isStrictWinPath(p: string): boolean {
  if (!/^[A-Za-z]:\\/.test(p) || p.length > 260) return false;
  return p
    .slice(3)
    .split('\\')
    .every((s) => SEGMENT.test(s) && !hasControl(s) && s !== '.' && s !== '..' && !/[. ]$/.test(s));
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** renameAside picks `.bak`, else `.bak2` … `.bak999`. */
const bakOf = (p: string, folder: string) =>
  p.length > folder.length &&
  same(p.slice(0, folder.length), folder) &&
  /^\.bak(?:[2-9]|[1-9]\d{1,2})?$/i.test(p.slice(folder.length));
const asideFolders = (m: MachinePaths) => [m.softwareDistribution, m.catroot2];
const QMGR = /^qmgr[^\\]*\.dat$/i;

/** Every path a task names (for the form check and the helper's link check). */
export function taskPaths(task: ElevatedTask): string[] {
  switch (task.op) {
    case 'restore-aside':
      return [task.bakPath, task.target];
    case 'copy-file':
      return [task.from, task.to];
    case 'query':
      return [task.diskCryptorDir];
    case 'service':
    case 'bitlocker':
    case 'restore-point':
      return [];
    default:
      return [task.path];
  }
}

/**
 * Why the task may not run, or null when every path is on the list for its op. The list is the
 * machine's own folders (machine-paths.ts), computed the same way as the host's.
 */
export function allowlistError(
  task: ElevatedTask,
  m: MachinePaths = STANDARD_PATHS,
): string | null {
  const bad = taskPaths(task).find((p) => !isStrictWinPath(p));
  if (bad !== undefined) return `not a plain absolute Windows path: ${JSON.stringify(bad)}`;
  const refuse = (p: string) => `${task.op}: ${p} is not one of the paths this operation may touch`;
  const aside = asideFolders(m);
  const isAsideFolder = (p: string) => aside.some((f) => same(p, f));
  const isBak = (p: string) => aside.some((f) => bakOf(p, f));
  const programFiles = [m.environment.programFiles, m.programFilesX86];
  const underProgramFiles = (p: string, depth: number) =>
    programFiles.some((pf) => {
      if (p.length <= pf.length + 1 || !same(p.slice(0, pf.length + 1), `${pf}\\`)) return false;
      return p.slice(pf.length + 1).split('\\').length === depth;
    });
  const setupConfigBackup = `${m.setupConfigIni}.wsops.bak`;
  switch (task.op) {
    case 'clear':
      return isAsideFolder(task.path) || isBak(task.path) ? null : refuse(task.path);
    case 'rename-aside':
      return isAsideFolder(task.path) ? null : refuse(task.path);
    case 'restore-aside': {
      const folder = aside.find((f) => same(task.target, f));
      if (!folder) return refuse(task.target);
      return bakOf(task.bakPath, folder) ? null : refuse(task.bakPath);
    }
    case 'remove-setupconfig-keys':
      return same(task.path, m.setupConfigIni) ? null : refuse(task.path);
    case 'copy-file': {
      const ok =
        (same(task.from, m.setupConfigIni) && same(task.to, setupConfigBackup)) ||
        (same(task.from, setupConfigBackup) && same(task.to, m.setupConfigIni));
      return ok ? null : refuse(`${task.from} -> ${task.to}`);
    }
    case 'query':
      return underProgramFiles(task.diskCryptorDir, 1) ? null : refuse(task.diskCryptorDir);
    case 'delete-file': {
      const i = task.path.lastIndexOf('\\');
      const dir = task.path.slice(0, i);
      return same(dir, m.bitsDownloader) && QMGR.test(task.path.slice(i + 1))
        ? null
        : refuse(task.path);
    }
    case 'service':
      if (!(HELPER_SERVICES as readonly string[]).includes(task.service))
        return `service: ${task.service} is not one of the services the helper may change`;
      return task.action === 'config' && !task.startType
        ? `service: config needs a start type`
        : null;
    case 'bitlocker':
      return same(task.volume, m.environment.systemDrive)
        ? null
        : `bitlocker: only the system drive ${m.environment.systemDrive} (got ${task.volume})`;
    case 'restore-point':
      return null;
    case 'installer':
      return /\\[^\\]+\.exe$/i.test(task.path) ? null : refuse(task.path);
    case 'uninstaller':
      // Program Files is writable by administrators only: what is there is as trusted as the
      // program itself. One or two folders deep (dcrypt\unins000.exe).
      return /\\unins\d{3}\.exe$/i.test(task.path) &&
        (underProgramFiles(task.path, 2) || underProgramFiles(task.path, 3))
        ? null
        : refuse(task.path);
  }
}

/** Parses and checks a task; throws with the reason when it must not run. */
export function parseTask(raw: unknown, m: MachinePaths = STANDARD_PATHS): ElevatedTask {
  const parsed = ElevatedTaskSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid task: ${parsed.error.issues[0]?.message ?? ''}`);
  const why = allowlistError(parsed.data, m);
  if (why) throw new Error(`refused: ${why}`);
  return parsed.data;
}
