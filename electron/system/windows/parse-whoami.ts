/**
 * Is this process elevated? Read from `whoami /groups`: the token's mandatory label is a group
 * with SID S-1-16-<RID>; 12288 (High) or more means elevated. Chosen over `net session`, whose
 * exit code also says "not admin" when the Server service is stopped or disabled, and which
 * reports nothing to parse. The SIDs are never translated, so this works in every language; the
 * group and attribute names around them are.
 */

const LABEL_SID = /^S-1-16-(\d+)$/;

/** The integrity RID of the mandatory label (CSV or table output), or null when there is none or more than one. */
export function integrityRid(stdout: string): number | null {
  const rids = new Set<number>();
  for (const line of stdout.split(/\r?\n/)) {
    // CSV fields are quoted ("…","Label","S-1-16-12288",""); table columns are space-separated.
    // A whole field/column must be the SID, so a group *name* containing one doesn't count.
    const fields = line.startsWith('"')
      ? line.split('","').map((f) => f.replace(/^"|"$/g, ''))
      : line.split(/\s+/);
    for (const f of fields) {
      const m = LABEL_SID.exec(f);
      if (m) rids.add(Number(m[1]));
    }
  }
  return rids.size === 1 ? [...rids][0]! : null;
}

/** true: elevated (High or System); false: Medium or below; null: no label found. */
export function parseWhoamiElevated(stdout: string): boolean | null {
  const rid = integrityRid(stdout);
  return rid === null ? null : rid >= 12288;
}

/** BUILTIN\Administrators: present (enabled, or "deny only" in a split token) for every admin. */
const ADMINISTRATORS_SID = /(^|[",\s])S-1-5-32-544([",\s]|$)/m;

/** Elevated now, and whether the account is an administrator at all; null without a label. */
export function parseWhoamiElevation(
  stdout: string,
): { elevated: boolean; adminMember: boolean } | null {
  const elevated = parseWhoamiElevated(stdout);
  if (elevated === null) return null;
  return { elevated, adminMember: elevated || ADMINISTRATORS_SID.test(stdout) };
}
