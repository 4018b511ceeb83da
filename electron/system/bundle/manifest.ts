/**
 * bundle.json: what was collected, when, by which version. Format 2: every command the Windows
 * host ran while reading the PC (program, arguments, exit code, where its output is) and the
 * files copied from the PC. Format 1 (a named file per command) is still read: see legacy.ts.
 * Documented in docs/diagnostics-bundle.md.
 */
import { z } from 'zod';

export const BUNDLE_FORMAT = 'workstation-ops-diagnostics-bundle';
/** What `wsops collect` writes. */
export const BUNDLE_FORMAT_VERSION = 2;
export const BUNDLE_MANIFEST = 'bundle.json';

/** The services whose state and start type every bundle records. */
export const BUNDLE_SERVICES = ['wuauserv', 'bits', 'cryptsvc', 'dcrypt', 'veracrypt'] as const;
export type BundleService = (typeof BUNDLE_SERVICES)[number];

export const BundleFileSchema = z.object({
  /** File name inside the bundle folder. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a plain file name'),
  /** The command line (or copy source) that produced it. */
  command: z.string(),
  /** Exit code; null when the command could not run at all. */
  exitCode: z.number().int().nullable(),
  /** False: the file was not written (the command could not run, or the source was absent). */
  collected: z.boolean(),
  /** Why it was not collected, or what the command printed on stderr (shortened). */
  note: z.string().optional(),
});

/** Format and version first, so a bundle of an unknown version is refused by that field. */
export const BundleHeaderSchema = z.looseObject({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.union([z.literal(1), z.literal(2)]),
});

/** Format 1 (bundles collected before the replay): one named file per command. */
export const BundleManifestV1Schema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(1),
  collectedAt: z.iso.datetime({ offset: true }),
  tool: z.object({ name: z.string(), version: z.string() }),
  files: z.array(BundleFileSchema),
});

const PlainName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'a plain file name');

export const BundleCommandSchema = z.object({
  /** The program as the host started it: a full path (C:\\Windows\\System32\\sc.exe). */
  file: z.string().min(1).max(1000),
  args: z.array(z.string().max(100_000)).max(100),
  /** The command line as a person would type it (for reading; the replay matches file + args). */
  command: z.string().max(200_000),
  /** Exit code; null when the program could not run at all. */
  exitCode: z.number().int().nullable(),
  /** Why it could not run: the spawn error code (ENOENT, EACCES…) or "timeout". */
  error: z.string().max(100).optional(),
  /** The file in the bundle folder holding its standard output byte for byte; null: none. */
  stdout: PlainName.nullable(),
  /** The start of what it wrote to stderr. */
  stderr: z.string().max(10_000),
  /** How long it took on the PC, in milliseconds. */
  ms: z.number().int().nonnegative(),
});

export const BundleCopiedFileSchema = z.object({
  /** The file's path on the PC. */
  path: z.string().min(1).max(1000),
  /** Its copy in the bundle folder, byte for byte. */
  name: PlainName,
  collected: z.boolean(),
  /** Why it was not copied. */
  note: z.string().optional(),
});

export const BundleManifestV2Schema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(2),
  collectedAt: z.iso.datetime({ offset: true }),
  tool: z.object({ name: z.string(), version: z.string() }),
  /** COMPUTERNAME on the PC (the bundle's label). */
  computerName: z.string().max(300).nullable(),
  /** %SystemRoot% on the PC: where the host started the system tools from. */
  systemRoot: z.string().regex(/^[A-Za-z]:\\/, 'a Windows folder like C:\\Windows'),
  commands: z.array(BundleCommandSchema).max(500),
  files: z.array(BundleCopiedFileSchema).max(50),
});

export type BundleFile = z.infer<typeof BundleFileSchema>;
export type BundleManifestV1 = z.infer<typeof BundleManifestV1Schema>;
export type BundleManifestV2 = z.infer<typeof BundleManifestV2Schema>;
export type BundleCommand = z.infer<typeof BundleCommandSchema>;
export type BundleManifest = BundleManifestV1 | BundleManifestV2;

/** Format 1's file names. */
export const BUNDLE_FILES = {
  systeminfo: 'systeminfo.txt',
  scQueryEx: (svc: string) => `sc-queryex-${svc}.txt`,
  scQc: (svc: string) => `sc-qc-${svc}.txt`,
  regUninstall: 'reg-uninstall.txt',
  regUninstallWow64: 'reg-uninstall-wow64.txt',
  regServiceDcrypt: 'reg-service-dcrypt.txt',
  manageBde: 'manage-bde-status.txt',
  dcinstIsEnc: 'dcinst-isenc.txt',
  bugchecks: 'bugchecks.txt',
  setupConfig: 'setupconfig.ini',
  softwareDistribution: 'softwaredistribution.txt',
} as const;
