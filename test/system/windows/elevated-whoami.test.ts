import { describe, it, expect } from 'vitest';
import { integrityRid, parseWhoamiElevated } from '../../../electron/system/windows/parse-whoami';
import { crlf } from './fixtures';

// `whoami /groups /fo csv` from an elevated shell, and the same admin account UAC-filtered
// (public code index id 69595589899, a node:test file quoting a real capture "(trimmed)").
const CSV_ELEVATED = crlf(`"Group Name","Type","SID","Attributes"
"Mandatory Label\\High Mandatory Level","Label","S-1-16-12288",""
"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"
"NT AUTHORITY\\Local account and member of Administrators group","Well-known group","S-1-5-114","Mandatory group, Enabled by default, Enabled group"
"BUILTIN\\Administrators","Alias","S-1-5-32-544","Mandatory group, Enabled by default, Enabled group, Group owner"
"BUILTIN\\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"
`);
const CSV_FILTERED = crlf(`"Group Name","Type","SID","Attributes"
"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"
"BUILTIN\\Administrators","Alias","S-1-5-32-544","Group used for deny only"
"BUILTIN\\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"
"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""
`);

// Table output (`whoami /groups`), Windows 11, an unelevated user (public code index id
// 4068421165, HTB Academy notes, "C:\htb> whoami /groups").
const TABLE_MEDIUM =
  crlf(`NT AUTHORITY\\Authenticated Users       Well-known group S-1-5-11     Mandatory group, Enabled by default, Enabled group
NT AUTHORITY\\This Organization         Well-known group S-1-5-15     Mandatory group, Enabled by default, Enabled group
NT AUTHORITY\\Local account             Well-known group S-1-5-113    Mandatory group, Enabled by default, Enabled group
LOCAL                                  Well-known group S-1-2-0      Mandatory group, Enabled by default, Enabled group
NT AUTHORITY\\NTLM Authentication       Well-known group S-1-5-64-10  Mandatory group, Enabled by default, Enabled group
Mandatory Label\\Medium Mandatory Level Label            S-1-16-8192
`);
// The two lines an elevated prompt shows (http://zybermark.blogspot.com/2012/06/).
const TABLE_HIGH = crlf(`Mandatory Label\\High Mandatory Level Label            S-1-16-12288
                    Mandatory group, Enabled by default, Enabled group
`);

describe('whoami /groups: is this process elevated', () => {
  it('reads the mandatory label from real CSV output', () => {
    expect(integrityRid(CSV_ELEVATED)).toBe(12288);
    expect(parseWhoamiElevated(CSV_ELEVATED)).toBe(true);
    // Administrators present but deny-only: a filtered admin token is not elevated.
    expect(parseWhoamiElevated(CSV_FILTERED)).toBe(false);
  });

  it('reads the table format too', () => {
    expect(parseWhoamiElevated(TABLE_MEDIUM)).toBe(false);
    expect(parseWhoamiElevated(TABLE_HIGH)).toBe(true);
  });

  it('goes by the SID, not the (translated) names', () => {
    const de =
      '"Verbindliche Beschriftung\\Hohe Verbindlichkeitsstufe","Bezeichnung","S-1-16-12288",""\r\n';
    expect(parseWhoamiElevated(de)).toBe(true);
    expect(parseWhoamiElevated('"NT-AUTORITÄT\\SYSTEM","Label","S-1-16-16384",""')).toBe(true);
  });

  it('answers null without exactly one label, and ignores SIDs inside names', () => {
    expect(parseWhoamiElevated('')).toBeNull();
    expect(parseWhoamiElevated('"Everyone","Well-known group","S-1-1-0",""')).toBeNull();
    expect(
      parseWhoamiElevated('"x","Label","S-1-16-8192",""\r\n"y","Label","S-1-16-12288",""'),
    ).toBeNull();
    expect(
      parseWhoamiElevated('"Fake S-1-16-12288","Alias","S-1-5-21-1",""\r\n' + CSV_FILTERED),
    ).toBe(false);
  });
});
