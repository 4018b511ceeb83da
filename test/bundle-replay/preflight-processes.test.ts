/**
 * Speed on a PC is process starts: the flagship's preflight starts one PowerShell for every read
 * PowerShell can answer (the batch, windows/reading.ts), never systeminfo.exe, and no command
 * twice. Counted where a PC would start them: the practice machine's emulator
 * (EmulatedWindows.started), under the real host. The budget is 12 and it is met: OEMCP (the
 * runner's code page), the batch, two Uninstall `reg export`s, ProfileList, the RunAs wrapper and
 * the elevated helper, which itself reads OEMCP and ProfileList (it trusts no path from the
 * unelevated parent) and runs manage-bde and dcinst; one wevtutil for events 1001 and
 * Kernel-Power 41. It was 20: whoami and sc queryex/qc for dcrypt and wuauserv are now parts of
 * the batch, the Uninstall exports were made twice (programs and the encryption read), and the
 * two events were two wevtutil queries.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countPreflightProcesses } from './preflight-count';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("the flagship's preflight on a PC", () => {
  it('starts at most 12 processes, one CIM powershell.exe, no systeminfo.exe, no command twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-procs-'));
    dirs.push(dir);
    const { started } = await countPreflightProcesses(dir);
    const names = started.map((s) => path.win32.basename(s.file).toLowerCase());
    expect(started.length, names.join(', ')).toBeLessThanOrEqual(12);
    // The RunAs wrapper of the one elevated read is PowerShell too, but not a CIM read.
    const cimReads = started.filter(
      (s) =>
        s.file.toLowerCase().endsWith('powershell.exe') && !/-Verb RunAs/.test(s.args.join(' ')),
    );
    expect(cimReads).toHaveLength(1);
    expect(names).not.toContain('systeminfo.exe');
    const lines = started.map((s) => JSON.stringify([s.file, s.args, s.elevated]));
    expect(new Set(lines).size).toBe(lines.length);
  });
});
