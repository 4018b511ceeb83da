/** docs/diagnostics-bundle.md names every field of bundle.json, both formats. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BundleCommandSchema,
  BundleCopiedFileSchema,
  BundleFileSchema,
  BundleManifestV1Schema,
  BundleManifestV2Schema,
} from '../../electron/system/bundle/manifest';

const doc = fs.readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/diagnostics-bundle.md'),
  'utf8',
);

describe('docs/diagnostics-bundle.md', () => {
  it('names every field of format 2', () => {
    const fields = [
      ...Object.keys(BundleManifestV2Schema.shape).filter(
        (k) => !['tool', 'commands', 'files'].includes(k),
      ),
      'tool.name',
      'tool.version',
      ...Object.keys(BundleCommandSchema.shape).map((k) => `commands[].${k}`),
      ...Object.keys(BundleCopiedFileSchema.shape).map((k) => `files[].${k}`),
    ];
    expect(fields.filter((f) => !doc.includes(`\`${f}\``))).toEqual([]);
  });

  it('names every field of format 1', () => {
    expect(Object.keys(BundleManifestV1Schema.shape)).toContain('files');
    const missing = Object.keys(BundleFileSchema.shape).filter((k) => !doc.includes(`\`${k}\``));
    expect(missing).toEqual([]);
    expect(doc).toContain('systeminfo.txt');
  });
});
