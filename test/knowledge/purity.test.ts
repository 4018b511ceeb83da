/**
 * electron/knowledge/ is pure data + pure functions: it imports nothing but its own modules —
 * no Node, no system layer, no simulator — so the emulator, the real host and the renderer-side
 * docs can all use it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(__dirname, '../../electron/knowledge');

describe('electron/knowledge imports', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const f of files) {
    it(`${f} imports only ./ siblings`, () => {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      const specifiers = [
        ...src.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm),
      ].map((m) => m[1]!);
      expect(specifiers.filter((s) => !/^\.\/[\w-]+$/.test(s))).toEqual([]);
    });
  }
});
