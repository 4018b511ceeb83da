/**
 * The docs for formats users write and read must name every field of the schema they describe —
 * the schema is the source of truth, this test keeps the doc from drifting.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { MachineProfileSchema } from '../electron/system/simulated/profile';
import { RunLogSchema } from '../shared/run-log';

/** Dotted paths of every object field (arrays as `name[]`). */
export function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return schemaPaths(def.innerType as z.ZodType, prefix);
    case 'array': {
      const inner = schemaPaths(def.element as z.ZodType, `${prefix}[]`);
      return inner.length ? inner : [`${prefix}[]`];
    }
    case 'record':
      return schemaPaths(def.valueType as z.ZodType, `${prefix}.<name>`);
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return Object.entries(shape).flatMap(([k, v]) => {
        const p = prefix ? `${prefix}.${k}` : k;
        const inner = schemaPaths(v, p);
        return inner.length ? inner : [p];
      });
    }
    default:
      return [];
  }
}

/**
 * A field counts as documented when the doc names its full path in backticks, or names its parent
 * path and the field's own name (tables list nested fields in their parent's row).
 */
function expectDocNames(doc: string, paths: string[]) {
  const text = fs.readFileSync(doc, 'utf8');
  const named = (p: string) => text.includes(`\`${p}\``);
  const missing = paths.filter((p) => {
    if (named(p)) return false;
    const cut = p.lastIndexOf('.');
    return !(cut > 0 && named(p.slice(0, cut)) && named(p.slice(cut + 1)));
  });
  expect(missing, `${doc} does not name these fields`).toEqual([]);
}

describe('docs name every field', () => {
  it('docs/machine-profile.md covers machine.json', () => {
    const paths = schemaPaths(MachineProfileSchema);
    expect(paths).toContain('os.version');
    expect(paths).toContain('services.<name>.startType');
    expectDocNames('docs/machine-profile.md', paths);
  });

  it('docs/run-log.md covers the JSON export', () => {
    const paths = schemaPaths(RunLogSchema);
    expect(paths).toContain('steps[].checks[].summary');
    expectDocNames('docs/run-log.md', paths);
  });
});
