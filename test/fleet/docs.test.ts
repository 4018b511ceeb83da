/** docs/fleet.md must name every report field, verdict, sort key and bound the code has. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_INPUT_BYTES,
  MAX_INPUT_ENTRIES,
  REPORT_FORMAT,
  ReportRowSchema,
  ReportSchema,
  SORT_KEYS,
  VerdictSchema,
} from '../../electron/engine/report/schema';
import { COLUMNS } from '../../electron/engine/report/render';
import { HELP } from '../../electron/cli/main';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'fleet.md'), 'utf8');

describe('docs/fleet.md', () => {
  it('names every row field, its column title, every verdict and the report fields', () => {
    for (const key of Object.keys(ReportRowSchema.shape))
      expect(doc, key).toContain(`| \`${key}\``);
    for (const c of COLUMNS) expect(doc, c.title).toContain(`\`${c.title}\``);
    for (const v of VerdictSchema.options) expect(doc, v).toContain(`| \`${v}\``);
    for (const key of Object.keys(ReportSchema.shape)) expect(doc, key).toContain(`\`${key}\``);
    expect(doc).toContain(REPORT_FORMAT);
  });

  it('states the bounds the reader enforces and every sort key', () => {
    expect(doc).toContain(`**${MAX_INPUT_BYTES / 1024 / 1024} MiB**`);
    expect(doc).toContain(`**${MAX_INPUT_ENTRIES.toLocaleString('en-US')}**`);
    for (const k of SORT_KEYS) expect(HELP + doc, k).toContain(k);
    expect(HELP).toContain('wsops report DIR');
  });
});
