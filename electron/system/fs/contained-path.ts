/**
 * Path containment for folders that stand for a Windows drive (practice machines, the emulator,
 * the elevated helper's test root): `C:\X\Y` ↦ `<root>/C/X/Y`, and proof that the result names
 * something inside `<root>` — not merely textually, but on disk:
 *
 * - the Windows path is plain: `D:\seg\seg…`, no `..`/`.`, no device or UNC prefix (`\\?\`,
 *   `\\.\`, `\\srv\`), no NUL or control characters, no `/`, no `:` (alternate data streams);
 * - every existing component from the root down is `lstat`ed: no symbolic link, no junction
 *   (Node reports both as links), nothing but directories above the last component, and every
 *   component on the root's device (a mount point below the root is refused);
 * - on Linux also no component that is a mount point in `/proc/self/mountinfo`: that catches a
 *   bind mount of a folder of the same filesystem, which has the root's device number;
 * - the `realpath` of the deepest existing ancestor stays under `realpath(root)`.
 *
 * This is a check at one instant; a component swapped for a link right after it is the caller's
 * race to bound (safe-clear re-verifies with fd-relative checks, atomic-file writes by rename so
 * a link at the target is replaced, never written through).
 *
 * Not detectable here: macOS/Windows bind-like mounts that keep the device id (macOS has no
 * same-device bind mounts; Windows volume mount points are junctions, which lstat reports).
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import { mountPointsUnder } from './safe-clear';

/** A Windows path that would leave the folder standing for the drive. */
export class PathEscapeError extends InputError {
  constructor(message: string) {
    super(message);
    // Keep InputError's name: hosts print an InputError as one line and exit 2.
  }
}

export interface MapOptions {
  /**
   * The caller will write the last component: when it exists it must be a regular file (a
   * directory, FIFO or device there is refused as well as a link).
   */
  forWrite?: boolean;
  /** Names the folder in messages ("practice machine /tmp/pc"); default the root path. */
  label?: string;
}

const SEGMENT_BAD = /[\\/:*?"<>|]/;

/** The drive letter and segments of a plain absolute Windows path, or a reason it is not. */
export function splitWinPath(winPath: string): { drive: string; parts: string[] } | string {
  if (typeof winPath !== 'string') return 'not a string';
  if (winPath.length > 32_767) return 'too long';
  if (/^[\\/]{2}/.test(winPath)) return 'device and network paths are not allowed';
  const m = /^([A-Za-z]):\\(.*)$/s.exec(winPath);
  if (!m) return 'not an absolute Windows path';
  const parts = m[2]!.split('\\').filter((s) => s.length > 0);
  for (const s of parts) {
    if (s === '.' || s === '..') return '`.` and `..` are not allowed';
    if ([...s].some((ch) => ch.charCodeAt(0) < 0x20)) return 'control characters are not allowed';
    if (SEGMENT_BAD.test(s)) return `a path segment holds a character Windows refuses: ${s}`;
  }
  return { drive: m[1]!.toUpperCase(), parts };
}

function isSameOrUnder(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Maps `winPath` into `root` and checks every component (see the file comment). Throws
 * `PathEscapeError` (an InputError: one line, exit 2) naming the path and why.
 */
export function mapInside(root: string, winPath: string, opts: MapOptions = {}): string {
  const label = opts.label ?? root;
  const split = splitWinPath(winPath);
  if (typeof split === 'string')
    throw new PathEscapeError(`${label}: path not allowed (${split}): ${JSON.stringify(winPath)}`);
  let realRoot: string;
  let rootSt: fs.Stats;
  try {
    realRoot = fs.realpathSync.native(path.resolve(root));
    rootSt = fs.statSync(realRoot);
  } catch {
    throw new PathEscapeError(`${label}: the folder does not exist`);
  }
  if (!rootSt.isDirectory()) throw new PathEscapeError(`${label}: not a folder`);
  const comps = [split.drive, ...split.parts];
  const mounts = mountPointsUnder(realRoot);
  let cur = realRoot;
  let deepest = realRoot;
  for (let i = 0; i < comps.length; i++) {
    cur = path.join(cur, comps[i]!);
    const last = i === comps.length - 1;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') break; // nothing further down exists: nothing to follow
      if (code === 'ENOTDIR') throw refuse(label, winPath, `${shown(comps, i)} is not a folder`);
      throw refuse(label, winPath, `${shown(comps, i)} cannot be examined (${code ?? 'error'})`);
    }
    if (st.isSymbolicLink())
      throw refuse(label, winPath, `${shown(comps, i)} is a symbolic link or junction`);
    if (st.dev !== rootSt.dev || mounts.has(cur))
      throw refuse(label, winPath, `${shown(comps, i)} is a mount point`);
    if (!last && !st.isDirectory())
      throw refuse(label, winPath, `${shown(comps, i)} is not a folder`);
    if (last && opts.forWrite && !st.isFile())
      throw refuse(label, winPath, `${shown(comps, i)} is not a regular file`);
    deepest = cur;
  }
  let real: string;
  try {
    real = fs.realpathSync.native(deepest);
  } catch {
    throw refuse(label, winPath, 'it changed while it was being checked');
  }
  if (!isSameOrUnder(real, realRoot))
    throw refuse(label, winPath, 'it resolves outside the folder');
  return path.join(realRoot, ...comps);
}

function shown(comps: string[], i: number): string {
  return `${comps[0]}:\\${comps.slice(1, i + 1).join('\\')}`;
}

function refuse(label: string, winPath: string, why: string): PathEscapeError {
  return new PathEscapeError(`${label}: refusing ${winPath}: ${why}`);
}

/** A `toLocal` mapper for fs-ops (`C:\a` ↦ `<root>/C/a`, checked on every call). */
export function containedMapper(root: string, label?: string) {
  return (winPath: string, opts: Omit<MapOptions, 'label'> = {}): string =>
    mapInside(root, winPath, { ...opts, ...(label ? { label } : {}) });
}
