/**
 * Abandoning a run (`wsops abandon`, the app's Abandon button): the workflow's own undo puts back
 * what the run changed and can be put back, names what cannot, and a `run-abandoned` record makes
 * the run final — it is never resumed, and its log and exports say `abandoned`.
 */
import path from 'node:path';
import type { RunState } from '../../shared/model';
import { InputError } from '../../shared/errors';
import type { LocalHost, WindowsHost } from '../system/ports';
import { noWindowsHost } from '../system/local/no-windows-host';
import { JOURNAL_FILE, JournalWriter, readJournal } from './journal';
import { foldJournal } from './fold';
import { acquireRunLock } from './run-lock';
import { runReaders } from './run-readers';
import { runDir } from './store';
import type { AbandonOutcome, WorkflowDef } from './workflow';

export interface AbandonDeps {
  stateDir: string;
  host?: WindowsHost;
  local?: LocalHost;
  now?(): Date;
}

export interface AbandonResult extends AbandonOutcome {
  state: RunState;
  /** The run had been abandoned before: nothing was done again. */
  already: boolean;
}

export async function abandonRun(
  workflow: WorkflowDef,
  runId: string,
  deps: AbandonDeps,
): Promise<AbandonResult> {
  const dir = runDir(deps.stateDir, runId);
  // The lock: a run still going in another process must not be undone under its feet.
  const release = await acquireRunLock(dir);
  try {
    const file = path.join(dir, JOURNAL_FILE);
    const { records } = readJournal(file);
    let state = foldJournal(records);
    if (state.workflow !== workflow.id)
      throw new InputError(`${runId}: is a run of ${state.workflow}, not ${workflow.id}`);
    if (state.status === 'abandoned')
      return { state, already: true, ...(state.abandoned ?? { undone: [], cannotUndo: [] }) };
    if (state.status === 'finished')
      throw new InputError(`${runId}: finished — there is nothing to abandon`);
    const outcome: AbandonOutcome = workflow.abandon
      ? await workflow.abandon({
          host: deps.host ?? noWindowsHost(),
          ...(deps.local ? { local: deps.local } : {}),
          ...runReaders(() => state),
          runStartedAt: state.startedAt,
          attempt: 1,
          progress: () => {},
          signal: new AbortController().signal,
          runDir: dir,
          stateDir: deps.stateDir,
        })
      : { undone: [], cannotUndo: [] };
    const writer = new JournalWriter(file, records.at(-1)!.seq, deps.now);
    records.push(writer.append({ type: 'run-abandoned', ...outcome }));
    state = foldJournal(records);
    return { state, already: false, ...outcome };
  } finally {
    release();
  }
}
