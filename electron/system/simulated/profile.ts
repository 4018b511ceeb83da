/**
 * machine.json — the practice machine's description and live state. The schema is the single
 * source of truth for docs/machine-profile.md; the simulator writes its state back here so a
 * test (or a curious user) can read the outcome.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../../shared/errors';
import { parseJsonInput } from '../../../shared/parse-input';
import { readNoFollow, writeFileAtomicSync } from '../atomic-file';
import { splitWinPath } from '../fs/contained-path';

const ServiceStateSchema = z.enum([
  'running',
  'stopped',
  'start_pending',
  'stop_pending',
  'paused',
]);
const StartTypeSchema = z.enum(['auto', 'demand', 'disabled', 'boot', 'system']);

const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date-time');
const WinPath = z
  .string()
  .regex(/^[A-Za-z]:\\/, 'expected a Windows path like C:\\Folder')
  .refine((s) => typeof splitWinPath(s) !== 'string', {
    error: (iss) => `expected a plain Windows path (${splitWinPath(String(iss.input)) as string})`,
  });

export const MachineProfileSchema = z
  .object({
    format: z.literal(1).default(1),
    name: z.string().max(200).optional(),
    os: z.object({
      caption: z.string().min(1),
      version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a version like 10.0.16299'),
    }),
    user: z
      .object({
        name: z
          .string()
          .regex(/^[^\\/:*?"<>|]+$/, 'expected a user name')
          .default('dev'),
        isAdmin: z.boolean(),
      })
      .default({ name: 'dev', isAdmin: true }),
    services: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a service name'),
        z.object({ state: ServiceStateSchema, startType: StartTypeSchema }),
      )
      .default({}),
    programs: z
      .array(
        z.object({
          name: z.string().min(1),
          version: z.string().min(1),
          installDir: WinPath.optional(),
          publisher: z.string().optional(),
        }),
      )
      .default([]),
    bugchecks: z
      .array(z.object({ time: IsoTime, code: z.string().regex(/^0x[0-9a-fA-F]{1,8}$/) }))
      .default([]),
    encryption: z
      .object({
        bootVolumeEncryptedBy: z.enum(['diskcryptor', 'bitlocker', 'veracrypt']).nullable(),
        bitlocker: z
          .array(
            z.object({
              volume: z.string(),
              protection: z.enum(['on', 'off']),
              percentEncrypted: z.number().min(0).max(100),
            }),
          )
          .default([]),
      })
      .default({ bootVolumeEncryptedBy: null, bitlocker: [] }),
    pendingFeatureUpdate: z
      .object({
        version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a version like 10.0.17134'),
        /** Downloaded and retried at every boot. */
        staged: z.boolean().default(true),
        /** Set by the simulator once SoftwareDistribution was found empty at a boot. */
        cacheCleared: z.boolean().default(false),
      })
      .nullable()
      .default(null),
    freeBytes: z
      .number()
      .int()
      .nonnegative()
      .default(40 * 1024 ** 3),
    boot: z
      .object({ count: z.number().int().nonnegative(), time: IsoTime })
      .default({ count: 1, time: '2026-01-01T08:00:00.000Z' }),
    behaviours: z
      .object({
        /** The first reinstall after an uninstall leaves the dcrypt driver not running. */
        driverNeedsExtraCycleAfterReinstall: z.boolean().default(true),
        /** The user answers "No" to every UAC prompt. */
        declineElevation: z.boolean().default(false),
      })
      .default({ driverNeedsExtraCycleAfterReinstall: true, declineElevation: false }),
    /** The simulator's own bookkeeping. */
    sim: z
      .object({
        dcryptReinstalls: z.number().int().nonnegative().default(0),
        /** Boots that asked for the BitLocker recovery key (an update ran with protection on). */
        bitlockerRecoveryPrompts: z.number().int().nonnegative().default(0),
        launched: z.array(z.string()).default([]),
        history: z.array(z.object({ time: IsoTime, event: z.string() })).default([]),
      })
      .default({ dcryptReinstalls: 0, bitlockerRecoveryPrompts: 0, launched: [], history: [] }),
  })
  .strict();

export type MachineProfile = z.infer<typeof MachineProfileSchema>;
export type MachineProfileInput = z.input<typeof MachineProfileSchema>;

export const MACHINE_FILE = 'machine.json';

export function machineFile(dir: string): string {
  return path.join(dir, MACHINE_FILE);
}

/** Validates machine.json; any problem is an InputError naming the file and the field. */
export function parseMachineProfile(text: string, file: string): MachineProfile {
  return parseJsonInput(text, file, MachineProfileSchema);
}

export function loadMachineProfile(dir: string): MachineProfile {
  const file = machineFile(dir);
  let text: string;
  try {
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink())
      throw new InputError(
        `${file}: is a symbolic link; a practice machine's files must be its own`,
      );
    text = readNoFollow(file).toString('utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new InputError(
        `${file}: not found — is ${dir} a practice machine? (wsops practice init DIR)`,
      );
    }
    throw new InputError(`${file}: cannot be read (${code ?? (e as Error).message})`);
  }
  return parseMachineProfile(text, file);
}

export function saveMachineProfile(dir: string, profile: MachineProfile): void {
  writeFileAtomicSync(machineFile(dir), `${JSON.stringify(profile, null, 2)}\n`);
}
