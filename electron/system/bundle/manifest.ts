/**
 * bundle.json: what was collected, when, by which version, and for each file the command line
 * that produced it and its exit code. Documented in docs/diagnostics-bundle.md.
 */
import { z } from 'zod';

export const BUNDLE_FORMAT = 'workstation-ops-diagnostics-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
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

export const BundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  collectedAt: z.iso.datetime({ offset: true }),
  tool: z.object({ name: z.string(), version: z.string() }),
  files: z.array(BundleFileSchema),
});

export type BundleFile = z.infer<typeof BundleFileSchema>;
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

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
