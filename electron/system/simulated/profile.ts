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
import { REBOOT_MARKER_IDS } from '../windows/health';
import { splitWinPath } from '../fs/contained-path';
import { knownCodePage } from '../windows/text';

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

const GiB = 1024 ** 3;

export const HealthSectionSchema = z
  .object({
    power: z
      .object({
        hasBattery: z.boolean().default(false),
        /** Charge remaining (only with a battery). */
        percent: z.number().int().min(0).max(100).default(100),
        acConnected: z.boolean().default(true),
      })
      .strict()
      .default({ hasBattery: false, percent: 100, acConnected: true }),
    disks: z
      .array(
        z
          .object({
            name: z.string().min(1).max(200),
            serial: z.string().max(200).default(''),
            sizeBytes: z
              .number()
              .int()
              .nonnegative()
              .default(512 * GiB),
            mediaType: z.enum(['ssd', 'hdd', 'unspecified']).default('ssd'),
            /** MSFT_PhysicalDisk HealthStatus: Healthy 0, Warning 1, Unhealthy 2, Unknown 5. */
            healthStatus: z.enum(['healthy', 'warning', 'unhealthy', 'unknown']).default('healthy'),
          })
          .strict(),
      )
      .max(64)
      .default([
        {
          name: 'Practice NVMe SSD',
          serial: 'PRACTICE0001',
          sizeBytes: 512 * GiB,
          mediaType: 'ssd',
          healthStatus: 'healthy',
        },
      ]),
    /** Size of C: (its free space is `freeBytes`). */
    systemVolumeSizeBytes: z
      .number()
      .int()
      .nonnegative()
      .default(476 * GiB),
    /** Servicing markers present: a restart is pending. */
    rebootMarkers: z.array(z.enum(REBOOT_MARKER_IDS)).default([]),
    memory: z
      .object({
        totalBytes: z
          .number()
          .int()
          .nonnegative()
          .default(16 * GiB),
        availableBytes: z
          .number()
          .int()
          .nonnegative()
          .default(9 * GiB),
      })
      .strict()
      .default({ totalBytes: 16 * GiB, availableBytes: 9 * GiB }),
  })
  .strict();
export type HealthSection = z.infer<typeof HealthSectionSchema>;

export const MachineProfileSchema = z
  .object({
    format: z.literal(1).default(1),
    name: z.string().max(200).optional(),
    os: z.object({
      caption: z.string().min(1),
      version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a version like 10.0.16299'),
      /** The drive Windows is installed on (%SystemDrive%); its folders follow it. */
      systemDrive: z
        .string()
        .regex(/^[A-Za-z]:$/, 'expected a drive letter like C:')
        .default('C:'),
    }),
    user: z
      .object({
        name: z
          .string()
          .regex(/^[^\\/:*?"<>|]+$/, 'expected a user name')
          .default('dev'),
        /** A member of Administrators: UAC prompts it with Yes/No (split token). */
        isAdmin: z.boolean(),
        /**
         * The app's own process runs elevated (started with "Run as administrator"). Default
         * false: the app is asInvoker, so every admin action goes through a UAC prompt.
         */
        elevated: z.boolean().default(false),
      })
      .default({ name: 'dev', isAdmin: true, elevated: false }),
    /**
     * How the person answers UAC prompts. A standard user (isAdmin false) who approves types an
     * administrator's password (over-the-shoulder credentials).
     */
    uac: z
      .object({
        answer: z.enum(['approve', 'decline']).default('approve'),
        /** Programs (file names, e.g. dcinst.exe) whose prompt is declined even when others are approved. */
        declineFor: z
          .array(z.string().regex(/^[^\\/]+$/, 'expected a file name'))
          .max(50)
          .default([]),
      })
      .default({ answer: 'approve', declineFor: [] }),
    /**
     * The Windows display language of the console tools' text, and the OEM code page they write
     * it in (HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage OEMCP).
     */
    locale: z
      .object({
        language: z.enum(['en-US', 'fr-FR']).default('en-US'),
        oemCodePage: z
          .number()
          .int()
          .refine((n) => knownCodePage(n), 'expected a code page number like 437, 850 or 932')
          .default(437),
      })
      .strict()
      .default({ language: 'en-US', oemCodePage: 437 }),
    services: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a service name'),
        z.object({
          state: ServiceStateSchema,
          startType: StartTypeSchema,
          /** AUTO_START (DELAYED). */
          delayed: z.boolean().default(false),
          /** Marked for deletion (HKLM\\…\\Services\\NAME\\DeleteFlag): gone at the next boot. */
          deleteFlag: z.boolean().default(false),
          /** What `sc queryex` shows as PID while it runs (default: a stable number per name). */
          pid: z.number().int().positive().max(0xffffffff).optional(),
          /** The service key's ImagePath (default: svchost, or the driver's .sys). */
          imagePath: z.string().min(1).max(1000).optional(),
          /** The service key's DisplayName (default: the usual English name). */
          displayName: z.string().min(1).max(1000).optional(),
        }),
      )
      .default({}),
    programs: z
      .array(
        z.object({
          name: z.string().min(1),
          version: z.string().min(1),
          installDir: WinPath.refine(
            (p) => !p.split('\\').includes('..'),
            'no ".." segments',
          ).optional(),
          publisher: z.string().optional(),
          /** Which registry view holds its uninstall key (a stale 32-bit entry uses wow64). */
          registryView: z.enum(['64', 'wow64']).default('64'),
        }),
      )
      .default([]),
    bugchecks: z
      .array(
        z.object({
          time: IsoTime,
          code: z.string().regex(/^0x[0-9a-fA-F]{1,8}$/),
          /**
           * Which System-log events the crash left: WER's 1001 (written at the next boot when a
           * dump was saved), Kernel-Power 41 (always, BugcheckCode in decimal), or both (default).
           */
          logged: z.enum(['1001', 'kernel-power-41', 'both']).optional(),
        }),
      )
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
    /**
     * What the health query (electron/system/windows/health.ts) reports; answered by the emulator
     * (electron/system/emulator/health.ts). Absent: on AC power, one healthy SSD, C: with
     * `freeBytes` free, nothing waiting for a restart.
     */
    health: HealthSectionSchema.optional(),
    /** Boot protections as the registry states them (read before reinstalling DiskCryptor). */
    security: z
      .object({
        /** null: the PC does not boot with UEFI Secure Boot support (the State key is absent). */
        secureBoot: z.boolean().nullable().default(null),
        /** Core isolation → Memory integrity (HVCI). */
        memoryIntegrity: z.boolean().default(false),
      })
      .strict()
      .default({ secureBoot: null, memoryIntegrity: false }),
    /**
     * System Protection (System Restore) for C:. Absent: on, Windows' 24-hour limit between two
     * restore points, no restore point yet. Windows turns it off by itself on some installs.
     */
    systemRestore: z
      .object({
        /** Off: Checkpoint-Computer fails and makes no restore point. */
        protection: z.boolean().default(true),
        /** SystemRestorePointCreationFrequency in minutes; null: the value is absent (1440). */
        frequencyMinutes: z.number().int().nonnegative().max(0xffffffff).nullable().default(null),
        points: z
          .array(
            z
              .object({
                sequence: z.number().int().positive().max(0xffffffff),
                created: IsoTime,
                description: z.string().max(256),
              })
              .strict(),
          )
          .max(64)
          .default([]),
      })
      .strict()
      .default({ protection: true, frequencyMinutes: null, points: [] }),
    boot: z
      .object({ count: z.number().int().nonnegative(), time: IsoTime })
      .default({ count: 1, time: '2026-01-01T08:00:00.000Z' }),
    behaviours: z
      .object({
        /** The first reinstall after an uninstall leaves the dcrypt driver not running. */
        driverNeedsExtraCycleAfterReinstall: z.boolean().default(true),
        /** Old spelling of uac.answer "decline" (format 1 machines): still read. */
        declineElevation: z.boolean().default(false),
        /** The system starts wuauserv again (trigger start) soon after it is stopped. */
        wuauservRestartsItself: z.boolean().default(false),
        /**
         * While BITS runs it holds its files under SoftwareDistribution\Download open: a clear
         * leaves them behind (rule bits-holds-download).
         */
        bitsHoldsDownload: z.boolean().default(false),
        /**
         * From this boot count on, the health query's Win32_OperatingSystem part fails (its catch
         * leaves os null and a line in errors): OS and boot time read as unknown. Null: never.
         */
        osQueryFailsFromBoot: z.number().int().nonnegative().nullable().default(null),
      })
      .default({
        driverNeedsExtraCycleAfterReinstall: true,
        declineElevation: false,
        wuauservRestartsItself: false,
        bitsHoldsDownload: false,
        osQueryFailsFromBoot: null,
      }),
    /** Per-user logon tasks and HKCU Run entries the host registered (the resume mechanism). */
    logonTasks: z
      .array(
        z.object({
          name: z.string(),
          command: z.string(),
          user: z.string().nullable(),
          /** Whether the task starts on battery power (task XML DisallowStartIfOnBatteries false). */
          onBatteries: z.boolean().optional(),
        }),
      )
      .max(20)
      .default([]),
    /** The simulator's own bookkeeping. */
    sim: z
      .object({
        dcryptReinstalls: z.number().int().nonnegative().default(0),
        /** Boots that asked for the BitLocker recovery key (an update ran with protection on). */
        bitlockerRecoveryPrompts: z.number().int().nonnegative().default(0),
        launched: z.array(z.string()).default([]),
        /** Set when a boot found the system volume encrypted but no DiskCryptor driver to read it. */
        unbootable: z.boolean().default(false),
        /** BitLocker suspension: protection comes back after this many restarts (-RebootCount). */
        bitlockerResumeAfterBoots: z.number().int().min(0).max(15).nullable().default(null),
        history: z.array(z.object({ time: IsoTime, event: z.string() })).default([]),
      })
      .default({
        dcryptReinstalls: 0,
        bitlockerRecoveryPrompts: 0,
        launched: [],
        unbootable: false,
        bitlockerResumeAfterBoots: null,
        history: [],
      }),
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
