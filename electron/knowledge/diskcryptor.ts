/**
 * DiskCryptor release facts: pure data plus pure lookups, no I/O. Every field is taken from the
 * public repository github.com/DavidXanatos/DiskCryptor (mirror HEAD fffc6677, tag v1.4.1) or from
 * its real installers under ntldr/ — the `evidence` of each release says which file and revision.
 * Where the repository cannot say what a published binary contains, the field is `null`/"unknown"
 * and the lookups treat it as "could be", never as "is not" (fail closed).
 *
 * Traps these facts exist for:
 *  - the Uninstall key's DisplayVersion is the Inno Setup AppVersion, not the driver version:
 *    1.1.846.118 registers "1.1"; 1.2.1 *and* 1.2.2 both register "1.2.1";
 *  - 1.2.1 and 1.2.2 ship the same driver build (848, file version 1.2.848.118); only the driver's
 *    FileVersion *string* ("1.2 Beta 2" / "1.2 Beta 3"), PostOOBE.cmd and `dcinst -reflect` differ;
 *  - from 1.2.0 the installer has no VersionInfoVersion, so its own version resource says
 *    0.0.0.0 (Inno Setup's default) — only 1.0/1.1 installers carry the driver version;
 *  - the tag named v1.2.3 is the release changes.txt calls 1.2.2 ("1.2 Beta 3").
 */

export const UNINSTALL_KEY =
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\DiskCryptor_is1';
export const DRIVER_SERVICE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\dcrypt';
/** REG_DWORD under …\Services\dcrypt\config: the driver build the last dcinst recorded. */
export const SYS_BUILD_VALUE =
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\dcrypt\\config\\sysBuild';
/** dcinst -isenc exit code when the boot device is encrypted (ST_ENCRYPTED, dcconst.h). */
export const ST_ENCRYPTED = 51;

/** The product as Windows knows it: its Uninstall DisplayName prefix, its driver service. */
export const DISKCRYPTOR_PRODUCT = {
  name: 'DiskCryptor',
  driverService: 'dcrypt',
  /** DefaultDirName={pf}\dcrypt in both installer scripts. */
  defaultInstallDir: 'C:\\Program Files\\dcrypt',
  /** The maintained fork's releases: every installer since 1.1.846.118 is attached there. */
  releasesUrl: 'https://github.com/DavidXanatos/DiskCryptor/releases',
} as const;

export type Evidence = string;

export interface Registration {
  displayName: string;
  displayVersion: string;
  evidence: Evidence;
}

export interface VersionResource {
  productName: string;
  /** VS_FIXEDFILEINFO file version, four numbers. */
  fixedFileVersion: string;
  /** StringFileInfo FileVersion / ProductVersion text (trimmed). */
  fileVersion: string;
  productVersion: string;
}

export interface DiskCryptorRelease {
  /** The release name as changes.txt gives it ("1.2.2"), or the ntldr four-part version. */
  version: string;
  /** DC_FILE_VER text of the build ("1.2 Beta 3"). */
  label: string;
  date: string;
  /** Git tag or commit in DavidXanatos/DiskCryptor holding the sources (ntldr releases: their ntldr/ folder). */
  gitRef: string;
  /** Driver build number (DC_DRIVER_VER) — also the `sysBuild` registry value dcinst writes. */
  driverBuild: number;
  /** dcrypt.sys version resource. */
  driver: VersionResource;
  /**
   * What the Inno Setup installer registers under DiskCryptor_is1. More than one entry means the
   * repository does not settle what the published binary registers; all are possible.
   */
  registrations: readonly Registration[];
  installer: {
    /** Names as published / as the script's OutputBaseFilename + ".exe". */
    fileNames: readonly string[];
    script: string;
    /** Inno Setup "setup data" version read from the real binary; null when no binary is stored. */
    innoSetupDataVersion: string | null;
    /** The installer's own version resource; null when it cannot be derived for certain. */
    versionResource: VersionResource | null;
    alwaysRestart: true;
    /**
     * The "This is a BETA release" box shown first by InitializeSetup: `MsgBox` cannot be
     * suppressed (not even by /VERYSILENT /SUPPRESSMSGBOXES); `SuppressibleMsgBox` can.
     */
    betaMessageBox: 'none' | 'MsgBox' | 'SuppressibleMsgBox';
    /** InitializeSetup refuses (asks to restart) while Services\dcrypt\DeleteFlag ≠ 0. */
    refusesWhileDeleteFlag: true;
    /**
     * InitializeSetup refuses with "A newer version of DiskCryptor is installed" when sysBuild is
     * above this number; null = no such check. Not always the release's own build: 1.2.0 checks
     * > 846 (refusing over its own 847) and the 1.3.0 script at its tag > 848 (issue #86).
     */
    refusesWhenSysBuildAbove: number | null;
    /** A non-suppressible "already installed … repair?" MsgBox when a driver is registered. */
    repairPrompt: 'none' | 'when-equal' | 'when-not-newer';
    /** Authenticode signature seen on the real binary; null = no binary to look at. */
    signed: boolean | null;
    /** A detached PGP signature (`.asc`) published next to the installer. */
    pgpSignature: boolean | null;
    architectures: readonly ('x86' | 'x64' | 'arm64')[];
    /** Size and SHA-256 of the real installer, when the repository stores it. */
    sha256: string | null;
    size: number | null;
  };
  dcinst: {
    /** The exact command lines dcinst.exe accepts (_tcsicmp on the whole line). */
    switches: readonly string[];
    requireAdministrator: true;
  };
  /** PostOOBE.cmd (`%~dp0\dcinst.exe -reflect`) is installed into the program folder. */
  shipsPostOobeCmd: boolean;
  /**
   * When this release writes ReflectDrivers/PostOOBE into SetupConfig.ini: `never`, or when the
   * GUI's encryption wizard sets up boot-volume encryption and whenever `dcinst -reflect` runs
   * (PostOOBE.cmd after each feature update). The installer itself never writes them.
   */
  writesReflectDrivers: 'never' | 'on-boot-encryption-and-dcinst-reflect';
  uninstall: {
    /**
     * The uninstaller's "boot device is encrypted" refusal. 1.0/1.1: `if not Exec(...) then
     * error := 0; if error = 51` — works. 1.2.0 on: `Exec(...) = False and ExecRet = 51`, but Exec
     * returns True whenever dcinst ran (ExecRet is then its exit code, 51) and False only when it
     * could not start (ExecRet is then a Win32 error) — so the guard never fires for an encrypted
     * disk.
     */
    encryptedBootGuardWorks: boolean;
    /** `dcinst -unins` leaves ReflectDrivers/PostOOBE (inverted _waccess check in w10.c). */
    leavesSetupConfigEntries: boolean;
  };
  /** Known problems a reinstall on Windows 10/11 runs into. */
  notes: readonly string[];
  evidence: readonly Evidence[];
}

const REPO = 'DavidXanatos/DiskCryptor';
const NTLDR_SETUP = `${REPO} setup/setup.iss @1bc4246 (ntldr's script: AppVerName=DiskCryptor {#DC_PRODUCT_VER}, AppVersion={#DC_PRODUCT_VER}, VersionInfoVersion={#DC_FILE_VER})`;
const DAVID_SETUP = 'Installer/dcrypt_install.iss';
/** What Inno Setup puts in the version resource when the script sets no VersionInfo* directive. */
const INNO_DEFAULTS =
  'jrsoftware/issrc ISHelp/isetup.xml (is-6_0_4, HEAD): VersionInfoVersion default 0.0.0.0, VersionInfoTextVersion default VersionInfoVersion, VersionInfoProductTextVersion default AppVersion, VersionInfoProductName default AppName';

const NTLDR_SWITCHES = ['-setup', '-unins', '-unldr', '-isboot', '-isenc'] as const;
const REFLECT_SWITCHES = [...NTLDR_SWITCHES, '-reflect'] as const;

function ntldrRelease(
  version: string,
  date: string,
  product: string,
  real: { sha256: string; size: number },
  extraEvidence: readonly string[] = [],
): DiskCryptorRelease {
  const [maj, min, build] = version.split('.').map(Number);
  return {
    version,
    label: version,
    date,
    gitRef: version === '1.1.846.118' ? '1bc4246' : `ntldr/${version}`,
    driverBuild: build!,
    driver: {
      productName: 'DiskCryptor',
      fixedFileVersion: version,
      fileVersion: version,
      productVersion: product,
    },
    registrations: [
      {
        displayName: `DiskCryptor ${product}`,
        displayVersion: product,
        evidence: `${NTLDR_SETUP}; innoextract -i on ntldr/${version}/dcrypt_setup.exe prints "DiskCryptor ${product}"`,
      },
    ],
    installer: {
      fileNames: ['dcrypt_setup.exe'],
      script: 'setup/setup.iss (ntldr)',
      innoSetupDataVersion: '5.4.2 (u)',
      versionResource: {
        productName: 'DiskCryptor',
        fixedFileVersion: version,
        fileVersion: version,
        productVersion: product,
      },
      alwaysRestart: true,
      betaMessageBox: 'none',
      refusesWhileDeleteFlag: true,
      refusesWhenSysBuildAbove: build!,
      repairPrompt: 'when-equal',
      signed: true,
      pgpSignature: true,
      architectures: ['x86', 'x64'],
      sha256: real.sha256,
      size: real.size,
    },
    dcinst: { switches: NTLDR_SWITCHES, requireAdministrator: true },
    shipsPostOobeCmd: false,
    writesReflectDrivers: 'never',
    uninstall: { encryptedBootGuardWorks: true, leavesSetupConfigEntries: false },
    notes: [
      `${maj}.${min} has no ReflectDrivers support: every Windows 10 feature update must be done with DiskCryptor uninstalled (the 0x1A MEMORY_MANAGEMENT rollback otherwise).`,
      'The installer asks "Current version of DiskCryptor is already installed. You want to repair installation?" when sysBuild equals its build, and refuses a downgrade.',
    ],
    evidence: [
      `${REPO} ntldr/${version}/dcrypt_setup.exe (real installer: version resource, security directory, innoextract)`,
      `${REPO} ntldr/${version}/dcrypt_setup.exe.asc`,
      `${REPO} DCrypt/changes.txt`,
      ...extraEvidence,
    ],
  };
}

function davidInstaller(
  productVersion: string | null,
  over: Partial<DiskCryptorRelease['installer']>,
): DiskCryptorRelease['installer'] {
  return {
    fileNames: [],
    script: DAVID_SETUP,
    innoSetupDataVersion: null,
    versionResource:
      productVersion === null
        ? null
        : {
            productName: 'DiskCryptor',
            fixedFileVersion: '0.0.0.0',
            fileVersion: '0.0.0.0',
            productVersion,
          },
    alwaysRestart: true,
    betaMessageBox: 'MsgBox',
    refusesWhileDeleteFlag: true,
    refusesWhenSysBuildAbove: null,
    repairPrompt: 'none',
    signed: null,
    pgpSignature: null,
    architectures: ['x86', 'x64'],
    sha256: null,
    size: null,
    ...over,
  };
}

const SHARED_12_NOTES = [
  'The installer starts with a non-suppressible "This is a BETA release" MsgBox: an unattended (/VERYSILENT /SUPPRESSMSGBOXES) install still waits for a click.',
  "The uninstaller's encrypted-boot guard cannot fire (Exec(...) = False and ExecRet = 51): check `dcinst -isenc` (exit 51) yourself before uninstalling.",
];

export const DISKCRYPTOR_RELEASES: readonly DiskCryptorRelease[] = [
  ntldrRelease('1.0.757.115', '2013-01-03', '1.0', {
    sha256: 'fbbd98facbcdcd524ca8ff06045e10e1baa573e11293b259ac66123eacf40e14',
    size: 1002552,
  }),
  ntldrRelease('1.0.802.118', '2014-01-01', '1.0', {
    sha256: 'fd7b516ce247cf201b33411b16ac1c219287141eff4be54ab462c14b9a3091f2',
    size: 1003904,
  }),
  ntldrRelease('1.1.836.118', '2014-06-25', '1.1', {
    sha256: '84f8077d6f8fd4f337d9175a9e7eb1f78edd473f9fd361953ecfdc02aff66018',
    size: 999896,
  }),
  ntldrRelease(
    '1.1.846.118',
    '2014-07-09',
    '1.1',
    {
      sha256: '018d0b2af8479147def984a4c6a0db31703baacd87557d51271ad8c952f450b8',
      size: 1001880,
    },
    [`${REPO} _include_/version.h @1bc4246 (DC_FILE_VER "1.1.846.118", DC_PRODUCT_VER "1.1")`],
  ),
  {
    version: '1.2.0',
    label: '1.2 Beta 1',
    date: '2020-02-01',
    gitRef: 'v1.2.0',
    driverBuild: 847,
    driver: {
      productName: 'DiskCryptor',
      fixedFileVersion: '1.2.847.118',
      fileVersion: '1.2 Beta 1',
      productVersion: '1.2',
    },
    registrations: [
      {
        displayName: 'DiskCryptor 1.2',
        displayVersion: '1.2',
        evidence: `${REPO} ${DAVID_SETUP} @v1.2.0 (AppVerName=DiskCryptor 1.2, AppVersion=1.2)`,
      },
    ],
    installer: davidInstaller('1.2', {
      fileNames: ['dcrypt_setup_1.2_beta_1.exe'],
      refusesWhenSysBuildAbove: 846,
      repairPrompt: 'when-not-newer',
    }),
    dcinst: { switches: NTLDR_SWITCHES, requireAdministrator: true },
    shipsPostOobeCmd: false,
    writesReflectDrivers: 'never',
    uninstall: { encryptedBootGuardWorks: false, leavesSetupConfigEntries: false },
    notes: SHARED_12_NOTES,
    evidence: [
      `${REPO} ${DAVID_SETUP} @v1.2.0`,
      `${REPO} DCrypt/_include_/version.h @v1.2.0`,
      `${REPO} DCrypt/driver/driver.rc @v1.2.0 (FILEVERSION MAJOR,MINOR,DRIVER,BOOT)`,
      INNO_DEFAULTS,
    ],
  },
  {
    version: '1.2.1',
    label: '1.2 Beta 2',
    date: '2020-03-14',
    gitRef: 'v1.2.1',
    driverBuild: 848,
    driver: {
      productName: 'DiskCryptor',
      fixedFileVersion: '1.2.848.118',
      fileVersion: '1.2 Beta 2',
      productVersion: '1.2',
    },
    registrations: [
      {
        displayName: 'DiskCryptor 1.2',
        displayVersion: '1.2.1',
        evidence: `${REPO} ${DAVID_SETUP} @v1.2.1 (AppVerName=DiskCryptor 1.2, AppVersion=1.2.1)`,
      },
    ],
    installer: davidInstaller('1.2.1', {
      fileNames: ['dcrypt_setup_1.2_beta_2.exe', 'dcrypt_setup_1.2_beta_2.zip'],
      refusesWhenSysBuildAbove: 848,
    }),
    dcinst: { switches: NTLDR_SWITCHES, requireAdministrator: true },
    shipsPostOobeCmd: false,
    writesReflectDrivers: 'never',
    uninstall: { encryptedBootGuardWorks: false, leavesSetupConfigEntries: false },
    notes: SHARED_12_NOTES,
    evidence: [
      `${REPO} ${DAVID_SETUP} @v1.2.1`,
      `${REPO} DCrypt/_include_/version.h @v1.2.1`,
      'https://github.com/DiskCryptor/DiskCryptor/issues/2 (release asset releases/download/v1.2.1/dcrypt_setup_1.2_beta_2.zip)',
      INNO_DEFAULTS,
    ],
  },
  {
    version: '1.2.2',
    label: '1.2 Beta 3',
    date: '2020-04-27',
    gitRef: 'v1.2.3',
    driverBuild: 848,
    driver: {
      productName: 'DiskCryptor',
      fixedFileVersion: '1.2.848.118',
      fileVersion: '1.2 Beta 3',
      productVersion: '1.2',
    },
    registrations: [
      {
        displayName: 'DiskCryptor 1.2',
        displayVersion: '1.2.1',
        evidence: `${REPO} ${DAVID_SETUP} @v1.2.3 (AppVersion=1.2.1 was not bumped for 1.2.2)`,
      },
    ],
    installer: davidInstaller('1.2.1', {
      fileNames: ['dcrypt_setup_1.2_beta_3.exe'],
      refusesWhenSysBuildAbove: 848,
    }),
    dcinst: { switches: REFLECT_SWITCHES, requireAdministrator: true },
    shipsPostOobeCmd: true,
    writesReflectDrivers: 'on-boot-encryption-and-dcinst-reflect',
    uninstall: { encryptedBootGuardWorks: false, leavesSetupConfigEntries: true },
    notes: [
      ...SHARED_12_NOTES,
      'Beta 3 does not boot on Windows 11 with Core isolation → Memory integrity on (DiskCryptor/DiskCryptor#70; fixed in Beta 4, commit 195494d).',
    ],
    evidence: [
      `${REPO} DCrypt/changes.txt @v1.2.3 ("[27.04.2020] - 1.2.2/848.118.202 … ReflectDrivers mechanism")`,
      `${REPO} ${DAVID_SETUP} @v1.2.3 (OutputBaseFilename=dcrypt_setup_1.2_beta_3, Source: PostOOBE.cmd)`,
      `${REPO} DCrypt/dcinst/dcinst.c @v1.2.3 (-reflect)`,
      `${REPO} DCrypt/gui/prc_wizard_encrypt.c @v1.2.3 (update_w10_reflect_driver when the boot volume is encrypted)`,
      `${REPO} DCrypt/dcapi/w10.c @v1.2.3 (remove_w10_reflect_driver: _waccess(...) != 0)`,
      `${REPO} DCrypt/PostOOBE.cmd @v1.2.3`,
      INNO_DEFAULTS,
    ],
  },
  {
    version: '1.3.0',
    label: '1.3 Beta',
    date: '2023-08-13',
    gitRef: 'v1.3.0',
    driverBuild: 849,
    driver: {
      productName: 'DiskCryptor',
      fixedFileVersion: '1.3.849.118',
      fileVersion: '1.3 Beta',
      productVersion: '1.3',
    },
    // The binary is not in the repository, the installer script at the tag was never bumped
    // (still 1.2.1 / dcrypt_setup_1.2_beta_3), the installer was re-uploaded once (issue #86)
    // and the script says 1.3.0 only from 20677cd (2025-12-27). All three are possible.
    registrations: [
      {
        displayName: 'DiskCryptor 1.2',
        displayVersion: '1.2.1',
        evidence: `${REPO} ${DAVID_SETUP} @v1.3.0 (unchanged since 1.2.2)`,
      },
      {
        displayName: 'DiskCryptor 1.3',
        displayVersion: '1.3',
        evidence: `${REPO} DCrypt/setup/setup.iss @a5bc29b with version.h DC_PRODUCT_VER "1.3" (the script issue #86 links to)`,
      },
      {
        displayName: 'DiskCryptor 1.3',
        displayVersion: '1.3.0',
        evidence: `${REPO} ${DAVID_SETUP} @20677cd (AppVersion=1.3.0, OutputBaseFilename=dcrypt_setup_1.3_beta)`,
      },
    ],
    installer: davidInstaller(null, {
      fileNames: ['dcrypt_setup_1.3_beta.exe', 'dcrypt_setup_1.2_beta_3.exe'],
      betaMessageBox: 'SuppressibleMsgBox',
      // The script at the tag still refuses above 848 while installing 849: re-running it says
      // "A newer version of DiskCryptor is installed" (issue #86; the installer was re-uploaded).
      refusesWhenSysBuildAbove: 848,
      // v1.3.0b (2024-02-23) is the digitally signed re-release (issues #84, #97).
      signed: null,
    }),
    dcinst: { switches: REFLECT_SWITCHES, requireAdministrator: true },
    shipsPostOobeCmd: true,
    writesReflectDrivers: 'on-boot-encryption-and-dcinst-reflect',
    uninstall: { encryptedBootGuardWorks: false, leavesSetupConfigEntries: true },
    notes: [
      "The uninstaller's encrypted-boot guard cannot fire (Exec(...) = False and ExecRet = 51): check `dcinst -isenc` (exit 51) yourself before uninstalling.",
      'What the published 1.3.0 installer registers is not settled by the repository: three registrations are possible.',
    ],
    evidence: [
      `${REPO} DCrypt/changes.txt ("[12.08.2023] - 1.3.0/849.118.204 (fully signed release)")`,
      `${REPO} ${DAVID_SETUP} @v1.3.0 (SuppressibleMsgBox, from PR #76 / commit e169426)`,
      'https://github.com/DiskCryptor/DiskCryptor/issues/86',
      'https://github.com/DiskCryptor/DiskCryptor/issues/97 (signed installer: releases/tag/v1.3.0b)',
    ],
  },
  {
    version: '1.4.0',
    label: '1.4 Beta',
    date: '2026-01-21',
    gitRef: 'v1.4.0',
    driverBuild: 850,
    driver: {
      productName: 'DiskCryptor',
      fixedFileVersion: '1.4.850.118',
      fileVersion: '1.4 Beta',
      productVersion: '1.4',
    },
    // AppVerName=DiskCryptor {#Version}, AppVersion={#Version}: Version comes from the ISCC
    // command line, which is not in the repository. "1.4.0" is the likely value, not a fact.
    registrations: [
      {
        displayName: 'DiskCryptor 1.4.0',
        displayVersion: '1.4.0',
        evidence: `inferred: ${REPO} ${DAVID_SETUP} @v1.4.0 uses {#Version}, defined outside the repository`,
      },
    ],
    installer: davidInstaller(null, {
      fileNames: ['dcrypt_setup_1.4.0_beta.exe'],
      architectures: ['x64', 'arm64'],
    }),
    dcinst: { switches: REFLECT_SWITCHES, requireAdministrator: true },
    shipsPostOobeCmd: true,
    writesReflectDrivers: 'on-boot-encryption-and-dcinst-reflect',
    uninstall: { encryptedBootGuardWorks: false, leavesSetupConfigEntries: true },
    notes: [...SHARED_12_NOTES, '1.4 drops 32-bit Windows (changes.txt).'],
    evidence: [
      `${REPO} DCrypt/changes.txt ("[21.01.2026] - 1.4.0/850.118.205")`,
      `${REPO} ${DAVID_SETUP} @v1.4.0`,
      `${REPO} DCrypt/driver/driver.rc @v1.4.0`,
    ],
  },
  {
    version: '1.4.1',
    label: '1.4.1 Beta',
    date: '2026-02-09',
    gitRef: 'v1.4.1',
    driverBuild: 850,
    driver: {
      productName: 'DiskCryptor',
      // driver.rc at v1.4.1: FILEVERSION MAJOR,MINOR,UPDATE,DRIVER (no longer …,DRIVER,BOOT).
      fixedFileVersion: '1.4.1.850',
      fileVersion: '1.4.1 Beta',
      productVersion: '1.4.1',
    },
    registrations: [
      {
        displayName: 'DiskCryptor 1.4.1',
        displayVersion: '1.4.1',
        evidence: `inferred: ${REPO} ${DAVID_SETUP} @v1.4.1 uses {#Version}, defined outside the repository`,
      },
    ],
    installer: davidInstaller(null, {
      fileNames: ['dcrypt_setup_1.4.1_beta.exe'],
      architectures: ['x64', 'arm64'],
    }),
    dcinst: { switches: REFLECT_SWITCHES, requireAdministrator: true },
    shipsPostOobeCmd: true,
    writesReflectDrivers: 'on-boot-encryption-and-dcinst-reflect',
    uninstall: { encryptedBootGuardWorks: false, leavesSetupConfigEntries: true },
    notes: [
      ...SHARED_12_NOTES,
      'The driver build stays 850 ("rollback to keep driver unchanged", b3ff614): sysBuild cannot tell 1.4.0 from 1.4.1.',
    ],
    evidence: [
      `${REPO} DCrypt/changes.txt ("[09.02.2026] - 1.4.1/850.118.206")`,
      `${REPO} DCrypt/_include_/version.h @v1.4.1`,
      `${REPO} DCrypt/driver/driver.rc @v1.4.1`,
      `${REPO} commit b3ff614`,
    ],
  },
];

/** A lookup that may not have one answer: callers must handle `ambiguous`. */
export type Lookup =
  | { kind: 'found'; release: DiskCryptorRelease }
  | { kind: 'ambiguous'; releases: readonly DiskCryptorRelease[]; reason: string }
  | { kind: 'unknown'; reason: string };

function toLookup(matches: readonly DiskCryptorRelease[], what: string, why: string): Lookup {
  if (matches.length === 1) return { kind: 'found', release: matches[0]! };
  if (matches.length === 0)
    return { kind: 'unknown', reason: `no known DiskCryptor release ${what}` };
  return {
    kind: 'ambiguous',
    releases: matches,
    reason: `${matches.map((r) => r.version).join(', ')} all ${what}${why ? ` (${why})` : ''}`,
  };
}

/** "1.2.848.118", " 1.2.848.118 ", "1,2,848,118" → "1.2.848.118"; anything else → null. */
export function normalizeFourPartVersion(v: string): string | null {
  const parts = v.trim().split(/[.,]\s*/);
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => !/^\d{1,5}$/.test(p))) return null;
  while (parts.length < 4) parts.push('0');
  return parts.map((p) => String(Number(p))).join('.');
}

/**
 * The release whose dcrypt.sys has this version. Accepts the fixed four-part file version
 * (what `(Get-Item dcrypt.sys).VersionInfo.FileVersionRaw` shows) or the FileVersion string
 * ("1.2 Beta 3"), which is what tells 1.2.1 from 1.2.2.
 */
export function releaseForDriverVersion(v: string): Lookup {
  const text = v.trim();
  const byText = DISKCRYPTOR_RELEASES.filter(
    (r) => r.driver.fileVersion.toLowerCase() === text.toLowerCase(),
  );
  const four = normalizeFourPartVersion(text);
  const byFixed = four
    ? DISKCRYPTOR_RELEASES.filter((r) => r.driver.fixedFileVersion === four)
    : [];
  const matches = byText.length > 0 && byFixed.length === 0 ? byText : byFixed;
  return toLookup(
    matches,
    `have driver version ${text}`,
    matches.length > 1 ? 'the driver\'s FileVersion text (e.g. "1.2 Beta 3") tells them apart' : '',
  );
}

/** The release(s) with this driver build (`sysBuild`, DC_DRIVER_VER). */
export function releasesForDriverBuild(build: number): readonly DiskCryptorRelease[] {
  return DISKCRYPTOR_RELEASES.filter((r) => r.driverBuild === build);
}

/**
 * The release that registers this DisplayName/DisplayVersion under DiskCryptor_is1. Ambiguous
 * whenever several releases register the same strings (1.1.836.118 vs 1.1.846.118; 1.2.1 vs
 * 1.2.2, possibly 1.3.0): then read the driver's version instead.
 */
export function releaseForRegistration(displayName: string, displayVersion: string): Lookup {
  const name = displayName.trim();
  const ver = displayVersion.trim();
  const matches = DISKCRYPTOR_RELEASES.filter((r) =>
    r.registrations.some((g) => g.displayName === name && g.displayVersion === ver),
  );
  return toLookup(
    matches,
    `register "${name}" / "${ver}"`,
    matches.length > 1 ? 'read the version of dcrypt.sys to tell them apart' : '',
  );
}

/**
 * Whether a release can carry its driver through a feature update itself (ReflectDrivers),
 * decided from what the release ships — PostOOBE.cmd and `dcinst -reflect` — not from comparing
 * version strings. True means "supports it"; whether this machine *uses* it is a separate fact
 * (see inPlaceRouteFacts).
 */
export function supportsReflectDrivers(release: DiskCryptorRelease): boolean {
  return (
    release.shipsPostOobeCmd &&
    release.dcinst.switches.includes('-reflect') &&
    release.writesReflectDrivers !== 'never'
  );
}

/** What the machine shows; every field may be unknown (null). */
export interface InPlaceEvidence {
  /** ReflectDrivers value from SetupConfig.ini, unquoted; null = no entry / file absent. */
  reflectDrivers: string | null;
  /** The DiskCryptor install folder (`Inno Setup: App Path`), null if unknown. */
  installDir: string | null;
  /** `dcinst.exe` answers `-reflect` (seen in its help/strings or by the release), null = unknown. */
  dcinstSupportsReflect: boolean | null;
  postOobeCmdPresent: boolean | null;
  /** dcrypt.sys version (fixed or text), null = unknown. */
  driverVersion: string | null;
}

export interface InPlaceDecision {
  /** True only when every fact needed for the in-place route is present and consistent. */
  inPlace: boolean;
  reasons: string[];
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string =>
    p
      .trim()
      .replace(/^"|"$/g, '')
      .replace(/[\\/]+$/, '')
      .toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Issue 10 point 3: use the ReflectDrivers entry itself, `dcinst -reflect` support, PostOOBE.cmd
 * in the install folder, or the driver build. The in-place route (keep DiskCryptor installed) is
 * chosen only when the entry exists and points at the install folder, *and* the release can
 * re-arm it after the update (PostOOBE.cmd + -reflect, from the files or from the driver build).
 * Anything unknown keeps the uninstall/reinstall route (fail closed).
 */
export function inPlaceRouteFacts(e: InPlaceEvidence): InPlaceDecision {
  const reasons: string[] = [];
  let ok = true;
  if (e.reflectDrivers === null) {
    ok = false;
    reasons.push(
      'SetupConfig.ini has no ReflectDrivers entry, so Windows setup would not carry the DiskCryptor driver into the new build.',
    );
  } else if (e.installDir === null) {
    ok = false;
    reasons.push(
      'The DiskCryptor install folder is unknown, so the ReflectDrivers entry cannot be checked.',
    );
  } else if (!samePath(e.reflectDrivers, e.installDir)) {
    ok = false;
    reasons.push(
      `ReflectDrivers points at ${e.reflectDrivers}, not at the DiskCryptor folder ${e.installDir}.`,
    );
  } else {
    reasons.push(`ReflectDrivers points at the DiskCryptor folder ${e.installDir}.`);
  }

  const byDriver = e.driverVersion ? releaseForDriverVersion(e.driverVersion) : null;
  const driverReleases =
    byDriver?.kind === 'found'
      ? [byDriver.release]
      : byDriver?.kind === 'ambiguous'
        ? byDriver.releases
        : [];
  const driverSays =
    driverReleases.length > 0 && driverReleases.every(supportsReflectDrivers)
      ? true
      : driverReleases.length > 0 && driverReleases.every((r) => !supportsReflectDrivers(r))
        ? false
        : null;

  const filesSay =
    e.dcinstSupportsReflect === true && e.postOobeCmdPresent === true
      ? true
      : e.dcinstSupportsReflect === false || e.postOobeCmdPresent === false
        ? false
        : null;

  if (filesSay === false) {
    ok = false;
    reasons.push(
      e.postOobeCmdPresent === false
        ? 'PostOOBE.cmd is missing from the DiskCryptor folder, so nothing re-arms ReflectDrivers after the update.'
        : 'This dcinst.exe does not support -reflect.',
    );
  } else if (filesSay === true) {
    reasons.push('PostOOBE.cmd is in the DiskCryptor folder and dcinst.exe supports -reflect.');
  } else if (driverSays === true) {
    reasons.push(
      `Driver ${e.driverVersion} belongs to a release that ships PostOOBE.cmd and dcinst -reflect.`,
    );
  } else if (driverSays === false) {
    ok = false;
    reasons.push(`Driver ${e.driverVersion} belongs to a release without ReflectDrivers support.`);
  } else {
    ok = false;
    reasons.push(
      'Whether this DiskCryptor can re-arm ReflectDrivers (PostOOBE.cmd, dcinst -reflect, driver build) is unknown.',
    );
  }
  return { inPlace: ok, reasons };
}
