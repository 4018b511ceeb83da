import type { RunState } from '../../../shared/model';
import { toRunLog } from './json';
import {
  CHECK_MARK,
  STATUS_WORD,
  answerRows,
  isTicked,
  localAndUtc,
  timeRange,
  verdictOf,
} from './shared';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--unknown:#57606a}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--line:#30363d;--pass:#3fb950;--warn:#d29922;--fail:#f85149}}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:var(--muted)}
ol{padding-left:1.2rem}li.step{border-top:1px solid var(--line);padding:.6rem 0}
.box{font-family:ui-monospace,monospace}.pass{color:var(--pass)}.warn{color:var(--warn)}.fail{color:var(--fail)}.unknown{color:var(--unknown)}
code,pre{font-family:ui-monospace,Consolas,monospace;font-size:.85em}pre{white-space:pre-wrap;margin:.2rem 0 .2rem 1rem;color:var(--muted)}
.time{color:var(--muted);font-size:.85em}.verdict{border:1px solid var(--line);border-left-width:.4rem;padding:.5rem 1rem;margin:1rem 0}.verdict.pass{border-left-color:var(--pass)}.verdict.fail{border-left-color:var(--fail)}.verdict strong{color:var(--fg)}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
@media print{body{margin:0;max-width:none}}`;

/** A self-contained HTML page (no scripts, no external resources) — also the source of the PDF. */
export function exportHtml(state: RunState, exportedAt = new Date()): string {
  const log = toRunLog(state, exportedAt);
  const steps = log.steps
    .map((s) => {
      const checks = s.checks
        .map(
          (c) =>
            `<li><span class="${c.status}">${esc(CHECK_MARK[c.status])}</span> ${c.phase === 'before' ? 'Before' : 'After'} · ${esc(c.title)}: ${esc(c.summary)}${
              c.evidence.length ? `<pre>${esc(c.evidence.join('\n'))}</pre>` : ''
            }</li>`,
        )
        .join('');
      const action = s.action
        ? `<p>Action: ${esc(s.action.summary)} <span class="time">${esc(timeRange(s.action.startedAt, s.action.finishedAt))}</span></p>${
            s.action.details.length ? `<pre>${esc(s.action.details.join('\n'))}</pre>` : ''
          }`
        : '';
      const reboot = s.reboot
        ? `<p>Restart: boot ${esc(s.reboot.bootBefore)} → ${esc(s.reboot.bootAfter ?? 'pending')}</p>`
        : '';
      return `<li class="step"><span class="box">${isTicked(s.status) ? '☑' : '☐'}</span> <strong>${esc(s.title)}</strong> — ${esc(STATUS_WORD[s.status])}${
        s.attempts > 1 ? ` (${s.attempts} attempts)` : ''
      } <span class="time">${esc(timeRange(s.startedAt, s.finishedAt))}</span>${s.summary ? `<p>${esc(s.summary)}</p>` : ''}<ul>${checks}</ul>${action}${reboot}${
        s.confirmedBy ? `<p>Confirmed (${esc(s.confirmedBy)})</p>` : ''
      }</li>`;
    })
    .join('\n');
  const verdict = verdictOf(log);
  const warnings = `<section class="verdict ${verdict.ok ? 'pass' : 'fail'}"><strong>${esc(verdict.headline)}</strong>${
    verdict.warnings.length
      ? `<ul>${verdict.warnings.map((w) => `<li class="warn">${esc(w)}</li>`).join('')}</ul>`
      : ''
  }</section>`;
  const rows = answerRows(log);
  const answers = rows.length
    ? `<h2>Answers and confirmations</h2><table><thead><tr><th>Question</th><th>Answer</th><th>How</th><th>Who</th><th>When</th></tr></thead><tbody>${rows
        .map(
          (r) =>
            `<tr><td>${esc(r.what)}</td><td><code>${esc(r.value)}</code></td><td>${esc(r.how)}</td><td>${esc(r.who)}</td><td>${esc(r.when)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const operator = log.operator ? `${log.operator.user} on ${log.operator.host}` : 'not recorded';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(log.workflowTitle)} — run ${esc(log.runId)}</title><style>${CSS}</style></head>
<body><h1>${esc(log.workflowTitle)} — run log</h1>${warnings}
<dl><dt>Run</dt><dd><code>${esc(log.runId)}</code></dd><dt>Machine</dt><dd>${esc(log.machine.label)} (${esc(log.machine.kind)})</dd>
<dt>Status</dt><dd><strong>${esc(log.status)}</strong>${log.message ? ` — ${esc(log.message)}` : ''}</dd>
<dt>Operator</dt><dd>${esc(operator)}</dd><dt>Tool</dt><dd>${esc(log.tool ? `${log.tool.name} ${log.tool.version}` : 'not recorded')}</dd>
<dt>Started</dt><dd>${esc(localAndUtc(log.startedAt))}</dd><dt>Finished</dt><dd>${esc(localAndUtc(log.finishedAt))}</dd><dt>Exported</dt><dd>${esc(localAndUtc(log.exportedAt))}</dd></dl>
<h2>Checklist</h2><ol>
${steps}
</ol>${answers}</body></html>
`;
}
