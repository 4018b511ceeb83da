/**
 * The handler table: one async function per IPC channel, keyed by channel name. Pure Node — no
 * Electron import — so the same table serves the app (electron/main/index.ts registers it with
 * ipcMain), the e2e harness (Chromium calls it through page.exposeFunction) and the tests.
 * Everything Electron-specific (dialogs, shell, PDF printing) comes in through `HandlerDeps`.
 *
 * Every payload is validated with the channel's request schema; a bad one is a rejected call with
 * one line naming the channel and the field. Every response is checked against the channel's
 * response schema, so the renderer gets exactly what the contract's types say.
 */
import fs from 'node:fs';
import { summariseRun } from '../engine/run-summary';
import { workflowQuestions } from '../engine/workflow';
import type { AnswerValue } from '../../shared/model';
import type { ReanswerItem } from '../../shared/ipc';
import { diagnose } from '../workflows/diagnosis';
import path from 'node:path';
import { z } from 'zod';
import { InputError, formatPath, isInputError } from '../../shared/errors';
import {
  channels,
  type AppWorkflow,
  type ChannelName,
  type MachineChoice,
  type Method,
  type PracticeMachine,
  type ResponseOf,
  type RunListItem,
  type RunView,
  type AppEvent,
} from '../../shared/ipc';
import type { MachineRef, RunState } from '../../shared/model';
import { abandonRun } from '../engine/abandon';
import { exportHtml, exportRun } from '../engine/export';
import { preflight } from '../engine/preflight';
import { listRuns, loadRun, runDir, runsDir } from '../engine/store';
import { forMachine, summariseWorkflow, type WorkflowDef } from '../engine/workflow';
import { getWorkflow, workflows } from '../workflows';
import {
  hostForMachine,
  resumeLocalRun,
  selectHost,
  selectLocalRun,
  type HostChoice,
  type RunHosts,
} from '../system/select-host';
import { noWindowsHost } from '../system/local/no-windows-host';
import { SCENARIOS, initPracticeMachine, isScenarioName } from '../system/simulated/scenario';
import { loadMachineProfile } from '../system/simulated/profile';
import { practiceDialogPath, practiceWindowsPath } from '../system/emulator/machine';
import { gatherFacts } from '../system/bundle/facts';
import { commandsDuring } from '../system/command-history';
import { allowedExternalUrl } from './external';
import { writeFileAtomic } from './files';
import { RunManager, confirmedStep, oneLine, questionsFor } from './runs';
import { reminderStatus } from './reminders';
import { removeReminder, setReminder, sourceKey } from '../engine/reminders';
import type { MachineHealth } from '../../shared/health';
import { healthVerdicts } from '../workflows/health-checks';
import { BACKUP_SOURCE, BACKUP_TARGET } from '../workflows/backup-step';
import { checkPrivateDir, ensurePrivateDir } from '../system/fs/private-dir';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface HandlerDeps {
  /** Where runs live (the same folder the CLI uses). */
  stateDir: string;
  /** Where new practice machines are made (the state dir's `practice-machines/`, 0700, owner checked). */
  practiceRoot: string;
  platform?: NodeJS.Platform;
  appVersion: string;
  /** main → renderer events (run updates, progress). */
  emit(event: AppEvent): void;
  dialogs: {
    /** A folder the person picks; null when they cancel. */
    pickFolder(opts: { title: string }): Promise<string | null>;
    /**
     * A file or folder the person picks for a path question; null when they cancel. Absent where
     * there is no file dialog (then Browse… reports that).
     */
    pickPath?(opts: {
      kind: 'file' | 'folder';
      title: string;
      defaultPath?: string;
    }): Promise<string | null>;
    /** A file name to save to; null when they cancel. */
    saveFile(opts: {
      title: string;
      defaultName: string;
      filters: FileFilter[];
    }): Promise<string | null>;
  };
  /** Renders self-contained HTML to PDF bytes (Electron: printToPDF in a hidden window). */
  printToPdf(html: string): Promise<Uint8Array>;
  /** Opens a folder in the file manager. */
  openPath(dir: string): Promise<void>;
  /** Opens an already allowlisted https URL in the browser. */
  openInBrowser(url: string): Promise<void>;
  /**
   * What Windows starts at the next sign-in while a run waits for a restart (the real Windows
   * host registers it); the app passes itself with RESUME_ARG.
   */
  resumeCommand?: HostChoice['resumeCommand'];
  /** How the app starts itself elevated for admin-only file changes (`--wsops-elevated-task`). */
  elevatedHelper?: HostChoice['elevatedHelper'];
  /** The app was started at sign-in to continue a run after a restart. */
  resumedAfterRestart?: boolean;
  progressIntervalMs?: number;
  now?(): Date;
  /** This computer's health (default: the Windows host's CIM query, or systeminformation). */
  readHealth?(): Promise<{ label: string; health: MachineHealth }>;
}

/** Home refreshes every few seconds; the disks and the battery do not need reading more often. */
const HEALTH_REUSE_MS = 10_000;

export type Handler<M extends Method> = (payload: unknown) => Promise<ResponseOf<M>>;
export type Handlers = { [M in Method as (typeof channels)[M]['channel']]: Handler<M> };

export interface HandlerTable {
  handlers: Handlers;
  /** The run manager (tests wait on it; the app cancels drives on quit). */
  runs: RunManager;
}

/** One line: "<channel>: field <path>: <problem>". */
function payloadError(channel: string, error: z.ZodError): InputError {
  const issue = error.issues[0];
  const where = issue ? formatPath(issue.path) : '(root)';
  return new InputError(`${channel}: field ${where}: ${oneLine(issue?.message ?? 'invalid')}`);
}

/** A full path where the app runs (C:\\x or \\\\server\\share on Windows, /x elsewhere). */
function isAbsoluteHere(p: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32'
    ? path.win32.isAbsolute(p) && !/^[\\/](?![\\/])/.test(p)
    : path.posix.isAbsolute(p);
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(p));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The channel → handler map (what ipcMain and the e2e bridge register). */
export function createHandlers(deps: HandlerDeps): Handlers {
  return createHandlerTable(deps).handlers;
}

/** The handler map plus its run manager (the app cancels drives on quit; tests wait on it). */
export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  const platform = deps.platform ?? process.platform;
  const now = deps.now ?? (() => new Date());
  const runs = new RunManager({
    stateDir: deps.stateDir,
    emit: deps.emit,
    ...(deps.progressIntervalMs !== undefined
      ? { progressIntervalMs: deps.progressIntervalMs }
      : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  /** Folders the person picked in a dialog this session (practice machines, bundles). */
  const picked = new Set<string>();

  const allowedDir = (
    kind: 'practice' | 'bundle',
    dir: string,
    field: string,
    channel: string,
  ): string => {
    const resolved = path.resolve(dir);
    if (
      (kind === 'practice' && isInside(deps.practiceRoot, resolved)) ||
      picked.has(`${kind}:${resolved}`)
    )
      return resolved;
    throw new InputError(
      `${channel}: field ${field}: ${resolved} is not a ${kind === 'practice' ? 'practice machine' : 'bundle'} made or opened in the app`,
    );
  };

  /** How the real Windows host starts the app again: at the next sign-in, and elevated. */
  const self = { resumeCommand: deps.resumeCommand, elevatedHelper: deps.elevatedHelper };

  /**
   * The machine a workflow works on. Windows workflows: a practice machine, a bundle, or this PC
   * when it is Windows. Local workflows (backup check, encryption status) work on this computer,
   * and — when 'preferred' — on a practice machine too.
   */
  const hostsFor = async (
    workflow: WorkflowDef,
    choice: MachineChoice,
    channel: string,
  ): Promise<RunHosts> => {
    if (choice.kind === 'real') {
      if (workflow.local) return selectLocalRun(workflow, undefined, platform);
      const selected = platform === 'win32' ? await selectHost(self, platform) : null;
      if (!selected) {
        throw new InputError(
          `${channel}: field machine.kind: this computer is not Windows — use a practice machine`,
        );
      }
      return selected;
    }
    if (workflow.local === 'required') {
      throw new InputError(
        `${channel}: field machine.kind: ${workflow.id} works on this computer's own folders, not on a ${choice.kind === 'practice' ? 'practice machine' : 'bundle'}`,
      );
    }
    const dir = allowedDir(choice.kind, choice.dir, 'machine.dir', channel);
    const selected = await selectHost(
      choice.kind === 'practice' ? { machineDir: dir } : { bundleDir: dir },
      platform,
    );
    return selected!;
  };

  /** The same machine a run started on, to continue it. */
  const hostsToResume = async (
    workflow: WorkflowDef,
    machine: MachineRef,
  ): Promise<Pick<RunHosts, 'host' | 'local'>> => {
    if (workflow.local) return resumeLocalRun(workflow, machine);
    return { host: await hostForMachine(machine, undefined, self) };
  };

  const workflowFor = (id: string, channel: string): WorkflowDef => {
    const w = workflows.find((x) => x.id === id);
    if (!w) throw new InputError(`${channel}: field workflowId: unknown workflow "${id}"`);
    return w;
  };

  const view = (state: RunState): RunView => {
    // Worded for the machine's Windows build (Windows 11 names its tools differently).
    const workflow = forMachine(getWorkflow(state.workflow), state.windowsBuild ?? null);
    return {
      state,
      active: runs.isActive(state.runId),
      questions: runs.isActive(state.runId) ? [] : questionsFor(workflow, state),
      workflow: summariseWorkflow(workflow),
      progress: runs.latestProgress(state.runId),
    };
  };

  const load = (runId: string): RunState => loadRun(deps.stateDir, runId).state;

  const practiceMachine = (dir: string): PracticeMachine => {
    const profile = loadMachineProfile(dir);
    let createdAt: string | null = null;
    try {
      createdAt = fs.statSync(dir).birthtime.toISOString();
    } catch {
      createdAt = null;
    }
    return {
      dir,
      label: profile.name ?? path.basename(dir),
      os: `${profile.os.caption} ${profile.os.version}`,
      createdAt,
    };
  };

  const resume = async (
    runId: string,
    channel: string,
    reanswers: ReanswerItem[] = [],
  ): Promise<RunView> => {
    if (runs.isActive(runId)) return view(load(runId));
    const state = load(runId);
    if (state.machine.kind === 'bundle')
      throw new InputError(
        `${channel}: a diagnostics bundle is read-only; its runs cannot continue`,
      );
    const workflow = getWorkflow(state.workflow);
    if (state.machine.kind === 'real' && !workflow.local && platform !== 'win32') {
      throw new InputError(`${channel}: this run was started on a Windows PC; continue it there`);
    }
    const known = workflowQuestions(workflow);
    const reanswer: Record<string, AnswerValue | null> = {};
    reanswers.forEach((a, i) => {
      const q = known.get(a.questionId);
      // Confirmations are given only through the answer form, with their typed phrase.
      if (!q || q.kind === 'confirm')
        throw new InputError(
          `${channel}: field answers[${i}].questionId: "${a.questionId}" is not a question this run can re-answer`,
        );
      reanswer[a.questionId] = a.value;
    });
    const first = await runs.resume(
      workflow,
      runId,
      await hostsToResume(workflow, state.machine),
      state.machine,
      reanswer,
    );
    return view(first);
  };

  let healthReading: {
    at: number;
    reading: Promise<{ label: string; health: MachineHealth }>;
  } | null = null;
  const readThisComputer = async (): Promise<{ label: string; health: MachineHealth }> => {
    if (deps.readHealth) return deps.readHealth();
    const windows = platform === 'win32' ? await selectHost(self, platform) : null;
    if (windows) return { label: windows.machine.label, health: await windows.host.health() };
    const { createLocalHost } = await import('../system/local/host');
    const local = createLocalHost({ platform });
    return { label: local.label, health: await local.health() };
  };

  const impl: {
    [M in Method]: (
      req: z.output<(typeof channels)[M]['request']>,
      channel: string,
    ) => Promise<ResponseOf<M>>;
  } = {
    async appInfo() {
      return {
        version: deps.appVersion,
        platform,
        stateDir: deps.stateDir,
        practiceRoot: deps.practiceRoot,
        resumedAfterRestart: Boolean(deps.resumedAfterRestart),
      };
    },

    async listWorkflows() {
      const list: AppWorkflow[] = workflows.map((w) => {
        const availableHere = (w.platforms as string[]).includes(platform);
        return {
          ...summariseWorkflow(w),
          availableHere,
          practiceOnly: w.windowsOnly && !availableHere,
        };
      });
      return { platform, workflows: list };
    },

    async preflight(req, channel) {
      const workflow = workflowFor(req.workflowId, channel);
      const hosts = await hostsFor(workflow, req.machine, channel);
      const { value: checks, commands } = await commandsDuring(hosts.host, () =>
        preflight(workflow, hosts.host ?? noWindowsHost(), hosts.local),
      );
      return {
        workflowId: workflow.id,
        machine: hosts.machine,
        checks,
        diagnosis: diagnose(workflow.id, checks),
        at: now().toISOString(),
        commands,
      };
    },

    async listRuns() {
      const items: RunListItem[] = [];
      const damaged: { runId: string; error: string }[] = [];
      for (const r of listRuns(deps.stateDir)) {
        if (!r.state) {
          damaged.push({ runId: r.runId, error: oneLine(r.error ?? 'cannot be read') });
          continue;
        }
        items.push({
          ...summariseRun(r.state),
          active: runs.isActive(r.state.runId),
        });
      }
      return { runs: items, damaged };
    },

    async getRun(req) {
      return view(load(req.runId));
    },

    async startRun(req, channel) {
      const workflow = workflowFor(req.workflowId, channel);
      if (req.machine.kind === 'bundle')
        throw new InputError(
          `${channel}: field machine.kind: a diagnostics bundle can only be checked, not run`,
        );
      const { machine, ...hosts } = await hostsFor(workflow, req.machine, channel);
      const first = await runs.start(workflow, hosts, machine);
      return view(first);
    },

    async resumeRun(req, channel) {
      return resume(req.runId, channel, req.answers);
    },

    async answer(req, channel) {
      if (runs.isActive(req.runId))
        throw new InputError(`${channel}: the run is still working; answer when it asks`);
      const state = load(req.runId);
      const workflow = getWorkflow(state.workflow);
      const questions = questionsFor(workflow, state);
      if (questions.length === 0)
        throw new InputError(`${channel}: field runId: this run is not waiting for an answer`);
      req.answers.forEach((a, i) => {
        const q = questions.find((x) => x.id === a.questionId);
        const field = `answers[${i}]`;
        if (!q)
          throw new InputError(
            `${channel}: field ${field}.questionId: the run does not ask "${a.questionId}" now`,
          );
        const expected =
          q.kind === 'confirm' ? 'boolean' : q.kind === 'number' ? 'number' : 'string';
        if (typeof a.value !== expected) {
          throw new InputError(
            `${channel}: field ${field}.value: expected ${expected === 'boolean' ? 'true or false' : `a ${expected}`}`,
          );
        }
        if (typeof a.value === 'string' && (a.value.length > 4096 || a.value.includes('\0'))) {
          throw new InputError(`${channel}: field ${field}.value: not a usable ${q.kind}`);
        }
        // The typed phrase is what makes a destructive confirmation deliberate; it is checked
        // here too, so no renderer bug (or a compromised renderer) can skip it.
        const step = confirmedStep(workflow, q.id);
        if (a.value === true && q.phrase && step?.action?.destructive && a.phrase !== q.phrase) {
          throw new InputError(
            `${channel}: field ${field}.phrase: type "${q.phrase}" exactly to confirm`,
          );
        }
      });
      const missing = questions.find(
        (q) => q.required && !req.answers.some((a) => a.questionId === q.id),
      );
      if (missing)
        throw new InputError(`${channel}: field answers: missing an answer to "${missing.id}"`);
      runs.answersFor(req.runId).give(req.answers);
      return resume(req.runId, channel);
    },

    async cancelRun(req) {
      return { cancelled: runs.cancel(req.runId) };
    },

    async abandonRun(req, channel) {
      if (runs.isActive(req.runId))
        throw new InputError(
          `${channel}: the run is still working; cancel it first, then abandon it`,
        );
      const state = load(req.runId);
      const workflow = getWorkflow(state.workflow);
      const r = await abandonRun(workflow, req.runId, {
        stateDir: deps.stateDir,
        ...(await hostsToResume(workflow, state.machine)),
        now,
      });
      return { undone: r.undone, cannotUndo: r.cannotUndo };
    },

    async exportRun(req) {
      const state = load(req.runId);
      const ext = req.format;
      const filters: Record<typeof ext, { name: string; extensions: string[] }> = {
        md: { name: 'Markdown', extensions: ['md'] },
        html: { name: 'Web page', extensions: ['html'] },
        json: { name: 'JSON', extensions: ['json'] },
        pdf: { name: 'PDF', extensions: ['pdf'] },
      };
      const target = await deps.dialogs.saveFile({
        title: 'Save the run log',
        defaultName: `${state.workflow}-${state.runId.slice(0, 16)}.${ext}`,
        filters: [filters[ext]],
      });
      if (!target) return { saved: false, path: null };
      const data =
        ext === 'pdf'
          ? await deps.printToPdf(exportHtml(state, now()))
          : exportRun(state, ext, now());
      await writeFileAtomic(target, data);
      return { saved: true, path: target };
    },

    async openLogFolder(req) {
      const dir = req.runId ? runDir(deps.stateDir, req.runId) : runsDir(deps.stateDir);
      fs.mkdirSync(dir, { recursive: true });
      await deps.openPath(dir);
      return { path: dir };
    },

    async listPractice() {
      const dirs = new Set<string>();
      try {
        checkPrivateDir(deps.practiceRoot); // another user's folder: list none of it
        for (const e of fs.readdirSync(deps.practiceRoot, { withFileTypes: true })) {
          if (e.isDirectory()) dirs.add(path.join(deps.practiceRoot, e.name));
        }
      } catch {
        // no practice machines yet
      }
      for (const p of picked) if (p.startsWith('practice:')) dirs.add(p.slice('practice:'.length));
      const machines: PracticeMachine[] = [];
      for (const dir of dirs) {
        try {
          machines.push(practiceMachine(dir));
        } catch {
          // a half-made or foreign folder: not a practice machine
        }
      }
      machines.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
      const scenarios = Object.entries(SCENARIOS).map(([id, description]) => ({ id, description }));
      return { root: deps.practiceRoot, machines, scenarios };
    },

    async createPractice(req, channel) {
      if (!isScenarioName(req.scenario)) {
        throw new InputError(
          `${channel}: field scenario: unknown scenario "${req.scenario}" (known: ${Object.keys(SCENARIOS).join(', ')})`,
        );
      }
      ensurePrivateDir(deps.practiceRoot);
      const stamp = now()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, '')
        .replace('T', '-');
      const dir = fs.mkdtempSync(path.join(deps.practiceRoot, `${req.scenario}-${stamp}-`));
      const made = await initPracticeMachine(dir, { scenario: req.scenario, files: req.files });
      return { machine: practiceMachine(made.dir), files: made.files, bytes: made.bytes };
    },

    async openPractice() {
      const dir = await deps.dialogs.pickFolder({ title: 'Open a practice machine folder' });
      if (!dir) return { machine: null };
      const resolved = path.resolve(dir);
      const machine = practiceMachine(resolved); // InputError names machine.json when it is not one
      picked.add(`practice:${resolved}`);
      return { machine };
    },

    async openBundle(req, channel) {
      const workflow = workflowFor(req.workflowId, channel);
      const dir = await deps.dialogs.pickFolder({ title: 'Open a diagnostics bundle folder' });
      if (!dir) return { bundle: null };
      const resolved = path.resolve(dir);
      const selected = await selectHost({ bundleDir: resolved }, platform);
      picked.add(`bundle:${resolved}`);
      const host = selected!.host;
      const { value: checks, commands } = await commandsDuring(host, () =>
        preflight(workflow, host),
      );
      const facts = await gatherFacts(host).catch(() => null);
      return {
        bundle: {
          dir: resolved,
          label: selected!.machine.label,
          workflowId: workflow.id,
          checks,
          diagnosis: diagnose(workflow.id, checks),
          facts: facts as Record<string, unknown> | null,
          commands,
        },
      };
    },

    async reminders() {
      const list = await reminderStatus(deps.stateDir, now());
      return list ? { available: true, reminders: list } : { available: false, reminders: [] };
    },

    async setReminder(req, channel) {
      const known = (await reminderStatus(deps.stateDir, now())) ?? [];
      if (req.id !== undefined && !known.some((r) => r.id === req.id))
        throw new InputError(`${channel}: field id: no reminder "${req.id}"`);
      for (const field of ['source', 'backup'] as const) {
        // Relative to what? The app has no working folder a person would mean.
        if (!isAbsoluteHere(req[field], platform))
          throw new InputError(
            `${channel}: field ${field}: expected a full path, got ${req[field]}`,
          );
      }
      if (sourceKey(req.source, platform) === sourceKey(req.backup, platform))
        throw new InputError(`${channel}: field backup: must differ from the source folder`);
      const drive =
        req.drive && (req.drive.label !== undefined || req.drive.serial !== undefined)
          ? req.drive
          : undefined;
      const saved = await setReminder(deps.stateDir, {
        source: req.source,
        backup: req.backup,
        intervalDays: req.intervalDays,
        ...(drive ? { drive } : {}),
      });
      // The id follows the source: an edit that moved the source leaves no stale twin behind.
      if (req.id !== undefined && req.id !== saved.id) await removeReminder(deps.stateDir, req.id);
      const reminder = ((await reminderStatus(deps.stateDir, now())) ?? []).find(
        (r) => r.id === saved.id,
      );
      if (!reminder) throw new Error(`reminder ${saved.id} was not saved`);
      return { reminder };
    },

    async removeReminder(req, channel) {
      const known = (await reminderStatus(deps.stateDir, now())) ?? [];
      if (!known.some((r) => r.id === req.reminderId))
        throw new InputError(`${channel}: field reminderId: no reminder "${req.reminderId}"`);
      await removeReminder(deps.stateDir, req.reminderId);
      return { removed: true };
    },

    async checkReminder(req, channel) {
      const list = (await reminderStatus(deps.stateDir, now())) ?? [];
      const r = list.find((x) => x.id === req.reminderId);
      if (!r) throw new InputError(`${channel}: field reminderId: no reminder "${req.reminderId}"`);
      const workflow = getWorkflow('backup-check');
      const { machine, ...hosts } = await hostsFor(workflow, { kind: 'real' }, channel);
      const first = await runs.start(workflow, hosts, machine, [
        { questionId: BACKUP_SOURCE, value: r.source },
        { questionId: BACKUP_TARGET, value: r.backup },
      ]);
      return view(first);
    },

    async machineHealth() {
      if (!healthReading || Date.now() - healthReading.at > HEALTH_REUSE_MS) {
        const reading = readThisComputer();
        healthReading = { at: Date.now(), reading };
        // A failed reading is not reused.
        reading.catch(() => {
          if (healthReading?.reading === reading) healthReading = null;
        });
      }
      const { label, health } = await healthReading.reading;
      return { label, health, verdicts: healthVerdicts(health) };
    },

    async pickPath(req, channel) {
      if (!deps.dialogs.pickPath)
        throw new InputError(`${channel}: this window cannot open a file dialog`);
      // A practice run's paths are on the practice machine's drive, not this computer's.
      const machine = req.runId ? load(req.runId).machine : null;
      const practiceDir = machine?.kind === 'practice' && machine.dir ? machine.dir : null;
      const defaultPath = practiceDir
        ? practiceDialogPath(practiceDir, req.defaultPath)
        : req.defaultPath;
      const picked = await deps.dialogs.pickPath({
        kind: req.kind,
        title: req.title,
        ...(defaultPath ? { defaultPath } : {}),
      });
      if (picked === null || !practiceDir) return { path: picked };
      const win = practiceWindowsPath(practiceDir, picked);
      if (!win)
        throw new InputError(
          `${channel}: ${picked} is not on the practice machine: pick a ${req.kind} under ${practiceDir}`,
        );
      return { path: win };
    },

    async openWebPage(req, channel) {
      const url = allowedExternalUrl(req.url);
      if (!url) throw new InputError(`${channel}: field url: not an address this app opens`);
      await deps.openInBrowser(url);
      return { opened: true };
    },
  };

  const handlers = {} as Record<string, (payload: unknown) => Promise<unknown>>;
  for (const [method, d] of Object.entries(channels) as [Method, (typeof channels)[Method]][]) {
    const channel: ChannelName = d.channel;
    handlers[channel] = async (payload: unknown) => {
      const parsed = d.request.safeParse(payload ?? {});
      if (!parsed.success) throw payloadError(channel, parsed.error);
      let result: unknown;
      try {
        result = await (impl[method] as (req: unknown, channel: string) => Promise<unknown>)(
          parsed.data,
          channel,
        );
      } catch (e) {
        // People read these: one line, and a bug is labelled as one.
        if (isInputError(e)) throw new InputError(oneLine(e));
        throw new Error(`Something went wrong (${channel}): ${oneLine(e)}`);
      }
      const checked = d.response.safeParse(result);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new Error(
          `Something went wrong (${channel}): the reply does not match the contract at ${issue ? formatPath(issue.path) : '(root)'}`,
        );
      }
      return checked.data;
    };
  }
  return { handlers: handlers as Handlers, runs };
}
