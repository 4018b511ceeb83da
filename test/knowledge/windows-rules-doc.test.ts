/**
 * WINDOWS_RULES (the emulator's source of truth) and docs/windows-behaviour.md must list the same
 * rule ids with the same sources: a rule the emulator enforces is documented with its source,
 * and a documented rule exists in the table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOWS_RULES } from '../../electron/knowledge/windows-rules';

const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/windows-behaviour.md'), 'utf8');

/** Rows of the "## Rules" table: id → the row's cells. */
function docRules(text: string): Map<string, string[]> {
  const section = text.split(/^## /m).find((s) => s.startsWith('Rules'));
  if (!section) throw new Error('docs/windows-behaviour.md has no "## Rules" section');
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([a-z0-9-]+)`\s*\|/.exec(line);
    if (!m) continue;
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    rows.set(m[1]!, cells);
  }
  return rows;
}

describe('docs/windows-behaviour.md and WINDOWS_RULES', () => {
  const rows = docRules(doc);

  it('has unique ids in the table', () => {
    const ids = WINDOWS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every rule with its source and strength', () => {
    for (const r of WINDOWS_RULES) {
      const row = rows.get(r.id);
      expect(row, `rule ${r.id} is missing from the doc`).toBeDefined();
      expect(row![2], `source of ${r.id}`).toBe(r.source);
      expect(row![3], `strength of ${r.id}`).toBe(r.strength);
    }
  });

  it('documents no rule the table does not have', () => {
    const known = new Set<string>(WINDOWS_RULES.map((r) => r.id));
    expect([...rows.keys()].filter((id) => !known.has(id))).toEqual([]);
  });

  it('gives every rule a source and one sentence', () => {
    for (const r of WINDOWS_RULES) {
      expect(r.source.length, r.id).toBeGreaterThan(10);
      expect(r.rule.trim().endsWith('.'), r.id).toBe(true);
    }
  });

  it('covers the rules the brief names', () => {
    const ids = new Set<string>(WINDOWS_RULES.map((r) => r.id));
    for (const id of [
      'dcinst-require-admin',
      'libuv-740-eacces',
      'manage-bde-needs-admin',
      'schtasks-onlogon-any-user-admin',
      'per-user-logon-no-admin',
      'uac-declined-1223',
      'uac-over-the-shoulder',
      'start-process-runas-no-redirect',
      'inno-alwaysrestart',
      'inno-silent-modes',
      'dc-installer-deleteflag',
      'dc-installer-beta-msgbox',
      'dc-registration-strings',
      'wuauserv-restarts',
      'bits-holds-download',
      'shutdown-t-implies-f',
      'console-oem-codepage',
      'sc-exit-codes',
      'dc-uninstall-leaves-setupconfig',
      'setupconfig-leftover-blocks-upgrade',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});
