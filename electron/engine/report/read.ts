/**
 * Reads the report's folder with bounds: only regular `.json` files directly in it, each at most
 * MAX_INPUT_BYTES, at most MAX_INPUT_ENTRIES entries. Links (symlinks, junctions) are never
 * followed and are listed as skipped, like folders and devices, so nothing disappears silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import { MAX_INPUT_BYTES, MAX_INPUT_ENTRIES } from './schema';

export type InputFile =
  | { name: string; kind: 'text'; text: string }
  | { name: string; kind: 'unreadable'; reason: string }
  | { name: string; kind: 'skipped'; reason: string };

// O_NOFOLLOW does not exist on Windows; there the lstat type and the dev/ino comparison after
// opening stand in for it (a junction swapped in between would change the identity).
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const MiB = 1024 * 1024;

export function readReportDir(dir: string): InputFile[] {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch (e) {
    throw new InputError(
      `${dir}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (st.isSymbolicLink()) throw new InputError(`${dir}: is a link; name the folder itself`);
  if (!st.isDirectory()) throw new InputError(`${dir}: not a folder of run logs`);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(
      `${dir}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (entries.length > MAX_INPUT_ENTRIES) {
    throw new InputError(
      `${dir}: ${entries.length} entries, more than the ${MAX_INPUT_ENTRIES} a report reads; split the folder`,
    );
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.map((e) => readEntry(dir, e));
}

function readEntry(dir: string, e: fs.Dirent): InputFile {
  const name = e.name;
  // readdir reports junctions and symlinks as links: never descend or open them.
  if (e.isSymbolicLink()) return { name, kind: 'skipped', reason: 'a link (not followed)' };
  if (e.isDirectory()) return { name, kind: 'skipped', reason: 'a folder (not read)' };
  if (!e.isFile()) return { name, kind: 'skipped', reason: 'not a regular file' };
  if (!name.toLowerCase().endsWith('.json'))
    return { name, kind: 'skipped', reason: 'not a .json file' };
  const file = path.join(dir, name);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ELOOP') return { name, kind: 'skipped', reason: 'a link (not followed)' };
    return { name, kind: 'unreadable', reason: `cannot be opened (${code})` };
  }
  try {
    const st = fs.fstatSync(fd);
    const before = fs.lstatSync(file);
    if (!st.isFile() || st.dev !== before.dev || st.ino !== before.ino)
      return { name, kind: 'skipped', reason: 'not a regular file' };
    if (st.size > MAX_INPUT_BYTES)
      return {
        name,
        kind: 'unreadable',
        reason: `larger than ${MAX_INPUT_BYTES / MiB} MiB (${(st.size / MiB).toFixed(1)} MiB)`,
      };
    // Read at most one byte past the cap, in case the file grows after fstat.
    const buf = Buffer.allocUnsafe(Math.min(st.size, MAX_INPUT_BYTES) + 1);
    let n = 0;
    for (;;) {
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    if (n > MAX_INPUT_BYTES)
      return { name, kind: 'unreadable', reason: `larger than ${MAX_INPUT_BYTES / MiB} MiB` };
    return { name, kind: 'text', text: buf.toString('utf8', 0, n) };
  } catch (err) {
    return {
      name,
      kind: 'unreadable',
      reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  } finally {
    fs.closeSync(fd);
  }
}
