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
import { mdCode, mdInline, mdRawItem } from './markdown-text';

/**
 * A Markdown checklist: one `- [x]`/`- [ ]` line per step, with checks and evidence below. Every
 * string from the run is untrusted (file names, command output): prose is escaped, raw lines are
 * code spans or fenced blocks (markdown-text.ts), so nothing in a run becomes markup or HTML.
 */
export function exportMarkdown(state: RunState, exportedAt = new Date()): string {
  const log = toRunLog(state, exportedAt);
  const out: string[] = [];
  const t = mdInline;
  const verdict = verdictOf(log);
  out.push(`# ${t(log.workflowTitle)} — run log`, '');
  out.push(`**${t(verdict.headline)}**`, '');
  for (const w of verdict.warnings) out.push(`- ⚠ ${t(w)}`);
  if (verdict.warnings.length) out.push('');
  out.push(`- Run: ${mdCode(log.runId)}`);
  out.push(`- Machine: ${t(log.machine.label)} (${log.machine.kind})`);
  out.push(`- Status: **${log.status}**${log.message ? ` — ${t(log.message)}` : ''}`);
  out.push(
    `- Operator: ${t(log.operator ? `${log.operator.user} on ${log.operator.host}` : 'not recorded')}`,
  );
  out.push(`- Tool: ${t(log.tool ? `${log.tool.name} ${log.tool.version}` : 'not recorded')}`);
  out.push(`- Started: ${t(localAndUtc(log.startedAt))}`);
  out.push(`- Finished: ${t(localAndUtc(log.finishedAt))}`);
  out.push(`- Exported: ${t(localAndUtc(log.exportedAt))}`, '');
  if (log.warnings.length) {
    out.push('## Warnings', '', ...log.warnings.map((w) => `- ${t(w)}`), '');
  }
  out.push('## Checklist', '');
  for (const s of log.steps) {
    const box = isTicked(s.status) ? '[x]' : '[ ]';
    const attempts = s.attempts > 1 ? `, ${s.attempts} attempts` : '';
    out.push(
      `- ${box} **${t(s.title)}** — ${STATUS_WORD[s.status]} (${t(timeRange(s.startedAt, s.finishedAt))}${attempts})${s.summary ? `: ${t(s.summary)}` : ''}`,
    );
    for (const c of s.checks) {
      out.push(
        `  - ${CHECK_MARK[c.status]} ${c.phase === 'before' ? 'Before' : 'After'} · ${t(c.title)}: ${t(c.summary)}`,
      );
      for (const e of c.evidence) out.push(...mdRawItem(e, 4));
    }
    if (s.action) {
      out.push(
        `  - Action: ${t(s.action.summary)} (${t(timeRange(s.action.startedAt, s.action.finishedAt))})`,
      );
      for (const d of s.action.details) out.push(...mdRawItem(d, 4));
    }
    if (s.confirmedBy) out.push(`  - Confirmed (${s.confirmedBy})`);
    if (s.reboot)
      out.push(
        `  - Restart: boot ${t(s.reboot.bootBefore)} → ${t(s.reboot.bootAfter ?? 'pending')}`,
      );
  }
  if (log.answers.length) {
    out.push('', '## Answers', '');
    const rows = answerRows(log);
    log.answers.forEach((a, i) => {
      const r = rows[i]!;
      out.push(
        `- ${mdCode(a.id)}: ${mdCode(JSON.stringify(a.value))} (${a.source}) — ${t(r.how)}, ${t(r.who)}, ${t(r.when)}`,
      );
    });
  }
  return `${out.join('\n')}\n`;
}
