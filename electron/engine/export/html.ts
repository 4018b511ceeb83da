import type { RunState } from '../../../shared/model';
import { toRunLog } from './json';
import { CHECK_MARK, STATUS_WORD, isTicked, timeRange } from './shared';

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
.time{color:var(--muted);font-size:.85em}@media print{body{margin:0}}`;

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
  const warnings = log.warnings.length
    ? `<h2>Warnings</h2><ul>${log.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(log.workflowTitle)} — run log</title><style>${CSS}</style></head>
<body><h1>${esc(log.workflowTitle)} — run log</h1>
<dl><dt>Run</dt><dd><code>${esc(log.runId)}</code></dd><dt>Machine</dt><dd>${esc(log.machine.label)} (${esc(log.machine.kind)})</dd>
<dt>Status</dt><dd><strong>${esc(log.status)}</strong>${log.message ? ` — ${esc(log.message)}` : ''}</dd>
<dt>Started</dt><dd>${esc(log.startedAt)}</dd><dt>Finished</dt><dd>${esc(log.finishedAt ?? '—')}</dd><dt>Exported</dt><dd>${esc(log.exportedAt)}</dd></dl>
${warnings}<h2>Checklist</h2><ol>
${steps}
</ol></body></html>
`;
}
