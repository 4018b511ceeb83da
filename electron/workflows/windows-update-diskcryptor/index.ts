/**
 * The flagship: Windows feature updates that blue-screen with MEMORY_MANAGEMENT (0x1A) and roll
 * back because the DiskCryptor driver is installed. The seed's manual fix, as a wizard:
 * back up, note the version and keep its installer, uninstall (point of no return), fix the
 * leftover SetupConfig.ini, stop Windows Update, clear SoftwareDistribution, restart, run the
 * troubleshooter and the Update Assistant, restart into the new build, reinstall DiskCryptor as
 * administrator, restart, repair until the driver runs, restore Windows Update.
 */
import { adminCommandOutcome, cmdLines, declinedOutcome } from '../command-outcome';
import path from 'node:path';
import fs from 'node:fs';
import type {
  AbandonOutcome,
  ActionDef,
  CheckDef,
  StepContext,
  StepDef,
  WorkflowDef,
  Outputs,
} from '../../engine/workflow';
import {
  branch,
  changeAction,
  defineStep,
  destructiveAction,
  readAction,
  rebootAction,
  rebootReason,
} from '../../engine/workflow';
import type { Question } from '../../../shared/model';
import type { CommandResult, ProgramInfo, StartType } from '../../system/ports';
import { formatBytes, formatCount } from '../../../shared/format';
import {
  INNO_UNATTENDED,
  SETUPCONFIG_INI,
  manageBdeResume,
  manageBdeStatus,
  manageBdeSuspend,
  shutdownRestart,
  windowsCommandLine,
} from '../../system/windows/commands';
import { readPeInfo } from '../../system/windows/pe-info';
import { plannedCommandLine } from '../../system/command-runner';
import {
  findInstallerCandidates,
  rankInstallerCandidates,
} from '../../system/windows/installer-check';
import { DISKCRYPTOR_PRODUCT, releaseForDriverVersion } from '../../knowledge/diskcryptor';
import { upgradeAssistantPages, upgradeAssistantWording } from '../../knowledge/windows';
import { splitCommandLine, uninstallArgv } from '../../system/windows/programs';
import { parseSetupConfig } from '../../system/windows/setup-config';
import { VERACRYPT_SYSTEM_BLOCK, veraCryptSystemBlock } from './veracrypt-system';
import { madePoint, restorePointStep } from './restore-point';
import {
  SOFTWARE_DISTRIBUTION,
  VERACRYPT,
  adminCheck,
  bitlockerProtectionCheck,
  bootEncryptionCheck,
  bugcheckHistoryCheck,
  buildChangedCheck,
  dcryptDriverCheck,
  dcryptRunningCheck,
  diskCryptorCheck,
  findProgram,
  findPrograms,
  freeSpaceCheck,
  noNewBugcheckCheck,
  osVersionCheck,
  pendingUpdateCheck,
  serviceCheck,
  softwareDistributionCheck,
  softwareDistributionEmptyCheck,
  systemBitLocker,
} from '../windows-checks';
import { backupCompareCheck, backupQuestions } from '../backup-step';
import { acPowerCheck, diskHealthCheck, healthBlock } from '../health-checks';
import type {
  BitLockerControl,
  FileChanges,
  HostReads,
  Launcher,
  ProgramSetup,
  RestorePoints,
  ServiceControl,
  SetupConfigRepair,
} from '../../system/ports';

/**
 * What the flagship asks of the machine (ports.ts). The restarts are the engine's (reboot
 * actions), so Restarts is not among them.
 */
type Needs = HostReads &
  FileChanges &
  SetupConfigRepair &
  ServiceControl &
  ProgramSetup &
  BitLockerControl &
  RestorePoints &
  Launcher;

/** DiskCryptor's releases: where the installer of the recorded version is downloaded again. */
const DISKCRYPTOR_RELEASES_LINK = {
  label: 'DiskCryptor releases on GitHub',
  url: DISKCRYPTOR_PRODUCT.releasesUrl,
};

const WUAUSERV = 'wuauserv';
/** Background Intelligent Transfer Service: downloads into SoftwareDistribution\Download. */
const BITS = 'bits';

const installerQuestion: Question = {
  id: 'installerPath',
  kind: 'path',
  pathKind: 'file',
  prompt: 'Full path of the DiskCryptor installer for the installed version',
  help: 'Download the same version from DiskCryptor releases page if you do not have it.',
  required: true,
};

/** Where Windows keeps the DiskCryptor driver, whose version resource says the real version. */
const DCRYPT_SYS = 'C:\\Windows\\System32\\drivers\\dcrypt.sys';

/** dcrypt.sys's file version (1.1.846.118): the registry's DisplayVersion ("1.1") cannot tell. */
async function driverVersion(ctx: StepContext<Needs>): Promise<string | null> {
  const local = ctx.host.localPath(DCRYPT_SYS);
  if (!local) return null;
  try {
    return (await readPeInfo(local)).version?.fixedFileVersion ?? null;
  } catch {
    return null;
  }
}

interface InstallerFound {
  path: string | null;
  /** Why each candidate was not accepted (one sentence each), for the waiting message. */
  problems: string[];
}

/**
 * The installer is found by its published names (dcrypt_setup.exe, dcrypt_setup_1.2_beta_3.exe…)
 * and accepted by its content only: a PE, an Inno Setup installer, ProductName DiskCryptor and a
 * version matching the installed driver (installer-check.ts). Checked here, before the point of
 * no return, never after DiskCryptor is gone.
 */
async function findInstaller(
  ctx: StepContext<Needs>,
  driver: string | null,
): Promise<InstallerFound> {
  const given = ctx.answer(installerQuestion.id);
  let candidates: string[] = [];
  if (typeof given === 'string' && given.length > 0) candidates = [given];
  else {
    const profile = await ctx.host.userProfile();
    const downloads = profile ? `${profile}\\Downloads` : null;
    const names = downloads ? ((await ctx.host.listDir(downloads)) ?? []) : [];
    candidates = findInstallerCandidates(names).map((n) => `${downloads}\\${n}`);
  }
  if (candidates.length === 0) return { path: null, problems: [] };
  if (!driver)
    return {
      path: null,
      problems: [
        'The installed DiskCryptor driver version could not be read, so no installer can be checked against it.',
      ],
    };
  const local = candidates.map((c) => ctx.host.localPath(c));
  const ranked = await rankInstallerCandidates(
    local.filter((l): l is string => l !== null),
    { driverVersion: driver },
  );
  const best = ranked.find((r) => r.check.ok);
  if (best) return { path: candidates[local.indexOf(best.path)]!, problems: [] };
  return {
    path: null,
    problems: ranked.flatMap((r) =>
      r.check.problems.map((p) => p.replaceAll(r.path, candidates[local.indexOf(r.path)]!)),
    ),
  };
}

const setupConfigCheck: CheckDef<Needs> = {
  id: 'setupconfig',
  title: 'SetupConfig.ini (ReflectDrivers / PostOOBE)',
  async run(ctx) {
    const text = await ctx.host.readText(SETUPCONFIG_INI);
    if (text === null)
      return { status: 'pass', summary: 'No SetupConfig.ini', data: { exists: false } };
    const cfg = parseSetupConfig(text);
    if (!cfg.reflectDrivers && !cfg.postOOBE) {
      return {
        status: 'pass',
        summary: 'SetupConfig.ini has no ReflectDrivers/PostOOBE',
        data: { exists: true, ...cfg },
      };
    }
    const folder = cfg.reflectDrivers?.replace(/^"|"$/g, '').replace(/\\+$/, '') ?? null;
    // A bundle cannot look at folders; an installed program living there proves it exists too.
    const installedThere = (await ctx.host.programs())?.some(
      (p) => p.installDir?.replace(/\\+$/, '').toLowerCase() === folder?.toLowerCase(),
    );
    const folderExists = folder
      ? (await ctx.host.exists(folder)) || Boolean(installedThere)
      : false;
    return folderExists
      ? {
          status: 'pass',
          summary: `ReflectDrivers points at ${folder}, which exists`,
          evidence: text.split(/\r?\n/).filter(Boolean),
          data: { exists: true, ...cfg, folderExists },
        }
      : {
          status: 'warn',
          summary: `ReflectDrivers/PostOOBE point at ${folder ?? 'a removed folder'}, which no longer exists — this blocks feature updates`,
          evidence: text.split(/\r?\n/).filter(Boolean),
          data: { exists: true, ...cfg, folderExists },
        };
  },
};

// ---------------------------------------------------------------- routes for modern machines
//
// DiskCryptor 1.2.2+ writes ReflectDrivers/PostOOBE into SetupConfig.ini so Windows setup keeps
// its driver through a feature update. When that entry is valid (names the existing install
// folder) the whole uninstall/reinstall dance is unnecessary: the in-place route keeps DiskCryptor
// and only resets the update cache and updates. It is also the only route while the boot volume
// is DiskCryptor-encrypted (uninstalling is refused then).

export const ROUTE_QUESTION = 'diskcryptorRoute';
type Route = 'in-place' | 'uninstall';

/** Windows 10 1607 (build 14393) is the first to read ReflectDrivers. */
const REFLECT_DRIVERS_MIN_BUILD = 14393;

const inPlaceRouteCheck: CheckDef<Needs> = {
  id: 'inplace-route',
  title: 'In-place route (DiskCryptor 1.2.2+ with a valid ReflectDrivers entry)',
  async run(ctx) {
    const p = await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name);
    if (p === undefined)
      return { status: 'unknown', summary: 'Could not read the installed programs' };
    if (p === null)
      return {
        status: 'pass',
        summary: 'DiskCryptor is not installed: no route to choose',
        data: { eligible: false, installed: false },
      };
    const no = (why: string, evidence: string[] = []) => ({
      status: 'warn' as const,
      summary: `In-place route not available: ${why}`,
      evidence,
      data: { eligible: false, installed: true, version: p.version },
    });
    const os = await ctx.host.os();
    if (os && os.build > 0 && os.build < REFLECT_DRIVERS_MIN_BUILD)
      return no(`Windows build ${os.build} predates ReflectDrivers (1607, build 14393)`);
    const text = await ctx.host.readText(SETUPCONFIG_INI);
    if (text === null)
      return no(
        `${SETUPCONFIG_INI} does not exist: DiskCryptor ${p.version} wrote no ReflectDrivers entry (releases before 1.2.2 do not)`,
      );
    const evidence = text.split(/\r?\n/).filter(Boolean);
    const cfg = parseSetupConfig(text);
    const folder = cfg.reflectDrivers?.replace(/^"|"$/g, '').replace(/\\+$/, '') ?? null;
    const installDir = (p.installDir ?? DISKCRYPTOR_PRODUCT.defaultInstallDir).replace(/\\+$/, '');
    if (!folder) return no('SetupConfig.ini has no ReflectDrivers entry', evidence);
    if (folder.toLowerCase() !== installDir.toLowerCase())
      return no(
        `ReflectDrivers points at ${folder}, but DiskCryptor is installed in ${installDir}`,
        evidence,
      );
    if (!(await ctx.host.exists(folder)))
      return no(`ReflectDrivers points at ${folder}, which does not exist`, evidence);
    return {
      status: 'pass',
      summary: `DiskCryptor ${p.version}; ReflectDrivers points at its install folder ${folder}: Windows setup keeps the driver — in-place route available`,
      evidence,
      data: {
        eligible: true,
        installed: true,
        version: p.version,
        reflectDrivers: folder,
        postOOBE: cfg.postOOBE,
      },
    };
  },
};

const routeQuestion: Question = {
  id: ROUTE_QUESTION,
  kind: 'text',
  prompt:
    'Route: "in-place" (keep DiskCryptor; needs 1.2.2+ with a valid ReflectDrivers entry), "uninstall" (uninstall, update, reinstall) or "auto"',
  help: 'auto picks in-place when the ReflectDrivers check passes, otherwise uninstall.',
  required: false,
  default: 'auto',
};

const chooseRoute = defineStep<{ route: Route; eligible: boolean }, Needs>({
  id: 'choose-route',
  title: 'Choose the route: in-place or uninstall/reinstall',
  instructions:
    'DiskCryptor **1.2.2 and later** register its driver in `SetupConfig.ini` (`ReflectDrivers`), so Windows setup carries the driver into the new build. When that entry names the existing install folder, DiskCryptor can **stay installed** (the in-place route): no uninstall, no installer, no reinstall. Older versions, or a broken entry, need the **uninstall route** (uninstall, update, reinstall the same version). `auto` picks in-place only when the check passes; you can insist on `uninstall`.',
  checks: [diskCryptorCheck, inPlaceRouteCheck],
  async skipIf(ctx) {
    return (await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name)) === null
      ? 'DiskCryptor is not installed: there is no DiskCryptor route to choose.'
      : null;
  },
  questions: [routeQuestion],
  action: readAction({
    id: 'choose-route',
    title: 'Record the chosen route',
    async describe(ctx) {
      const c = await inPlaceRouteCheck.run(ctx);
      const answer = ctx.answer(ROUTE_QUESTION);
      return {
        commands: [],
        paths: [SETUPCONFIG_INI],
        notes: [`Route ${typeof answer === 'string' && answer ? answer : 'auto'}: ${c.summary}`],
        // The dry run follows the route run() would record (wizard hook, issue 12).
        outputs: {
          route: c.data?.eligible === true && answer !== 'uninstall' ? 'in-place' : 'uninstall',
        },
      };
    },
    async run(ctx) {
      const check = await inPlaceRouteCheck.run(ctx);
      const eligible = check.status === 'pass' && check.data?.eligible === true;
      const raw = ctx.answer(ROUTE_QUESTION);
      const wanted =
        (typeof raw === 'string' ? raw : '')
          .trim()
          .toLowerCase()
          .replace(/^inplace$/, 'in-place') || 'auto';
      if (!['auto', 'in-place', 'uninstall'].includes(wanted)) {
        return {
          ok: false,
          blocked: true,
          summary: `${ROUTE_QUESTION}: expected "auto", "in-place" or "uninstall", got ${JSON.stringify(raw)}. Nothing was changed.`,
        };
      }
      if (wanted === 'in-place' && !eligible) {
        return {
          ok: false,
          blocked: true,
          summary: `You chose the in-place route, but ${check.summary.replace(/^In-place route not available: /, '')}. Nothing was changed; start again with ${ROUTE_QUESTION} "uninstall" (or "auto").`,
        };
      }
      const route: Route = wanted === 'uninstall' || !eligible ? 'uninstall' : 'in-place';
      const why =
        route === 'in-place'
          ? 'DiskCryptor stays installed; ReflectDrivers keeps its driver through the update'
          : wanted === 'uninstall'
            ? 'you chose it'
            : check.summary.replace(/^In-place route not available: /, '');
      return {
        ok: true,
        summary: `Route: ${route === 'in-place' ? 'in-place' : 'uninstall and reinstall'} (${why}).`,
        details: [`answer ${wanted}`, `check ${check.status}: ${check.summary}`],
        outputs: { route, eligible },
      };
    },
  }),
});

/**
 * The route, decided once by choose-route: steps of the route not taken are skipped with the
 * taken route's reason. Before the choice (DiskCryptor not installed) each step decides itself.
 */
const byRoute = branch(chooseRoute, (o) => o.route, {
  'in-place':
    'In-place route: DiskCryptor stays installed and ReflectDrivers keeps its driver through the update, so this step is not needed.',
  uninstall: 'Uninstall route: the reinstall steps below bring DiskCryptor back.',
} satisfies Record<Route, string>);

const veraCryptInstalledCheck: CheckDef<Needs> = {
  id: 'veracrypt-installed',
  title: 'VeraCrypt installed',
  async run(ctx) {
    const p = await findProgram(ctx.host, VERACRYPT.name);
    if (p === undefined)
      return { status: 'unknown', summary: 'Could not read the installed programs' };
    if (p === null)
      return { status: 'pass', summary: 'VeraCrypt is not installed', data: { installed: false } };
    return {
      status: 'warn',
      summary: `VeraCrypt ${p.version} is installed${p.installDir ? ` in ${p.installDir}` : ''}: its driver goes through feature updates like DiskCryptor's — read the instructions`,
      data: { installed: true, version: p.version, installDir: p.installDir ?? null },
    };
  },
};

const veraCryptDriverCheck: CheckDef<Needs> = {
  id: 'veracrypt-driver',
  title: 'VeraCrypt driver (veracrypt)',
  async run(ctx) {
    const s = await ctx.host.service(VERACRYPT.driverService);
    const data = { state: s.state, startType: s.startType };
    switch (s.state) {
      case 'missing':
        return { status: 'pass', summary: 'The veracrypt driver is not installed', data };
      case 'running':
        return {
          status: 'warn',
          summary:
            'The veracrypt driver is loaded: a feature update must carry it over (ReflectDrivers) or fail',
          data,
        };
      case 'unknown':
        return { status: 'unknown', summary: 'The veracrypt driver state could not be read', data };
      default:
        return {
          status: 'warn',
          summary: `The veracrypt driver is installed but ${s.state}`,
          data,
        };
    }
  },
};

const veraCryptSystemCheck: CheckDef<Needs> = {
  id: 'veracrypt-system-encryption',
  title: 'System drive encrypted by VeraCrypt',
  async run(ctx) {
    const e = await ctx.host.encryption();
    if (e.bootVolumeEncryptedBy === 'unknown')
      return { status: 'unknown', summary: 'Could not tell who encrypts the system drive' };
    return e.bootVolumeEncryptedBy === 'veracrypt'
      ? {
          status: 'warn',
          summary:
            'The system drive is encrypted by VeraCrypt: keep the VeraCrypt Rescue Disk at hand before updating',
          data: { bootVolumeEncryptedBy: 'veracrypt' },
        }
      : {
          status: 'pass',
          summary: 'VeraCrypt does not encrypt the system drive',
          data: { bootVolumeEncryptedBy: e.bootVolumeEncryptedBy },
        };
  },
};

const veraCryptConflict: StepDef<Outputs, Needs> = {
  id: 'veracrypt-conflict',
  title: 'VeraCrypt: the same conflict checks',
  instructions:
    'VeraCrypt installs a driver that Windows setup must carry into the new build, exactly like DiskCryptor: recent VeraCrypt versions register it in `SetupConfig.ini` (`ReflectDrivers`). Before the update:\n\n1. Update VeraCrypt to its latest version (it writes the `ReflectDrivers` entry).\n2. If VeraCrypt encrypts the **system drive**, have the VeraCrypt Rescue Disk ready; if the update still fails, decrypt the system drive first (*System → Permanently Decrypt System Partition/Drive*), update, and encrypt again.\n3. Dismount VeraCrypt volumes you do not need during the update.\n\nA `ReflectDrivers` entry left behind by an uninstalled VeraCrypt, pointing at a folder that no longer exists, blocks feature updates (error 0xc190012e, VeraCrypt issue #1483): the SetupConfig.ini check reports it, and the SetupConfig step removes it. These checks warn; nothing is changed here.',
  async skipIf(ctx) {
    const [p, s, e] = await Promise.all([
      findProgram(ctx.host, VERACRYPT.name),
      ctx.host.service(VERACRYPT.driverService),
      ctx.host.encryption(),
    ]);
    return p === null && s.state === 'missing' && e.bootVolumeEncryptedBy !== 'veracrypt'
      ? 'VeraCrypt is not installed.'
      : null;
  },
  blockIf: veraCryptSystemBlock,
  verify: [veraCryptInstalledCheck, veraCryptDriverCheck, veraCryptSystemCheck, setupConfigCheck],
};

const SYSTEM_VOLUME = 'C:';

/**
 * Restarts Windows setup makes by itself while installing a feature update (the Safe OS phase,
 * the first boot of the new build, OOBE) on top of the ones this workflow asks for.
 */
const FEATURE_UPDATE_OWN_RESTARTS = 3;

const suspendBitLocker = defineStep<{ suspended: boolean; volume: string }, Needs>({
  id: 'suspend-bitlocker',
  title: 'Suspend BitLocker protection of C: for the update',
  instructions:
    'A feature update changes what the TPM measures at boot: with BitLocker protection on, the next start can stop at the **BitLocker recovery screen** asking for the 48-digit recovery key. Suspending protection (`manage-bde -protectors -disable C: -RebootCount N`) keeps the drive encrypted but lets Windows start without the key for the next N restarts — ours and the update’s own — or until protection is resumed, which this workflow does right after the update. If the run is abandoned, protection comes back by itself after those restarts. Have your recovery key at hand anyway (account.microsoft.com/devices/recoverykey). If the run stops before the resume step, resume it yourself: `manage-bde -protectors -enable C:`.',
  checks: [bitlockerProtectionCheck('on', 'bitlocker-protection')],
  async skipIf(ctx) {
    const v = await systemBitLocker(ctx);
    // manage-bde lists C: even where BitLocker was never turned on: off and 0 % is "not used".
    if (v === null || (v?.protection === 'off' && v.percentEncrypted === 0))
      return 'BitLocker does not protect C: — nothing to suspend.';
    // Could not read (undefined) or unknown protection: not skipped — blockIf explains.
    return v?.protection === 'off'
      ? 'BitLocker protection of C: is already off (suspended).'
      : null;
  },
  async blockIf(ctx) {
    const v = await systemBitLocker(ctx);
    return v === undefined || v?.protection === 'unknown'
      ? `BitLocker could not be read (manage-bde needs the administrator prompt — was it declined?). "Could not read" is not "not protected": a feature update with BitLocker on can stop at the recovery-key screen. Run the step again and approve the prompt, or suspend BitLocker yourself (manage-bde -protectors -disable C: -RebootCount ${BITLOCKER_SUSPEND_RESTARTS} in an administrator prompt).`
      : null;
  },
  action: changeAction({
    id: 'suspend-bitlocker',
    title: 'Suspend BitLocker protection of C:',
    async describe() {
      return {
        commands: [
          plannedCommandLine(manageBdeSuspend(SYSTEM_VOLUME, BITLOCKER_SUSPEND_RESTARTS)),
          plannedCommandLine(manageBdeStatus()),
        ],
        paths: [],
        notes: [
          `The drive stays encrypted; protection is resumed after the update (manage-bde -protectors -enable C:), or by itself after ${BITLOCKER_SUSPEND_RESTARTS} restarts (${BITLOCKER_SUSPEND_RESTARTS - FEATURE_UPDATE_OWN_RESTARTS} of this run, ${FEATURE_UPDATE_OWN_RESTARTS} of Windows setup)`,
        ],
      };
    },
    async run(ctx) {
      return adminCommandOutcome(
        await ctx.host.suspendBitLocker(SYSTEM_VOLUME, BITLOCKER_SUSPEND_RESTARTS),
        {
          done: 'BitLocker protection of C: is suspended until the update is in.',
          declined: 'BitLocker protection was not suspended.',
          failed: 'Could not suspend BitLocker protection',
        },
        { suspended: true, volume: SYSTEM_VOLUME },
      );
    },
  }),
  verify: [bitlockerProtectionCheck('off', 'bitlocker-suspended')],
});

const resumeBitLocker: StepDef<Outputs, Needs> = {
  id: 'resume-bitlocker',
  title: 'Resume BitLocker protection of C:',
  instructions:
    'The update is in: turns BitLocker protection of C: back on (`manage-bde -protectors -enable C:`) and checks it.',
  async skipIf(ctx) {
    return ctx.outputOf(suspendBitLocker)?.suspended === true
      ? null
      : 'This run did not suspend BitLocker protection: nothing to resume.';
  },
  action: changeAction({
    id: 'resume-bitlocker',
    title: 'Resume BitLocker protection of C:',
    async describe() {
      return {
        commands: [
          plannedCommandLine(manageBdeResume(SYSTEM_VOLUME)),
          plannedCommandLine(manageBdeStatus()),
        ],
        paths: [],
        notes: ['Only if this run suspended it'],
      };
    },
    async run(ctx) {
      return adminCommandOutcome(await ctx.host.resumeBitLocker(SYSTEM_VOLUME), {
        done: 'BitLocker protection of C: is on again.',
        declined: 'BitLocker protection is still suspended.',
        failed:
          'Could not resume BitLocker protection — run manage-bde -protectors -enable C: yourself',
      });
    },
  }),
  verify: [bitlockerProtectionCheck('on', 'bitlocker-resumed')],
};

const diskCryptorKeptCheck: CheckDef<Needs> = {
  id: 'diskcryptor-kept',
  title: 'DiskCryptor still installed at the same version',
  async run(ctx) {
    const before = ctx.lastCheck('diskcryptor-installed', 'preflight')?.data?.version;
    const p = await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name);
    if (p === undefined)
      return { status: 'unknown', summary: 'Could not read the installed programs' };
    if (!p) return { status: 'fail', summary: 'DiskCryptor is no longer installed' };
    return typeof before !== 'string' || p.version === before
      ? {
          status: 'pass',
          summary: `DiskCryptor ${p.version} is still installed`,
          data: { version: p.version },
        }
      : {
          status: 'fail',
          summary: `DiskCryptor ${p.version} is installed, it was ${before}`,
          data: { version: p.version },
        };
  },
};

const verifyInPlace: StepDef<Outputs, Needs> = {
  id: 'verify-in-place',
  title: 'In-place route: DiskCryptor kept its driver',
  instructions:
    'After the update, DiskCryptor must still be installed at the same version with its driver running, and its ReflectDrivers entry still valid for the next update.',
  async skipIf(ctx) {
    // The other route is skipped by byRoute; no route at all means no DiskCryptor.
    return ctx.outputOf(chooseRoute)?.route === undefined
      ? 'DiskCryptor is not installed: nothing to verify.'
      : null;
  },
  verify: [diskCryptorKeptCheck, dcryptRunningCheck, inPlaceRouteCheck],
};

const preflight: StepDef<Outputs, Needs> = {
  id: 'preflight',
  title: 'Preflight diagnosis',
  instructions:
    'Workstation Ops reads the state of this PC: Windows version, administrator rights, DiskCryptor and its driver, whether the boot volume is encrypted, the Windows Update service, the update cache, blue-screen history, free space, power (battery and charger), disk health and the pending update. Nothing is changed.',
  checks: [
    osVersionCheck,
    adminCheck,
    diskCryptorCheck,
    dcryptDriverCheck,
    bootEncryptionCheck,
    serviceCheck(WUAUSERV, { title: 'Windows Update service' }),
    softwareDistributionCheck,
    bugcheckHistoryCheck,
    freeSpaceCheck,
    acPowerCheck,
    diskHealthCheck,
    pendingUpdateCheck,
    setupConfigCheck,
  ],
};

const backup: StepDef<Outputs, Needs> = {
  id: 'backup',
  title: 'Back up the encrypted volumes',
  instructions:
    'Copy the **contents** of every DiskCryptor-encrypted volume to a backup you can read without DiskCryptor (an unencrypted external disk, or another machine). If something goes wrong after the uninstall you will need it.\n\nOptionally name the folder you backed up and the backup folder: Workstation Ops then compares file counts, sizes and the newest file.',
  isBackupGate: true,
  questions: backupQuestions,
  verify: [backupCompareCheck],
};

/** What record-version keeps for the reinstall (the journal's action.outputs). */
type RecordedVersion = {
  version: string;
  installDir: string;
  installerPath: string;
  installerSha256: string;
  driver: string | null;
};

const recordVersionAction: ActionDef<RecordedVersion, Needs> = readAction({
  id: 'record-version',
  title: 'Record the DiskCryptor version and its installer',
  async describe(ctx) {
    const p = await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name);
    const installer = p ? (await findInstaller(ctx, await driverVersion(ctx))).path : null;
    return {
      commands: [],
      paths: installer ? [installer] : [],
      notes: [
        p
          ? `Would record DiskCryptor ${p.version} and the SHA-256 of ${installer ?? '(installer not found yet)'}`
          : 'DiskCryptor is not installed',
      ],
    };
  },
  async run(ctx) {
    const p = await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name);
    const known = recordedVersion(ctx);
    const version = p?.version ?? known;
    if (!version)
      return {
        ok: false,
        blocked: true,
        summary: 'DiskCryptor is not installed; nothing to record.',
      };
    const driver = await driverVersion(ctx);
    const found = await findInstaller(ctx, driver);
    const installer = found.path;
    if (!installer) {
      const names = releaseForDriverVersion(driver ?? '');
      const published =
        names.kind === 'found'
          ? names.release.installer.fileNames.join(' or ')
          : 'dcrypt_setup*.exe';
      return {
        ok: false,
        summary: found.problems.length
          ? `No usable DiskCryptor ${driver ?? version} installer: ${found.problems.join(' ')}`
          : `The installer for DiskCryptor ${driver ?? version} was not found.`,
        waitFor: {
          message: `Put the DiskCryptor ${driver ?? version} installer (${published}) in your Downloads folder, or give its path, then resume. Nothing was uninstalled.${found.problems.length ? ` ${found.problems.join(' ')}` : ''}`,
          questions: [installerQuestion],
        },
      };
    }
    const sha256 = await ctx.host.sha256(installer);
    if (!sha256) return { ok: false, summary: `Could not read ${installer}.` };
    return {
      ok: true,
      summary: `DiskCryptor ${version}; installer ${installer} (SHA-256 ${sha256.slice(0, 16)}…)`,
      details: [
        `version ${version} (driver ${driver})`,
        `installer ${installer}: a DiskCryptor Inno Setup installer for driver ${driver}`,
        `sha256 ${sha256}`,
      ],
      outputs: {
        version,
        installDir: p?.installDir ?? DISKCRYPTOR_PRODUCT.defaultInstallDir,
        installerPath: installer,
        installerSha256: sha256,
        driver,
      },
    };
  },
});

/** The version record-version kept (checked: the journal on disk is input like any other). */
function recordedVersion(ctx: StepContext<Needs>): string | undefined {
  const v = ctx.outputOf(recordVersion)?.version;
  return typeof v === 'string' ? v : undefined;
}

const recordVersion = defineStep<RecordedVersion, Needs>({
  id: 'record-version',
  links: [DISKCRYPTOR_RELEASES_LINK],
  title: 'Note the DiskCryptor version and keep its installer',
  instructions:
    "You will reinstall **the same version** after the update. Workstation Ops records the installed version, finds that version's installer in your Downloads folder (or asks for its path) and records its SHA-256 so the reinstall uses exactly that file.",
  checks: [diskCryptorCheck],
  async skipIf(ctx) {
    return (await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name)) === null
      ? 'DiskCryptor is not installed on this machine.'
      : null;
  },
  action: recordVersionAction,
  waitQuestions: [installerQuestion],
});

async function uninstallDiskCryptor(
  ctx: StepContext<Needs>,
): Promise<{ result: CommandResult | null; program: ProgramInfo | null }> {
  const p = await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name);
  if (!p) return { result: null, program: null };
  return { result: await ctx.host.uninstallProgram(p), program: p };
}

/**
 * Fails closed: uninstalling the filter driver under an encrypted system volume leaves Windows
 * unable to start, and DiskCryptor 1.2+'s own uninstaller guard can never fire
 * (docs/windows-behaviour.md). So "could not tell" blocks exactly like "encrypted".
 */
const encryptedBootBlock = async (ctx: StepContext<Needs>) => {
  const e = await ctx.host.encryption();
  if (e.bootVolumeEncryptedBy === 'veracrypt') return VERACRYPT_SYSTEM_BLOCK;
  if (e.bootVolumeEncryptedBy === 'diskcryptor')
    return 'The boot/system volume is encrypted by DiskCryptor (dcinst -isenc returned 51). Removing its driver now would leave Windows unable to start. Decrypt the volume in DiskCryptor first (Volumes → Decrypt), wait until it finishes, then resume.';
  if (e.bootVolumeEncryptedBy === 'unknown')
    return 'Could not tell whether DiskCryptor encrypts the boot volume: the check (dcinst -isenc) needs the administrator prompt, and it was declined or failed. Uninstalling DiskCryptor under an encrypted system volume leaves Windows unable to start, so this step stays blocked. Resume and choose Yes at the prompt; if you cannot, open DiskCryptor and make sure no volume is encrypted before going on.';
  return null;
};

const programGoneCheck: CheckDef<Needs> = {
  id: 'diskcryptor-removed',
  title: 'DiskCryptor removed',
  async run(ctx) {
    const all = await findPrograms(ctx.host, DISKCRYPTOR_PRODUCT.name);
    if (all === undefined)
      return { status: 'unknown', summary: 'Could not read the installed programs' };
    // A stale entry (its folder long gone) is not DiskCryptor still being installed.
    const live: ProgramInfo[] = [];
    for (const p of all) if (!p.installDir || (await ctx.host.exists(p.installDir))) live.push(p);
    const p = live[0];
    if (p) return { status: 'fail', summary: `DiskCryptor ${p.version} is still installed` };
    return all.length
      ? {
          status: 'pass',
          summary: `DiskCryptor is no longer installed (a stale uninstall entry, ${all.map((s) => `${s.version} in ${s.installDir}`).join(', ')}, remains: its folder does not exist)`,
        }
      : { status: 'pass', summary: 'DiskCryptor is no longer installed' };
  },
};

/** When there is nothing to uninstall; the restore point right before the uninstall shares it. */
async function uninstallSkip(ctx: StepContext<Needs>): Promise<string | null> {
  return (await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name)) === null && !recordedVersion(ctx)
    ? 'DiskCryptor is not installed.'
    : null;
}

const restorePoint = restorePointStep<Needs>(uninstallSkip);

const uninstall: StepDef<Outputs, Needs> = {
  id: 'uninstall-diskcryptor',
  title: 'Uninstall DiskCryptor (point of no return)',
  instructions:
    '**Point of no return.** The DiskCryptor uninstaller removes the program and its driver. Encrypted non-system volumes stay encrypted and cannot be opened until DiskCryptor is back — that is why the backup and the installer come first.',
  checks: [diskCryptorCheck, dcryptDriverCheck, bootEncryptionCheck],
  blockIf: async (ctx) => (await encryptedBootBlock(ctx)) ?? healthBlock(ctx),
  skipIf: uninstallSkip,
  action: destructiveAction({
    id: 'uninstall-diskcryptor',
    title: 'Uninstall DiskCryptor',
    async describe(ctx) {
      const p = await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name);
      return {
        commands: p ? [`${uninstallCommandLine(p)}  (as administrator)`] : [],
        paths: p?.installDir ? [p.installDir] : [],
        notes: [
          p
            ? `Would uninstall DiskCryptor ${p.version}`
            : 'DiskCryptor is not installed: nothing to do',
        ],
      };
    },
    async run(ctx) {
      const { result, program } = await uninstallDiskCryptor(ctx);
      if (!result) return { ok: true, summary: 'DiskCryptor was already uninstalled.' };
      const declined = declinedOutcome([result], 'DiskCryptor was not uninstalled.');
      if (declined) return declined;
      if (!result.ok)
        return {
          ok: false,
          summary: `The DiskCryptor uninstaller failed (exit ${result.exitCode}): ${result.stderr.trim()}`,
          details: cmdLines([result]),
        };
      return {
        ok: true,
        summary: `DiskCryptor ${program!.version} uninstalled.`,
        details: cmdLines([result]),
      };
    },
  }),
  verify: [programGoneCheck],
};

const fixSetupConfig = defineStep<{ backupPath: string | null }, Needs>({
  id: 'fix-setupconfig',
  title: 'Remove DiskCryptor leftovers from SetupConfig.ini',
  instructions:
    'DiskCryptor 1.2.2+ writes `ReflectDrivers` and `PostOOBE` into `C:\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini`, and its uninstaller leaves them behind pointing at the deleted folder — which makes Windows setup fail (0xc190012e). Workstation Ops backs the file up and removes just those two keys.',
  checks: [setupConfigCheck],
  async skipIf(ctx) {
    const r = await setupConfigCheck.run(ctx);
    return r.status === 'warn' ? null : 'SetupConfig.ini holds no leftover DiskCryptor keys.';
  },
  action: changeAction({
    id: 'fix-setupconfig',
    title: 'Back up SetupConfig.ini and remove ReflectDrivers/PostOOBE',
    async describe() {
      return {
        commands: [],
        paths: [SETUPCONFIG_INI, `${SETUPCONFIG_INI}.wsops.bak`],
        notes: [
          'Would copy SetupConfig.ini to SetupConfig.ini.wsops.bak and remove the ReflectDrivers and PostOOBE lines',
        ],
      };
    },
    async run(ctx) {
      const text = await ctx.host.readText(SETUPCONFIG_INI);
      if (text === null) return { ok: true, summary: 'SetupConfig.ini is gone; nothing to fix.' };
      const backupPath = `${SETUPCONFIG_INI}.wsops.bak`;
      // Keep the first backup: a re-run after a crash must not overwrite it with the edited file.
      if (!(await ctx.host.exists(backupPath)))
        await ctx.host.copyFile(SETUPCONFIG_INI, backupPath);
      fs.mkdirSync(ctx.runDir, { recursive: true });
      const copy = path.join(ctx.runDir, 'SetupConfig.ini.bak');
      if (!fs.existsSync(copy)) fs.writeFileSync(copy, text);
      // An operation, not content: on a PC the elevated helper edits the file it reads itself.
      const fixed = await ctx.host.removeSetupConfigKeys();
      return {
        ok: true,
        summary: `Removed ${fixed.removed.join(', ') || 'nothing'} from SetupConfig.ini (backup: ${backupPath}).`,
        details: [
          `backup ${backupPath}`,
          `copy in the run folder ${copy}`,
          ...fixed.removed.map((k) => `removed ${k}`),
        ],
        outputs: { backupPath },
      };
    },
  }),
  verify: [
    {
      id: 'setupconfig-clean',
      title: 'SetupConfig.ini has no leftover keys',
      async run(ctx) {
        const text = await ctx.host.readText(SETUPCONFIG_INI);
        const cfg = text === null ? null : parseSetupConfig(text);
        return cfg && (cfg.reflectDrivers || cfg.postOOBE)
          ? { status: 'fail', summary: 'SetupConfig.ini still holds ReflectDrivers/PostOOBE' }
          : { status: 'pass', summary: 'SetupConfig.ini holds no DiskCryptor keys' };
      },
    },
  ],
});

const stopWindowsUpdate: StepDef<Outputs, Needs> = {
  id: 'stop-wuauserv',
  title: 'Stop the Windows Update service',
  instructions:
    'The Windows Update service (wuauserv) and BITS hold files in SoftwareDistribution open. Workstation Ops stops BITS first, as Microsoft’s reset does, remembers the Windows Update start type, stops it, and only if it comes back by itself disables it until the cache is cleared — the start type is restored right after the clear, so no restart (and no abandoned run) leaves Windows Update disabled.',
  checks: [serviceCheck(WUAUSERV, { title: 'Windows Update service' })],
  action: changeAction({
    id: 'stop-wuauserv',
    title: 'Stop wuauserv',
    async describe() {
      return {
        commands: ['sc.exe stop bits', 'sc.exe stop wuauserv', 'sc.exe queryex wuauserv'],
        paths: [],
        notes: ['If it restarts by itself: sc.exe config wuauserv start= disabled'],
      };
    },
    async run(ctx) {
      const original = originalStartType(ctx);
      // Microsoft's reset stops BITS first: it holds the files under SoftwareDistribution\Download
      // open while it runs (rule bits-holds-download). "Already stopped" (1062) is fine.
      const bits = await ctx.host.service(BITS);
      const results =
        bits.state === 'running' || bits.state === 'start_pending'
          ? [await ctx.host.stopService(BITS)]
          : [];
      const bitsStopped = results.length > 0;
      results.push(await ctx.host.stopService(WUAUSERV));
      let s = await ctx.host.service(WUAUSERV);
      let disabled = false;
      if (s.state === 'missing')
        return {
          ok: false,
          blocked: true,
          summary: 'The Windows Update service does not exist on this machine.',
          details: cmdLines(results),
        };
      if (s.state !== 'stopped') {
        results.push(await ctx.host.setStartType(WUAUSERV, 'disabled'));
        results.push(await ctx.host.stopService(WUAUSERV));
        disabled = true;
        s = await ctx.host.service(WUAUSERV);
      }
      const declined = declinedOutcome(results, 'Windows Update was not stopped.');
      if (declined) return declined;
      return {
        ok: s.state === 'stopped',
        summary:
          s.state === 'stopped'
            ? `${bitsStopped ? 'BITS and ' : ''}Windows Update stopped${disabled ? ' (Windows Update temporarily disabled: it kept restarting)' : ''}; start type ${original} is restored right after the clear.`
            : `Windows Update is still ${s.state}.`,
        details: cmdLines(results),
        outputs: { originalStartType: original, disabled, bitsStopped },
      };
    },
  }),
  verify: [serviceCheck(WUAUSERV, { expect: 'stopped', title: 'Windows Update stopped' })],
};

/** The Windows 10/11 default for wuauserv (Manual, trigger start): what we restore when unsure. */
const WUAUSERV_DEFAULT_START: StartType = 'demand';
const RESTORABLE_START_TYPES: readonly StartType[] = [
  'auto',
  'demand',
  'disabled',
  'boot',
  'system',
];

/**
 * wuauserv's start type as the preflight read it. "unknown" (or nothing read) is never handed to
 * `sc config` — it would fail and leave Windows Update disabled: the Windows default instead.
 */
export function originalStartType(ctx: StepContext<Needs>): StartType {
  const t = ctx.lastCheck(`service-${WUAUSERV}`, 'preflight')?.data?.startType;
  return RESTORABLE_START_TYPES.includes(t as StartType)
    ? (t as StartType)
    : WUAUSERV_DEFAULT_START;
}

/**
 * Right after the clear, not at the end: the stop step may have disabled wuauserv (it kept
 * restarting itself), and a run abandoned at any later restart must not leave Windows Update
 * disabled. Idempotent: nothing to do when the start type is already the original.
 */
async function restoreStartTypeNow(ctx: StepContext<Needs>): Promise<CommandResult[]> {
  const original = originalStartType(ctx);
  const now = await ctx.host.service(WUAUSERV);
  if (now.state === 'missing' || now.startType === original) return [];
  return [await ctx.host.setStartType(WUAUSERV, original)];
}

const clearSoftwareDistribution = defineStep<
  {
    filesRemoved: number;
    bytesRemoved: number;
    failed: { path: string; code: string }[];
  },
  Needs
>({
  id: 'clear-softwaredistribution',
  title: 'Clear C:\\Windows\\SoftwareDistribution',
  instructions:
    'Deletes everything inside `C:\\Windows\\SoftwareDistribution` (the update download cache; Windows rebuilds it). Links and junctions inside are removed without touching what they point to, nothing outside the folder is touched, and anything locked is retried and then listed by name.',
  checks: [
    serviceCheck(WUAUSERV, { expect: 'stopped', title: 'Windows Update stopped' }),
    softwareDistributionCheck,
  ],
  async blockIf(ctx) {
    const s = await ctx.host.service(WUAUSERV);
    return s.state === 'running' || s.state === 'start_pending'
      ? 'Windows Update is running again; stop it first (sc.exe stop wuauserv in an administrator prompt), then resume — resume re-runs this check.'
      : healthBlock(ctx);
  },
  action: destructiveAction({
    id: 'clear-softwaredistribution',
    title: 'Delete the contents of SoftwareDistribution',
    async describe(ctx) {
      const t = await ctx.host.treeStats(SOFTWARE_DISTRIBUTION);
      return {
        commands: [],
        paths: [SOFTWARE_DISTRIBUTION],
        ...(t ? { files: t.files, bytes: t.bytes } : {}),
        notes: [
          t
            ? `Would delete ${formatCount(t.files)} files (${formatBytes(t.bytes)}) and ${formatCount(t.dirs)} folders inside ${SOFTWARE_DISTRIBUTION}; links are removed, never followed`
            : `${SOFTWARE_DISTRIBUTION} could not be read`,
        ],
      };
    },
    async run(ctx) {
      const before = ctx.lastCheck('softwaredistribution-size', 'clear-softwaredistribution')?.data;
      const totalFiles = typeof before?.files === 'number' ? before.files : undefined;
      const totalBytes = typeof before?.bytes === 'number' ? before.bytes : undefined;
      // Show the bar at 0 of N at once: the first tick from the clear comes only after its interval.
      ctx.progress({
        phase: 'delete',
        done: 0,
        bytes: 0,
        ...(totalFiles !== undefined ? { total: totalFiles } : {}),
        ...(totalBytes !== undefined ? { totalBytes } : {}),
      });
      // A declined prompt throws (the elevated helper never started): the engine blocks the step.
      const report = await ctx.host.clearDirectory(SOFTWARE_DISTRIBUTION, {
        signal: ctx.signal,
        onProgress: (p) =>
          ctx.progress({
            phase: 'delete',
            done: p.files,
            bytes: p.bytes,
            ...(totalFiles !== undefined ? { total: totalFiles } : {}),
            ...(totalBytes !== undefined ? { totalBytes } : {}),
          }),
      });
      const failedLines = report.failed.map((f) => `could not remove ${f.path} (${f.code})`);
      // Did Windows Update come back during the clear? Then it may be writing the cache again.
      const after = await ctx.host.service(WUAUSERV);
      const restored = await restoreStartTypeNow(ctx);
      const notRestored = restored.find((r) => !r.ok);
      const restoreLines = cmdLines(restored);
      if (after.state === 'running' || after.state === 'start_pending')
        return {
          ok: false,
          blocked: true,
          summary: `Windows Update started again during the clear (it is ${after.state}): the cache may be filling up again. Stop it (resume re-runs this step), then the clear is repeated.`,
          details: [...failedLines, ...restoreLines],
        };
      if (notRestored)
        return {
          ok: false,
          ...(notRestored.declined ? { declined: true } : {}),
          summary: `The cache was cleared, but the Windows Update start type could not be set back to ${originalStartType(ctx)}: ${notRestored.stderr.trim()}. Run sc.exe config wuauserv start= ${originalStartType(ctx)} in an administrator prompt.`,
          details: [...failedLines, ...restoreLines],
        };
      return {
        ok: true,
        summary: `Removed ${formatCount(report.filesRemoved)} files (${formatBytes(report.bytesRemoved)}), ${formatCount(report.dirsRemoved)} folders and ${report.linksRemoved} links${report.failed.length ? `; ${report.failed.length} could not be removed` : ''}.`,
        details: [
          `files removed ${report.filesRemoved}`,
          `bytes removed ${report.bytesRemoved}`,
          `folders removed ${report.dirsRemoved}`,
          `links removed ${report.linksRemoved}`,
          ...failedLines,
          ...restoreLines,
        ],
        outputs: {
          filesRemoved: report.filesRemoved,
          bytesRemoved: report.bytesRemoved,
          failed: report.failed,
        },
      };
    },
  }),
  verify: [softwareDistributionEmptyCheck],
});

function restartAction(id: string, title: string, stepTitle: string): ActionDef<Outputs, Needs> {
  // The restart itself is the engine's (it saves the run and registers the resume first).
  return rebootAction({
    id,
    title,
    async describe(ctx) {
      // The command the engine's restart runs (host.reboot → shutdownRestart), as the PC runs it.
      const argv = shutdownRestart(rebootReason(windowsUpdateDiskCryptor.title, stepTitle), 30);
      return {
        commands: [
          ctx.host.kind === 'bundle' ? '(a bundle cannot restart)' : plannedCommandLine(argv),
        ],
        paths: [],
        notes: ['Saves the run, registers Workstation Ops to reopen after sign-in, then restarts'],
      };
    },
    async run() {
      return { ok: true, summary: 'Ready to restart.' };
    },
  });
}

const rebootAfterClear: StepDef<Outputs, Needs> = {
  id: 'reboot-after-clear',
  title: 'Restart',
  instructions:
    'Restart so Windows lets go of the old update state. Save your work in other programs first. Workstation Ops reopens on the next step after you sign in.',
  action: restartAction('reboot-after-clear', 'Restart the computer', 'Restart'),
};

function launchStep(
  id: string,
  title: string,
  instructions: string,
  target: 'get-help' | 'troubleshooter' | 'update-assistant',
  done: string,
): StepDef<Outputs, Needs> {
  return {
    id,
    title,
    instructions,
    action: readAction({
      id,
      title: `Open ${title}`,
      async describe() {
        return { commands: [`open ${target}`], paths: [], notes: [] };
      },
      async run(ctx) {
        let chosen = target;
        let opened = title;
        if (target === 'troubleshooter') {
          // MSDT troubleshooters were retired in 2025; Windows 11 opens Get Help instead.
          const os = await ctx.host.os();
          if (os && os.build >= 22000) chosen = 'get-help';
        } else if (target === 'update-assistant') {
          opened = upgradeAssistantWording((await ctx.host.os())?.build ?? null).name;
        }
        const r = await ctx.host.launch(chosen);
        return r.ok
          ? {
              ok: true,
              summary: `Opened ${chosen === 'get-help' ? 'Get Help' : opened}.`,
              details: cmdLines([r]),
            }
          : {
              ok: false,
              summary: `Could not open ${opened}: ${r.stderr.trim()}`,
              details: cmdLines([r]),
            };
      },
    }),
    afterQuestions: [{ id: `${id}:done`, kind: 'confirm', prompt: done, required: true }],
  };
}

const troubleshooter = launchStep(
  'troubleshooter',
  'Windows Update troubleshooter',
  'Run the Windows Update troubleshooter and let it apply its fixes. On Windows 11 (2025 and later) the troubleshooter is retired and **Get Help** opens instead: search for "Windows Update" there.',
  'troubleshooter',
  'I ran the troubleshooter (or Get Help) and it finished',
);

/** Named for the machine's Windows: Windows 11 calls it the Installation Assistant. */
function assistantWording(build: number | null) {
  const a = upgradeAssistantWording(build);
  return {
    // The page of this build's assistant; both when the build is unknown.
    links: upgradeAssistantPages(build).map((p) => ({
      label: `${p.name} download page (Microsoft)`,
      url: p.url,
    })),
    title: a.name,
    instructions: `Download and run the ${a.short} from Microsoft's page that opens. Let it download and prepare the update; when it asks to restart, come back here and continue — Workstation Ops does the restart so it can check the result.`,
    actionTitle: `Open ${a.name}`,
    prompts: { 'update-assistant:done': `The ${a.short} finished and asks to restart` },
  };
}
const neutralAssistant = assistantWording(null);
const updateAssistant: StepDef<Outputs, Needs> = {
  ...launchStep(
    'update-assistant',
    neutralAssistant.title,
    neutralAssistant.instructions,
    'update-assistant',
    neutralAssistant.prompts['update-assistant:done'],
  ),
  links: neutralAssistant.links,
  wording: assistantWording,
};

const rebootIntoUpdate: StepDef<Outputs, Needs> = {
  id: 'reboot-into-update',
  title: 'Restart into the feature update',
  instructions:
    'Restart and let Windows install the update (it may restart several times). Workstation Ops then checks the new build and that no MEMORY_MANAGEMENT blue screen happened.',
  action: restartAction(
    'reboot-into-update',
    'Restart to install the update',
    'Restart into the feature update',
  ),
  verify: [buildChangedCheck, noNewBugcheckCheck],
};

async function reinstall(
  ctx: StepContext<Needs>,
): Promise<{ ok: boolean; summary: string; results: CommandResult[]; declined?: boolean }> {
  const version = recordedVersion(ctx);
  const installer = ctx.outputOf(recordVersion)?.installerPath;
  const expected = ctx.outputOf(recordVersion)?.installerSha256;
  if (!version || typeof installer !== 'string')
    return { ok: false, summary: 'No recorded DiskCryptor version/installer.', results: [] };
  const current = await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name);
  // Idempotent: a crash after the installer ran must not install twice.
  if (current && current.version === version) {
    return { ok: true, summary: `DiskCryptor ${version} is already installed.`, results: [] };
  }
  const sha = await ctx.host.sha256(installer);
  if (sha !== expected) {
    return {
      ok: false,
      summary: `The installer ${installer} changed since it was recorded (SHA-256 ${sha ?? 'unreadable'}, expected ${String(expected)}). Put the original back, then resume.`,
      results: [],
    };
  }
  const r = await ctx.host.runInstaller(installer, { elevated: true, args: INNO_UNATTENDED });
  if (r.declined)
    return {
      ok: false,
      declined: true,
      summary:
        'The administrator prompt was declined: DiskCryptor was not reinstalled. Resume to try again.',
      results: [r],
    };
  return r.ok
    ? { ok: true, summary: `DiskCryptor ${version} reinstalled as administrator.`, results: [r] }
    : {
        ok: false,
        summary: `The installer failed (exit ${r.exitCode}): ${r.stderr.trim()}`,
        results: [r],
      };
}

const installedAtRecordedVersion: CheckDef<Needs> = {
  id: 'diskcryptor-reinstalled',
  title: 'DiskCryptor back at the recorded version',
  async run(ctx) {
    const version = recordedVersion(ctx);
    const p = await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name);
    if (p === undefined)
      return { status: 'unknown', summary: 'Could not read the installed programs' };
    if (!p) return { status: 'fail', summary: 'DiskCryptor is not installed' };
    return p.version === version
      ? {
          status: 'pass',
          summary: `DiskCryptor ${p.version} is installed`,
          data: { version: p.version },
        }
      : {
          status: 'fail',
          summary: `DiskCryptor ${p.version} is installed, expected ${version}`,
          data: { version: p.version },
        };
  },
};

const skipWithoutRecord = async (ctx: StepContext<Needs>) =>
  recordedVersion(ctx) ? null : 'No DiskCryptor version was recorded: nothing to reinstall.';

/**
 * If the PC does not start after the reinstall: take dcrypt out of the filter chains offline.
 * The class keys are the ones DiskCryptor registers itself under (rule dcrypt-filter-registrations:
 * DCrypt/dcapi/drvinst.c and w10.c). Written into the log before the reinstall, so it is there
 * (exported, printed) when the PC is not.
 */
export const DCRYPT_RECOVERY_STEPS: readonly string[] = [
  'If Windows does not start after the reinstall (INACCESSIBLE_BOOT_DEVICE, a restart loop):',
  '1. Boot into the Windows Recovery Environment (hold Shift while choosing Restart, or start from a Windows USB stick → Repair your computer) → Troubleshoot → Command Prompt.',
  '2. Find the Windows drive (often D: there): dir D:\\Windows',
  '3. reg load HKLM\\OFFLINE D:\\Windows\\System32\\config\\SYSTEM',
  '4. In regedit, under HKLM\\OFFLINE\\ControlSet001\\Control\\Class, remove the line "dcrypt" from LowerFilters of {71A27CDD-812A-11D0-BEC7-08002BE2092F} (volumes) and from UpperFilters of {4D36E965-E325-11CE-BFC1-08002BE10318} (CD-ROM) and {4D36E967-E325-11CE-BFC1-08002BE10318} (disks); leave every other line as it is.',
  '5. Remove "dcrypt.sys" from DumpFilters under HKLM\\OFFLINE\\ControlSet001\\Control\\CrashControl if it is there, and set HKLM\\OFFLINE\\ControlSet001\\Services\\dcrypt\\Start to 4.',
  '6. reg unload HKLM\\OFFLINE, close the prompt, Continue to Windows. DiskCryptor-encrypted volumes stay closed until DiskCryptor works again; never do this while the boot volume is DiskCryptor-encrypted.',
];

/** Secure Boot and Memory integrity before a boot driver is installed again: warns, never blocks. */
const bootProtectionsCheck: CheckDef<Needs> = {
  id: 'boot-protections',
  title: 'Secure Boot and Memory integrity (before reinstalling the driver)',
  async run(ctx) {
    const b = await ctx.host.bootProtections();
    const release = releaseForDriverVersion(String(ctx.outputOf(recordVersion)?.driver ?? ''));
    const notes: string[] = [];
    if (b.memoryIntegrity === true)
      notes.push(
        `Memory integrity (Core isolation) is on: Windows loads only drivers it accepts under HVCI${release.kind === 'found' && release.release.version === '1.2.2' ? ', and DiskCryptor 1.2.2 (Beta 3) does not boot with it (rule dc-beta3-memory-integrity) — turn Memory integrity off before reinstalling' : ''}`,
      );
    if (b.memoryIntegrity === 'unknown') notes.push('Memory integrity could not be read');
    if (b.secureBoot === true)
      notes.push(
        'Secure Boot is on: Windows refuses boot drivers whose signature it does not accept',
      );
    if (b.secureBoot === 'unknown') notes.push('Secure Boot could not be read');
    const data = {
      secureBoot: b.secureBoot,
      memoryIntegrity: b.memoryIntegrity,
      release: release.kind === 'found' ? release.release.version : null,
    };
    const state = `Secure Boot ${b.secureBoot === null ? 'not supported (no UEFI Secure Boot)' : b.secureBoot === true ? 'on' : b.secureBoot === false ? 'off' : 'unknown'}, Memory integrity ${b.memoryIntegrity === true ? 'on' : b.memoryIntegrity === false ? 'off' : 'unknown'}`;
    return {
      status: notes.length ? 'warn' : 'pass',
      summary: notes.length
        ? `${notes.join('; ')}. If the PC does not start after the reinstall, the recovery steps are in this log.`
        : `${state}: nothing stands in the way of the driver. The recovery steps are in this log anyway.`,
      evidence: [state, ...DCRYPT_RECOVERY_STEPS],
      data,
    };
  },
};

const reinstallStep: StepDef<Outputs, Needs> = {
  id: 'reinstall-diskcryptor',
  links: [DISKCRYPTOR_RELEASES_LINK],
  title: 'Reinstall DiskCryptor as administrator, then restart',
  instructions:
    'Runs the recorded installer (checked against its SHA-256) as administrator — one administrator prompt — and restarts so the driver loads.',
  skipIf: skipWithoutRecord,
  checks: [diskCryptorCheck, bootProtectionsCheck],
  action: rebootAction(
    {
      id: 'reinstall-diskcryptor',
      title: 'Reinstall DiskCryptor and restart',
      async describe(ctx) {
        const installer = ctx.outputOf(recordVersion)?.installerPath;
        return {
          commands: [
            `${windowsCommandLine([String(installer ?? '<recorded installer>'), ...INNO_UNATTENDED])}  (as administrator)`,
            'restart',
          ],
          paths: [],
          notes: ['Installs the recorded version, then restarts'],
        };
      },
      async run(ctx) {
        const r = await reinstall(ctx);
        return {
          ok: r.ok,
          summary: r.summary,
          details: cmdLines(r.results),
          ...(r.declined ? { declined: true } : {}),
        };
      },
    },
    { needsAdmin: true },
  ),
  verify: [installedAtRecordedVersion, dcryptDriverCheck],
};

const driverStillDown = async (ctx: StepContext<Needs>) => {
  if (!recordedVersion(ctx)) return 'DiskCryptor was not reinstalled.';
  const s = await ctx.host.service(DISKCRYPTOR_PRODUCT.driverService);
  return s.state === 'running' ? 'The DiskCryptor driver is running.' : null;
};

const rebootAgain: StepDef<Outputs, Needs> = {
  id: 'reboot-again',
  title: 'DiskCryptor asks to restart again: restart',
  instructions:
    'When DiskCryptor still says "You must restart your computer" after the restart, restart once more.',
  skipIf: driverStillDown,
  action: restartAction(
    'reboot-again',
    'Restart again',
    'DiskCryptor asks to restart again: restart',
  ),
  verify: [{ ...dcryptDriverCheck }],
};

const repair: StepDef<Outputs, Needs> = {
  id: 'repair-diskcryptor',
  title: 'Still asking: uninstall, reinstall as administrator, restart',
  instructions:
    'If the driver is still not running, uninstall DiskCryptor, reinstall the recorded version as administrator and restart — at most twice. If the driver still does not start, Workstation Ops stops and tells you what to collect for help.',
  skipIf: driverStillDown,
  blockIf: encryptedBootBlock,
  checks: [dcryptDriverCheck],
  action: rebootAction(
    {
      id: 'repair-diskcryptor',
      title: 'Uninstall, reinstall as administrator, restart',
      async describe() {
        return {
          commands: [
            '<UninstallString> /SILENT /NORESTART  (as administrator)',
            `<recorded installer> ${INNO_UNATTENDED.join(' ')}  (as administrator)`,
            'restart',
          ],
          paths: [],
          notes: ['Repeated at most twice'],
        };
      },
      async run(ctx) {
        const { result } = await uninstallDiskCryptor(ctx);
        const results = result ? [result] : [];
        if (result && !result.ok)
          return {
            ok: false,
            summary: `Uninstall failed: ${result.stderr.trim()}`,
            details: cmdLines(results),
            ...(result.declined ? { declined: true } : {}),
          };
        const r = await reinstall(ctx);
        return {
          ok: r.ok,
          summary: r.ok
            ? `Repair ${ctx.attempt}: uninstalled and reinstalled DiskCryptor as administrator.`
            : r.summary,
          details: cmdLines([...results, ...r.results]),
        };
      },
    },
    { needsAdmin: true },
  ),
  verify: [dcryptRunningCheck],
  repeat: {
    max: 2,
    giveUp:
      "The DiskCryptor driver still does not start after 2 repair cycles. Stop here: do not open your encrypted volumes; export this log and ask DiskCryptor's issue tracker for help",
  },
};

const restoreWindowsUpdate: StepDef<Outputs, Needs> = {
  id: 'restore-wuauserv',
  title: 'Restore the Windows Update service',
  instructions:
    'Puts the Windows Update start type back to what it was before, and starts the service if it was running.',
  action: changeAction({
    id: 'restore-wuauserv',
    title: 'Restore wuauserv start type',
    async describe(ctx) {
      return {
        commands: [
          `sc.exe config wuauserv start= ${originalStartType(ctx)}`,
          'sc.exe start wuauserv',
        ],
        paths: [],
        notes: [],
      };
    },
    async run(ctx) {
      const original = originalStartType(ctx);
      const results = [];
      const now = await ctx.host.service(WUAUSERV);
      if (now.startType !== original) results.push(await ctx.host.setStartType(WUAUSERV, original));
      const wasRunning =
        ctx.lastCheck(`service-${WUAUSERV}`, 'preflight')?.data?.state === 'running';
      if (wasRunning && original !== 'disabled' && now.state !== 'running')
        results.push(await ctx.host.startService(WUAUSERV));
      const bad = results.find((r) => !r.ok);
      return bad
        ? {
            ok: false,
            summary: `Could not restore Windows Update: ${bad.stderr.trim()}`,
            details: cmdLines(results),
            ...(bad.declined ? { declined: true } : {}),
          }
        : {
            ok: true,
            summary: `Windows Update start type is ${original} again.`,
            details: cmdLines(results),
          };
    },
  }),
  verify: [
    {
      id: 'wuauserv-start-type-restored',
      title: 'Windows Update start type restored',
      async run(ctx) {
        const original = originalStartType(ctx);
        const s = await ctx.host.service(WUAUSERV);
        return s.startType === original
          ? {
              status: 'pass',
              summary: `wuauserv start type is ${original}`,
              data: { startType: s.startType },
            }
          : {
              status: 'fail',
              summary: `wuauserv start type is ${s.startType}, expected ${original}`,
              data: { startType: s.startType },
            };
      },
    },
  ],
};

const summary: StepDef<Outputs, Needs> = {
  id: 'summary',
  title: 'Final check',
  instructions: 'A last look at everything this workflow touched.',
  verify: [
    osVersionCheck,
    noNewBugcheckCheck,
    diskCryptorCheck,
    dcryptDriverCheck,
    serviceCheck(WUAUSERV, { title: 'Windows Update service' }),
    softwareDistributionCheck,
  ],
};

/**
 * `wsops abandon` / the Abandon button: put back what this run changed and can be put back,
 * name what cannot. Each undo is decided from what the run recorded, and checked against the
 * machine as it is now (idempotent: abandoning twice, or after a partial undo, is safe).
 */
async function abandonFlagship(ctx: StepContext<Needs>): Promise<AbandonOutcome> {
  const undone: string[] = [];
  const cannotUndo: string[] = [];

  // BitLocker: only what this run suspended, and only while it is still suspended.
  if (ctx.outputOf(suspendBitLocker)?.suspended === true) {
    const v = await systemBitLocker(ctx);
    if (v?.protection === 'on') undone.push('BitLocker protection of C: is already on.');
    else {
      const r = ctx.host.resumeBitLocker
        ? await ctx.host.resumeBitLocker(SYSTEM_VOLUME)
        : undefined;
      if (r?.ok) undone.push('BitLocker protection of C: is on again.');
      else
        cannotUndo.push(
          `BitLocker protection of C: is still suspended${r ? ` (${r.declined ? 'the administrator prompt was declined' : r.stderr.trim() || `exit ${r.exitCode}`})` : ''}: run manage-bde -protectors -enable C: in an administrator prompt (it also comes back by itself after ${BITLOCKER_SUSPEND_RESTARTS} restarts).`,
        );
    }
  }

  // Windows Update: once the stop step began, its start type (and running state) go back.
  if (ctx.lastCheck(`service-${WUAUSERV}`, 'stop-wuauserv')) {
    const original = originalStartType(ctx);
    const results = await restoreStartTypeNow(ctx);
    const wasRunning = ctx.lastCheck(`service-${WUAUSERV}`, 'preflight')?.data?.state === 'running';
    const now = await ctx.host.service(WUAUSERV);
    if (
      results.every((r) => r.ok) &&
      wasRunning &&
      original !== 'disabled' &&
      now.state !== 'running'
    )
      results.push(await ctx.host.startService(WUAUSERV));
    const bad = results.find((r) => !r.ok);
    if (bad)
      cannotUndo.push(
        `Windows Update (wuauserv) could not be put back (${bad.declined ? 'the administrator prompt was declined' : bad.stderr.trim()}): run sc.exe config wuauserv start= ${original}${wasRunning ? ' and sc.exe start wuauserv' : ''} in an administrator prompt.`,
      );
    else
      undone.push(
        `Windows Update (wuauserv) has its start type ${original} again${wasRunning ? ' and is running' : ''}.`,
      );
  }

  // SetupConfig.ini: the backup goes back only while the folder its ReflectDrivers names exists —
  // an entry pointing at a removed folder blocks feature updates (0xc190012e).
  const backupPath = ctx.outputOf(fixSetupConfig)?.backupPath;
  if (typeof backupPath === 'string') {
    const text = await ctx.host.readText(backupPath);
    const folder = text
      ? parseSetupConfig(text).reflectDrivers?.replace(/^"|"$/g, '').replace(/\\+$/, '')
      : undefined;
    if (text === null)
      cannotUndo.push(
        `SetupConfig.ini could not be put back: its backup ${backupPath} is gone (a copy is in this run's folder, ${path.join(ctx.runDir, 'SetupConfig.ini.bak')}).`,
      );
    else if (folder && !(await ctx.host.exists(folder)))
      cannotUndo.push(
        `SetupConfig.ini stays without DiskCryptor's ReflectDrivers/PostOOBE: the backup ${backupPath} points at ${folder}, which no longer exists, and putting it back would block feature updates (0xc190012e). DiskCryptor 1.2.2+ writes the entry again when it is reinstalled.`,
      );
    else {
      await ctx.host.copyFile(backupPath, SETUPCONFIG_INI);
      undone.push(`SetupConfig.ini is back as it was (from ${backupPath}).`);
    }
  }

  // DiskCryptor: an uninstall cannot be undone from here — the person reinstalls it.
  const removed = ctx.lastCheck('diskcryptor-removed', 'uninstall-diskcryptor')?.status === 'pass';
  if (removed && (await findProgram(ctx.host, DISKCRYPTOR_PRODUCT.name)) === null) {
    const version = recordedVersion(ctx) ?? 'the recorded version';
    const installer = ctx.outputOf(recordVersion)?.installerPath;
    const sha = ctx.outputOf(recordVersion)?.installerSha256;
    const point = madePoint(ctx.outputOf(restorePoint));
    // The restore point is the fallback, not the way back: it cannot reopen encrypted volumes.
    const fallback = point
      ? ` If Windows misbehaves, System Restore (rstrui.exe) can also go back to restore point #${point.sequence}, made right before the uninstall.`
      : '';
    cannotUndo.push(
      `DiskCryptor ${version} is uninstalled: reinstall it from ${typeof installer === 'string' ? installer : 'its installer'}${typeof sha === 'string' ? ` (SHA-256 ${sha})` : ''} as administrator (${INNO_UNATTENDED.join(' ')} for no questions), then restart; volumes it encrypts stay closed until then.${fallback}`,
    );
  }
  if (ctx.outputOf(clearSoftwareDistribution)?.filesRemoved !== undefined)
    cannotUndo.push(
      `${SOFTWARE_DISTRIBUTION} was cleared: there is nothing to put back — Windows downloads what it needs again.`,
    );
  return { undone, cannotUndo };
}

export const windowsUpdateDiskCryptor: WorkflowDef<Needs> = {
  id: 'windows-update-diskcryptor',
  title: 'Fix feature updates blocked by DiskCryptor',
  description:
    'Windows 10/11 feature updates that install, blue-screen with MEMORY_MANAGEMENT (0x1A), roll back and start again because the DiskCryptor driver is installed: uninstall DiskCryptor safely, reset the update cache, update, reinstall the same version, verify.',
  platforms: ['win32'],
  windowsOnly: true,
  steps: [
    preflight,
    chooseRoute,
    veraCryptConflict,
    backup,
    ...byRoute({ uninstall: [recordVersion, restorePoint, uninstall] }),
    fixSetupConfig,
    stopWindowsUpdate,
    clearSoftwareDistribution,
    rebootAfterClear,
    troubleshooter,
    suspendBitLocker,
    updateAssistant,
    rebootIntoUpdate,
    resumeBitLocker,
    ...byRoute({ 'in-place': [verifyInPlace], uninstall: [reinstallStep, rebootAgain, repair] }),
    restoreWindowsUpdate,
    summary,
  ],
  abandon: abandonFlagship,
};

/**
 * `-RebootCount` for the suspend: the restarts between the suspend and the resume steps
 * (counted from the step list below) plus Windows setup's own. Counting too many only delays
 * protection coming back when a run is abandoned; too few brings it back in the middle of the
 * update, which then stops at the recovery-key screen. 0 would mean "until resumed": an
 * abandoned run would leave the drive unprotected for good.
 */
export const BITLOCKER_SUSPEND_RESTARTS =
  restartsBetween('suspend-bitlocker', 'resume-bitlocker') + FEATURE_UPDATE_OWN_RESTARTS;

function restartsBetween(from: string, to: string): number {
  const ids = windowsUpdateDiskCryptor.steps.map((s) => s.id);
  return windowsUpdateDiskCryptor.steps
    .slice(ids.indexOf(from) + 1, ids.indexOf(to))
    .filter((s) => s.action?.reboot).length;
}

/** The uninstall command exactly as the host runs it (uninstallArgv), for the dry run and log. */
function uninstallCommandLine(p: ProgramInfo): string {
  const argv = uninstallArgv(
    splitCommandLine(
      p.uninstallString ?? `"${p.installDir ?? 'C:\\Program Files\\dcrypt'}\\unins000.exe"`,
    ),
  );
  return argv
    ? windowsCommandLine([argv.file, ...argv.args])
    : `(no uninstall command for ${p.name})`;
}
