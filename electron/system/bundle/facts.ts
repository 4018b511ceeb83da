/**
 * The facts `wsops check --bundle` prints: a fixed, documented shape that says what the machine
 * looked like, with null wherever something was not collected or could not be read.
 */
import { z } from 'zod';
import type { WindowsHost } from '../ports';
import { BUNDLE_SERVICES } from './manifest';
import { SETUPCONFIG_INI, SOFTWARE_DISTRIBUTION } from '../windows/commands';
import { parseSetupConfig } from '../windows/setup-config';
import { BundleHost } from './host';

const ServiceStateSchema = z.enum([
  'running',
  'stopped',
  'start_pending',
  'stop_pending',
  'paused',
  'missing',
  'unknown',
]);
const StartTypeSchema = z.enum(['auto', 'demand', 'disabled', 'boot', 'system', 'unknown']);
const ServiceFactSchema = z.object({ state: ServiceStateSchema, startType: StartTypeSchema });

export const FactsSchema = z.object({
  os: z.object({
    /** e.g. 10.0.16299 */
    version: z.string().nullable(),
    /** e.g. 16299 */
    build: z.number().int().nullable(),
  }),
  services: z.object(
    Object.fromEntries(BUNDLE_SERVICES.map((s) => [s, ServiceFactSchema])) as Record<
      (typeof BUNDLE_SERVICES)[number],
      typeof ServiceFactSchema
    >,
  ),
  programs: z.array(z.object({ name: z.string(), version: z.string() })).nullable(),
  bitlocker: z
    .array(
      z.object({
        volume: z.string(),
        protection: z.enum(['on', 'off', 'unknown']),
        percentEncrypted: z.number().nullable(),
      }),
    )
    .nullable(),
  bugchecks: z
    .array(z.object({ time: z.string(), code: z.string().regex(/^0x[0-9a-f]{8}$/) }))
    .nullable(),
  setupConfig: z
    .object({ reflectDrivers: z.string().nullable(), postOOBE: z.string().nullable() })
    .nullable(),
  softwareDistribution: z.object({ files: z.number().int(), bytes: z.number().int() }).nullable(),
  /** Files of the bundle the reader refused (links, FIFOs, devices, over the size cap), and why. */
  notCollected: z.array(z.object({ file: z.string(), note: z.string() })),
});

export type Facts = z.infer<typeof FactsSchema>;

/** Works on any host; on a bundle it never throws, whatever the files contain. */
export async function gatherFacts(host: WindowsHost): Promise<Facts> {
  const [os, services, programs, encryption, bugchecks, setupText, tree] = await Promise.all([
    safe(() => host.os(), null),
    Promise.all(
      BUNDLE_SERVICES.map((s) =>
        safe(() => host.service(s), { name: s, state: 'unknown', startType: 'unknown' } as const),
      ),
    ),
    safe(() => host.programs(), null),
    safe(() => host.encryption(), null),
    safe(() => host.bugchecks(), null),
    safe(() => host.readText(SETUPCONFIG_INI), null),
    safe(() => host.treeStats(SOFTWARE_DISTRIBUTION), null),
  ]);
  // manage-bde lists every volume, encrypted or not: an empty list means it was not read.
  const volumes = encryption?.bitlocker?.length ? encryption.bitlocker : null;
  const facts: Facts = {
    os: { version: os?.version ?? null, build: os && os.build > 0 ? os.build : null },
    services: Object.fromEntries(
      services.map((s) => [s.name, { state: s.state, startType: s.startType }]),
    ) as Facts['services'],
    programs: programs?.map((p) => ({ name: p.name, version: p.version })) ?? null,
    bitlocker:
      volumes?.map((v) => ({
        volume: v.volume,
        protection: v.protection,
        percentEncrypted: v.percentEncrypted,
      })) ?? null,
    bugchecks: bugchecks?.map((b) => ({ time: b.time, code: b.code })) ?? null,
    setupConfig: setupText === null ? null : parseSetupConfig(setupText),
    softwareDistribution: tree ? { files: tree.files, bytes: tree.bytes } : null,
    notCollected:
      host instanceof BundleHost
        ? [...host.notCollected].map(([file, note]) => ({ file, note }))
        : [],
  };
  return FactsSchema.parse(facts);
}

async function safe<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch {
    return fallback;
  }
}
