import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  JournalCorruptError,
  JournalWriter,
  decodeLine,
  encodeRecord,
  readJournal,
} from '../../electron/engine/journal';
import { foldJournal } from '../../electron/engine/fold';
import { tempDir } from '../helpers/cli';

const start = {
  type: 'run-started' as const,
  runId: 'r1',
  workflow: 'w',
  workflowTitle: 'W',
  machine: { kind: 'practice' as const, label: 'p' },
  steps: [
    { id: 'a', title: 'A' },
    { id: 'b', title: 'B' },
  ],
  bootTime: null,
};

function journal(): { file: string; w: JournalWriter } {
  const file = path.join(tempDir(), 'journal.ndjson');
  const w = new JournalWriter(file, 0, () => new Date('2026-01-01T00:00:00Z'));
  w.append(start);
  w.append({ type: 'step-started', stepId: 'a', attempt: 1 });
  w.append({ type: 'step-finished', stepId: 'a', status: 'done', summary: 'ok' });
  return { file, w };
}

describe('journal', () => {
  it('round-trips records with a checksum per line', () => {
    const line = encodeRecord({ seq: 1, t: 'x', ...start });
    expect(line.endsWith('\n')).toBe(true);
    const d = decodeLine(line.trim());
    expect(d.ok && d.record.seq).toBe(1);
    expect(decodeLine(line.replace('"w"', '"v"').trim())).toEqual({
      ok: false,
      reason: 'checksum mismatch',
    });
  });

  it('folds into steps with statuses', () => {
    const { file } = journal();
    const { records, warnings } = readJournal(file);
    expect(warnings).toEqual([]);
    const state = foldJournal(records);
    expect(state.steps.map((s) => [s.id, s.status])).toEqual([
      ['a', 'done'],
      ['b', 'pending'],
    ]);
  });

  it('drops a torn last line with a warning and cuts the file back so appends stay clean', () => {
    const { file } = journal();
    const good = fs.readFileSync(file, 'utf8');
    fs.appendFileSync(file, '{"seq":4,"t":"2026');
    const { records, warnings } = readJournal(file);
    expect(records).toHaveLength(3);
    expect(warnings[0]).toMatch(/line 4 was cut short/);
    expect(fs.readFileSync(file, 'utf8')).toBe(good);
    new JournalWriter(file, 3).append({ type: 'resumed' });
    expect(readJournal(file).records).toHaveLength(4);
  });

  it('keeps a complete last record that only lost its newline', () => {
    const { file } = journal();
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n$/, ''));
    expect(readJournal(file).records).toHaveLength(3);
    expect(fs.readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('salvages the records before a damaged line: read-only changes nothing; a repair keeps every byte aside', () => {
    const { file } = journal();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"a"', '"b"');
    fs.writeFileSync(file, lines.join('\n'));
    const before = fs.readFileSync(file, 'utf8');
    const ro = readJournal(file, { repairTail: false });
    expect(ro.records).toHaveLength(1);
    expect(ro.warnings.join('\n')).toMatch(
      /journal\.ndjson: line 2 is damaged \(checksum mismatch\): the run continues from the 1 records before it/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const repaired = readJournal(file);
    expect(repaired.records).toHaveLength(1);
    const aside = fs.readdirSync(path.dirname(file)).find((n) => n.includes('.damaged-'))!;
    expect(fs.readFileSync(path.join(path.dirname(file), aside), 'utf8')).toBe(before);
    expect(readJournal(file).warnings).toEqual([]);
  });

  it('refuses records out of order and an empty journal', () => {
    const { file } = journal();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, [lines[0], lines[2], lines[1], ''].join('\n'));
    expect(readJournal(file, { repairTail: false }).warnings.join('\n')).toMatch(/out of order/);
    fs.writeFileSync(file, [lines[1], lines[0], ''].join('\n'));
    expect(() => readJournal(file)).toThrow(JournalCorruptError);
    fs.writeFileSync(file, '');
    expect(() => readJournal(file)).toThrow(/empty journal/);
  });
});
