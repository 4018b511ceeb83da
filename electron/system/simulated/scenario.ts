/**
 * Ready-made practice machines. `wsops practice init DIR` and the app's "New practice machine"
 * both come here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import { checkFolderArg } from '../fs/folder-arg';
import { generateSoftwareDistribution } from '../fs/software-distribution-shape';
import { MachineProfileSchema, saveMachineProfile, type MachineProfileInput } from './profile';
import { DISKCRYPTOR, diskCryptorFiles, writeReflectDrivers } from './diskcryptor';
import { keepsDriverThroughUpdates, releaseNamed } from '../emulator/diskcryptor-releases';
import { makePracticeInstaller } from '../emulator/practice-installer';
import { PRACTICE_HELPER } from '../emulator/host';
import { VERACRYPT } from '../../knowledge/windows';

export const SCENARIOS = {
  'diskcryptor-1709':
    'Windows 10 1709 with DiskCryptor 1.1.846.118: the 1803 feature update blue-screens (0x1A) and rolls back.',
  'diskcryptor-modern':
    'Windows 10 22H2 with DiskCryptor 1.4.1 whose ReflectDrivers entry keeps the driver through feature updates.',
  'modern-1.2.2':
    'Windows 10 22H2 with DiskCryptor 1.2.2, which registers DisplayVersion 1.2.1 as 1.2.1 does, and whose ReflectDrivers entry (dcinst -reflect) keeps the driver: the in-place route, decided from the entry, not the version string.',
  'diskcryptor-encrypted-boot':
    'Like diskcryptor-1709, but the boot volume is encrypted by DiskCryptor: uninstalling is refused.',
  'bitlocker-11': 'Windows 11 with BitLocker protecting C: and a pending feature update.',
  'encryption-unknown':
    'Like diskcryptor-1709, but the administrator prompt for the encryption read is declined: whether DiskCryptor encrypts the boot volume stays unknown, so the uninstall is refused.',
  'wu-restarts-itself':
    'Like diskcryptor-1709, but Windows starts wuauserv again right after it is stopped: the stop step disables it until the cache is cleared.',
  'standard-user':
    "Like diskcryptor-1709, on a standard account: every administrator step asks for an administrator's name and password (UAC over the shoulder) and runs as that administrator.",
  'bits-holds-files':
    'Like diskcryptor-1709, but BITS holds its files in SoftwareDistribution\\Download open while it runs: the clear must stop BITS first.',
  'veracrypt-system':
    'Like diskcryptor-1709, but VeraCrypt encrypts the system drive (its driver starts at boot): the run stops before anything is changed.',
  'diskcryptor-failing-disk':
    'Like diskcryptor-1709, on a laptop whose system disk reports Unhealthy: uninstalling and clearing are refused until the disk is replaced.',
} as const;
export type ScenarioName = keyof typeof SCENARIOS;

export function isScenarioName(s: string): s is ScenarioName {
  return Object.hasOwn(SCENARIOS, s);
}

export interface InitOptions {
  scenario?: ScenarioName;
  /** Files in C:\Windows\SoftwareDistribution. */
  files?: number;
  seed?: number;
  /** Files of the update cache written so far (practice init shows it). */
  onProgress?(done: number, total: number): void;
}

export const DEFAULT_PRACTICE_FILES = 2_000;

/**
 * Where the app keeps practice machines: in the user's own app-data folder (the state dir), not
 * a fixed name in the shared temp dir, which another local user could create first and own.
 * Callers create it with `ensurePrivateDir` (0700, owner checked).
 */
export function practiceRoot(stateDir: string): string {
  return path.join(stateDir, 'practice-machines');
}

function profileFor(scenario: ScenarioName): MachineProfileInput {
  const bugchecks = [
    { time: '2018-06-02T09:14:00Z', code: '0x0000001a' },
    { time: '2018-06-03T09:20:00Z', code: '0x0000001a' },
  ];
  const services = {
    wuauserv: { state: 'running', startType: 'demand' },
    bits: { state: 'running', startType: 'demand' },
    cryptsvc: { state: 'running', startType: 'auto' },
    dosvc: { state: 'running', startType: 'auto' },
  } as const;
  switch (scenario) {
    case 'encryption-unknown':
      return {
        ...profileFor('diskcryptor-1709'),
        name: 'Practice: encryption state unknown (prompt declined)',
        // The encryption read (dcinst -isenc, manage-bde) runs in our elevated helper.
        uac: { answer: 'approve', declineFor: [path.win32.basename(PRACTICE_HELPER.exe)] },
      };
    case 'wu-restarts-itself':
      return {
        ...profileFor('diskcryptor-1709'),
        name: 'Practice: Windows Update restarts itself',
        behaviours: { wuauservRestartsItself: true },
      };
    case 'standard-user':
      return {
        ...profileFor('diskcryptor-1709'),
        name: 'Practice: a standard account (UAC asks for an administrator password)',
        user: { name: 'dev', isAdmin: false },
      };
    case 'bits-holds-files':
      return {
        ...profileFor('diskcryptor-1709'),
        name: 'Practice: BITS holds the update downloads',
        behaviours: { bitsHoldsDownload: true },
      };
    case 'veracrypt-system': {
      const base = profileFor('diskcryptor-1709');
      return {
        ...base,
        name: 'Practice: VeraCrypt system encryption',
        // VeraCrypt's RegisterBootDriver makes its driver boot-start (veracrypt-system-boot-start).
        services: { ...base.services, veracrypt: { state: 'running', startType: 'boot' } },
        programs: [
          ...(base.programs ?? []),
          {
            name: VERACRYPT.name,
            version: '1.26.7',
            installDir: VERACRYPT.defaultInstallDir,
            publisher: 'IDRIX',
          },
        ],
        encryption: { bootVolumeEncryptedBy: 'veracrypt', bitlocker: [] },
      };
    }
    case 'diskcryptor-failing-disk':
      return {
        ...profileFor('diskcryptor-1709'),
        name: 'Practice: DiskCryptor on a failing disk',
        health: {
          power: { hasBattery: true, percent: 80, acConnected: true },
          disks: [
            {
              name: 'Practice SATA HDD',
              serial: 'PRACTICE-FAILING',
              sizeBytes: 500 * 1024 ** 3,
              mediaType: 'hdd',
              healthStatus: 'unhealthy',
            },
          ],
        },
      };
    case 'diskcryptor-1709':
    case 'diskcryptor-encrypted-boot':
      return {
        name:
          scenario === 'diskcryptor-1709'
            ? 'Practice: DiskCryptor on Windows 10 1709'
            : 'Practice: DiskCryptor-encrypted boot volume',
        os: { caption: 'Microsoft Windows 10 Pro', version: '10.0.16299' },
        user: { name: 'dev', isAdmin: true },
        services: { ...services, dcrypt: { state: 'running', startType: 'boot' } },
        programs: [
          {
            name: DISKCRYPTOR.name,
            version: '1.1.846.118',
            installDir: DISKCRYPTOR.defaultInstallDir,
            publisher: 'ntldr',
          },
        ],
        bugchecks,
        encryption: {
          bootVolumeEncryptedBy: scenario === 'diskcryptor-encrypted-boot' ? 'diskcryptor' : null,
          bitlocker: [],
        },
        pendingFeatureUpdate: { version: '10.0.17134', staged: true, cacheCleared: false },
        boot: { count: 12, time: '2018-06-03T09:21:00.000Z' },
      };
    case 'diskcryptor-modern':
    case 'modern-1.2.2':
      return {
        name: `Practice: DiskCryptor ${scenario === 'modern-1.2.2' ? '1.2.2' : '1.4.1'} on Windows 10 22H2`,
        os: { caption: 'Microsoft Windows 10 Pro', version: '10.0.19045' },
        user: { name: 'dev', isAdmin: true },
        services: { ...services, dcrypt: { state: 'running', startType: 'boot' } },
        programs: [
          {
            name: DISKCRYPTOR.name,
            version: scenario === 'modern-1.2.2' ? '1.2.2' : '1.4.1',
            installDir: DISKCRYPTOR.defaultInstallDir,
            publisher: 'DavidXanatos',
          },
        ],
        bugchecks: [],
        encryption: { bootVolumeEncryptedBy: null, bitlocker: [] },
        pendingFeatureUpdate: { version: '10.0.26100', staged: false, cacheCleared: false },
        boot: { count: 40, time: '2026-11-01T08:00:00.000Z' },
      };
    case 'bitlocker-11':
      return {
        name: 'Practice: BitLocker on Windows 11',
        os: { caption: 'Microsoft Windows 11 Pro', version: '10.0.22631' },
        user: { name: 'dev', isAdmin: true },
        services,
        programs: [],
        bugchecks: [],
        encryption: {
          bootVolumeEncryptedBy: 'bitlocker',
          bitlocker: [{ volume: 'C:', protection: 'on', percentEncrypted: 100 }],
        },
        pendingFeatureUpdate: { version: '10.0.26100', staged: false, cacheCleared: false },
        boot: { count: 80, time: '2026-11-01T08:00:00.000Z' },
      };
  }
}

export async function initPracticeMachine(
  dir: string,
  opts: InitOptions = {},
): Promise<{ dir: string; files: number; bytes: number }> {
  const scenario = opts.scenario ?? 'diskcryptor-1709';
  const files = opts.files ?? DEFAULT_PRACTICE_FILES;
  if (!Number.isInteger(files) || files < 0 || files > 2_000_000) {
    throw new InputError(`--files: expected a whole number from 0 to 2000000, got ${files}`);
  }
  const target = checkFolderArg(dir, 'practice init');
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new InputError(`${target}: not empty — a practice machine needs a new or empty folder`);
  }
  const profile = MachineProfileSchema.parse(profileFor(scenario));
  const c = path.join(target, 'C');
  const user = profile.user.name;
  fs.mkdirSync(path.join(c, 'Windows', 'System32', 'catroot2'), { recursive: true });
  fs.writeFileSync(
    path.join(c, 'Windows', 'System32', 'catroot2', 'edb.log'),
    'practice catroot2 log\r\n',
  );
  fs.mkdirSync(path.join(c, 'ProgramData', 'Microsoft', 'Network', 'Downloader'), {
    recursive: true,
  });
  for (const q of ['qmgr.db', 'qmgr.jfm']) {
    fs.writeFileSync(
      path.join(c, 'ProgramData', 'Microsoft', 'Network', 'Downloader', q),
      `practice ${q}\r\n`,
    );
  }
  // A real profile has its %TEMP% (the host writes its task XML and reg exports there).
  fs.mkdirSync(path.join(c, 'Users', user, 'AppData', 'Local', 'Temp'), { recursive: true });
  const docs = path.join(c, 'Users', user, 'Documents');
  fs.mkdirSync(docs, { recursive: true });
  fs.writeFileSync(path.join(docs, 'thesis.md'), '# Work worth backing up\r\n');
  const downloads = path.join(c, 'Users', user, 'Downloads');
  fs.mkdirSync(downloads, { recursive: true });

  for (const program of profile.programs) {
    if (program.name !== DISKCRYPTOR.name) continue;
    const installDir = path.join(c, ...program.installDir!.slice(3).split('\\'));
    fs.mkdirSync(installDir, { recursive: true });
    for (const [name, content] of diskCryptorFiles(program.version))
      fs.writeFileSync(path.join(installDir, name), content);
    // A real PE with the release's version resource and Inno Setup marker, under the name the
    // release is published as: recognised by content, as on a PC.
    const release = releaseNamed(program.version);
    if (release) {
      fs.writeFileSync(
        path.join(downloads, release.installer.fileNames[0]!),
        makePracticeInstaller(release),
      );
      writeDriverFile(c, release);
    }
    const wsus = path.join(
      c,
      'Users',
      'Default',
      'AppData',
      'Local',
      'Microsoft',
      'Windows',
      'WSUS',
    );
    // Only releases that write ReflectDrivers leave a SetupConfig.ini (1.1 does not).
    if (keepsDriverThroughUpdates(program.version)) {
      fs.mkdirSync(wsus, { recursive: true });
      fs.writeFileSync(
        path.join(wsus, 'SetupConfig.ini'),
        writeReflectDrivers(null, program.installDir!),
      );
    }
  }
  const sd = path.join(c, 'Windows', 'SoftwareDistribution');
  fs.mkdirSync(sd, { recursive: true });
  const stats = await generateSoftwareDistribution(sd, {
    files,
    seed: opts.seed ?? 1709,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  saveMachineProfile(target, profile);
  return { dir: target, files: stats.files, bytes: stats.bytes };
}

/** dcrypt.sys: a PE whose version resource is the release's driver's (what the host reads). */
export function writeDriverFile(
  c: string,
  release: NonNullable<ReturnType<typeof releaseNamed>>,
): void {
  const drivers = path.join(c, 'Windows', 'System32', 'drivers');
  fs.mkdirSync(drivers, { recursive: true });
  fs.writeFileSync(
    path.join(drivers, 'dcrypt.sys'),
    makePracticeInstaller(release, { inno: false, signed: false, version: release.driver }),
  );
}
