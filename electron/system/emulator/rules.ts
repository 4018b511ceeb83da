/**
 * The Windows rules the emulator enforces, by id. Each one is written once, with its public
 * source, in docs/windows-behaviour.md; test/emulator/rules-doc.test.ts keeps the two in step and
 * checks every rule is reached by some scenario.
 */
export const EMULATED_RULES = [
  'dcinst-require-admin',
  'manage-bde-needs-admin',
  'schtasks-onlogon-any-user-needs-admin',
  'uac-declined-is-1223',
  'runas-cannot-redirect',
  'sc-change-needs-admin',
  'inno-needs-admin',
  'inno-always-restart',
  'dcrypt-setup-refuses-while-delete-flag',
  'wuauserv-trigger-start',
] as const;

export type RuleId = (typeof EMULATED_RULES)[number];

/** Rules that fired in this process, for the coverage test. */
export const firedRules = new Set<RuleId>();

export function enforce(rule: RuleId): void {
  firedRules.add(rule);
}
