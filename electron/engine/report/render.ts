/** The fleet report as CSV, self-contained HTML (no scripts) or JSON. */
import { REPORT_FORMAT, VerdictSchema, type Report, type ReportRow, type SortKey } from './schema';

/** Columns in the order people read them; CSV headers and HTML headers come from here. */
export const COLUMNS: readonly { key: keyof ReportRow; title: string }[] = [
  { key: 'host', title: 'host' },
  { key: 'workflow', title: 'workflow' },
  { key: 'status', title: 'status' },
  { key: 'startedAt', title: 'started' },
  { key: 'finishedAt', title: 'finished' },
  { key: 'restarts', title: 'restarts' },
  { key: 'problem', title: 'failed or blocked step' },
  { key: 'verdict', title: 'verdict' },
  { key: 'verdictText', title: 'why' },
  { key: 'file', title: 'file' },
];

const SORT_FIELD: Record<SortKey, keyof ReportRow> = {
  host: 'host',
  workflow: 'workflow',
  status: 'status',
  started: 'startedAt',
  finished: 'finishedAt',
  restarts: 'restarts',
  verdict: 'verdict',
  file: 'file',
};

// Worst first when sorting by verdict: what needs someone comes to the top.
const VERDICT_ORDER = new Map<string, number>(
  (
    [
      'unreadable',
      'failed',
      'problem',
      'attention',
      'unknown',
      'in-progress',
      'skipped',
      'clear',
      'ok',
    ] satisfies (typeof VerdictSchema.options)[number][]
  ).map((v, i) => [v, i]),
);

/** A stable sort; empty cells last, then by file so equal keys keep a fixed order. */
export function sortRows(rows: ReportRow[], key: SortKey, reverse = false): ReportRow[] {
  const field = SORT_FIELD[key];
  const rank = (r: ReportRow): string | number | null => {
    const v = r[field];
    if (field === 'verdict') return VERDICT_ORDER.get(String(v)) ?? 99;
    return v ?? null;
  };
  return [...rows].sort((a, b) => {
    const x = rank(a);
    const y = rank(b);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      const c =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
      return reverse ? -c : c;
    }
    return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  });
}

export function countVerdicts(rows: readonly ReportRow[]): Report['counts'] {
  const counts = Object.fromEntries(VerdictSchema.options.map((v) => [v, 0])) as Report['counts'];
  for (const r of rows) counts[r.verdict]++;
  return counts;
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function cell(v: ReportRow[keyof ReportRow]): string {
  return v === null ? '' : String(v);
}

/**
 * RFC 4180 quoting. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start — OWASP "CSV injection") get a leading apostrophe: labels come from untrusted machines.
 */
function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(report: Report): string {
  const lines = [COLUMNS.map((c) => c.title).join(',')];
  for (const r of report.rows) lines.push(COLUMNS.map((c) => csvCell(cell(r[c.key]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--line:#30363d;--ok:#3fb950;--warn:#d29922;--bad:#f85149}}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:2rem;padding:0}
h1{font-size:1.4rem}p,.counts{color:var(--muted)}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:var(--bg)}td.num{text-align:right}code{font-family:ui-monospace,Consolas,monospace;font-size:.85em}
.v-ok,.v-clear{color:var(--ok)}.v-attention,.v-in-progress,.v-unknown,.v-skipped{color:var(--warn)}.v-failed,.v-problem,.v-unreadable{color:var(--bad)}
@media print{body{margin:0}th{position:static}}`;

/**
 * A self-contained page under the same CSP as the run-log export (no scripts, no external
 * resources). Sorting is done when the page is made (`--sort`), so it needs no script.
 */
export function renderHtml(report: Report): string {
  const head = COLUMNS.map((c) => `<th scope="col">${esc(c.title)}</th>`).join('');
  const body = report.rows
    .map((r) => {
      const tds = COLUMNS.map((c) => {
        const v = cell(r[c.key]);
        if (c.key === 'verdict') return `<td class="v-${esc(v)}"><strong>${esc(v)}</strong></td>`;
        if (c.key === 'file') return `<td><code>${esc(v)}</code></td>`;
        if (c.key === 'restarts') return `<td class="num">${esc(v)}</td>`;
        return `<td>${esc(v)}</td>`;
      }).join('');
      return `<tr>${tds}</tr>`;
    })
    .join('\n');
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `<span class="v-${esc(v)}">${n} ${esc(v)}</span>`)
    .join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Fleet report — ${esc(report.dir)}</title><style>${CSS}</style></head>
<body><h1>Fleet report</h1>
<p>${report.rows.length} file${report.rows.length === 1 ? '' : 's'} in <code>${esc(report.dir)}</code>, sorted by ${esc(report.sort)} · made ${esc(report.generatedAt)} · <code>${esc(REPORT_FORMAT)}</code></p>
<p class="counts">${counts || 'no files'}</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></body></html>
`;
}
