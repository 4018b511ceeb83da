/**
 * Release lookups against the facts table, including the registration traps (1.1.846.118
 * registers "1.1"; 1.2.2 registers "1.2.1") and the in-place route decision.
 */
import { describe, expect, it } from 'vitest';
import {
  DISKCRYPTOR_RELEASES,
  inPlaceRouteFacts,
  normalizeFourPartVersion,
  releaseForDriverVersion,
  releaseForRegistration,
  releasesForDriverBuild,
  supportsReflectDrivers,
  type DiskCryptorRelease,
} from '../../electron/knowledge/diskcryptor';

function release(v: string): DiskCryptorRelease {
  const r = DISKCRYPTOR_RELEASES.find((x) => x.version === v);
  if (!r) throw new Error(`no release ${v}`);
  return r;
}

describe('the release table', () => {
  it('has one entry per version and evidence for each', () => {
    const versions = DISKCRYPTOR_RELEASES.map((r) => r.version);
    expect(new Set(versions).size).toBe(versions.length);
    for (const r of DISKCRYPTOR_RELEASES) {
      expect(r.evidence.length, r.version).toBeGreaterThan(0);
      expect(r.registrations.length, r.version).toBeGreaterThan(0);
      expect(r.installer.alwaysRestart).toBe(true);
      expect(r.dcinst.requireAdministrator).toBe(true);
    }
    expect(versions).toEqual(
      expect.arrayContaining(['1.1.846.118', '1.2.0', '1.2.1', '1.2.2', '1.4.0', '1.4.1']),
    );
  });

  it('keeps the driver build consistent with the fixed driver version', () => {
    for (const r of DISKCRYPTOR_RELEASES) {
      expect(r.driver.fixedFileVersion.split('.').map(Number), r.version).toContain(r.driverBuild);
    }
  });

  it('records the published installer names', () => {
    expect(release('1.1.846.118').installer.fileNames).toEqual(['dcrypt_setup.exe']);
    expect(release('1.2.2').installer.fileNames).toEqual(['dcrypt_setup_1.2_beta_3.exe']);
    expect(release('1.2.0').installer.fileNames).toEqual(['dcrypt_setup_1.2_beta_1.exe']);
  });
});

describe('releaseForRegistration', () => {
  it('maps "DiskCryptor 1.2" / "1.2" to 1.2.0 alone', () => {
    const l = releaseForRegistration('DiskCryptor 1.2', '1.2');
    expect(l.kind).toBe('found');
    expect(l.kind === 'found' && l.release.version).toBe('1.2.0');
  });

  it('does not claim 1.2.1 for DisplayVersion "1.2.1": 1.2.2 registers the same (the trap)', () => {
    const l = releaseForRegistration('DiskCryptor 1.2', '1.2.1');
    expect(l.kind).toBe('ambiguous');
    if (l.kind !== 'ambiguous') return;
    expect(l.releases.map((r) => r.version)).toEqual(expect.arrayContaining(['1.2.1', '1.2.2']));
    expect(l.reason).toMatch(/dcrypt\.sys/);
  });

  it('does not turn "1.1" into 1.1.846.118: 1.1.836.118 registers the same', () => {
    const l = releaseForRegistration('DiskCryptor 1.1', '1.1');
    expect(l.kind).toBe('ambiguous');
    if (l.kind !== 'ambiguous') return;
    expect(l.releases.map((r) => r.version).sort()).toEqual(['1.1.836.118', '1.1.846.118']);
  });

  it('says unknown for strings no release registers, e.g. the driver version as DisplayVersion', () => {
    expect(releaseForRegistration('DiskCryptor 1.1', '1.1.846.118').kind).toBe('unknown');
    expect(releaseForRegistration('VeraCrypt', '1.26').kind).toBe('unknown');
  });
});

describe('releaseForDriverVersion', () => {
  it('finds 1.1.846.118 by its driver file version', () => {
    const l = releaseForDriverVersion('1.1.846.118');
    expect(l.kind === 'found' && l.release.version).toBe('1.1.846.118');
    expect(releaseForDriverVersion(' 1,1,846,118 ').kind).toBe('found');
  });

  it('cannot tell 1.2.1 from 1.2.2 by the fixed version, but can by the FileVersion text', () => {
    const fixed = releaseForDriverVersion('1.2.848.118');
    expect(fixed.kind).toBe('ambiguous');
    expect(fixed.kind === 'ambiguous' && fixed.releases.map((r) => r.version)).toEqual([
      '1.2.1',
      '1.2.2',
    ]);
    const text = releaseForDriverVersion('1.2 Beta 3');
    expect(text.kind === 'found' && text.release.version).toBe('1.2.2');
  });

  it('knows 1.4.1 changed the layout of the driver file version', () => {
    const l = releaseForDriverVersion('1.4.1.850');
    expect(l.kind === 'found' && l.release.version).toBe('1.4.1');
    expect(releasesForDriverBuild(850).map((r) => r.version)).toEqual(['1.4.0', '1.4.1']);
  });

  it('rejects DisplayVersion-like and malformed input as unknown', () => {
    expect(releaseForDriverVersion('1.1').kind).toBe('unknown');
    expect(releaseForDriverVersion('').kind).toBe('unknown');
    expect(normalizeFourPartVersion('1.2.3.4.5')).toBeNull();
    expect(normalizeFourPartVersion('1.2')).toBe('1.2.0.0');
  });
});

describe('supportsReflectDrivers', () => {
  it('is decided by PostOOBE.cmd + dcinst -reflect, not by a version comparison', () => {
    expect(supportsReflectDrivers(release('1.1.846.118'))).toBe(false);
    expect(supportsReflectDrivers(release('1.2.1'))).toBe(false);
    expect(supportsReflectDrivers(release('1.2.2'))).toBe(true);
    expect(supportsReflectDrivers(release('1.4.1'))).toBe(true);
    // A release that claims -reflect but ships no PostOOBE.cmd is not enough.
    const doctored = { ...release('1.2.2'), shipsPostOobeCmd: false };
    expect(supportsReflectDrivers(doctored)).toBe(false);
  });
});

describe('the installer refusals', () => {
  it('records the sysBuild thresholds as the scripts have them, not as they should be', () => {
    expect(release('1.1.846.118').installer.refusesWhenSysBuildAbove).toBe(846);
    expect(release('1.1.846.118').installer.repairPrompt).toBe('when-equal');
    // 1.2.0 checks > 846 while installing 847: it refuses over its own driver.
    expect(release('1.2.0').installer.refusesWhenSysBuildAbove).toBeLessThan(
      release('1.2.0').driverBuild,
    );
    expect(release('1.2.2').installer.refusesWhenSysBuildAbove).toBe(848);
    expect(release('1.3.0').installer.refusesWhenSysBuildAbove).toBeLessThan(
      release('1.3.0').driverBuild,
    );
    expect(release('1.4.1').installer.refusesWhenSysBuildAbove).toBeNull();
    for (const r of DISKCRYPTOR_RELEASES)
      expect(r.installer.refusesWhileDeleteFlag, r.version).toBe(true);
  });
});

describe('the uninstaller guard', () => {
  it('works in 1.0/1.1 and is dead code from 1.2.0', () => {
    expect(release('1.1.846.118').uninstall.encryptedBootGuardWorks).toBe(true);
    for (const v of ['1.2.0', '1.2.1', '1.2.2', '1.3.0', '1.4.0', '1.4.1']) {
      expect(release(v).uninstall.encryptedBootGuardWorks, v).toBe(false);
    }
  });
});

describe('inPlaceRouteFacts', () => {
  const base = {
    reflectDrivers: 'C:\\Program Files\\dcrypt',
    installDir: 'C:\\Program Files\\dcrypt\\',
    dcinstSupportsReflect: true,
    postOobeCmdPresent: true,
    driverVersion: '1.2.848.118',
  };

  it('takes the in-place route when the entry points at the folder and the files can re-arm it', () => {
    const d = inPlaceRouteFacts(base);
    expect(d.inPlace).toBe(true);
  });

  it('falls back to the driver build when the files were not inspected', () => {
    expect(
      inPlaceRouteFacts({
        ...base,
        dcinstSupportsReflect: null,
        postOobeCmdPresent: null,
        driverVersion: '1.2 Beta 3',
      }).inPlace,
    ).toBe(true);
    // 1.2.848.118 is 1.2.1 or 1.2.2: 1.2.1 has no PostOOBE.cmd, so the build alone cannot decide.
    const amb = inPlaceRouteFacts({
      ...base,
      dcinstSupportsReflect: null,
      postOobeCmdPresent: null,
    });
    expect(amb.inPlace).toBe(false);
    expect(amb.reasons.join(' ')).toMatch(/unknown/);
  });

  it('refuses without an entry, with a stale entry, or without PostOOBE.cmd', () => {
    expect(inPlaceRouteFacts({ ...base, reflectDrivers: null }).inPlace).toBe(false);
    const stale = inPlaceRouteFacts({ ...base, reflectDrivers: 'C:\\Old\\dcrypt' });
    expect(stale.inPlace).toBe(false);
    expect(stale.reasons[0]).toMatch(/C:\\Old\\dcrypt/);
    expect(inPlaceRouteFacts({ ...base, postOobeCmdPresent: false }).inPlace).toBe(false);
    expect(inPlaceRouteFacts({ ...base, installDir: null }).inPlace).toBe(false);
  });

  it('refuses for a driver without ReflectDrivers support even if an entry exists', () => {
    const d = inPlaceRouteFacts({
      ...base,
      dcinstSupportsReflect: null,
      postOobeCmdPresent: null,
      driverVersion: '1.1.846.118',
    });
    expect(d.inPlace).toBe(false);
  });
});
