import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, renderReport } from '../../electron/engine/report';
import { readReportDir } from '../../electron/engine/report/read';
import { rowFor } from '../../electron/engine/report/rows';
import {
  MAX_INPUT_BYTES,
  MAX_INPUT_ENTRIES,
  ReportSchema,
} from '../../electron/engine/report/schema';
import { diagnosisRules } from '../../electron/cli/commands/report';
import { tempDir, wsops } from '../helpers/cli';
import { sampleRunLog, writeSampleLogs } from './sample-logs';

const text = (name: string, value: unknown) =>
  ({ name, kind: 'text', text: JSON.stringify(value) }) as const;
const rules = diagnosisRules();
const BUNDLES = path.join(__dirname, '..', 'fixtures', 'bundles');

function checkOutput(bundle: string): unknown {
  const r = wsops([
    'check',
    'windows-update-diskcryptor',
    '--bundle',
    path.join(BUNDLES, bundle),
    '--json',
  ]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('report rows', () => {
  it('a finished run: ok, its restarts counted, no problem step', () => {
    const row = rowFor(text('a.json', sampleRunLog(1)), rules);
    expect(row).toMatchObject({ kind: 'run', host: 'pc-0001', status: 'finished', verdict: 'ok' });
    expect(row.problem).toBeNull();
    expect(row.restarts).toBe(sampleRunLog(1).steps.filter((s) => s.reboot !== null).length);
    expect(row.restarts).toBeGreaterThan(0);
  });

  it('a failed run names the failed step and why', () => {
    const log = sampleRunLog(2, { status: 'failed', stopAt: 5 });
    const row = rowFor(text('b.json', log), rules);
    expect(row.verdict).toBe('failed');
    expect(row.problem).toBe(`${log.steps[5]!.title} (failed): ${log.steps[5]!.summary}`);
    expect(row.finishedAt).toBeNull();
  });

  it('blocked, waiting and paused runs', () => {
    const blocked = rowFor(
      text('c.json', sampleRunLog(3, { status: 'blocked', stopAt: 2 })),
      rules,
    );
    expect(blocked.verdict).toBe('failed');
    expect(blocked.problem).toContain('(blocked)');
    const waiting = rowFor(text('d.json', sampleRunLog(4, { status: 'waiting-answer' })), rules);
    expect(waiting.verdict).toBe('in-progress');
    expect(waiting.problem).toContain('(waiting)');
    const paused = rowFor(text('e.json', sampleRunLog(5, { status: 'paused-reboot' })), rules);
    expect(paused).toMatchObject({ verdict: 'in-progress', problem: null });
  });

  it('a finished run whose last check failed or could not be read needs attention, never ok', () => {
    for (const lastCheck of ['fail', 'unknown'] as const) {
      const row = rowFor(text('f.json', sampleRunLog(6, { lastCheck })), rules);
      expect(row.verdict).toBe('attention');
      expect(row.verdictText).toContain(lastCheck);
    }
    expect(rowFor(text('g.json', sampleRunLog(6, { lastCheck: 'warn' })), rules).verdict).toBe(
      'ok',
    );
  });

  it('bundle check outputs: the DiskCryptor 0x1A pattern is a problem, a clean PC is clear, unreadable facts are unknown', () => {
    expect(rowFor(text('dc.json', checkOutput('diskcryptor-1709')), rules)).toMatchObject({
      kind: 'check',
      status: 'checked',
      verdict: 'problem',
      host: expect.stringContaining('DESKTOP-DC1709'),
    });
    expect(rowFor(text('ok.json', checkOutput('clean-win11')), rules).verdict).toBe('clear');
    const garbage = rowFor(text('g.json', checkOutput('garbage')), rules);
    expect(garbage.verdict).toBe('unknown');
    expect(garbage.verdictText).toContain('diskcryptor-installed');
  });

  it('DiskCryptor installed without blue screens is clear; blue screens without a readable program list are unknown', () => {
    const out = checkOutput('diskcryptor-1709') as {
      checks: { id: string; status: string; data?: unknown }[];
    };
    const withCount = (n: number) => ({
      ...out,
      checks: out.checks.map((c) => (c.id === 'bugchecks' ? { ...c, data: { count: n } } : c)),
    });
    expect(rowFor(text('x.json', withCount(0)), rules).verdict).toBe('clear');
    const unread = {
      ...out,
      checks: out.checks.map((c) =>
        c.id === 'diskcryptor-installed' ? { ...c, status: 'unknown', data: undefined } : c,
      ),
    };
    expect(rowFor(text('y.json', unread), rules).verdict).toBe('unknown');
  });

  it('malformed files become unreadable rows naming the problem', () => {
    const bad = rowFor({ name: 'x.json', kind: 'text', text: '{"format":' }, rules);
    expect(bad).toMatchObject({ kind: 'unreadable', verdict: 'unreadable', file: 'x.json' });
    expect(bad.problem).toMatch(/^not valid JSON/);
    const log = sampleRunLog(7) as unknown as { steps: { status: string }[] };
    log.steps[0]!.status = 'exploded';
    expect(rowFor(text('y.json', log), rules).problem).toMatch(
      /^run log field steps\[0\]\.status:/,
    );
    expect(rowFor(text('z.json', { hello: 1 }), rules).problem).toMatch(/neither a run log/);
    expect(rowFor(text('w.json', { checks: 'no' }), rules).problem).toMatch(/^check output field/);
  });
});

describe('reading the folder', () => {
  it('skips links, folders and other files, and caps the size', () => {
    const dir = tempDir('wsops-report-');
    const outside = tempDir('wsops-report-outside-');
    fs.writeFileSync(path.join(outside, 'secret.json'), JSON.stringify(sampleRunLog(1)));
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify(sampleRunLog(2)));
    fs.symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'link.json'));
    fs.symlinkSync(outside, path.join(dir, 'dirlink'));
    fs.mkdirSync(path.join(dir, 'bundles'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(dir, 'huge.json'), Buffer.alloc(MAX_INPUT_BYTES + 1, 0x20));
    fs.writeFileSync(path.join(dir, 'edge.json'), Buffer.alloc(MAX_INPUT_BYTES, 0x20));
    const got = Object.fromEntries(readReportDir(dir).map((f) => [f.name, f]));
    expect(Object.keys(got).sort()).toEqual([
      'bundles',
      'dirlink',
      'edge.json',
      'good.json',
      'huge.json',
      'link.json',
      'notes.txt',
    ]);
    expect(got['link.json']).toMatchObject({ kind: 'skipped', reason: 'a link (not followed)' });
    expect(got['dirlink']).toMatchObject({ kind: 'skipped', reason: 'a link (not followed)' });
    expect(got['bundles']).toMatchObject({ kind: 'skipped', reason: 'a folder (not read)' });
    expect(got['notes.txt']).toMatchObject({ kind: 'skipped', reason: 'not a .json file' });
    expect(got['huge.json']).toMatchObject({ kind: 'unreadable' });
    expect((got['huge.json'] as { reason: string }).reason).toMatch(/^larger than 4 MiB/);
    expect(got['edge.json']).toMatchObject({ kind: 'text' });
    expect(got['good.json']).toMatchObject({ kind: 'text' });
  });

  it(`refuses a folder with more than ${MAX_INPUT_ENTRIES} entries, and a link as the folder`, () => {
    const dir = tempDir('wsops-report-many-');
    for (let i = 0; i <= MAX_INPUT_ENTRIES; i++) fs.writeFileSync(path.join(dir, `${i}.txt`), '');
    expect(() => readReportDir(dir)).toThrow(/more than the 10000 a report reads/);
    const link = path.join(tempDir('wsops-report-l-'), 'logs');
    fs.symlinkSync(dir, link);
    expect(() => readReportDir(link)).toThrow(/is a link/);
  });
});

describe('rendering', () => {
  it('sorts on request, worst verdict first, and the JSON matches its schema', () => {
    const dir = tempDir('wsops-report-sort-');
    writeSampleLogs(dir, 12);
    fs.writeFileSync(path.join(dir, 'broken.json'), '[');
    const byStarted = buildReport(dir, { sort: 'started', reverse: true, rules });
    const started = byStarted.rows.map((r) => r.startedAt).filter((s) => s !== null);
    expect(started).toEqual([...started].sort().reverse());
    expect(byStarted.rows.at(-1)!.file).toBe('broken.json'); // no time: last
    const byVerdict = buildReport(dir, { sort: 'verdict', rules });
    expect(byVerdict.rows[0]!.verdict).toBe('unreadable');
    expect(byVerdict.rows.at(-1)!.verdict).toBe('ok');
    const json = JSON.parse(renderReport(byVerdict, 'json'));
    expect(ReportSchema.parse(json).counts).toMatchObject({ unreadable: 1, failed: 1 });
  });

  it('HTML is self-contained, script-free and escapes what machines wrote', () => {
    const dir = tempDir('wsops-report-html-');
    fs.writeFileSync(
      path.join(dir, 'evil.json'),
      JSON.stringify(sampleRunLog(1, { host: '<img src=x onerror=alert(1)>' })),
    );
    const html = renderReport(buildReport(dir, { rules }), 'html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('CSV quotes commas and quotes and defuses formulas', () => {
    const dir = tempDir('wsops-report-csv-');
    fs.writeFileSync(
      path.join(dir, 'a.json'),
      JSON.stringify(sampleRunLog(1, { host: '=HYPERLINK("x")' })),
    );
    fs.writeFileSync(
      path.join(dir, 'b.json'),
      JSON.stringify(sampleRunLog(2, { host: 'pc, "two"' })),
    );
    const lines = renderReport(buildReport(dir, { sort: 'file', rules }), 'csv').split('\r\n');
    expect(lines[0]).toBe(
      'host,workflow,status,started,finished,restarts,failed or blocked step,verdict,why,file',
    );
    expect(lines[1]!.startsWith(`"'=HYPERLINK(""x"")",`)).toBe(true);
    expect(lines[2]!.startsWith('"pc, ""two""",windows-update-diskcryptor,finished,')).toBe(true);
  });
});

describe('wsops report', () => {
  it('1,000 generated logs and two malformed ones: 1,002 rows, the two listed as unreadable by name', () => {
    const dir = tempDir('wsops-report-cli-');
    writeSampleLogs(dir, 1000);
    fs.writeFileSync(path.join(dir, 'torn.json'), JSON.stringify(sampleRunLog(5)).slice(0, 500));
    fs.writeFileSync(
      path.join(dir, 'wrong.json'),
      JSON.stringify({ ...sampleRunLog(6), status: 'melted' }),
    );
    const r = wsops(['report', dir, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(1002);
    const unreadable = rows.filter((l) => l.includes(',unreadable,'));
    expect(unreadable.map((l) => l.split(',').at(-1))).toEqual(['torn.json', 'wrong.json']);
    expect(unreadable[1]).toContain('run log field status');
    expect(rows.filter((l) => l.includes(',finished,'))).toHaveLength(
      1000 - 100 - rows.filter((l) => l.includes(',paused-reboot,')).length,
    );
    expect(r.stderr).toContain('2 file(s) not read as logs');

    const out = path.join(tempDir('wsops-report-out-'), 'fleet.html');
    const h = wsops(['report', dir, '--format', 'html', '--sort', 'verdict', '--out', out]);
    expect(h.code, h.stderr).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html.match(/<tr>/g)).toHaveLength(1003); // header + 1,002
    expect(html.indexOf('torn.json')).toBeLessThan(html.indexOf('pc-0000.json'));
  });

  it('bad arguments exit 2 with one line', () => {
    const dir = tempDir('wsops-report-args-');
    for (const [args, msg] of [
      [['report'], 'name the folder of run logs'],
      [['report', dir, '--format', 'pdf'], '--format: expected csv, html, json, got "pdf"'],
      [['report', dir, '--sort', 'colour'], '--sort: expected host,'],
      [['report', path.join(dir, 'missing')], 'cannot be read (ENOENT)'],
      [['report', dir, '--out', dir], 'is a folder; name a file'],
    ] as const) {
      const r = wsops([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
