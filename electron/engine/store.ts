/**
 * The state dir: `runs/<runId>/journal.ndjson` per run, plus app settings. Shared by the CLI and
 * the app (same default folder as Electron's userData for productName "Workstation Ops").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { InputError } from '../../shared/errors';
import type { RunState } from '../../shared/model';
import { JOURNAL_FILE, JournalCorruptError, readJournal } from './journal';
import { foldJournal } from './fold';

export const APP_DIR_NAME = 'Workstation Ops';

export function defaultStateDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.WSOPS_STATE_DIR) return path.resolve(env.WSOPS_STATE_DIR);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

export function runsDir(stateDir: string): string {
  return path.join(stateDir, 'runs');
}

export function runDir(stateDir: string, runId: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(runId) || runId.startsWith('.')) {
    throw new InputError(`run id: not a valid run id: ${runId}`);
  }
  return path.join(runsDir(stateDir), runId);
}

export function newRunId(workflowId: string, now = new Date()): string {
  // Milliseconds included: runs started in the same second must still sort by start time.
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d+)Z$/, '$1Z')
    .replace('T', '-');
  return `${stamp}-${workflowId}-${crypto.randomBytes(3).toString('hex')}`;
}

export interface RunListing {
  runId: string;
  state?: RunState;
  /** Set when the run's journal cannot be read. */
  error?: string;
}

/** All runs, newest first. A damaged run is listed with its error, never hidden. */
export function listRuns(stateDir: string): RunListing[] {
  let names: string[];
  try {
    names = fs.readdirSync(runsDir(stateDir));
  } catch {
    return [];
  }
  const out: RunListing[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const file = path.join(runsDir(stateDir), name, JOURNAL_FILE);
    if (!fs.existsSync(file)) continue;
    try {
      const { records, warnings } = readJournal(file, { repairTail: false });
      out.push({ runId: name, state: foldJournal(records, warnings) });
    } catch (e) {
      out.push({ runId: name, error: (e as Error).message });
    }
  }
  // Run ids start with a UTC timestamp, so name order is start order.
  return out.sort((a, b) => (a.runId < b.runId ? 1 : -1));
}

export function loadRun(stateDir: string, runId: string): { state: RunState; warnings: string[] } {
  const file = path.join(runDir(stateDir, runId), JOURNAL_FILE);
  if (!fs.existsSync(file)) throw new InputError(`${file}: no such run (${runId})`);
  // Read-only: the torn-tail repair (and its journaled warning) belongs to resume.
  const { records, warnings } = readJournal(file, { repairTail: false });
  return { state: foldJournal(records, warnings), warnings };
}

export function resolveRunId(stateDir: string, ref: string | undefined): string {
  if (ref && ref !== 'latest') {
    runDir(stateDir, ref);
    return ref;
  }
  const latest = listRuns(stateDir)[0];
  if (!latest) throw new InputError(`${runsDir(stateDir)}: no runs yet`);
  return latest.runId;
}

/**
 * Moves a damaged run aside (`runs/.damaged-<id>-<time>`) so it stops blocking resume, keeping
 * every byte of it for a later look.
 */
export function archiveDamagedRun(stateDir: string, runId: string, now = new Date()): string {
  const from = runDir(stateDir, runId);
  const to = path.join(runsDir(stateDir), `.damaged-${runId}-${now.getTime()}`);
  fs.renameSync(from, to);
  return to;
}

export { JournalCorruptError };

export { acquireRunLock } from './run-lock';
