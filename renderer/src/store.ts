/**
 * The renderer's state: which screen is showing, what the main process last told us, and the
 * actions that ask it for more. Every fact about runs comes from the main process (replies and
 * the event stream); nothing here decides anything about a workflow.
 */
import type { Diagnosis } from '../../shared/diagnosis';
import type { ReanswerItem } from '../../shared/ipc';
import { create } from 'zustand';
import {
  api,
  type AnswerItem,
  type AppEvent,
  type AppWorkflow,
  type BundleView,
  type CheckResult,
  type CommandRun,
  type ExportFormat,
  type MachineChoice,
  type MachineRef,
  type PracticeMachine,
  type Reminder,
  type RunListItem,
  type RunView,
  type WorkflowSummary,
} from './api';

export type View =
  | { name: 'home' }
  | { name: 'practice'; workflowId: string }
  | { name: 'preflight'; workflowId: string; machine: MachineChoice }
  | { name: 'wizard'; runId: string }
  | { name: 'finish'; runId: string }
  | { name: 'bundle'; bundle: BundleView };

export interface AppInfo {
  version: string;
  platform: string;
  practiceRoot: string;
  resumedAfterRestart: boolean;
}

export interface PreflightResult {
  workflowId: string;
  machine: MachineRef;
  checks: CheckResult[];
  diagnosis: Diagnosis | null;
  at: string;
  /** The programs the host started for these checks. */
  commands?: CommandRun[];
}

export interface AppState {
  info: AppInfo | null;
  view: View;
  workflows: AppWorkflow[];
  runs: RunListItem[];
  damaged: { runId: string; error: string }[];
  reminders: { available: boolean; reminders: Reminder[] } | null;
  practice: {
    root: string;
    machines: PracticeMachine[];
    scenarios: { id: string; description: string }[];
  } | null;
  /** Runs opened in the wizard, kept current by the event stream. */
  live: Record<string, RunView>;
  preflight: PreflightResult | null;
  /** What the app is waiting on right now (shown, and used to disable buttons). */
  busy: string | null;
  /** The last failure, one line, shown in an alert until dismissed. */
  error: string | null;
  /** The last confirmation ("Saved to …"), announced politely. */
  notice: string | null;
}

export const useApp = create<AppState>()(() => ({
  info: null,
  view: { name: 'home' },
  workflows: [],
  runs: [],
  damaged: [],
  reminders: null,
  practice: null,
  live: {},
  preflight: null,
  busy: null,
  error: null,
  notice: null,
}));

const set = useApp.setState;
const get = useApp.getState;

/** Runs an API call with a busy label; a failure becomes the alert line. */
async function attempt<T>(
  label: string | null,
  what: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  set({ busy: label, error: null, ...(label ? { notice: null } : {}) });
  try {
    return await fn();
  } catch (e) {
    set({ error: `${what}: ${(e as Error).message}` });
    return undefined;
  } finally {
    set({ busy: null });
  }
}

export function go(view: View): void {
  set({ view, error: null, notice: null });
  if (view.name === 'home') void loadHome();
}

export function dismissError(): void {
  set({ error: null });
}

export function workflowSummary(id: string): WorkflowSummary | undefined {
  return (
    get().workflows.find((w) => w.id === id) ??
    Object.values(get().live).find((r) => r.workflow.id === id)?.workflow
  );
}

export async function boot(): Promise<void> {
  api().onEvent(onEvent);
  const info = await attempt(null, 'Could not start', () => api().appInfo());
  if (info) set({ info });
  await loadHome();
  // Reopened at sign-in after a restart: go straight to the run that waits for it.
  if (info?.resumedAfterRestart) {
    const waiting = get().runs.find((r) => r.status === 'paused-reboot');
    if (waiting) await openRun(waiting.runId);
  }
}

export async function loadHome(): Promise<void> {
  const a = api();
  const [workflows, runs, reminders] = await Promise.all([
    attempt(null, 'Could not list the workflows', () => a.listWorkflows()),
    attempt(null, 'Could not list the runs', () => a.listRuns()),
    attempt(null, 'Could not read the backup reminders', () => a.reminders()),
  ]);
  set({
    ...(workflows ? { workflows: workflows.workflows } : {}),
    ...(runs ? { runs: runs.runs, damaged: runs.damaged } : {}),
    ...(reminders ? { reminders } : {}),
  });
}

export async function loadPractice(): Promise<void> {
  const p = await attempt(null, 'Could not list the practice machines', () => api().listPractice());
  if (p) set({ practice: p });
}

export async function createPractice(
  workflowId: string,
  scenario: string,
  files: number,
): Promise<void> {
  const made = await attempt(
    'Creating the practice machine…',
    'Could not create the practice machine',
    () => api().createPractice({ scenario, files }),
  );
  if (!made) return;
  await loadPractice();
  await runPreflight(workflowId, { kind: 'practice', dir: made.machine.dir });
}

export async function openPractice(workflowId: string): Promise<void> {
  const r = await attempt('Opening…', 'Could not open the practice machine', () =>
    api().openPractice(),
  );
  if (r?.machine) {
    await loadPractice();
    await runPreflight(workflowId, { kind: 'practice', dir: r.machine.dir });
  }
}

export async function runPreflight(workflowId: string, machine: MachineChoice): Promise<void> {
  set({
    view: { name: 'preflight', workflowId, machine },
    preflight: null,
    error: null,
    notice: null,
  });
  const r = await attempt('Checking…', 'The preflight could not run', () =>
    api().preflight({ workflowId, machine }),
  );
  if (r) set({ preflight: r });
}

export async function openBundle(workflowId: string): Promise<void> {
  const r = await attempt('Opening the bundle…', 'Could not open the bundle', () =>
    api().openBundle({ workflowId }),
  );
  if (r?.bundle) go({ name: 'bundle', bundle: r.bundle });
}

function remember(view: RunView): void {
  set((s) => ({ live: { ...s.live, [view.state.runId]: view } }));
}

export async function startRun(workflowId: string, machine: MachineChoice): Promise<void> {
  const view = await attempt('Starting…', 'Could not start', () =>
    api().startRun({ workflowId, machine }),
  );
  if (!view) return;
  remember(view);
  go({ name: 'wizard', runId: view.state.runId });
}

export interface ReminderInput {
  /** The reminder being edited; absent for a new one. */
  id?: string;
  source: string;
  backup: string;
  intervalDays: number;
  driveLabel: string;
}

/** Saves a reminder (new or edited); true when saved — the list reloads, the alert says why not. */
export async function saveReminder(input: ReminderInput): Promise<boolean> {
  const label = input.driveLabel.trim();
  const saved = await attempt('Saving…', 'Could not save the reminder', () =>
    api().setReminder({
      ...(input.id ? { id: input.id } : {}),
      source: input.source,
      backup: input.backup,
      intervalDays: input.intervalDays,
      ...(label ? { drive: { label } } : {}),
    }),
  );
  if (!saved) return false;
  set({
    notice: `Reminder saved: every ${saved.reminder.intervalDays} days for ${saved.reminder.source}`,
  });
  await loadHome();
  return true;
}

export async function deleteReminder(reminderId: string): Promise<void> {
  const r = await attempt('Removing…', 'Could not remove the reminder', () =>
    api().removeReminder({ reminderId }),
  );
  if (r) await loadHome();
}

/** Browse… outside a run: a folder on this computer. */
export async function pickFolderPath(title: string, current: string): Promise<string | null> {
  const r = await attempt(null, 'Could not pick the folder', () =>
    api().pickPath({
      kind: 'folder',
      title,
      ...(current.trim() ? { defaultPath: current.trim() } : {}),
    }),
  );
  return r?.path ?? null;
}

/** A backup reminder's "Check it now": backup-check with its folders filled in. */
export async function checkReminder(reminderId: string): Promise<void> {
  const view = await attempt('Starting…', 'Could not start the backup check', () =>
    api().checkReminder({ reminderId }),
  );
  if (!view) return;
  remember(view);
  go({ name: 'wizard', runId: view.state.runId });
}

export async function openRun(runId: string): Promise<void> {
  const view = await attempt('Opening…', 'Could not open the run', () => api().getRun({ runId }));
  if (!view) return;
  remember(view);
  go({ name: view.state.status === 'finished' && !view.active ? 'finish' : 'wizard', runId });
}

export async function resumeRun(runId: string, answers?: ReanswerItem[]): Promise<void> {
  const view = await attempt('Continuing…', 'Could not continue', () =>
    api().resumeRun({ runId, ...(answers?.length ? { answers } : {}) }),
  );
  if (!view) return;
  remember(view);
  if (get().view.name !== 'wizard') go({ name: 'wizard', runId });
}

/** Gives a run up (the fail-closed abandon): says what was undone and what could not be. */
export async function abandonRun(runId: string): Promise<void> {
  const r = await attempt('Abandoning…', 'Could not abandon the run', () =>
    api().abandonRun({ runId }),
  );
  if (!r) return;
  const undone = r.undone.length ? `Undone: ${r.undone.join('; ')}.` : 'Nothing needed undoing.';
  const cannot = r.cannotUndo.length ? ` Could not be undone: ${r.cannotUndo.join('; ')}.` : '';
  set({ notice: `Run abandoned. ${undone}${cannot}` });
  await loadHome();
}

export async function answer(runId: string, answers: AnswerItem[]): Promise<boolean> {
  const view = await attempt('Continuing…', 'Could not continue', () =>
    api().answer({ runId, answers }),
  );
  if (view) remember(view);
  return Boolean(view);
}

export async function cancelRun(runId: string): Promise<void> {
  await attempt(null, 'Could not cancel', () => api().cancelRun({ runId }));
}

export async function exportRun(runId: string, format: ExportFormat): Promise<void> {
  const r = await attempt(`Exporting ${format.toUpperCase()}…`, 'Could not export', () =>
    api().exportRun({ runId, format }),
  );
  if (r?.saved && r.path) set({ notice: `Saved to ${r.path}` });
}

export async function openLogFolder(runId?: string): Promise<void> {
  const r = await attempt(null, 'Could not open the log folder', () =>
    api().openLogFolder(runId ? { runId } : {}),
  );
  if (r) set({ notice: `Opened ${r.path}` });
}

/**
 * Browse… for a path question: the main process's file or folder dialog. For a practice run the
 * answer is the practice machine's Windows path. Null when cancelled or refused (the alert says why).
 */
export async function pickPath(
  runId: string,
  q: { prompt: string; pathKind?: 'file' | 'folder' | undefined },
  current: string,
): Promise<string | null> {
  const r = await attempt(null, 'Could not pick the path', () =>
    api().pickPath({
      kind: q.pathKind ?? 'folder',
      title: q.prompt,
      ...(current.trim() ? { defaultPath: current.trim() } : {}),
      runId,
    }),
  );
  return r?.path ?? null;
}

export async function openWebPage(url: string): Promise<void> {
  await attempt(null, 'Could not open the page', () => api().openWebPage({ url }));
}

function onEvent(event: AppEvent): void {
  if (event.type === 'run') {
    set((s) => {
      const prev = s.live[event.state.runId];
      if (!prev) return {};
      const next: RunView = {
        ...prev,
        state: event.state,
        active: event.active,
        questions: event.questions,
        progress: event.active ? prev.progress : null,
      };
      const live = { ...s.live, [event.state.runId]: next };
      // The run just ended: the wizard hands over to the summary.
      const v = s.view;
      if (
        !event.active &&
        event.state.status === 'finished' &&
        v.name === 'wizard' &&
        v.runId === event.state.runId
      ) {
        return { live, view: { name: 'finish', runId: v.runId } };
      }
      return { live };
    });
  } else if (event.type === 'progress') {
    set((s) => {
      const prev = s.live[event.progress.runId];
      return prev
        ? { live: { ...s.live, [event.progress.runId]: { ...prev, progress: event.progress } } }
        : {};
    });
  } else if (event.type === 'open-run') {
    void openRun(event.runId);
  } else {
    set({ error: `The run stopped unexpectedly: ${event.message}` });
  }
}
