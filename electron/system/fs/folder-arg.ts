/**
 * A folder a person named (`--state-dir`, `practice init DIR`, `--out`'s folder): say in one
 * line what is wrong with it before anything tries to create or use it, instead of an ENOTDIR
 * from deep inside.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';

/**
 * `dir` must be a folder, or not exist yet under an existing folder (then it can be made).
 * `label` names the argument (`--state-dir`). Returns the resolved path.
 */
export function checkFolderArg(
  dir: string,
  label: string,
  opts: { mustExist?: boolean } = {},
): string {
  const abs = path.resolve(dir);
  const st = statOrNull(abs);
  if (st) {
    if (!st.isDirectory()) throw new InputError(`${label} ${abs}: is a file, not a folder`);
    return abs;
  }
  if (opts.mustExist) throw new InputError(`${label} ${abs}: no such folder`);
  // Not there yet: whatever exists on the way must be folders.
  for (let up = path.dirname(abs); ; up = path.dirname(up)) {
    const s = statOrNull(up);
    if (s) {
      if (!s.isDirectory()) throw new InputError(`${label} ${abs}: ${up} is a file, not a folder`);
      return abs;
    }
    if (path.dirname(up) === up) return abs;
  }
}

/** stat, or null when nothing is there — ENOTDIR too: then a file is on the way, found above. */
function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}
