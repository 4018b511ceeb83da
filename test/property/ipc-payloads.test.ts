/**
 * Every IPC channel of the real handler table, fed arbitrary payloads: each call resolves or
 * rejects with an InputError of one line naming the channel — never a crash, never a stack.
 * Dialogs refuse (return null) so no payload can reach a real folder.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlerTable } from '../../electron/main/handlers';
import { isInputError } from '../../shared/errors';
import { CHANNEL_NAMES } from '../../shared/ipc-api';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsops-ipc-prop-'));
const table = createHandlerTable({
  stateDir: path.join(tmp, 'state'),
  practiceRoot: path.join(tmp, 'practice'),
  platform: 'linux',
  appVersion: '0.0.0-test',
  emit: () => {},
  dialogs: { pickFolder: async () => null, saveFile: async () => null },
  printToPdf: async () => new Uint8Array(),
  openPath: async () => {},
  openInBrowser: async () => {},
  progressIntervalMs: 0,
});
const handlers = table.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>;

afterAll(async () => {
  await table.runs.shutdown();
});

// Channels that would create things (practice machines, runs) get their own tests in test/main;
// here every channel sees garbage, which must be refused before anything happens.
const payload = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    undefined,
    null,
    '',
    {},
    { runId: '../../etc' },
    { workflowId: 42 },
    { machine: { kind: 'practice', dir: '/' } },
    { url: 'javascript:alert(1)' },
    { url: 'https://evil.example/' },
  ),
  fc.dictionary(
    fc.constantFrom(
      'runId',
      'workflowId',
      'machine',
      'format',
      'answers',
      'url',
      'scenario',
      'files',
      'dir',
    ),
    fc.jsonValue(),
  ),
);

describe('IPC payloads never crash the handler table', () => {
  it('each channel resolves or rejects with one line naming the channel', async () => {
    const names = [...CHANNEL_NAMES];
    expect(names.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), payload, async (name, p) => {
        const handler = handlers[name];
        expect(handler, name).toBeTypeOf('function');
        try {
          await handler!(p);
        } catch (e) {
          expect(isInputError(e), `${name}: ${String((e as Error).stack)}`).toBe(true);
          expect((e as Error).message).not.toContain('\n');
        }
      }),
      { numRuns: 400 },
    );
    // Nothing was created outside the sandbox; no practice machine from garbage.
    expect(
      fs.existsSync(path.join(tmp, 'practice')) ? fs.readdirSync(path.join(tmp, 'practice')) : [],
    ).toEqual([]);
  });
});
