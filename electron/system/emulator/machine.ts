/**
 * A practice machine as the emulator sees it: machine.json (its state, re-read on every command
 * so several processes — the CLI, the app, the elevated helper — agree) and the `C/` tree that
 * stands for drive C:. Maps Windows paths into the folder and gives the environment a process
 * on that PC would have.
 */
import path from 'node:path';
import { mapInside } from '../fs/contained-path';
import { loadMachineProfile, saveMachineProfile, type MachineProfile } from '../simulated/profile';

export class EmulatedMachine {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  load(): MachineProfile {
    return loadMachineProfile(this.dir);
  }

  save(p: MachineProfile): void {
    saveMachineProfile(this.dir, p);
  }

  /** Loads, lets `change` edit, saves; `event` goes into the machine's history. */
  update<T>(event: string | null, change: (p: MachineProfile) => T): T {
    const p = this.load();
    const out = change(p);
    if (event) p.sim.history.push({ time: new Date().toISOString(), event });
    this.save(p);
    return out;
  }

  /**
   * `C:\Windows\x` → `<dir>/C/Windows/x`, checked on disk component by component from the
   * machine folder down (fs/contained-path.ts): no link, junction or mount point anywhere, and
   * the realpath stays inside. Everything the emulator and the host touch goes through here.
   */
  toLocal = (winPath: string): string =>
    mapInside(this.dir, winPath, { label: `practice machine ${this.dir}` });

  /** The environment a process of this machine's user sees (paths the host derives from). */
  env(p: MachineProfile = this.load()): NodeJS.ProcessEnv {
    const d = p.os.systemDrive.toUpperCase();
    return {
      SystemRoot: `${d}\\Windows`,
      windir: `${d}\\Windows`,
      SystemDrive: d,
      ProgramData: `${d}\\ProgramData`,
      ProgramFiles: `${d}\\Program Files`,
      USERPROFILE: `C:\\Users\\${p.user.name}`,
      USERNAME: p.user.name,
      USERDOMAIN: computerName(p),
      COMPUTERNAME: computerName(p),
      TEMP: `C:\\Users\\${p.user.name}\\AppData\\Local\\Temp`,
    };
  }
}

export function computerName(p: MachineProfile): string {
  return `PRACTICE-${p.os.version.split('.')[2] ?? 'PC'}`;
}

/**
 * Where a practice machine's Windows path lies in its folder, for a dialog to open at — a hint
 * only, nothing is read there: `C:\Users\dev` → `<dir>/C/Users/dev`; anything that is not a plain
 * drive path (no `..`) is the machine folder itself.
 */
export function practiceDialogPath(dir: string, winPath: string | undefined): string {
  const m = winPath ? /^([A-Za-z]):\\(.*)$/.exec(winPath) : null;
  if (!m) return path.resolve(dir);
  const parts = m[2]!.split('\\').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.')) return path.resolve(dir);
  return path.join(path.resolve(dir), m[1]!.toUpperCase(), ...parts);
}

/**
 * The Windows path of a file picked inside a practice machine's folder (`<dir>/C/x` → `C:\x`);
 * null when it is outside the machine's drives. The answer goes through the host's `toLocal`
 * checks like any typed path, so this only translates.
 */
export function practiceWindowsPath(dir: string, local: string): string | null {
  const rel = path.relative(path.resolve(dir), path.resolve(local));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const [drive, ...rest] = rel.split(path.sep);
  if (!drive || !/^[A-Za-z]$/.test(drive)) return null;
  return `${drive.toUpperCase()}:\\${rest.join('\\')}`;
}
