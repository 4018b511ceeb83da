/**
 * `wsops report DIR`: many run logs and check outputs merged into one table (docs/fleet.md).
 * Files are read one at a time and only their row is kept, so memory stays bounded by the
 * largest file (MAX_INPUT_BYTES), whatever the number of files.
 */
import path from 'node:path';
import { readReportDir } from './read';
import { countVerdicts, renderCsv, renderHtml, renderJson, sortRows } from './render';
import { rowFor, type DiagnosisRule } from './rows';
import { REPORT_FORMAT, type Report, type SortKey } from './schema';

export const REPORT_FORMATS = ['csv', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  sort?: SortKey;
  reverse?: boolean;
  rules?: readonly DiagnosisRule[];
  now?: Date;
}

export function buildReport(dir: string, opts: ReportOptions = {}): Report {
  const sort = opts.sort ?? 'host';
  const rows = readReportDir(dir).map((f) => rowFor(f, opts.rules ?? []));
  const sorted = sortRows(rows, sort, opts.reverse);
  return {
    format: REPORT_FORMAT,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    dir: path.resolve(dir),
    sort: `${sort}${opts.reverse ? ' (reversed)' : ''}`,
    counts: countVerdicts(sorted),
    rows: sorted,
  };
}

export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    case 'json':
      return renderJson(report);
  }
}

export type { DiagnosisRule } from './rows';
export { SORT_KEYS, type SortKey, type Report, type ReportRow } from './schema';
