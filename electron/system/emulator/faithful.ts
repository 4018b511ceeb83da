/**
 * The emulator's answer for a state read from a real Windows (test/windows-live/
 * emulator-faithful.test.ts): the state becomes a temporary practice machine, and the emulator
 * answers the command from it — the same handlers a practice run uses (EmulatedWindows
 * .answerRead), not a second formatter. If its output parses to other facts than the real
 * output did, the emulator is not faithful.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BitLockerVolume, ServiceState, StartType } from '../ports';
import type { ServiceKey } from '../windows/parse-reg';
import { resolveSystemTool } from '../command-runner';
import {
  MachineProfileSchema,
  saveMachineProfile,
  type MachineProfileInput,
} from '../simulated/profile';
import { EmulatedMachine } from './machine';
import { EmulatedWindows } from './exec';

/** The parsed facts of the live output (the live test's own definition, kept in step). */
export interface LiveState {
  /** By service name; a name that is not here is a service that does not exist. */
  services: Record<
    string,
    { state: ServiceState; pid: number | null; startType: StartType; delayed: boolean }
  >;
  /** HKLM\SYSTEM\CurrentControlSet\Services\NAME as parsed, by service name. */
  serviceKeys: Record<string, ServiceKey>;
  /** whoami /groups shows the High (or System) mandatory label. */
  elevated: boolean;
  /** Last boot, ISO 8601 UTC. */
  bootTime: string;
  /** manage-bde -status volumes; null when this Windows has no manage-bde. */
  bitlocker: BitLockerVolume[] | null;
}

type Known<T extends string> = Exclude<T, 'missing' | 'unknown'>;
const known = <T extends string>(v: T): v is Known<T> & T => v !== 'missing' && v !== 'unknown';

/** The practice machine that is in this state. */
export function profileFor(state: LiveState): MachineProfileInput {
  const services: NonNullable<MachineProfileInput['services']> = {};
  for (const [name, s] of Object.entries(state.services)) {
    const key = state.serviceKeys[name];
    const startType = known(s.startType) ? s.startType : key && known(key.start) ? key.start : null;
    // A state the parsers could not read cannot be set up: that service is left out.
    if (!known(s.state) || !startType) continue;
    services[name] = {
      state: s.state,
      startType,
      delayed: s.delayed,
      deleteFlag: key?.pendingDelete ?? false,
      ...(s.pid ? { pid: s.pid } : {}),
      ...(key?.imagePath ? { imagePath: key.imagePath } : {}),
      ...(key?.displayName ? { displayName: key.displayName } : {}),
    };
  }
  return {
    name: 'faithfulness check',
    os: { caption: 'Microsoft Windows', version: '10.0.19045' },
    user: { name: 'dev', isAdmin: true, elevated: state.elevated },
    services,
    encryption: {
      bootVolumeEncryptedBy: null,
      bitlocker: (state.bitlocker ?? [])
        .filter((v) => v.protection !== 'unknown')
        .map((v) => ({
          volume: v.volume,
          protection: v.protection as 'on' | 'off',
          percentEncrypted: v.percentEncrypted ?? 0,
        })),
    },
    boot: { count: 1, time: state.bootTime || new Date(0).toISOString() },
  };
}

export function emulatorOutputFor(
  file: string,
  args: string[],
  state: LiveState,
): { stdout: string; exitCode: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-faithful-'));
  try {
    saveMachineProfile(dir, MachineProfileSchema.parse(profileFor(state)));
    fs.mkdirSync(path.join(dir, 'C'));
    const machine = new EmulatedMachine(dir);
    const emulator = new EmulatedWindows(machine);
    // As ExecFileRunner starts it: by its full path under the machine's %SystemRoot%.
    const o = emulator.answerRead(resolveSystemTool(file, machine.env()), args, {
      elevated: state.elevated,
    });
    if (!o)
      throw new Error(`faithful: ${file} ${args.join(' ')} is not a read the emulator answers`);
    if ('spawnError' in o) return { stdout: '', exitCode: -1 };
    return { stdout: o.stdout ?? '', exitCode: o.exitCode };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
