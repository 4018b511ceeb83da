/**
 * Is this file the DiskCryptor installer we need (issue 10 point 2)? A Windows program (PE), an
 * Inno Setup installer, whose version resource says ProductName "DiskCryptor" and matches the
 * installer of the release whose *driver* is installed — decided against the release table in
 * knowledge/diskcryptor.ts, never against DisplayVersion ("1.1") and never by a version substring
 * in the file name. Signatures (Authenticode presence, a PGP .asc next to it) are reported.
 *
 * Anything else gives `ok: false` and one plain sentence per problem, naming the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import {
  DISKCRYPTOR_RELEASES,
  releaseForDriverVersion,
  releasesForDriverBuild,
  type DiskCryptorRelease,
  type Lookup,
} from '../../knowledge/diskcryptor';
import { readPeInfo, type PeInfo } from './pe-info';

export interface InstallerFacts {
  size: number | null;
  pe: boolean;
  inno: boolean;
  innoSetupDataVersion: string | null;
  productName: string | null;
  fileVersion: string | null;
  productVersion: string | null;
  fixedFileVersion: string | null;
  /** Authenticode signature *present* (not verified). */
  signed: boolean;
  /** Path of an ASCII-armoured PGP signature next to the file (`<file>.asc`), null if none. */
  ascFile: string | null;
  /** Releases whose installer this file's version resource matches. */
  matchingReleases: string[];
  /** SHA-256, computed only when the size equals a published installer's. */
  sha256: string | null;
}

export interface InstallerCheck {
  ok: boolean;
  problems: string[];
  /** Facts for the log that do not make the step wait (signature found, hash matches…). */
  notes: string[];
  facts: InstallerFacts;
}

export interface InstallerExpectation {
  /** dcrypt.sys version: the fixed four-part version or its FileVersion text ("1.2 Beta 3"). */
  driverVersion: string;
  /**
   * The driver build from the registry (Services\dcrypt\config `sysBuild`), used when the
   * driver version itself is not known (driverVersion ""). Never DisplayVersion.
   */
  driverBuild?: number;
}

const PGP_ARMOR = '-----BEGIN PGP SIGNATURE-----';

function emptyFacts(): InstallerFacts {
  return {
    size: null,
    pe: false,
    inno: false,
    innoSetupDataVersion: null,
    productName: null,
    fileVersion: null,
    productVersion: null,
    fixedFileVersion: null,
    signed: false,
    ascFile: null,
    matchingReleases: [],
    sha256: null,
  };
}

/** Releases whose installer could have produced this version resource. */
export function releasesMatchingInstaller(pe: PeInfo): DiskCryptorRelease[] {
  const v = pe.version;
  if (!v) return [];
  return DISKCRYPTOR_RELEASES.filter((r) => {
    const known = r.installer.versionResource;
    if (known) {
      return (
        known.productName === v.productName &&
        known.fixedFileVersion === v.fixedFileVersion &&
        known.fileVersion === v.fileVersion &&
        known.productVersion === v.productVersion
      );
    }
    // Not settled by the repository: Inno's default 0.0.0.0 and any AppVersion it may register.
    return (
      v.productName === 'DiskCryptor' &&
      v.fixedFileVersion === '0.0.0.0' &&
      r.registrations.some((g) => g.displayVersion === v.productVersion)
    );
  });
}

async function readAsc(path: string): Promise<boolean> {
  try {
    const st = await lstat(path);
    if (!st.isFile() || st.size > 64 * 1024) return false;
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(64);
      const { bytesRead } = await fh.read(buf, 0, 64, 0);
      return buf
        .subarray(0, bytesRead)
        .toString('latin1')
        .replace(/^\uFEFF/, '')
        .startsWith(PGP_ARMOR);
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

function list(vs: readonly string[]): string {
  return vs.length <= 1 ? (vs[0] ?? '') : `${vs.slice(0, -1).join(', ')} or ${vs[vs.length - 1]}`;
}

export async function checkDiskCryptorInstaller(
  localPath: string,
  expected: InstallerExpectation,
): Promise<InstallerCheck> {
  const facts = emptyFacts();
  const problems: string[] = [];
  const notes: string[] = [];
  const done = (): InstallerCheck => ({ ok: problems.length === 0, problems, notes, facts });

  let size: number;
  try {
    const st = await lstat(localPath);
    if (st.isSymbolicLink()) {
      problems.push(`${localPath} is a link, not the downloaded file itself; point at the file.`);
      return done();
    }
    if (!st.isFile()) {
      problems.push(`${localPath} is not a file.`);
      return done();
    }
    size = st.size;
  } catch {
    problems.push(`${localPath} does not exist or cannot be read.`);
    return done();
  }
  facts.size = size;
  if (size === 0) {
    problems.push(`${localPath} is empty (0 bytes): the download did not finish.`);
    return done();
  }

  let pe: PeInfo;
  try {
    pe = await readPeInfo(localPath);
  } catch {
    problems.push(`${localPath} cannot be read.`);
    return done();
  }
  facts.pe = pe.isPe;
  if (!pe.isPe) {
    problems.push(
      pe.head
        ? `${localPath} is not a Windows program (it starts with "${pe.head}").`
        : `${localPath} is not a Windows program (${pe.problem ?? 'no MZ header'}).`,
    );
    return done();
  }
  facts.signed = pe.authenticode?.present ?? false;
  facts.inno = pe.inno !== null;
  facts.innoSetupDataVersion = pe.inno?.setupDataVersion ?? null;
  if (pe.version) {
    facts.productName = pe.version.productName;
    facts.fileVersion = pe.version.fileVersion;
    facts.productVersion = pe.version.productVersion;
    facts.fixedFileVersion = pe.version.fixedFileVersion;
  }
  const asc = `${localPath}.asc`;
  if (await readAsc(asc)) facts.ascFile = asc;

  if (pe.problem) problems.push(`${localPath} is a damaged Windows program: ${pe.problem}.`);
  if (!pe.inno) {
    problems.push(
      `${localPath} is a Windows program but not an Inno Setup installer, so it is not a DiskCryptor installer.`,
    );
  } else if (pe.inno.tableCrcOk === false) {
    problems.push(
      `${localPath} has a damaged Inno Setup loader table (checksum mismatch): download it again.`,
    );
  }
  if (!pe.version) {
    problems.push(
      `${localPath} has no version information, so it cannot be told apart from any other program.`,
    );
    return done();
  }
  if (pe.version.productName !== 'DiskCryptor') {
    problems.push(
      `${localPath} is ${pe.version.productName ? `an installer for "${pe.version.productName}"` : 'a program without a product name'}, not DiskCryptor.`,
    );
    return done();
  }

  const byBuild =
    expected.driverVersion.trim() === '' && expected.driverBuild !== undefined
      ? releasesForDriverBuild(expected.driverBuild)
      : null;
  const wanted: Lookup =
    byBuild === null
      ? releaseForDriverVersion(expected.driverVersion)
      : byBuild.length === 0
        ? { kind: 'unknown', reason: `no release has driver build ${expected.driverBuild}` }
        : { kind: 'ambiguous', releases: byBuild, reason: `driver build ${expected.driverBuild}` };
  const installed = byBuild === null ? expected.driverVersion : `build ${expected.driverBuild}`;
  if (wanted.kind === 'unknown' && byBuild !== null) {
    problems.push(
      `The installed driver build ${expected.driverBuild} is not a DiskCryptor release this check knows, so no installer can be matched to it.`,
    );
    return done();
  }
  if (wanted.kind === 'unknown') {
    problems.push(
      /^\s*\d+\.\d+(\.\d+)?\s*$/.test(expected.driverVersion)
        ? `"${expected.driverVersion}" looks like the registry's DisplayVersion, not the driver version; read the version of dcrypt.sys instead.`
        : `The installed driver version "${expected.driverVersion}" is not a DiskCryptor release this check knows, so no installer can be matched to it.`,
    );
    return done();
  }
  const wantedReleases = wanted.kind === 'found' ? [wanted.release] : [...wanted.releases];
  const wantedDrivers = new Set(wantedReleases.map((r) => r.driver.fixedFileVersion));

  const matches = releasesMatchingInstaller(pe);
  facts.matchingReleases = matches.map((r) => r.version);
  const says = `DiskCryptor ${pe.version.productVersion ?? '?'} (file version ${pe.version.fileVersion ?? pe.version.fixedFileVersion})`;
  if (matches.length === 0) {
    problems.push(
      `${localPath} says it is ${says}, which matches no DiskCryptor installer this check knows.`,
    );
  } else {
    const right = matches.filter((r) => wantedDrivers.has(r.driver.fixedFileVersion));
    const wrong = matches.filter((r) => !wantedDrivers.has(r.driver.fixedFileVersion));
    if (right.length === 0) {
      problems.push(
        `${localPath} is the installer of DiskCryptor ${list(matches.map((r) => r.version))} (driver ${list([...new Set(matches.map((r) => r.driver.fixedFileVersion))])}), not of the installed driver ${installed}.`,
      );
    } else if (wrong.length > 0) {
      problems.push(
        `${localPath} says ${says}, which the installers of DiskCryptor ${list(matches.map((r) => r.version))} all say; they install different drivers (${list([...new Set(matches.map((r) => r.driver.fixedFileVersion))])}), so this file cannot be proven to match the installed driver ${installed}.`,
      );
    } else {
      notes.push(
        `${localPath} is the installer of DiskCryptor ${list(right.map((r) => r.version))}, which installs driver ${list([...new Set(right.map((r) => r.driver.fixedFileVersion))])}, like the installed one.`,
      );
    }
  }

  // Signatures: stated, and compared with what the published file of that release carries.
  notes.push(
    facts.signed
      ? `${localPath} carries an Authenticode signature (its presence was checked, not its validity).`
      : `${localPath} carries no Authenticode signature.`,
  );
  if (facts.ascFile)
    notes.push(`A PGP signature ${facts.ascFile} lies next to it (not verified here).`);
  const single = matches.length === 1 ? matches[0]! : null;
  if (single && single.installer.signed === true && !facts.signed) {
    problems.push(
      `${localPath} has no Authenticode signature, but the published DiskCryptor ${single.version} installer is signed: it is not the published file.`,
    );
  }
  if (single?.installer.sha256 && single.installer.size === size) {
    facts.sha256 = await sha256File(localPath);
    notes.push(
      facts.sha256 === single.installer.sha256
        ? `${localPath} is byte-identical to the published DiskCryptor ${single.version} installer (SHA-256 ${facts.sha256}).`
        : `${localPath} has the size of the published DiskCryptor ${single.version} installer but a different SHA-256 (${facts.sha256}).`,
    );
  } else if (single?.installer.sha256) {
    notes.push(
      `${localPath} is not byte-identical to the published DiskCryptor ${single.version} installer (${single.installer.size} bytes).`,
    );
  }
  return done();
}

/**
 * File names DiskCryptor installers are published under: dcrypt_setup.exe (ntldr),
 * dcrypt_setup_1.2_beta_3.exe, dcrypt_setup_1.3_beta.exe, dcrypt_setup_1.4.1_beta.exe, plus the
 * " (1)" a browser adds to a second download. Matched by shape, not by a version substring.
 */
const INSTALLER_NAME =
  /^dcrypt_setup(?:_\d+(?:\.\d+){1,3}(?:_beta(?:_\d+)?)?)?(?: \(\d{1,3}\))?\.exe$/i;

export function isInstallerName(name: string): boolean {
  return INSTALLER_NAME.test(name.trim());
}

/** The names (e.g. a Downloads folder listing) that look like DiskCryptor installers, in order. */
export function findInstallerCandidates(names: readonly string[]): string[] {
  return names.filter(isInstallerName);
}

export interface RankedCandidate {
  path: string;
  check: InstallerCheck;
}

/**
 * Checks every candidate by content and orders them: the ones that pass first, then by fewest
 * problems; ties keep the given order. The name only nominated the file — the content decides.
 */
export async function rankInstallerCandidates(
  paths: readonly string[],
  expected: InstallerExpectation,
): Promise<RankedCandidate[]> {
  const checked: RankedCandidate[] = [];
  for (const path of paths)
    checked.push({ path, check: await checkDiskCryptorInstaller(path, expected) });
  return checked
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        Number(b.c.check.ok) - Number(a.c.check.ok) ||
        a.c.check.problems.length - b.c.check.problems.length ||
        a.i - b.i,
    )
    .map(({ c }) => c);
}
