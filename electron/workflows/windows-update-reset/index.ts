/**
 * Microsoft's manual Windows Update reset, verified at every step, and its undo.
 *
 * Reset (`windows-update-reset`): stop BITS, Windows Update and the Cryptographic service (each
 * verified STOPPED; a service this Windows lacks is a warning, not a failure); delete the BITS
 * queue files `%ALLUSERSPROFILE%\Microsoft\Network\Downloader\qmgr*.dat`; move
 * `C:\Windows\SoftwareDistribution` and `C:\Windows\System32\catroot2` aside to `.bak` (the next
 * free `.bak2`, `.bak3`… when one exists — said in the log); start the services again (verified
 * RUNNING).
 *
 * Undo (`windows-update-reset-undo`, a separate workflow so it has its own log, dry run and
 * answers): stop the services that run, put the newest `.bak` folders back (or the ones named in
 * the answers), start again what was running. It never overwrites: a target folder that has
 * filled up since the reset is refused — unless the answer `resetUndoNonEmpty` is `move-aside`,
 * which first moves the current folder aside too (nothing is deleted either way). The deleted
 * qmgr*.dat files are not restored: BITS rebuilds its queue, and an old queue is what the reset
 * removes on purpose.
 */
import { cmdLines, declinedOutcome } from '../command-outcome';
import { changeAction, destructiveAction, readAction } from '../../engine/workflow';
import type {
  CheckDef,
  CheckOutcome,
  StepContext,
  StepDef,
  WorkflowDef,
  Outputs,
} from '../../engine/workflow';
import type { Question } from '../../../shared/model';
import type { CommandResult, ServiceInfo } from '../../system/ports';
import { formatBytes, formatCount } from '../../../shared/format';
import { SOFTWARE_DISTRIBUTION, adminCheck, osVersionCheck, serviceCheck } from '../windows-checks';
import type { FileChanges, HostReads, ServiceControl } from '../../system/ports';

/** What the reset and its undo ask of the machine (ports.ts): services and folders, nothing else. */
type Needs = HostReads & FileChanges & ServiceControl;

export const RESET_SERVICES = ['bits', 'wuauserv', 'cryptsvc'] as const;
type ResetService = (typeof RESET_SERVICES)[number];
const SERVICE_TITLES: Record<ResetService, string> = {
  bits: 'Background Intelligent Transfer Service (bits)',
  wuauserv: 'Windows Update (wuauserv)',
  cryptsvc: 'Cryptographic Services (cryptsvc)',
};
/** %ALLUSERSPROFILE% is C:\ProgramData on every Windows since Vista. */
export const BITS_DOWNLOADER = 'C:\\ProgramData\\Microsoft\\Network\\Downloader';
export const CATROOT2 = 'C:\\Windows\\System32\\catroot2';
const QMGR_DAT = /^qmgr.*\.dat$/i;

/** The folders the reset moves aside, and the services that hold them open. */
const FOLDERS = [
  {
    id: 'softwaredistribution',
    path: SOFTWARE_DISTRIBUTION,
    heldBy: ['wuauserv', 'bits'] as ResetService[],
  },
  { id: 'catroot2', path: CATROOT2, heldBy: ['cryptsvc'] as ResetService[] },
] as const;
type Folder = (typeof FOLDERS)[number];
type FolderId = Folder['id'];

// What the generated steps record, read back typed (ctx.outputOf(step)) by the steps after them.
/** A stop step: the services that were up before it (started again at the end of an undo). */
type StopOutputs = { wasRunning: string[]; missing: string[] };
/** A move aside: where the folder went and what it held. */
type AsideOutputs = { bakPath: string; files: number | null; bytes: number | null };
/** The undo's plan: the .bak folder to put back, per folder (null: none). */
type UndoPlanOutputs = Partial<Record<FolderId, string | null>>;
/** A restore: what the folder holds again (null: restored before, by a run that crashed), and
 * where a refilled folder was moved. */
type RestoreOutputs = { files: number | null; bytes?: number; movedCurrent?: string | null };

// ---------------------------------------------------------------- helpers

function baseName(winPath: string): string {
  return winPath.slice(winPath.lastIndexOf('\\') + 1);
}

function parentOf(winPath: string): string {
  return winPath.slice(0, winPath.lastIndexOf('\\'));
}

/** `.bak` → 1, `.bak2` → 2 …; null for anything else. */
function asideNumber(folderName: string, candidate: string): number | null {
  const m = new RegExp(
    `^${folderName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.bak(\\d*)$`,
    'i',
  ).exec(candidate);
  if (!m) return null;
  const n = m[1] === '' ? 1 : Number(m[1]);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/** Folders an earlier reset moved aside, oldest number first. */
async function asideFolders(
  host: Needs,
  folder: string,
): Promise<{ path: string; n: number }[] | null> {
  const names = await host.listDir(parentOf(folder));
  if (names === null) return null;
  return names
    .map((name) => ({ name, n: asideNumber(baseName(folder), name) }))
    .filter((x): x is { name: string; n: number } => x.n !== null)
    .sort((a, b) => a.n - b.n)
    .map((x) => ({ path: `${parentOf(folder)}\\${x.name}`, n: x.n }));
}

/** The name renameAside will pick: `.bak`, else the first free `.bakN` (same rule as fs/safe-clear). */
function nextAsideName(folder: string, taken: { n: number }[]): string {
  const used = new Set(taken.map((t) => t.n));
  let n = 1;
  while (used.has(n)) n++;
  return `${folder}.bak${n === 1 ? '' : n}`;
}

function nFiles(n: number): string {
  return `${formatCount(n)} file${n === 1 ? '' : 's'}`;
}

function isUp(s: ServiceInfo): boolean {
  return s.state === 'running' || s.state === 'start_pending';
}

// ---------------------------------------------------------------- checks

function runningCheck(name: ResetService): CheckDef<Needs> {
  return {
    id: `service-${name}-running`,
    title: `${SERVICE_TITLES[name]} running`,
    async run(ctx) {
      const s = await ctx.host.service(name);
      const data = { state: s.state, startType: s.startType };
      const line = `${name}: ${s.state.toUpperCase()}, start type ${s.startType}`;
      if (s.state === 'running') return { status: 'pass', summary: line, data };
      if (s.state === 'missing')
        return { status: 'warn', summary: `${name} is not installed on this machine`, data };
      if (s.state === 'unknown')
        return { status: 'unknown', summary: `${name}: state could not be read`, data };
      if (s.startType === 'disabled')
        return {
          status: 'warn',
          summary: `${name} is disabled: left as it was (someone turned it off on purpose)`,
          data,
        };
      return { status: 'fail', summary: `${line} — expected RUNNING`, data };
    },
  };
}

const stoppedCheck = (name: ResetService) =>
  serviceCheck(name, { expect: 'stopped', title: `${SERVICE_TITLES[name]} stopped` });

async function qmgrFiles(host: Needs): Promise<{ dat: string[]; other: string[] } | null> {
  const names = await host.listDir(BITS_DOWNLOADER);
  if (names === null) return null;
  return {
    dat: names.filter((n) => QMGR_DAT.test(n)),
    other: names.filter((n) => /^qmgr/i.test(n) && !QMGR_DAT.test(n)),
  };
}

function describeQmgr(q: { dat: string[]; other: string[] }): string {
  if (q.dat.length)
    return `${q.dat.length} BITS queue file${q.dat.length === 1 ? '' : 's'}: ${q.dat.join(', ')}`;
  return q.other.length
    ? `No qmgr*.dat; found ${q.other.join(', ')} — newer Windows keeps the BITS queue in this database, which Microsoft's reset does not delete`
    : 'No qmgr*.dat and no other BITS queue files';
}

const qmgrCheck: CheckDef<Needs> = {
  id: 'qmgr-files',
  title: 'BITS queue files (qmgr*.dat)',
  async run(ctx) {
    const q = await qmgrFiles(ctx.host);
    if (!q)
      return {
        status: 'warn',
        summary: `${BITS_DOWNLOADER} could not be read (or does not exist)`,
      };
    return {
      status: 'pass',
      summary: describeQmgr(q),
      evidence: [...q.dat, ...q.other].map((n) => `${BITS_DOWNLOADER}\\${n}`),
      data: q,
    };
  },
};

const qmgrGoneCheck: CheckDef<Needs> = {
  id: 'qmgr-deleted',
  title: 'No qmgr*.dat left',
  async run(ctx) {
    const q = await qmgrFiles(ctx.host);
    if (!q) return { status: 'unknown', summary: `${BITS_DOWNLOADER} could not be read` };
    return q.dat.length === 0
      ? { status: 'pass', summary: `No qmgr*.dat left in ${BITS_DOWNLOADER}`, data: q }
      : { status: 'fail', summary: `Still there: ${q.dat.join(', ')}`, data: q };
  },
};

function folderCheck(f: Folder): CheckDef<Needs> {
  return {
    id: `${f.id}-folder`,
    title: f.path,
    async run(ctx) {
      const t = await ctx.host.treeStats(f.path);
      if (!t)
        return {
          status: 'warn',
          summary: `${f.path} does not exist (or cannot be read)`,
          data: { exists: false },
        };
      return {
        status: 'pass',
        summary: `${f.path}: ${nFiles(t.files)}, ${formatBytes(t.bytes)}`,
        evidence: [`files ${t.files}`, `folders ${t.dirs}`, `bytes ${t.bytes}`, `links ${t.links}`],
        data: { exists: true, files: t.files, bytes: t.bytes, dirs: t.dirs, links: t.links },
      };
    },
  };
}

function asideCheck(f: Folder): CheckDef<Needs> {
  return {
    id: `${f.id}-aside`,
    title: `${baseName(f.path)}.bak folders`,
    async run(ctx) {
      const found = await asideFolders(ctx.host, f.path);
      if (!found) return { status: 'unknown', summary: `${parentOf(f.path)} could not be read` };
      return found.length
        ? {
            status: 'pass',
            summary: `Moved aside earlier: ${found.map((x) => baseName(x.path)).join(', ')}`,
            evidence: found.map((x) => x.path),
            data: { aside: found.map((x) => x.path) },
          }
        : { status: 'pass', summary: `No ${baseName(f.path)}.bak folder`, data: { aside: [] } };
    },
  };
}

// ---------------------------------------------------------------- steps shared by both workflows

function stopServicesStep(id: string, instructions: string): StepDef<StopOutputs, Needs> {
  return {
    id,
    title: 'Stop BITS, Windows Update and Cryptographic Services',
    instructions,
    checks: RESET_SERVICES.map((s) => serviceCheck(s, { title: SERVICE_TITLES[s] })),
    action: changeAction({
      id,
      title: 'Stop bits, wuauserv, cryptsvc',
      async describe() {
        return {
          commands: RESET_SERVICES.flatMap((s) => [`sc.exe stop ${s}`, `sc.exe queryex ${s}`]),
          paths: [],
          notes: [
            'A service this Windows does not have is reported and skipped; a stopped one stays stopped',
          ],
        };
      },
      async run(ctx) {
        const results: CommandResult[] = [];
        const wasRunning: string[] = [];
        const missing: string[] = [];
        for (const name of RESET_SERVICES) {
          const before = await ctx.host.service(name);
          if (before.state === 'missing') {
            missing.push(name);
            continue;
          }
          if (isUp(before)) wasRunning.push(name);
          if (before.state === 'stopped') continue;
          results.push(await ctx.host.stopService(name));
          // Windows Update and BITS are trigger-started and may come straight back: one retry.
          if (isUp(await ctx.host.service(name))) results.push(await ctx.host.stopService(name));
        }
        const declined = declinedOutcome(results, 'the services were not stopped.');
        if (declined) return declined;
        const still: string[] = [];
        for (const name of RESET_SERVICES) if (isUp(await ctx.host.service(name))) still.push(name);
        const note = missing.length ? ` (${missing.join(', ')} not installed on this machine)` : '';
        return still.length
          ? {
              ok: false,
              summary: `Still running after two stop requests: ${still.join(', ')}${note}.`,
              details: cmdLines(results),
              outputs: { wasRunning, missing },
            }
          : {
              ok: true,
              summary: `Stopped ${wasRunning.length ? wasRunning.join(', ') : 'nothing (all were stopped already)'}${note}.`,
              details: cmdLines(results),
              outputs: { wasRunning, missing },
            };
      },
    }),
    verify: RESET_SERVICES.map(stoppedCheck),
  };
}

/** `from`: start every service ('all'), or those the given stop step found running. */
function startServicesStep(
  id: string,
  from: 'all' | StepDef<StopOutputs, Needs>,
  instructions: string,
): StepDef<Outputs, Needs> {
  const which = from === 'all' ? 'all' : 'were-running';
  const wanted = (ctx: StepContext<Needs>): ResetService[] => {
    if (from === 'all') return [...RESET_SERVICES];
    // Typed, and still checked: the journal on disk is input like any other.
    const was = ctx.outputOf(from)?.wasRunning;
    return RESET_SERVICES.filter((s) => Array.isArray(was) && was.includes(s));
  };
  return {
    id,
    title: which === 'all' ? 'Start the services again' : 'Start again what was running',
    instructions,
    async skipIf(ctx) {
      return wanted(ctx).length
        ? null
        : 'None of bits, wuauserv, cryptsvc was running before: nothing to start.';
    },
    action: changeAction({
      id,
      title: 'Start bits, wuauserv, cryptsvc',
      async describe(ctx) {
        const list = which === 'all' ? [...RESET_SERVICES] : wanted(ctx);
        return {
          commands: (list.length ? list : [...RESET_SERVICES]).flatMap((s) => [
            `sc.exe start ${s}`,
            `sc.exe queryex ${s}`,
          ]),
          paths: [],
          notes: [
            which === 'all'
              ? "Microsoft's order: bits, wuauserv, cryptsvc; a disabled or missing service is left as it is"
              : 'Only the services that were running when the undo began',
          ],
        };
      },
      async run(ctx) {
        const results: CommandResult[] = [];
        const skipped: string[] = [];
        for (const name of wanted(ctx)) {
          const s = await ctx.host.service(name);
          if (s.state === 'missing' || s.startType === 'disabled') {
            skipped.push(`${name} (${s.state === 'missing' ? 'not installed' : 'disabled'})`);
            continue;
          }
          if (s.state !== 'running') results.push(await ctx.host.startService(name));
        }
        const declined = declinedOutcome(results, 'the services were not started.');
        if (declined) return declined;
        const failed = results.filter((r) => !r.ok);
        return failed.length
          ? {
              ok: false,
              summary: `Could not start: ${failed.map((r) => r.stderr.trim() || r.command).join('; ')}`,
              details: cmdLines(results),
            }
          : {
              ok: true,
              summary: `Started ${wanted(ctx).join(', ')}${skipped.length ? `; left alone: ${skipped.join(', ')}` : ''}.`,
              details: cmdLines(results),
            };
      },
    }),
    verify: RESET_SERVICES.map((name) => {
      const check = runningCheck(name);
      return {
        ...check,
        async run(ctx): Promise<CheckOutcome> {
          // Only the services this step started are expected to run.
          if (!wanted(ctx).includes(name))
            return {
              status: 'pass',
              summary: `${name}: not started by this step (it was not running before)`,
            };
          return check.run(ctx);
        },
      };
    }),
  };
}

// ---------------------------------------------------------------- the reset

const resetPreflight: StepDef<Outputs, Needs> = {
  id: 'preflight',
  title: 'Preflight diagnosis',
  instructions:
    'Workstation Ops reads the state of Windows Update: the three services, the BITS queue files, the size of `SoftwareDistribution` and `catroot2`, and whether an earlier reset left `.bak` folders. Nothing is changed.',
  checks: [
    osVersionCheck,
    adminCheck,
    ...RESET_SERVICES.map((s) => serviceCheck(s, { title: SERVICE_TITLES[s] })),
    qmgrCheck,
    ...FOLDERS.map(folderCheck),
    ...FOLDERS.map(asideCheck),
  ],
};

const stopForReset = stopServicesStep(
  'stop-services',
  'Stops `bits`, `wuauserv` and `cryptsvc` (in that order, as Microsoft does) and checks each is STOPPED. They hold the files the next steps move. A service this Windows does not have is reported as a warning and skipped.',
);

const deleteQmgr: StepDef<Outputs, Needs> = {
  id: 'delete-qmgr',
  title: 'Delete the BITS queue files (qmgr*.dat)',
  instructions:
    "Deletes `%ALLUSERSPROFILE%\\Microsoft\\Network\\Downloader\\qmgr*.dat` (`C:\\ProgramData\\…`): the queue of pending background downloads. BITS starts a fresh one. Windows 10 and later keep the queue in `qmgr.db` instead; Microsoft's reset leaves that alone, and so does this step — it says what it found. **Not reversible** (and not worth restoring).",
  checks: [qmgrCheck],
  async skipIf(ctx) {
    const q = await qmgrFiles(ctx.host);
    if (!q)
      return `${BITS_DOWNLOADER} does not exist or cannot be read: no BITS queue files to delete.`;
    return q.dat.length ? null : `${describeQmgr(q)}.`;
  },
  async blockIf(ctx) {
    return isUp(await ctx.host.service('bits'))
      ? 'BITS is running again and holds its queue files; stop it first (resume re-runs the check).'
      : null;
  },
  action: destructiveAction({
    id: 'delete-qmgr',
    title: 'Delete qmgr*.dat',
    async describe(ctx) {
      const q = await qmgrFiles(ctx.host);
      const dat = q?.dat ?? [];
      return {
        commands: dat.map((n) => `del /f /q "${BITS_DOWNLOADER}\\${n}"`),
        paths: dat.map((n) => `${BITS_DOWNLOADER}\\${n}`),
        files: dat.length,
        notes: [q ? describeQmgr(q) : `${BITS_DOWNLOADER} cannot be read`],
      };
    },
    async run(ctx) {
      const q = await qmgrFiles(ctx.host);
      if (!q) return { ok: false, summary: `${BITS_DOWNLOADER} cannot be read.` };
      const results: CommandResult[] = [];
      for (const n of q.dat) results.push(await ctx.host.deleteFile(`${BITS_DOWNLOADER}\\${n}`));
      const declined = declinedOutcome(results, 'nothing was deleted.');
      if (declined) return declined;
      const failed = results.filter((r) => !r.ok);
      return failed.length
        ? {
            ok: false,
            summary: `Could not delete ${failed.length} file(s): ${failed.map((r) => r.stderr.trim()).join('; ')}`,
            details: cmdLines(results),
          }
        : {
            ok: true,
            summary: `Deleted ${q.dat.join(', ')}${q.other.length ? ` (left ${q.other.join(', ')} alone)` : ''}.`,
            details: cmdLines(results),
            outputs: { deleted: q.dat },
          };
    },
  }),
  verify: [qmgrGoneCheck],
};

function renameStep(f: Folder): StepDef<AsideOutputs, Needs> {
  const name = baseName(f.path);
  const step: StepDef<AsideOutputs, Needs> = {
    id: `rename-${f.id}`,
    title: `Move ${name} aside (${name}.bak)`,
    instructions: `Renames \`${f.path}\` to \`${name}.bak\` — reversible: \`windows-update-reset-undo\` puts it back. If \`${name}.bak\` exists from an earlier reset it is kept, and the next free name (\`${name}.bak2\`…) is used; the log says which. An empty folder is recreated in its place (Windows fills it again).`,
    checks: [folderCheck(f), asideCheck(f)],
    async skipIf(ctx) {
      const t = await ctx.host.treeStats(f.path);
      if (!t) return `${f.path} does not exist: nothing to move aside.`;
      // Also what makes a re-run after a crash safe: the folder renameAside recreated is empty.
      return t.files + t.dirs + t.links === 0 ? `${f.path} is empty: nothing to move aside.` : null;
    },
    async blockIf(ctx) {
      for (const s of f.heldBy) {
        if (isUp(await ctx.host.service(s)))
          return `${s} is running again and holds ${f.path}; stop it first (resume re-runs this check).`;
      }
      return null;
    },
    action: changeAction({
      id: `rename-${f.id}`,
      title: `Rename ${name} to ${name}.bak`,
      async describe(ctx) {
        const taken = (await asideFolders(ctx.host, f.path)) ?? [];
        const target = nextAsideName(f.path, taken);
        const t = await ctx.host.treeStats(f.path);
        return {
          commands: [`ren "${f.path}" ${baseName(target)}`, `mkdir "${f.path}"`],
          paths: [f.path, target],
          ...(t ? { files: t.files, bytes: t.bytes } : {}),
          notes: [
            taken.length
              ? `${taken.map((x) => baseName(x.path)).join(', ')} already exist${taken.length === 1 ? 's' : ''} and stay${taken.length === 1 ? 's' : ''}: would use ${baseName(target)}`
              : `Would move it to ${baseName(target)}`,
          ],
        };
      },
      async run(ctx) {
        const before = await ctx.host.treeStats(f.path);
        const taken = (await asideFolders(ctx.host, f.path)) ?? [];
        const r = await ctx.host.renameAside(f.path);
        const declined = declinedOutcome([r], `${name} was not moved.`);
        if (declined) return declined;
        if (!r.ok || !r.bakPath)
          return {
            ok: false,
            summary: `Could not move ${f.path} aside: ${r.stderr.trim()}`,
            details: cmdLines([r]),
          };
        const earlier = taken.length
          ? ` — ${taken.map((x) => baseName(x.path)).join(', ')} already existed from an earlier reset and ${taken.length === 1 ? 'was' : 'were'} kept, so the next free name was used`
          : '';
        return {
          ok: true,
          summary: `Moved ${f.path} to ${r.bakPath} (${nFiles(before?.files ?? 0)}, ${formatBytes(before?.bytes ?? 0)})${earlier}.`,
          details: cmdLines([r]),
          outputs: {
            bakPath: r.bakPath,
            files: before?.files ?? null,
            bytes: before?.bytes ?? null,
          },
        };
      },
    }),
    verify: [
      {
        id: `${f.id}-moved`,
        title: `${name} moved aside`,
        async run(ctx) {
          const { bakPath: bak, files } = ctx.outputOf(step) ?? {};
          if (typeof bak !== 'string')
            return { status: 'unknown', summary: 'No record of where the folder went' };
          const [moved, now] = await Promise.all([
            ctx.host.treeStats(bak),
            ctx.host.treeStats(f.path),
          ]);
          if (!moved) return { status: 'fail', summary: `${bak} is not there` };
          if (typeof files === 'number' && moved.files !== files)
            return {
              status: 'fail',
              summary: `${bak} holds ${moved.files} files, ${f.path} held ${files}`,
            };
          const left = now ? now.files + now.dirs + now.links : 0;
          return left === 0
            ? {
                status: 'pass',
                summary: `${bak} holds the ${nFiles(moved.files)}; ${f.path} is empty`,
                data: { bakPath: bak, files: moved.files },
              }
            : {
                status: 'warn',
                summary: `${bak} holds the old files; ${f.path} already has ${left} new entries`,
                data: { bakPath: bak, files: moved.files },
              };
        },
      },
    ],
  };
  return step;
}

const startAfterReset = startServicesStep(
  'start-services',
  'all',
  'Starts `bits`, `wuauserv` and `cryptsvc` again and checks each is RUNNING. A service that is disabled on this machine is left disabled (a warning), a missing one is reported.',
);

const resetSummary: StepDef<Outputs, Needs> = {
  id: 'summary',
  title: 'Final check',
  instructions:
    'A last look at what the reset changed. To put the old folders back, run **windows-update-reset-undo**.',
  verify: [
    ...RESET_SERVICES.map((s) => serviceCheck(s, { title: SERVICE_TITLES[s] })),
    ...FOLDERS.map(folderCheck),
    ...FOLDERS.map(asideCheck),
  ],
};

export const windowsUpdateReset: WorkflowDef<Needs> = {
  id: 'windows-update-reset',
  title: "Reset Windows Update (Microsoft's manual steps, verified)",
  description:
    'Stops BITS, Windows Update and Cryptographic Services, deletes the BITS queue files (qmgr*.dat), moves SoftwareDistribution and catroot2 aside to .bak (reversible with windows-update-reset-undo) and starts the services again — checking every step.',
  platforms: ['win32'],
  windowsOnly: true,
  steps: [
    resetPreflight,
    stopForReset,
    deleteQmgr,
    ...FOLDERS.map(renameStep),
    startAfterReset,
    resetSummary,
  ],
};

// ---------------------------------------------------------------- the undo

export const UNDO_QUESTIONS = {
  softwareDistribution: 'resetUndoSoftwareDistribution',
  catroot2: 'resetUndoCatroot2',
  nonEmpty: 'resetUndoNonEmpty',
} as const;

const undoQuestions: Question[] = [
  {
    id: UNDO_QUESTIONS.softwareDistribution,
    kind: 'path',
    pathKind: 'folder',
    prompt: 'Which SoftwareDistribution.bak folder to restore (Enter: the newest)',
    help: 'e.g. C:\\Windows\\SoftwareDistribution.bak2; "none" leaves SoftwareDistribution as it is',
    required: false,
  },
  {
    id: UNDO_QUESTIONS.catroot2,
    kind: 'path',
    pathKind: 'folder',
    prompt: 'Which catroot2.bak folder to restore (Enter: the newest)',
    help: 'e.g. C:\\Windows\\System32\\catroot2.bak; "none" leaves catroot2 as it is',
    required: false,
  },
  {
    id: UNDO_QUESTIONS.nonEmpty,
    kind: 'text',
    prompt:
      'If the folder to restore into is not empty: refuse, or move it aside too (refuse / move-aside)',
    help: 'Windows refills SoftwareDistribution and catroot2 once the services run. "move-aside" renames the current folder to the next free .bak first; nothing is deleted either way.',
    required: false,
    default: 'refuse',
  },
];

const FOLDER_QUESTION: Record<Folder['id'], string> = {
  softwaredistribution: UNDO_QUESTIONS.softwareDistribution,
  catroot2: UNDO_QUESTIONS.catroot2,
};

interface UndoPlanItem {
  folder: string;
  bak: string | null;
  /** Entries in the folder now (restoring needs it empty, or moved aside). */
  occupied: number;
  note: string;
}

/** Which .bak to restore for one folder: the answer, else the highest-numbered one. */
async function planFolder(
  ctx: StepContext<Needs>,
  f: Folder,
): Promise<UndoPlanItem | { error: string }> {
  const answer = ctx.answer(FOLDER_QUESTION[f.id]);
  const found = (await asideFolders(ctx.host, f.path)) ?? [];
  const now = await ctx.host.treeStats(f.path);
  const occupied = now ? now.files + now.dirs + now.links : 0;
  if (typeof answer === 'string' && answer.trim().toLowerCase() === 'none') {
    return {
      folder: f.path,
      bak: null,
      occupied,
      note: `${baseName(f.path)}: left as it is (answer "none")`,
    };
  }
  if (typeof answer === 'string' && answer.trim() !== '') {
    const wanted = answer.trim().replace(/\\+$/, '');
    const hit = found.find((x) => x.path.toLowerCase() === wanted.toLowerCase());
    if (!hit) {
      return {
        error: `${FOLDER_QUESTION[f.id]}: ${wanted} is not one of the folders a reset moved aside (${found.map((x) => x.path).join(', ') || 'none found'})`,
      };
    }
    return {
      folder: f.path,
      bak: hit.path,
      occupied,
      note: `${baseName(f.path)}: restore ${hit.path} (as answered)`,
    };
  }
  const newest = found.at(-1);
  if (!newest)
    return {
      folder: f.path,
      bak: null,
      occupied,
      note: `${baseName(f.path)}: no ${baseName(f.path)}.bak folder — nothing to restore`,
    };
  const others =
    found.length > 1
      ? `; ${found
          .slice(0, -1)
          .map((x) => baseName(x.path))
          .join(', ')} stay${found.length === 2 ? 's' : ''}`
      : '';
  return {
    folder: f.path,
    bak: newest.path,
    occupied,
    note: `${baseName(f.path)}: restore the newest, ${newest.path}${others}`,
  };
}

function nonEmptyMode(ctx: StepContext<Needs>): 'refuse' | 'move-aside' | null {
  const v = ctx.answer(UNDO_QUESTIONS.nonEmpty);
  if (v === undefined || v === '' || v === 'refuse') return 'refuse';
  return v === 'move-aside' ? 'move-aside' : null;
}

const undoPlan: StepDef<UndoPlanOutputs, Needs> = {
  id: 'preflight',
  title: 'Preflight: what to put back',
  instructions:
    'Finds the folders a reset moved aside (`SoftwareDistribution.bak`, `.bak2`…, `catroot2.bak`…) and picks the newest of each unless you name one. Restoring needs the current folder to be empty; if Windows has filled it since the reset, the undo **refuses** and changes nothing — unless you answer `move-aside`, which moves the current folder aside too. Nothing is changed in this step.',
  checks: [
    ...RESET_SERVICES.map((s) => serviceCheck(s, { title: SERVICE_TITLES[s] })),
    ...FOLDERS.map(folderCheck),
    ...FOLDERS.map(asideCheck),
  ],
  questions: undoQuestions,
  action: readAction({
    id: 'plan-undo',
    title: 'Choose the folders to restore',
    async describe(ctx) {
      const items = await Promise.all(FOLDERS.map((f) => planFolder(ctx, f)));
      return {
        commands: [],
        paths: [],
        notes: items.map((i) => ('error' in i ? i.error : i.note)),
      };
    },
    async run(ctx) {
      const mode = nonEmptyMode(ctx);
      if (!mode)
        return {
          ok: false,
          blocked: true,
          summary: `${UNDO_QUESTIONS.nonEmpty}: expected "refuse" or "move-aside", got ${JSON.stringify(ctx.answer(UNDO_QUESTIONS.nonEmpty))}. Nothing was changed.`,
        };
      const items: UndoPlanItem[] = [];
      for (const f of FOLDERS) {
        const item = await planFolder(ctx, f);
        if ('error' in item)
          return { ok: false, blocked: true, summary: `${item.error}. Nothing was changed.` };
        items.push(item);
      }
      const todo = items.filter((i) => i.bak);
      if (!todo.length)
        return {
          ok: false,
          blocked: true,
          summary:
            'No SoftwareDistribution.bak or catroot2.bak folder was found: there is nothing to undo. Nothing was changed.',
          details: items.map((i) => i.note),
        };
      const occupied = todo.filter((i) => i.occupied > 0);
      if (occupied.length && mode === 'refuse') {
        return {
          ok: false,
          blocked: true,
          summary: `Refusing to restore over ${occupied.map((i) => `${i.folder} (not empty: ${formatCount(i.occupied)} entries — Windows has used it since the reset)`).join(' and ')}. Nothing was changed. To put the old folder back anyway, answer ${UNDO_QUESTIONS.nonEmpty}: "move-aside" (the current folder is moved aside, not deleted).`,
          details: items.map((i) => i.note),
        };
      }
      return {
        ok: true,
        summary:
          items.map((i) => i.note).join('; ') +
          (occupied.length
            ? `; the current ${occupied.map((i) => baseName(i.folder)).join(' and ')} will be moved aside first`
            : ''),
        details: items.map((i) => i.note),
        outputs: Object.fromEntries(
          items.map((i) => [FOLDERS.find((f) => f.path === i.folder)!.id, i.bak]),
        ) as UndoPlanOutputs,
      };
    },
  }),
};

const stopForUndo = stopServicesStep(
  'stop-services',
  'Stops `bits`, `wuauserv` and `cryptsvc` (they hold the folders) and remembers which were running, so exactly those are started again at the end.',
);

function restoreStep(f: Folder): StepDef<RestoreOutputs, Needs> {
  const name = baseName(f.path);
  const chosen = (ctx: StepContext<Needs>) => {
    const v = ctx.outputOf(undoPlan)?.[f.id];
    return typeof v === 'string' ? v : null;
  };
  const step: StepDef<RestoreOutputs, Needs> = {
    id: `restore-${f.id}`,
    title: `Put ${name} back`,
    instructions: `Removes the (empty) \`${f.path}\` and renames the chosen \`${name}.bak\` folder back. A folder that is not empty is never overwritten.`,
    checks: [folderCheck(f), asideCheck(f)],
    async skipIf(ctx) {
      if (chosen(ctx)) return null;
      // Already restored (a re-run after a crash) or nothing was chosen for this folder.
      return `No ${name}.bak folder to restore.`;
    },
    async blockIf(ctx) {
      for (const s of f.heldBy) {
        if (isUp(await ctx.host.service(s)))
          return `${s} is running again and holds ${f.path}; stop it first (resume re-runs this check).`;
      }
      return null;
    },
    action: changeAction<RestoreOutputs, Needs>({
      id: `restore-${f.id}`,
      title: `Restore ${name} from its .bak`,
      async describe(ctx) {
        const item = await planFolder(ctx, f);
        const bak = 'error' in item ? null : item.bak;
        return {
          commands: bak ? [`rmdir "${f.path}"`, `ren "${bak}" ${name}`] : [],
          paths: bak ? [bak, f.path] : [],
          notes: ['error' in item ? item.error : item.note],
        };
      },
      async run(ctx) {
        const bak = chosen(ctx)!;
        const source = await ctx.host.treeStats(bak);
        if (!source) {
          // A crash after the rename: the folder is back already.
          return (await ctx.host.exists(f.path))
            ? {
                ok: true,
                summary: `${bak} is gone and ${f.path} exists: restored already.`,
                outputs: { files: null },
              }
            : { ok: false, summary: `${bak} is gone and ${f.path} does not exist.` };
        }
        const results: CommandResult[] = [];
        const now = await ctx.host.treeStats(f.path);
        const occupied = now ? now.files + now.dirs + now.links : 0;
        let movedCurrent: string | null = null;
        if (occupied > 0) {
          if (nonEmptyMode(ctx) !== 'move-aside') {
            return {
              ok: false,
              blocked: true,
              summary: `Refusing to restore ${bak}: ${f.path} is not empty (${formatCount(occupied)} entries). Nothing was overwritten; the services are stopped — resume after emptying it, or answer ${UNDO_QUESTIONS.nonEmpty}: "move-aside".`,
            };
          }
          const r = await ctx.host.renameAside(f.path);
          results.push(r);
          if (!r.ok || !r.bakPath)
            return {
              ok: false,
              summary: `Could not move the current ${f.path} aside: ${r.stderr.trim()}`,
              details: cmdLines(results),
              ...(r.declined ? { declined: true } : {}),
            };
          movedCurrent = r.bakPath;
        }
        const r = await ctx.host.restoreAside(bak, f.path);
        results.push(r);
        const declined = declinedOutcome(results, `${name} was not restored.`);
        if (declined) return declined;
        if (!r.ok)
          return {
            ok: false,
            summary: `Could not restore ${bak}: ${r.stderr.trim()}`,
            details: cmdLines(results),
          };
        return {
          ok: true,
          summary: `Restored ${f.path} from ${bak} (${nFiles(source.files)}, ${formatBytes(source.bytes)})${movedCurrent ? `; the folder Windows had refilled is now ${movedCurrent}` : ''}.`,
          details: cmdLines(results),
          outputs: { files: source.files, bytes: source.bytes, movedCurrent },
        };
      },
    }),
    verify: [
      {
        id: `${f.id}-restored`,
        title: `${name} restored`,
        async run(ctx) {
          const bak = chosen(ctx);
          const files = ctx.outputOf(step)?.files;
          const [t, left] = await Promise.all([
            ctx.host.treeStats(f.path),
            bak ? ctx.host.exists(bak) : Promise.resolve(false),
          ]);
          if (!t) return { status: 'fail', summary: `${f.path} does not exist` };
          if (left) return { status: 'fail', summary: `${bak} is still there` };
          if (typeof files === 'number' && t.files !== files)
            return {
              status: 'fail',
              summary: `${f.path} holds ${t.files} files, the .bak held ${files}`,
            };
          return {
            status: 'pass',
            summary: `${f.path} is back: ${nFiles(t.files)}, ${formatBytes(t.bytes)}`,
            data: { files: t.files, bytes: t.bytes },
          };
        },
      },
    ],
  };
  return step;
}

const startAfterUndo = startServicesStep(
  'start-services',
  stopForUndo,
  'Starts again the services that were running when the undo began, and checks each is RUNNING.',
);

const undoSummary: StepDef<Outputs, Needs> = {
  id: 'summary',
  title: 'Final check',
  instructions: 'A last look at the services and the restored folders.',
  verify: [
    ...RESET_SERVICES.map((s) => serviceCheck(s, { title: SERVICE_TITLES[s] })),
    ...FOLDERS.map(folderCheck),
    ...FOLDERS.map(asideCheck),
  ],
};

export const windowsUpdateResetUndo: WorkflowDef<Needs> = {
  id: 'windows-update-reset-undo',
  title: 'Undo a Windows Update reset (put SoftwareDistribution and catroot2 back)',
  description:
    'Stops the services, puts back the SoftwareDistribution and catroot2 folders a reset moved aside (the newest .bak, or the one you name; never over a folder that is not empty) and starts again what was running.',
  platforms: ['win32'],
  windowsOnly: true,
  steps: [undoPlan, stopForUndo, ...FOLDERS.map(restoreStep), startAfterUndo, undoSummary],
};
