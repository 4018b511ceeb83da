/**
 * The flagship's diagnosis, from its preflight check results alone (so a practice machine, this
 * PC and a diagnostics bundle get the same verdict). "Installed" and "driver running" are facts
 * that *are* the cause of the 0x1A rollbacks, so they are named as the cause, not passed.
 * Sources: the DiskCryptor release table (electron/knowledge/diskcryptor.ts: which releases ship
 * ReflectDrivers support) and Microsoft's bug check 0x1A reference (MEMORY_MANAGEMENT).
 */
import type { CheckResult } from '../../shared/model';
import type { Diagnosis } from '../../shared/diagnosis';
import { DISKCRYPTOR_RELEASES, supportsReflectDrivers } from '../knowledge/diskcryptor';
import { upgradeAssistantFor } from '../knowledge/windows';

export const DIAGNOSED_WORKFLOW = 'windows-update-diskcryptor';
const RESET_WORKFLOW = 'windows-update-reset';

type Data = Record<string, unknown>;

/** The verdict for the flagship's preflight; null for workflows without one. */
export function diagnose(workflowId: string, checks: readonly CheckResult[]): Diagnosis | null {
  if (workflowId !== DIAGNOSED_WORKFLOW) return null;
  const get = (id: string) => checks.find((c) => c.id === id);
  const data = (id: string): Data => (get(id)?.data ?? {}) as Data;
  const installed = get('diskcryptor-installed');
  const driver = get('dcrypt-driver');
  const bugchecks = get('bugchecks');
  const build = Number(data('os-version').build) || null;
  const assistant = upgradeAssistantFor(build).short;

  if (!installed || installed.status === 'unknown') {
    return {
      kind: 'unknown',
      headline: 'Cannot tell yet whether DiskCryptor is installed: the check could not read it.',
      evidence: installed ? [installed.summary] : [],
      route: { id: 'none', why: 'Nothing is decided until the preflight can read the machine.' },
      takes: { restarts: 0, duration: '—', haveReady: [] },
      causes: [],
      offer: null,
    };
  }
  const version =
    typeof data('diskcryptor-installed').version === 'string'
      ? (data('diskcryptor-installed').version as string)
      : null;
  if (data('diskcryptor-installed').installed !== true) {
    return {
      kind: 'no-diskcryptor',
      headline:
        'DiskCryptor is not installed, so it is not what stops feature updates here. If updates still fail, reset Windows Update.',
      evidence: [installed.summary, ...(bugchecks ? [bugchecks.summary] : [])],
      route: { id: 'none', why: 'There is no DiskCryptor to uninstall or keep.' },
      takes: { restarts: 0, duration: '—', haveReady: [] },
      causes: [],
      offer: {
        workflowId: RESET_WORKFLOW,
        why: "Microsoft's manual Windows Update reset: stop the services, move the update cache aside, start them again (reversible).",
      },
    };
  }

  const count = Number(data('bugchecks').count) || 0;
  const times = (bugchecks?.evidence ?? [])
    .map((e) => /^(\d{4}-\d\d-\d\dT[\d:.]+)/.exec(e)?.[1])
    .filter((t): t is string => !!t)
    .sort();
  const since = times[0] ? ` since ${times[0].slice(0, 10)}` : '';
  const driverLoaded =
    data('dcrypt-driver').state === 'running' || data('dcrypt-driver').state === 'stopped';
  const what = driverLoaded ? "DiskCryptor's driver is installed" : 'DiskCryptor is installed';
  const encryptedByDc = data('boot-encryption').bootVolumeEncryptedBy === 'diskcryptor';
  const reflect = data('setupconfig');
  const reflectValid = reflect.reflectDrivers !== undefined && reflect.folderExists === true;
  const releases = version
    ? DISKCRYPTOR_RELEASES.filter((r) => r.registrations.some((g) => g.displayVersion === version))
    : [];
  const canReflect = releases.length > 0 && releases.every(supportsReflectDrivers);
  const predates = releases.length > 0 && !releases.some(supportsReflectDrivers);
  const name = `DiskCryptor ${version ?? '(version unknown)'}`;

  const evidence = [
    installed.summary,
    ...(driver ? [driver.summary] : []),
    ...(bugchecks ? [bugchecks.summary] : []),
  ];
  if (reflect.exists === true) evidence.push(get('setupconfig')!.summary);
  const headline =
    count > 0
      ? `Feature updates fail because ${what}: ${count} MEMORY_MANAGEMENT blue screen${count === 1 ? '' : 's'}${since}.`
      : `${what}: feature updates blue-screen with MEMORY_MANAGEMENT (0x1A) while it is, unless it carries its driver through the update (ReflectDrivers).`;
  const causes = ['diskcryptor-installed', ...(driver ? ['dcrypt-driver'] : [])];
  const haveReady = [
    'a backup of every encrypted volume, readable without DiskCryptor',
    `the ${name} installer (dcrypt_setup…exe) to reinstall the same version`,
    'the computer on mains power',
    `about 10 GB free and an internet connection for the ${assistant}`,
  ];

  if (canReflect && reflectValid) {
    return {
      kind: count > 0 ? 'cause-found' : 'diskcryptor-installed',
      headline:
        count > 0
          ? headline
          : `${name} carries its driver through feature updates (ReflectDrivers) and no MEMORY_MANAGEMENT blue screens are recorded: it can stay installed.`,
      evidence,
      route: {
        id: 'in-place',
        why: `${name} has ReflectDrivers and SetupConfig.ini points at its install folder: the in-place route keeps it installed through the update.`,
      },
      takes: {
        restarts: 2,
        duration: 'about 1–2 hours (mostly the feature update)',
        haveReady: [
          'a current backup',
          'the computer on mains power',
          `about 10 GB free for the ${assistant}`,
        ],
      },
      causes: count > 0 ? causes : [],
      offer: null,
    };
  }
  if (encryptedByDc) {
    return {
      kind: 'blocked',
      headline: `${headline} The boot volume is encrypted by DiskCryptor, so it cannot be uninstalled yet.`,
      evidence: [...evidence, get('boot-encryption')!.summary],
      route: {
        id: 'none',
        why: `${name}${predates ? ' predates ReflectDrivers' : ' has no valid ReflectDrivers entry'} and uninstalling is refused while the boot volume is encrypted: decrypt it in DiskCryptor first, then run this again.`,
      },
      takes: {
        restarts: 0,
        duration: 'decrypting takes hours; the fix afterwards about 2 hours',
        haveReady: ['a backup before decrypting'],
      },
      causes,
      offer: null,
    };
  }
  return {
    kind: count > 0 ? 'cause-found' : 'diskcryptor-installed',
    headline,
    evidence,
    route: {
      id: 'uninstall',
      why: predates
        ? `${name} predates ReflectDrivers: the uninstall route (uninstall, update, reinstall the same version).`
        : `${name} has no valid ReflectDrivers entry here: the uninstall route (uninstall, update, reinstall the same version).`,
    },
    takes: {
      restarts: 4,
      duration: 'about 2–3 hours (the feature update is most of it)',
      haveReady,
    },
    causes,
    offer: null,
  };
}
