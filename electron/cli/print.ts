/** Human output for a run as it happens. Goes to stderr when --json owns stdout. */
import type { Progress, RunState } from '../../shared/model';
import type { JournalRecord } from '../engine/journal-events';
import { formatBytes, formatCount } from '../../shared/format';
import { forMachine, type WorkflowDef } from '../engine/workflow';

/** A step's Markdown instructions as plain terminal lines, wrapped at 96 columns. */
export function terminalText(markdown: string, width = 96): string[] {
  const plain = markdown
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
  const out: string[] = [];
  for (const para of plain.split(/\n\s*\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
  }
  return out;
}

const MARK = { pass: '✔', warn: '⚠', fail: '✘', unknown: '?' } as const;

export function recordPrinter(write: (line: string) => void, instructionsOf?: WorkflowDef) {
  return (r: JournalRecord, state: RunState) => {
    const title = (id: string) => state.steps.find((s) => s.id === id)?.title ?? id;
    switch (r.type) {
      case 'step-started': {
        write(`\n▶ ${title(r.stepId)}${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''}`);
        const worded = instructionsOf && forMachine(instructionsOf, state.windowsBuild ?? null);
        const text = worded?.steps.find((s) => s.id === r.stepId)?.instructions;
        if (text) for (const line of terminalText(text)) write(`  ${line}`);
        break;
      }
      case 'check':
        write(`  ${MARK[r.result.status]} ${r.result.title}: ${r.result.summary}`);
        break;
      case 'answer':
        write(`  · ${r.questionId} = ${JSON.stringify(r.value)} (${r.source})`);
        break;
      case 'action-finished':
        write(`  ${r.action.ok ? '→' : '✘'} ${r.action.summary}`);
        break;
      case 'reboot-requested':
        write(`  ⟳ restart requested (boot ${r.bootBefore})`);
        break;
      case 'reboot-confirmed':
        write(`  ⟳ restarted (boot ${r.bootAfter})`);
        break;
      case 'step-finished':
        if (r.status !== 'done') write(`  ${r.status}: ${r.summary}`);
        break;
      case 'warning':
        write(`  ⚠ ${r.message}`);
        break;
      default:
        break;
    }
  };
}

/** Progress at most every 250 ms on a terminal, every 2 s in a log. */
export function progressPrinter(stream: NodeJS.WriteStream) {
  let last = 0;
  const tty = stream.isTTY === true;
  return (p: Progress, force = false) => {
    const now = Date.now();
    if (!force && now - last < (tty ? 250 : 2000)) return;
    last = now;
    const pct = p.total ? ` ${Math.min(100, Math.floor((p.done / p.total) * 100))}%` : '';
    const eta = p.etaSeconds !== undefined ? `, ~${Math.ceil(p.etaSeconds)} s left` : '';
    const rate =
      p.ratePerSecond !== undefined ? `, ${formatCount(Math.round(p.ratePerSecond))}/s` : '';
    const line = `  …${pct} ${formatCount(p.done)}${p.total ? `/${formatCount(p.total)}` : ''} files${p.bytes > 0 ? `, ${formatBytes(p.bytes)}` : ''}${rate}${eta}`;
    stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
}
