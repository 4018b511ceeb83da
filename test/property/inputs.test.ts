/**
 * Property tests for every input that crosses a boundary: whatever arrives, the answer is a value
 * or an InputError with a one-line message — never a crash, never a stack trace.
 */
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isInputError } from '../../shared/errors';
import { parseMachineProfile } from '../../electron/system/simulated/profile';
import { parseAnswersFile } from '../../electron/engine/answers';
import { decodeLine } from '../../electron/engine/journal';
import { main } from '../../electron/cli/main';
import type { Cli } from '../../electron/cli/cli';
import { tempDir } from '../helpers/cli';

function acceptsOrRejectsCleanly(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(isInputError(e), String((e as Error).stack)).toBe(true);
    expect((e as Error).message).not.toContain('\n');
    expect((e as Error).message.length).toBeLessThan(600);
  }
}

const jsonish = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constantFrom(
    '',
    '{',
    'null',
    '[]',
    '{"os":{}}',
    '{"os":{"caption":"x","version":"10.0.1"},"services":{"a b":{}}}',
  ),
);

/** Mutations of a valid profile: the interesting inputs are near-valid ones. */
const nearValidProfile = fc
  .record({
    caption: fc.oneof(fc.string(), fc.constant('Windows')),
    version: fc.oneof(fc.string(), fc.constant('10.0.16299')),
    state: fc.oneof(fc.string(), fc.constantFrom('running', 'stopped')),
    code: fc.oneof(fc.string(), fc.constant('0x1a')),
    extra: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }),
  })
  .map((r) =>
    JSON.stringify({
      os: { caption: r.caption, version: r.version },
      services: { wuauserv: { state: r.state, startType: 'auto' } },
      bugchecks: [{ time: '2020-01-01T00:00:00Z', code: r.code }],
      ...(r.extra ?? {}),
    }),
  );

describe('boundary inputs never crash', () => {
  it('machine.json', () => {
    fc.assert(
      fc.property(fc.oneof(jsonish, nearValidProfile), (text) =>
        acceptsOrRejectsCleanly(() => parseMachineProfile(text, '/x/machine.json')),
      ),
      { numRuns: 400 },
    );
  });

  it('answers files', () => {
    const near = fc
      .record({
        version: fc.oneof(fc.constant(1), fc.jsonValue()),
        answers: fc.dictionary(fc.string(), fc.jsonValue()),
        confirm: fc.oneof(fc.constant(true), fc.array(fc.string()), fc.jsonValue()),
      })
      .map((o) => JSON.stringify(o));
    fc.assert(
      fc.property(fc.oneof(jsonish, near), (text) =>
        acceptsOrRejectsCleanly(() => parseAnswersFile(text, '/x/answers.json')),
      ),
      { numRuns: 400 },
    );
  });

  it('journal lines decode to a record or a reason', () => {
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.string()), (line) => {
        const d = decodeLine(line);
        expect(typeof d.ok).toBe('boolean');
      }),
      { numRuns: 400 },
    );
  });

  it('CLI arguments: exit 0–4, errors in one line, never an internal error', async () => {
    const stateDir = tempDir();
    process.env.WSOPS_STATE_DIR = stateDir;
    const word = fc.oneof(
      fc.constantFrom(
        'list',
        'check',
        'run',
        'resume',
        'export',
        'practice',
        'init',
        'help',
        '--json',
        '--yes',
        '--dry-run',
        '--machine',
        '--bundle',
        '--format',
        'md',
        'pdf',
        '--out',
        '--files',
        '-1',
        '999999999',
        'latest',
        'windows-update-diskcryptor',
        '--state-dir',
        '--answers',
        '/nonexistent',
        '',
        '--',
        '-y',
      ),
      fc.string({ maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (argv) => {
        // Never let random arguments create practice machines or runs outside the temp dir.
        fc.pre(!argv.includes('init') && !(argv.includes('run') && !argv.includes('--dry-run')));
        const lines: string[] = [];
        const cli: Cli = {
          stdin: new PassThrough() as unknown as NodeJS.ReadStream,
          stderr: new PassThrough() as unknown as NodeJS.WriteStream,
          out: () => {},
          err: (l) => lines.push(l),
          onInterrupt: () => {},
        };
        const code = await main(argv, cli);
        expect([0, 1, 2, 3, 4]).toContain(code);
        expect(lines.join('\n')).not.toMatch(/internal error/);
        if (code === 2) expect(lines.at(-1)!.split('\n')).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
