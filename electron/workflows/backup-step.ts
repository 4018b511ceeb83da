/**
 * The backup gate shared by destructive workflows: the user confirms a backup, and may name the
 * source and backup folders so the two are compared (counts, bytes, newest file).
 */
import type { Question } from '../../shared/model';
import type { CheckDef } from '../engine/workflow';
import { formatBytes, formatCount } from '../../shared/format';

export const BACKUP_SOURCE = 'backupSource';
export const BACKUP_TARGET = 'backupTarget';
export const BACKUP_CONFIRMED = 'backupConfirmed';

export const backupQuestions: Question[] = [
  { id: BACKUP_SOURCE, kind: 'path', prompt: 'Folder you backed up (optional)', required: false },
  { id: BACKUP_TARGET, kind: 'path', prompt: 'Where the backup is (optional)', required: false },
  {
    id: BACKUP_CONFIRMED,
    kind: 'confirm',
    prompt: 'I have a current backup of the contents of my encrypted volumes, readable without DiskCryptor',
    required: true,
  },
];

export const backupCompareCheck: CheckDef = {
  id: 'backup-compare',
  title: 'Backup compared with its source',
  async run(ctx) {
    const source = ctx.answer(BACKUP_SOURCE);
    const target = ctx.answer(BACKUP_TARGET);
    if (typeof source !== 'string' || typeof target !== 'string' || !source || !target) {
      return { status: 'warn', summary: 'Backup confirmed by you; not compared (no folders named)' };
    }
    const [a, b] = await Promise.all([ctx.host.treeStats(source), ctx.host.treeStats(target)]);
    if (!a) return { status: 'fail', summary: `The source folder ${source} cannot be read` };
    if (!b) return { status: 'fail', summary: `The backup folder ${target} cannot be read` };
    const evidence = [
      `source ${source}: ${a.files} files, ${a.bytes} bytes, newest ${iso(a.newestMtimeMs)}`,
      `backup ${target}: ${b.files} files, ${b.bytes} bytes, newest ${iso(b.newestMtimeMs)}`,
    ];
    const data = { source: { files: a.files, bytes: a.bytes }, backup: { files: b.files, bytes: b.bytes } };
    if (b.files < a.files) {
      return { status: 'fail', summary: `The backup has ${formatCount(a.files - b.files)} fewer files than the source`, evidence, data };
    }
    if ((a.newestMtimeMs ?? 0) > (b.newestMtimeMs ?? 0) + 2000) {
      return { status: 'warn', summary: 'The source has files newer than the backup', evidence, data };
    }
    return { status: 'pass', summary: `The backup holds ${formatCount(b.files)} files (${formatBytes(b.bytes)}), as many as the source or more`, evidence, data };
  },
};

function iso(ms: number | null): string {
  return ms === null ? 'none' : new Date(ms).toISOString();
}
