/**
 * backup-check: is this backup really a copy of that folder? Runs on this computer (any OS) with
 * the same compare the flagship's backup gate uses (system/local/backup-compare): counts, bytes,
 * newest modification times, files missing from the backup, files newer in the source, a seeded
 * SHA-256 sample. Reads only; never follows links. A pass verdict records the time in the state
 * dir's settings.json, which drives the backup reminders (`wsops remind`).
 */
import path from 'node:path';
import type { Question } from '../../../shared/model';
import {
  changeAction,
  defineStep,
  readAction,
  type CheckDef,
  type StepContext,
  type WorkflowDef,
} from '../../engine/workflow';
import {
  DEFAULT_SAMPLE,
  MAX_SAMPLE,
  compareBackup,
  comparisonData,
  comparisonEvidence,
  type BackupComparison,
} from '../../system/local/backup-compare';
import { reminderId, reminderStatus, recordBackup } from '../../engine/reminders';
import { BACKUP_SOURCE, BACKUP_TARGET } from '../backup-step';
import type { HostReads } from '../../system/ports';

/** What this workflow asks of the machine (ports.ts): it only looks (a practice machine's files too). */
type Needs = HostReads;

export const SAMPLE_SIZE = 'backupSampleSize';
export const SAMPLE_SEED = 'backupSampleSeed';

const questions: Question[] = [
  {
    id: BACKUP_SOURCE,
    kind: 'path',
    pathKind: 'folder',
    prompt: 'Folder that is backed up (the source)',
    required: true,
  },
  {
    id: BACKUP_TARGET,
    kind: 'path',
    pathKind: 'folder',
    prompt: 'Folder that holds its backup',
    required: true,
  },
  {
    id: SAMPLE_SIZE,
    kind: 'number',
    prompt: `How many files to compare by SHA-256 (0–${MAX_SAMPLE})`,
    help: 'Files present in both with the same size are sampled; reading them both is the slow part.',
    required: false,
    default: DEFAULT_SAMPLE,
  },
  {
    id: SAMPLE_SEED,
    kind: 'number',
    prompt: 'Seed of the sample (Enter: a new one for this run, written in the log)',
    help: 'The same seed over the same folders compares the same files — to repeat a check exactly.',
    required: false,
  },
];

function folders(ctx: StepContext<Needs>): { source: string; backup: string } | null {
  const s = ctx.answer(BACKUP_SOURCE);
  const b = ctx.answer(BACKUP_TARGET);
  return typeof s === 'string' && s && typeof b === 'string' && b
    ? { source: path.resolve(s), backup: path.resolve(b) }
    : null;
}

function sampleSize(ctx: StepContext<Needs>): number {
  const n = ctx.answer(SAMPLE_SIZE);
  return typeof n === 'number' && Number.isFinite(n)
    ? Math.max(0, Math.min(MAX_SAMPLE, Math.floor(n)))
    : DEFAULT_SAMPLE;
}

/** The answered seed, else one derived from the run's start (so it is in the log and repeatable). */
function sampleSeed(ctx: StepContext<Needs>): number {
  const n = ctx.answer(SAMPLE_SEED);
  if (typeof n === 'number' && Number.isFinite(n)) return Math.floor(n) >>> 0;
  return (Date.parse(ctx.runStartedAt) % 2 ** 31) >>> 0 || 1;
}

const verdictCheck: CheckDef<Needs> = {
  id: 'backup-verdict',
  title: 'Verdict',
  async run(ctx) {
    const o = ctx.outputOf(compare);
    const verdict = o?.verdict;
    if (verdict !== 'pass' && verdict !== 'warn' && verdict !== 'fail')
      return { status: 'unknown', summary: 'The comparison did not run' };
    return {
      status: verdict,
      summary: o?.summary ?? verdict,
      evidence: o?.evidence ?? [],
      data: { verdict },
    };
  },
};

/** What the comparison records for the verdict and the reminder. */
type CompareOutputs = ReturnType<typeof comparisonData> & {
  verdict: BackupComparison['verdict'];
  summary: string;
  evidence: string[];
  source: string;
  backup: string;
  seed: number;
};

const compare = defineStep<CompareOutputs, Needs>({
  id: 'compare',
  title: 'Compare the backup with its source',
  instructions:
    'Name the folder you back up and the folder that holds its backup. Workstation Ops walks both (links are counted, never followed; nothing is written) and compares: file counts and bytes, the newest modification time, files **missing** from the backup, files **newer in the source** than in the backup (changed since the backup), and — for a seeded sample of files that claim to match — their SHA-256.\n\nVerdict: **fail** when files are missing or a sampled file differs; **warn** when the backup is out of date, sizes differ or something could not be read; **pass** otherwise.',
  questions,
  action: readAction({
    id: 'compare',
    title: 'Compare the folders (read-only)',
    async describe(ctx) {
      const f = folders(ctx);
      return {
        commands: [],
        paths: f ? [f.source, f.backup] : [],
        notes: [
          f
            ? `Would read ${f.source} and ${f.backup}; nothing is written`
            : 'Would read the two folders you name; nothing is written',
          `SHA-256 of up to ${sampleSize(ctx)} sampled files`,
        ],
      };
    },
    async run(ctx) {
      const f = folders(ctx);
      if (!f) return { ok: false, summary: 'Name both folders (backupSource and backupTarget).' };
      const seed = sampleSeed(ctx);
      const r = await compareBackup(f.source, f.backup, {
        sampleSize: sampleSize(ctx),
        seed,
        signal: ctx.signal,
        onProgress: (p) =>
          ctx.progress({
            phase: p.phase,
            done: p.done,
            bytes: p.bytes,
            ...(p.total !== undefined ? { total: p.total } : {}),
          }),
      });
      const evidence = comparisonEvidence(r);
      // ok even for a fail verdict: the comparison itself worked; the verdict check judges.
      return {
        ok: true,
        summary: `${r.verdict.toUpperCase()}: ${r.summary}`,
        details: evidence,
        outputs: {
          ...comparisonData(r),
          verdict: r.verdict,
          summary: r.summary,
          evidence,
          source: f.source,
          backup: f.backup,
          seed,
        },
      };
    },
  }),
  verify: [verdictCheck],
});

const record = defineStep<{ at: string }, Needs>({
  id: 'record',
  title: 'Record the verified backup for the reminder',
  instructions:
    'A **pass** verdict records now as the time this folder was last proved backed up (in `settings.json` in the state dir). A reminder set with `wsops remind set --source DIR --backup DIR --every DAYS` is then due that many days later.',
  async skipIf(ctx) {
    const verdict = ctx.outputOf(compare)?.verdict;
    if (verdict !== 'pass')
      return `The verdict is ${String(verdict)}: nothing is recorded (only a pass counts as a backup).`;
    return ctx.stateDir ? null : 'No state dir in this run: nothing is recorded.';
  },
  // Writes only the app's own settings.json: a change, but not to the machine, and no admin.
  action: changeAction(
    {
      id: 'record-backup',
      title: 'Record the backup time',
      async describe() {
        return {
          commands: [],
          paths: ['<state dir>/settings.json'],
          notes: ['Only after a pass verdict'],
        };
      },
      async run(ctx) {
        const o = ctx.outputOf(compare);
        const source = String(o?.source);
        const backup = String(o?.backup);
        const at = new Date().toISOString();
        const warnings: string[] = [];
        await recordBackup(
          ctx.stateDir!,
          { source, backup, at, runId: path.basename(ctx.runDir) },
          { onWarning: (w) => warnings.push(w) },
        );
        const reminder = (await reminderStatus(ctx.stateDir!)).find(
          (r) => r.id === reminderId(source),
        );
        const next = reminder
          ? `next reminder ${reminder.dueAt} (every ${reminder.intervalDays} days)`
          : `no reminder is set for this folder (wsops remind set --source "${source}" --backup "${backup}" --every 7)`;
        return {
          ok: true,
          summary: `Recorded a verified backup of ${source} at ${at}; ${next}.`,
          details: warnings,
          outputs: { at },
        };
      },
    },
    { needsAdmin: false },
  ),
});

export const backupCheck: WorkflowDef<Needs> = {
  id: 'backup-check',
  title: 'Check a backup against its source',
  description:
    'Compares a folder with its backup on this computer — counts, bytes, newest times, missing files, files newer in the source and a sampled SHA-256 check — and gives a pass/warn/fail verdict. Read-only. A pass feeds the backup reminders.',
  platforms: ['win32', 'darwin', 'linux'],
  windowsOnly: false,
  local: 'required',
  steps: [compare, record],
};
