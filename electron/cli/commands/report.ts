/** `wsops report DIR`: one table over many run logs and check outputs (docs/fleet.md). */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import {
  REPORT_FORMATS,
  SORT_KEYS,
  buildReport,
  renderReport,
  type DiagnosisRule,
  type ReportFormat,
  type SortKey,
} from '../../engine/report';
import { writeFileAtomicSync } from '../../system/atomic-file';
import { workflows } from '../../workflows';
import { bugcheckHistoryCheck, diskCryptorCheck } from '../../workflows/windows-checks';
import { flag, parse, str } from '../args';
import type { Cli } from '../cli';

/**
 * "The PC shows the problem": every workflow whose preflight checks DiskCryptor and the 0x1A
 * history, decided on those two checks' data (derived from the check definitions, not copied).
 */
export function diagnosisRules(): DiagnosisRule[] {
  return workflows
    .filter((w) => {
      const checks = w.steps[0]?.checks ?? [];
      return checks.includes(diskCryptorCheck) && checks.includes(bugcheckHistoryCheck);
    })
    .map((w) => ({
      workflow: w.id,
      installedCheckId: diskCryptorCheck.id,
      bugcheckCheckId: bugcheckHistoryCheck.id,
      problem: 'DiskCryptor installed and MEMORY_MANAGEMENT (0x1A) blue screens recorded',
    }));
}

export async function reportCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse(
    'report',
    argv,
    {
      format: { type: 'string' },
      out: { type: 'string' },
      sort: { type: 'string' },
      reverse: { type: 'boolean' },
    },
    1,
  );
  const dir = p.positionals[0];
  if (!dir) throw new InputError('wsops report: name the folder of run logs');
  const format = str(p, 'format') ?? 'csv';
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new InputError(`--format: expected ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  const sort = str(p, 'sort') ?? 'host';
  if (!(SORT_KEYS as readonly string[]).includes(sort))
    throw new InputError(`--sort: expected ${SORT_KEYS.join(', ')}, got "${sort}"`);
  const out = str(p, 'out');
  const target = out ? path.resolve(out) : undefined;
  if (target && fs.existsSync(target) && fs.statSync(target).isDirectory())
    throw new InputError(`--out: ${target} is a folder; name a file`);
  const report = buildReport(dir, {
    sort: sort as SortKey,
    reverse: flag(p, 'reverse'),
    rules: diagnosisRules(),
  });
  const text = renderReport(report, format as ReportFormat);
  if (target) {
    writeFileAtomicSync(target, text);
    cli.err(`Wrote ${target}`);
  } else {
    process.stdout.write(text);
  }
  const notRead = report.counts.unreadable + report.counts.skipped;
  if (notRead)
    cli.err(`${notRead} file(s) not read as logs: see the rows marked unreadable or skipped`);
  return 0;
}
