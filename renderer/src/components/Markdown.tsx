/**
 * The Markdown subset workflow instructions use — paragraphs, bullet and numbered lists, **bold**
 * and `code` — rendered as React elements. No HTML from the text ever reaches the DOM as markup,
 * so instructions cannot inject anything (no dangerouslySetInnerHTML anywhere in the app).
 */
import type { ReactNode } from 'react';

type Block = { kind: 'p'; text: string } | { kind: 'ul' | 'ol'; items: string[] };

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'p', text: para.join(' ') });
    para = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    if (!line) {
      flush();
    } else if (bullet || numbered) {
      flush();
      const kind = bullet ? 'ul' : 'ol';
      const text = (bullet ?? numbered)![1]!;
      const last = blocks.at(-1);
      if (last && last.kind === kind) last.items.push(text);
      else blocks.push({ kind, items: [text] });
    } else {
      const last = blocks.at(-1);
      // A wrapped list item continues on an indented line.
      if (!para.length && last && last.kind !== 'p' && /^\s+/.test(raw))
        last.items[last.items.length - 1] += ` ${line}`;
      else para.push(line);
    }
  }
  flush();
  return blocks;
}

/** Inline: `code` first (its content stays literal), then **bold**. */
export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  const parts = text.split(/(`[^`]+`)/g);
  parts.forEach((part, i) => {
    if (/^`[^`]+`$/.test(part)) {
      out.push(<code key={`${keyPrefix}c${i}`}>{part.slice(1, -1)}</code>);
      return;
    }
    part.split(/(\*\*[^*]+\*\*)/g).forEach((seg, j) => {
      if (/^\*\*[^*]+\*\*$/.test(seg))
        out.push(<strong key={`${keyPrefix}b${i}-${j}`}>{seg.slice(2, -2)}</strong>);
      else if (seg) out.push(seg);
    });
  });
  return out;
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  return (
    <div className={`markdown ${className ?? ''}`}>
      {parseBlocks(source).map((b, i) =>
        b.kind === 'p' ? (
          <p key={i}>{renderInline(b.text, `p${i}`)}</p>
        ) : b.kind === 'ul' ? (
          <ul key={i}>
            {b.items.map((it, j) => (
              <li key={j}>{renderInline(it, `u${i}-${j}`)}</li>
            ))}
          </ul>
        ) : (
          <ol key={i}>
            {b.items.map((it, j) => (
              <li key={j}>{renderInline(it, `o${i}-${j}`)}</li>
            ))}
          </ol>
        ),
      )}
    </div>
  );
}
