/** `npm start` without the Electron binary: one clear message and what still works, no stack. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { electronBinary } from '../../scripts/start.mjs';

const found = (electronBinary as () => { binary?: string; error?: string })();

describe('npm start without Electron', () => {
  it.skipIf(Boolean(found.binary))('says what happened and what still works', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Workstation Ops: the desktop app cannot open here — /);
    for (const still of ['wsops -- help', 'practice init', 'npm test'])
      expect(r.stderr).toContain(still);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).not.toContain('Downloading Electron');
  });
});
