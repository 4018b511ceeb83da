import type { RunState } from '../../../shared/model';
import { toRunLog } from './json';
import { CHECK_MARK, STATUS_WORD, isTicked, timeRange } from './shared';

/** A Markdown checklist: one `- [x]`/`- [ ]` line per step, with checks and evidence below. */
export function exportMarkdown(state: RunState, exportedAt = new Date()): string {
  const log = toRunLog(state, exportedAt);
  const out: string[] = [];
  out.push(`# ${log.workflowTitle} — run log`, '');
  out.push(`- Run: \`${log.runId}\``);
  out.push(`- Machine: ${log.machine.label} (${log.machine.kind})`);
  out.push(`- Status: **${log.status}**${log.message ? ` — ${log.message}` : ''}`);
  out.push(`- Started: ${log.startedAt}`);
  out.push(`- Finished: ${log.finishedAt ?? '—'}`);
  out.push(`- Exported: ${log.exportedAt}`, '');
  if (log.warnings.length) {
    out.push('## Warnings', '', ...log.warnings.map((w) => `- ${w}`), '');
  }
  out.push('## Checklist', '');
  for (const s of log.steps) {
    const box = isTicked(s.status) ? '[x]' : '[ ]';
    const attempts = s.attempts > 1 ? `, ${s.attempts} attempts` : '';
    out.push(
      `- ${box} **${s.title}** — ${STATUS_WORD[s.status]} (${timeRange(s.startedAt, s.finishedAt)}${attempts})${s.summary ? `: ${s.summary}` : ''}`,
    );
    for (const c of s.checks) {
      out.push(
        `  - ${CHECK_MARK[c.status]} ${c.phase === 'before' ? 'Before' : 'After'} · ${c.title}: ${c.summary}`,
      );
      for (const e of c.evidence) out.push(`    - \`${e.replace(/`/g, "'")}\``);
    }
    if (s.action) {
      out.push(
        `  - Action: ${s.action.summary} (${timeRange(s.action.startedAt, s.action.finishedAt)})`,
      );
      for (const d of s.action.details) out.push(`    - \`${d.replace(/`/g, "'")}\``);
    }
    if (s.confirmedBy) out.push(`  - Confirmed (${s.confirmedBy})`);
    if (s.reboot)
      out.push(`  - Restart: boot ${s.reboot.bootBefore} → ${s.reboot.bootAfter ?? 'pending'}`);
  }
  if (log.answers.length) {
    out.push('', '## Answers', '');
    for (const a of log.answers)
      out.push(`- \`${a.id}\`: ${JSON.stringify(a.value)} (${a.source})`);
  }
  return `${out.join('\n')}\n`;
}
