/**
 * Is the emulator faithful? The runner's own state is read live (sc queryex/qc, reg query of the
 * service keys, whoami /groups, the CIM boot time, manage-bde -status) and parsed; that parsed
 * state is handed to the emulator, which answers the same commands; its answers must parse to
 * exactly the same facts, with the same exit codes. A practice machine is only as good as this
 * equality. Windows only (see live.ts).
 *
 * The emulator lands in another branch at the same time as this test, so it is imported lazily:
 * in a checkout without electron/system/emulator/faithful.ts the file skips with one line. Once
 * that file exists, any failure to load it fails the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  BitLockerVolume,
  CommandResult,
  ServiceState,
  StartType,
} from '../../electron/system/ports';
import * as cmd from '../../electron/system/windows/commands';
import { parseManageBdeStatus } from '../../electron/system/windows/parse-manage-bde';
import { parseServiceKey, type ServiceKey } from '../../electron/system/windows/parse-reg';
import { parseScQc, parseScQueryEx } from '../../electron/system/windows/parse-sc';
import { parseWhoamiElevated } from '../../electron/system/windows/parse-whoami';
import { runLive, windowsOnlyReason } from './live';

/**
 * The parsed facts of the live output, as handed to the emulator. Assumed shape of
 * `LiveState` in electron/system/emulator/faithful.ts (recorded in the CI report for the merge).
 */
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
type EmulatorOutputFor = (
  file: string,
  args: string[],
  state: LiveState,
) => { stdout: string; exitCode: number };

const here = path.dirname(fileURLToPath(import.meta.url));
const FAITHFUL_FILE = path.join(here, '..', '..', 'electron', 'system', 'emulator', 'faithful.ts');
/** A variable, so the typechecker does not require the module before the merge. */
const FAITHFUL_SPECIFIER = '../../electron/system/emulator/faithful';

const SERVICES = ['wuauserv', 'bits', 'cryptsvc', 'dcrypt', 'veracrypt'];
const NO_SUCH_SERVICE = 'wsopsNoSuchService42';

const skipReason =
  windowsOnlyReason() ??
  (fs.existsSync(FAITHFUL_FILE)
    ? null
    : `the emulator is not in this checkout (no ${path.relative(path.join(here, '..', '..'), FAITHFUL_FILE)})`);
if (skipReason) console.warn(`windows-live/emulator-faithful: skipped — ${skipReason}`);

/** The same facts the host reads from each command (parse-sc, parse-reg, parse-whoami…). */
const readers = {
  queryex: (r: Pick<CommandResult, 'stdout' | 'exitCode'>) => parseScQueryEx(r.stdout, r.exitCode),
  qc: (r: Pick<CommandResult, 'stdout' | 'exitCode'>) => parseScQc(r.stdout, r.exitCode),
  regService: (r: Pick<CommandResult, 'stdout'>) => parseServiceKey(r.stdout),
  whoami: (r: Pick<CommandResult, 'stdout'>) => parseWhoamiElevated(r.stdout),
  // As WindowsRealHost.bootTime reads it.
  bootTime: (r: Pick<CommandResult, 'stdout'>) => {
    const d = new Date(r.stdout.trim());
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  },
  manageBde: (r: Pick<CommandResult, 'stdout'>) => parseManageBdeStatus(r.stdout),
};

interface Probe {
  label: string;
  argv: cmd.Argv;
  read: (r: Pick<CommandResult, 'stdout' | 'exitCode'>) => unknown;
  live?: CommandResult;
}

describe.skipIf(skipReason !== null)('the emulator answers like this Windows', () => {
  let emulatorOutputFor: EmulatorOutputFor;
  let state: LiveState;
  const probes: Probe[] = [];

  beforeAll(async () => {
    const mod = (await import(/* @vite-ignore */ FAITHFUL_SPECIFIER)) as {
      emulatorOutputFor?: EmulatorOutputFor;
    };
    if (typeof mod.emulatorOutputFor !== 'function')
      throw new Error('electron/system/emulator/faithful.ts does not export emulatorOutputFor');
    emulatorOutputFor = mod.emulatorOutputFor;

    for (const name of [...SERVICES, NO_SUCH_SERVICE]) {
      probes.push(
        { label: `sc queryex ${name}`, argv: cmd.scQueryEx(name), read: readers.queryex },
        { label: `sc qc ${name}`, argv: cmd.scQc(name), read: readers.qc },
        {
          label: `reg query service ${name}`,
          argv: cmd.regQueryService(name),
          read: readers.regService,
        },
      );
    }
    probes.push(
      { label: 'whoami /groups', argv: cmd.whoamiGroups(), read: readers.whoami },
      { label: 'CIM boot time', argv: cmd.lastBootTime(), read: readers.bootTime },
    );
    const bde = path.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'manage-bde.exe');
    if (fs.existsSync(bde))
      probes.push({
        label: 'manage-bde -status',
        argv: cmd.manageBdeStatus(),
        read: readers.manageBde,
      });
    for (const p of probes) p.live = await runLive(p.argv);

    const liveOf = (label: string) => probes.find((p) => p.label === label)!.live!;
    state = {
      services: {},
      serviceKeys: {},
      elevated: readers.whoami(liveOf('whoami /groups')) === true,
      bootTime: readers.bootTime(liveOf('CIM boot time')) ?? '',
      bitlocker: fs.existsSync(bde) ? readers.manageBde(liveOf('manage-bde -status')) : null,
    };
    for (const name of [...SERVICES, NO_SUCH_SERVICE]) {
      const q = readers.queryex(liveOf(`sc queryex ${name}`));
      const c = readers.qc(liveOf(`sc qc ${name}`));
      if (q.state !== 'missing' && !c.missing)
        state.services[name] = {
          state: q.state,
          pid: q.pid,
          startType: c.startType,
          delayed: c.delayed,
        };
      const key = readers.regService(liveOf(`reg query service ${name}`));
      if (key) state.serviceKeys[name] = key;
    }
  });

  it('reads a real state from the runner first (else the comparison would prove nothing)', () => {
    expect(Object.keys(state.services)).toEqual(expect.arrayContaining(['wuauserv', 'bits']));
    expect(state.services[NO_SUCH_SERVICE]).toBeUndefined();
    expect(state.bootTime).not.toBe('');
  });

  it('every command: the emulator output parses to the live facts, with the live exit code', () => {
    const differences: string[] = [];
    for (const p of probes) {
      const emu = emulatorOutputFor(p.argv.file, [...p.argv.args], state);
      const liveFacts = JSON.stringify(p.read(p.live!));
      const emuFacts = JSON.stringify(p.read(emu));
      if (liveFacts !== emuFacts)
        differences.push(`${p.label}: live ${liveFacts}, emulator ${emuFacts}`);
      if (emu.exitCode !== p.live!.exitCode)
        differences.push(
          `${p.label}: exit code live ${p.live!.exitCode}, emulator ${emu.exitCode}`,
        );
    }
    expect(differences).toEqual([]);
  });
});
