/**
 * The preflight's one powershell.exe: the CIM health batch (health.ts) plus the reads that would
 * otherwise each start a program — whoami.exe for this process's groups, and sc.exe queryex + qc
 * for each service the flagship asks about. One process instead of five on a PC (the issue's
 * budget: at most 12 starts), and every part has a fallback to the program it replaces, so a
 * part that fails, or a bundle recorded before the parts existed, reads as it did.
 *
 * - Identity (rule powershell-token-group-claims): WindowsIdentity.GetCurrent().Claims lists each
 *   enabled group of the token as a GroupSid claim and each deny-only one (BUILTIN\Administrators
 *   in a UAC split token) as a DenyOnlySid claim. Elevated = Administrators enabled; an
 *   administrator account = enabled or deny-only — what parse-whoami.ts reads from whoami.
 * - Services (rule cim-base-service): Win32_BaseService covers services *and* drivers (dcrypt is a
 *   kernel driver, absent from Win32_Service), with State and StartMode as untranslated strings.
 *   A service the query does not return is not taken as missing: only sc's 1060 says that (a
 *   wrong "missing" dcrypt would skip the DiskCryptor check), so sc is asked then.
 */
import { z } from 'zod';
import type { Elevation, ServiceState, StartType } from '../ports';
import { DISKCRYPTOR_PRODUCT } from '../../knowledge/diskcryptor';
import { SERVICES } from '../../knowledge/windows';
import type { Argv } from './commands';
import { HEALTH_FRAGMENT, healthScript } from './health';

export const IDENTITY_KEY = 'identity';
export const SERVICES_KEY = 'services';

/** The services the flagship's preflight reads (its checks and the encryption read). */
export const READING_SERVICES: readonly string[] = [
  DISKCRYPTOR_PRODUCT.driverService,
  SERVICES.windowsUpdate,
];

const ADMINISTRATORS = 'S-1-5-32-544';

export const IDENTITY_FRAGMENT = [
  `try { $c = @([Security.Principal.WindowsIdentity]::GetCurrent().Claims)`,
  `$wsops['${IDENTITY_KEY}'] = [ordered]@{ groupSids = @($c | Where-Object { $_.Type -eq [Security.Claims.ClaimTypes]::GroupSid } | ForEach-Object { $_.Value }); denyOnlySids = @($c | Where-Object { $_.Type -eq [Security.Claims.ClaimTypes]::DenyOnlySid } | ForEach-Object { $_.Value }) } }`,
  `catch { $wsops['${IDENTITY_KEY}'] = $null }`,
].join('\n');

/** Names are sc short names ([A-Za-z0-9_]), so the WQL filter needs no escaping. */
export function servicesFragment(names: readonly string[] = READING_SERVICES): string {
  for (const n of names) if (!/^[A-Za-z0-9_]+$/.test(n)) throw new Error(`bad service name ${n}`);
  const filter = names.map((n) => `Name='${n}'`).join(' OR ');
  return `try { $wsops['${SERVICES_KEY}'] = @(Get-CimInstance -ClassName Win32_BaseService -Filter "${filter}" -ErrorAction Stop | ForEach-Object { [ordered]@{ Name = $_.Name; State = $_.State; StartMode = $_.StartMode } }) } catch { $wsops['${SERVICES_KEY}'] = $null }`;
}

/** What the host runs: health first (its part keeps its own errors), then identity, services. */
export function readingArgv(): Argv {
  return {
    file: 'powershell.exe',
    args: [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      healthScript([HEALTH_FRAGMENT, IDENTITY_FRAGMENT, servicesFragment()]),
    ],
  };
}

// ---- parsing ----

const sids = z
  .union([z.array(z.string()), z.string()])
  .nullable()
  .optional()
  .transform((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]));
const IdentitySchema = z.object({ groupSids: sids, denyOnlySids: sids });
const ServiceSchema = z.object({ Name: z.string(), State: z.string(), StartMode: z.string() });
const ServicesSchema = z.union([z.array(ServiceSchema), ServiceSchema]);

/** Win32_BaseService State and StartMode (learn.microsoft.com …/win32-baseservice). */
const STATES: Record<string, ServiceState> = {
  stopped: 'stopped',
  'start pending': 'start_pending',
  'stop pending': 'stop_pending',
  running: 'running',
  // As parse-sc.ts: continuing is on its way back to running; pausing no longer serves.
  'continue pending': 'start_pending',
  'pause pending': 'paused',
  paused: 'paused',
};
const START_MODES: Record<string, StartType> = {
  boot: 'boot',
  system: 'system',
  auto: 'auto',
  // The ChangeStartMode docs spell it "Automatic"; the property says "Auto". Either is auto.
  automatic: 'auto',
  manual: 'demand',
  disabled: 'disabled',
};

function part(stdout: string, key: string): unknown {
  try {
    const json: unknown = JSON.parse(stdout.trim().replace(/^\uFEFF/, ''));
    return json && typeof json === 'object' ? (json as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/** The batch's identity part as whoami's answer; null when absent or not its shape. */
export function identityFromReading(stdout: string): Elevation | null {
  const p = IdentitySchema.safeParse(part(stdout, IDENTITY_KEY));
  // A token always has groups (Everyone at least): none at all is not an answer.
  if (!p.success || p.data.groupSids.length === 0) return null;
  const elevated = p.data.groupSids.includes(ADMINISTRATORS);
  return { elevated, adminMember: elevated || p.data.denyOnlySids.includes(ADMINISTRATORS) };
}

/**
 * One service from the batch, or null (ask sc): the part absent or failed, the service not
 * returned, or a State / StartMode this table does not know.
 */
export function serviceFromReading(
  stdout: string,
  name: string,
): { state: ServiceState; startType: StartType } | null {
  const p = ServicesSchema.safeParse(part(stdout, SERVICES_KEY));
  if (!p.success) return null;
  const list = Array.isArray(p.data) ? p.data : [p.data];
  const s = list.find((x) => x.Name.toLowerCase() === name.toLowerCase());
  const state = s && STATES[s.State.toLowerCase()];
  const startType = s && START_MODES[s.StartMode.toLowerCase()];
  return state && startType ? { state, startType } : null;
}
