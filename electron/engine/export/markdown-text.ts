/**
 * Putting untrusted text (file names, command output, summaries) into Markdown without it
 * turning into markup: CommonMark (https://spec.commonmark.org/0.31.2/) backslash escapes for
 * prose, code spans and fenced code blocks whose backtick fence is longer than any backtick run
 * inside (§4.5, §6.1) for raw text.
 */

/**
 * ASCII punctuation that can start inline markup or raw HTML (`<script>`), or end a table cell;
 * and a backslash before ASCII punctuation (it would escape our escape or the next character).
 * A backslash elsewhere — `C:\Windows` — is literal in CommonMark and stays as it is.
 */
const INLINE_SPECIAL = /[`*_[\]<>&|~]|\\(?=[!-/:-@[-`{-~]|$)/g;

/** One line of prose: specials backslash-escaped, line breaks shown as ⏎ (never a new block). */
export function mdInline(text: string): string {
  return text.replace(INLINE_SPECIAL, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, ' ⏎ ');
}

function longestBacktickRun(text: string): number {
  let max = 0;
  for (const m of text.matchAll(/`+/g)) max = Math.max(max, m[0].length);
  return max;
}

export function isMultiLine(text: string): boolean {
  return /[\r\n]/.test(text);
}

/** A code span for one line, its delimiter longer than any backtick run inside (§6.1). */
export function mdCode(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  // A space each side when the content starts/ends with a backtick or space (stripped on render).
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A fenced code block indented by `indent` spaces (to sit inside a list item), its fence longer
 * than any backtick run inside, so no line of the text can close it (§4.5).
 */
export function mdFence(text: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  const lines = text.replace(/\r\n|\r/g, '\n').split('\n');
  return [`${pad}${fence}`, ...lines.map((l) => `${pad}${l}`), `${pad}${fence}`];
}

/** A list item holding raw text: a code span when it is one line, else a fenced block under it. */
export function mdRawItem(text: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (!isMultiLine(text)) return [`${pad}- ${mdCode(text)}`];
  return [`${pad}-`, ...mdFence(text, indent + 2)];
}
