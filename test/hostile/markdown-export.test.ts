/**
 * Issue 11 point 12: the Markdown export prints untrusted text (file names with newlines,
 * `<script>`, backticks in evidence) as text. Checked by rendering the export with a CommonMark
 * renderer (markdown-it, raw HTML allowed: the worst case of a viewer).
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { exportMarkdown } from '../../electron/engine/export/markdown';
import type { CheckResult, RunState } from '../../shared/model';

const NASTY_NAME = 'report\n# Owned\n- [x] **Fake step** — done\n<script>alert(1)</script>';
const EVIDENCE = [
  'ReflectDrivers="C:\\Program Files\\dcrypt" `rm -rf` ``` ```` <img src=x onerror=alert(1)>',
  '`starts and ends with backticks`',
  'line one\nline two with ``` fence\n````\n<script>alert(2)</script>',
  'C:\\Windows\\SoftwareDistribution\\Download\\evil\r\nname.cab',
];

function check(over: Partial<CheckResult>): CheckResult {
  return {
    id: 'c',
    title: 'SetupConfig.ini <b>bold</b>',
    status: 'warn',
    summary: `found ${NASTY_NAME}`,
    evidence: EVIDENCE,
    at: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const state: RunState = {
  runId: 'r1',
  workflow: 'wf',
  workflowTitle: 'Fix <script>x</script> *now*',
  status: 'failed',
  startedAt: '2026-01-01T00:00:00.000Z',
  machine: { kind: 'practice', label: `pc ${NASTY_NAME}` },
  steps: [
    {
      id: 's1',
      title: 'Step `one` [link](http://evil)',
      status: 'done',
      attempts: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      summary: NASTY_NAME,
      before: [check({})],
      after: [],
      action: {
        id: 'a',
        attempt: 1,
        ok: true,
        summary: 'Removed <script>',
        details: [...EVIDENCE, NASTY_NAME],
        outputs: {},
        startedAt: '2026-01-01T00:00:00.000Z',
      },
    },
    { id: 's2', title: 'Two', status: 'pending', attempts: 0, before: [], after: [] },
  ],
  answers: { installerPath: { value: 'C:\\x`y`\n<script>', source: 'answers-file' } },
  message: 'blocked by `x`\n<script> C:\\Windows \\*not emphasis\\* \\',
  warnings: ['torn <script> tail\n# heading'],
};

const md = new MarkdownIt({ html: true });
const dom = (html: string) => {
  // A tiny element census is enough: count real tags markdown-it produced.
  return {
    count: (tag: string) => (html.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length,
    codeTexts: [...html.matchAll(/<code[^>]*>([\s\S]*?)<\/code>/g)].map((m) =>
      m[1]!
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    ),
  };
};

describe('Markdown export of hostile text', () => {
  const text = exportMarkdown(state, new Date('2026-01-02T00:00:00Z'));
  const html = md.render(text);
  const d = dom(html);

  it('renders no HTML from the run: no script, img, b, heading or link of its own', () => {
    expect(d.count('script')).toBe(0);
    expect(d.count('img')).toBe(0);
    expect(d.count('b')).toBe(0);
    expect(d.count('a')).toBe(0);
    expect(d.count('em')).toBe(0);
    expect(d.count('strong')).toBe(4); // the verdict, the status and the two step titles
    expect(d.count('h1')).toBe(1); // the title line only
    expect(html).toContain('&lt;script&gt;');
  });

  it('a backslash stays literal: C:\\Windows as is, \\* as backslash + star', () => {
    expect(html).toContain('C:\\Windows \\*not emphasis\\* \\');
  });

  it('a newline in a name never starts a new list item or heading', () => {
    // One checklist item per step, whatever the names hold.
    expect(text.split('\n').filter((l) => /^- \[[x ]\] /.test(l))).toHaveLength(2);
    expect(text).not.toMatch(/^# Owned/m);
  });

  it('every evidence and detail line comes out byte for byte in a code element', () => {
    for (const e of [...EVIDENCE, NASTY_NAME]) {
      const want = e.replace(/\r\n|\r/g, '\n');
      const found = d.codeTexts.some((c) => c === want || c === `${want}\n`);
      expect(found, JSON.stringify(e)).toBe(true);
    }
  });

  it('backticks in evidence are kept (not rewritten to quotes)', () => {
    expect(d.codeTexts).toContain('`starts and ends with backticks`');
  });
});
