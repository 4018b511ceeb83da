/**
 * Which of the Windows rules (electron/knowledge/windows-rules.ts, each with its public source,
 * the same table as docs/windows-behaviour.md) the emulator enforces. `enforce(id)` marks the
 * place; test/emulator/rules.test.ts checks every id listed here is in the rule table and is
 * reached by some practice run.
 */
import type { WindowsRuleId } from '../../knowledge/windows-rules';

export const EMULATED_RULES = [
  'dcinst-require-admin',
  'libuv-740-eacces',
  'manage-bde-needs-admin',
  'schtasks-onlogon-any-user-admin',
  'per-user-logon-no-admin',
  'uac-declined-1223',
  'start-process-runas-no-redirect',
  'sc-exit-codes',
  'inno-setupldr-asinvoker',
  'inno-alwaysrestart',
  'dc-installer-deleteflag',
  'service-marked-for-delete',
  'dc-uninstall-guard-dead',
  'dc-isenc-51',
  'dc-reflect-writer',
  'dc-registration-strings',
  'wuauserv-restarts',
  'bits-holds-download',
  'secureboot-hvci-registry',
  'kernel-power-41-bugcheck',
  'wevtutil-one-xpath-crash-events',
  'powershell-token-group-claims',
  'cim-base-service',
  'uac-over-the-shoulder',
  'console-oem-codepage',
  'oem-codepage-registry',
  'reg-export-utf16',
  'veracrypt-system-boot-start',
  'assistant-by-build',
  'checkpoint-computer-needs-admin',
  'checkpoint-computer-24h',
  'checkpoint-computer-protection-off',
  'system-protection-registry',
] as const satisfies readonly WindowsRuleId[];

export type EmulatedRuleId = (typeof EMULATED_RULES)[number];

/** Rules that fired in this process, for the coverage test. */
export const firedRules = new Set<EmulatedRuleId>();

export function enforce(rule: EmulatedRuleId): void {
  firedRules.add(rule);
}
