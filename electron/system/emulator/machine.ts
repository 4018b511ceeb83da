/**
 * A practice machine as the emulator sees it: machine.json (its state, re-read on every command
 * so several processes — the CLI, the app, the elevated helper — agree) and the `C/` tree that
 * stands for drive C:. Maps Windows paths into the folder and gives the environment a process
 * on that PC would have.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
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
   * `C:\Windows\x` → `<dir>/C/Windows/x`. Refuses what could leave the folder: relative paths,
   * `.`/`..`, device paths, NUL, and a link or junction anywhere on the way down from the
   * machine folder (checked with lstat, component by component).
   */
  toLocal = (winPath: string): string => {
    const m = /^([A-Za-z]):\\(.*)$/s.exec(winPath);
    if (!m) throw new InputError(`practice machine: not an absolute Windows path: ${winPath}`);
    const parts = m[2]!.split('\\').filter((s) => s.length > 0);
    if (parts.some((s) => s === '..' || s === '.' || s.includes('/') || s.includes('\0')))
      throw new InputError(`practice machine: path not allowed: ${winPath}`);
    const segments = [m[1]!.toUpperCase(), ...parts];
    let at = this.dir;
    for (const seg of segments) {
      at = path.join(at, seg);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(at);
      } catch {
        break; // missing: nothing below exists to be a link
      }
      if (st.isSymbolicLink())
        throw new InputError(
          `practice machine: ${winPath} goes through a link (${path.relative(this.dir, at)}); practice machines may not contain links`,
        );
    }
    return path.join(this.dir, ...segments);
  };

  /** The environment a process of this machine's user sees (paths the host derives from). */
  env(p: MachineProfile = this.load()): NodeJS.ProcessEnv {
    return {
      SystemRoot: 'C:\\Windows',
      windir: 'C:\\Windows',
      SystemDrive: 'C:',
      ProgramData: 'C:\\ProgramData',
      ProgramFiles: 'C:\\Program Files',
      USERPROFILE: `C:\\Users\\${p.user.name}`,
      USERNAME: p.user.name,
      COMPUTERNAME: computerName(p),
      TEMP: `C:\\Users\\${p.user.name}\\AppData\\Local\\Temp`,
    };
  }
}

export function computerName(p: MachineProfile): string {
  return `PRACTICE-${p.os.version.split('.')[2] ?? 'PC'}`;
}
