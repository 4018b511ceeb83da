/**
 * Workflows declare the host capabilities they use (ports.ts), and a step cannot reach beyond
 * them. The boundary is the compiler's: `npm test` typechecks this file, and each
 * `@ts-expect-error` below fails the typecheck the day the call it marks compiles. The runtime
 * half: the one host implements every capability with no optional member, practice machine and
 * the stand-in for "no Windows machine" alike.
 */
import { describe, expect, it } from 'vitest';
import {
  changeAction,
  readAction,
  type Outputs,
  type StepDef,
  type WorkflowDef,
} from '../../electron/engine/workflow';
import type { HostReads, ServiceControl, WindowsHost } from '../../electron/system/ports';
import { noWindowsHost } from '../../electron/system/local/no-windows-host';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { workflows } from '../../electron/workflows';
import { practice } from '../workflows/helpers';

const describeNothing = async () => ({ commands: [], paths: [], notes: [] });

// A read-only workflow's step: it may read, and a service change does not compile.
const looks: StepDef<Outputs, HostReads> = {
  id: 'looks',
  title: 'Looks',
  instructions: 'Reads a service.',
  action: readAction({
    id: 'looks',
    title: 'Looks',
    describe: describeNothing,
    async run(ctx) {
      const s = await ctx.host.service('wuauserv');
      if (s.state === 'unknown') {
        // @ts-expect-error a HostReads workflow did not declare ServiceControl
        await ctx.host.stopService('wuauserv');
      }
      return { ok: true, summary: s.state };
    },
  }),
};

// A workflow that declared ServiceControl may stop a service.
const stops: StepDef<Outputs, HostReads & ServiceControl> = {
  id: 'stops',
  title: 'Stops',
  instructions: 'Stops a service.',
  action: changeAction({
    id: 'stops',
    title: 'Stops',
    describe: describeNothing,
    run: async (ctx) => {
      const r = await ctx.host.stopService('wuauserv');
      return { ok: r.ok, summary: r.command };
    },
  }),
};

// A check that needs more than the workflow declared does not fit in its steps.
const needsServiceControl = {
  id: 'c',
  title: 'C',
  run: async (ctx: { host: HostReads & ServiceControl }) => {
    await ctx.host.stopService('x');
    return { status: 'pass' as const, summary: '' };
  },
};
const narrow: StepDef<Outputs, HostReads> = {
  id: 'narrow',
  title: 'Narrow',
  instructions: '',
  // @ts-expect-error the check needs ServiceControl, which a HostReads workflow does not have
  checks: [needsServiceControl],
};

// Narrower workflows still register where the engine expects the whole host.
const registered: WorkflowDef[] = [
  {
    id: 'w',
    title: 'W',
    description: '',
    platforms: ['win32'],
    windowsOnly: true,
    steps: [looks],
  } satisfies WorkflowDef<HostReads>,
  {
    id: 'v',
    title: 'V',
    description: '',
    platforms: ['win32'],
    windowsOnly: true,
    steps: [stops],
  } satisfies WorkflowDef<HostReads & ServiceControl>,
];

/** Every member of the WindowsHost port, by name; the compiler keeps the list complete. */
const MEMBERS = {
  kind: 0,
  label: 0,
  readOnly: 0,
  os: 0,
  isAdmin: 0,
  elevation: 0,
  service: 0,
  programs: 0,
  bugchecks: 0,
  encryption: 0,
  freeBytes: 0,
  pendingFeatureUpdate: 0,
  bootTime: 0,
  userProfile: 0,
  health: 0,
  bootProtections: 0,
  exists: 0,
  readText: 0,
  listDir: 0,
  treeStats: 0,
  sha256: 0,
  localPath: 0,
  writeText: 0,
  copyFile: 0,
  deleteFile: 0,
  renameAside: 0,
  restoreAside: 0,
  clearDirectory: 0,
  removeSetupConfigKeys: 0,
  stopService: 0,
  startService: 0,
  setStartType: 0,
  uninstallProgram: 0,
  runInstaller: 0,
  suspendBitLocker: 0,
  resumeBitLocker: 0,
  systemProtection: 0,
  createRestorePoint: 0,
  reboot: 0,
  removeResumeTask: 0,
  launch: 0,
} satisfies Record<keyof WindowsHost, 0>;

describe('host capabilities', () => {
  it('narrower workflows register as workflows, and the registry holds only ones with steps', () => {
    expect(registered.map((w) => w.steps.length)).toEqual([1, 1]);
    expect(narrow.checks).toHaveLength(1);
    expect(workflows.length).toBeGreaterThan(4);
    for (const w of workflows) expect(w.steps.length, w.id).toBeGreaterThan(0);
  });

  it('the practice machine’s host and the no-Windows stand-in implement every member', () => {
    const hosts: [string, WindowsHost][] = [
      ['practice', createPracticeHost(practice().machine).host],
      ['none', noWindowsHost()],
    ];
    for (const [name, host] of hosts) {
      const missing = Object.keys(MEMBERS).filter(
        (k) => (host as unknown as Record<string, unknown>)[k] === undefined,
      );
      expect(missing, name).toEqual([]);
    }
  });

  it('the no-Windows stand-in refuses with one sentence and has no local files', async () => {
    const none = noWindowsHost();
    await expect(none.stopService('wuauserv')).rejects.toThrow(/no Windows machine/);
    expect(none.localPath('C:\\Users')).toBeNull();
  });
});
