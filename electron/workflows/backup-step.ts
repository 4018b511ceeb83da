/**
 * The backup gate shared by destructive workflows: the user confirms a backup, and may name the
 * source and backup folders so the two are compared — with the full compare of
 * system/local/backup-compare (missing and newer files, sampled SHA-256) when the folders are on
 * this computer, counts and newest file otherwise.
 */
import type { Question } from '../../shared/model';
import type { CheckDef, CheckOutcome, StepContext } from '../engine/workflow';
import type { HostReads } from '../system/ports';
import { formatBytes, formatCount } from '../../shared/format';
import { compareBackup, comparisonData, comparisonEvidence } from '../system/local/backup-compare';

export const BACKUP_SOURCE = 'backupSource';
export const BACKUP_TARGET = 'backupTarget';
export const BACKUP_CONFIRMED = 'backupConfirmed';

export const backupQuestions: Question[] = [
  {
    id: BACKUP_SOURCE,
    kind: 'path',
    pathKind: 'folder',
    prompt: 'Folder you backed up (optional)',
    required: false,
  },
  {
    id: BACKUP_TARGET,
    kind: 'path',
    pathKind: 'folder',
    prompt: 'Where the backup is (optional)',
    required: false,
  },
  {
    id: BACKUP_CONFIRMED,
    kind: 'confirm',
    prompt:
      'I have a current backup of the contents of my encrypted volumes, readable without DiskCryptor',
    required: true,
  },
];

export const backupCompareCheck: CheckDef<HostReads> = {
  id: 'backup-compare',
  title: 'Backup compared with its source',
  async run(ctx) {
    const source = ctx.answer(BACKUP_SOURCE);
    const target = ctx.answer(BACKUP_TARGET);
    if (typeof source !== 'string' || typeof target !== 'string' || !source || !target) {
      return {
        status: 'warn',
        summary: 'Backup confirmed by you; not compared (no folders named)',
      };
    }
    const local = await compareLocally(ctx, source, target);
    if (local) return local;
    // A host whose files are not on this computer (a diagnostics bundle): counts only.
    const [a, b] = await Promise.all([ctx.host.treeStats(source), ctx.host.treeStats(target)]);
    if (!a) return { status: 'fail', summary: `The source folder ${source} cannot be read` };
    if (!b) return { status: 'fail', summary: `The backup folder ${target} cannot be read` };
    const evidence = [
      `source ${source}: ${a.files} files, ${a.bytes} bytes, newest ${iso(a.newestMtimeMs)}`,
      `backup ${target}: ${b.files} files, ${b.bytes} bytes, newest ${iso(b.newestMtimeMs)}`,
    ];
    const data = {
      source: { files: a.files, bytes: a.bytes },
      backup: { files: b.files, bytes: b.bytes },
    };
    if (b.files < a.files) {
      return {
        status: 'fail',
        summary: `The backup has ${formatCount(a.files - b.files)} fewer files than the source`,
        evidence,
        data,
      };
    }
    if ((a.newestMtimeMs ?? 0) > (b.newestMtimeMs ?? 0) + 2000) {
      return {
        status: 'warn',
        summary: 'The source has files newer than the backup',
        evidence,
        data,
      };
    }
    return {
      status: 'pass',
      summary: `The backup holds ${formatCount(b.files)} files (${formatBytes(b.bytes)}), as many as the source or more`,
      evidence,
      data,
    };
  },
};

/** Files the sampled SHA-256 comparison reads; enough to catch a broken copy, bounded for speed. */
const GATE_SAMPLE = 16;

/**
 * The full comparison (missing files, newer files, sampled SHA-256) when both folders are files
 * on this computer — the real PC, or a practice machine whose Windows paths map into its dir.
 */
async function compareLocally(
  ctx: StepContext<HostReads>,
  source: string,
  target: string,
): Promise<CheckOutcome | null> {
  let a: string | null | undefined;
  let b: string | null | undefined;
  try {
    a = ctx.host.localPath(source);
    b = ctx.host.localPath(target);
  } catch (e) {
    return { status: 'fail', summary: (e as Error).message };
  }
  if (!a || !b) return null;
  const r = await compareBackup(a, b, {
    sampleSize: GATE_SAMPLE,
    // Seeded by the run: the log can be replayed exactly, and another run samples other files.
    seed: Date.parse(ctx.runStartedAt) || 1,
    signal: ctx.signal,
    onProgress: (p) =>
      ctx.progress({
        phase: p.phase,
        done: p.done,
        bytes: p.bytes,
        ...(p.total !== undefined ? { total: p.total } : {}),
      }),
  });
  // Messages name the folders as the user typed them, not where a practice machine keeps them.
  const pairs: [string, string][] = [
    [a, source],
    [b, target],
  ];
  pairs.sort((x, y) => y[0].length - x[0].length); // the longer first: one may be a prefix of the other
  const shown = (text: string) => pairs.reduce((t, [from, to]) => t.split(from).join(to), text);
  return {
    status: r.verdict,
    summary: shown(r.summary),
    evidence: comparisonEvidence(r, { source, backup: target }).map(shown),
    data: comparisonData(r),
  };
}

function iso(ms: number | null): string {
  return ms === null ? 'none' : new Date(ms).toISOString();
}
