// The flagship's preflight on a PC, in process starts (each one costs a PC tens to hundreds of
// milliseconds, PowerShell the most): counted through the practice machine's emulator, which
// answers the same host code a PC runs. Target: at most 12, one batched PowerShell for every read
// PowerShell answers (windows/reading.ts), never systeminfo.exe. Before the batch took whoami and
// the services it was 20. The wall time is the emulator's, not a PC's: printed for scale.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countPreflightProcesses } from '../test/bundle-replay/preflight-count';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-bench-procs-'));
try {
  const { started, ms } = await countPreflightProcesses(dir);
  const names = started.map((s) => path.win32.basename(s.file).toLowerCase());
  const powershell = names.filter((n) => n === 'powershell.exe').length;
  const target = 12;
  const ok = started.length <= target && !names.includes('systeminfo.exe');
  console.log(
    `flagship preflight process starts on a PC: baseline ${target} (the budget) · ours ${started.length} (${powershell} powershell.exe, incl. the UAC wrapper) · ratio ${(started.length / target).toFixed(2)} (target ≤ 1.00) ${ok ? 'OK' : 'MISS'}`,
  );
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const listed = [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(', ');
  console.log(`  started: ${listed} · preflight on the emulator ${ms} ms`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
