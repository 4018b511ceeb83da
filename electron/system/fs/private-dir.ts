/**
 * A folder only this user may change (practice machines live in one). A folder another local
 * user made first — in a shared place like /tmp — could be emptied or swapped by them under us,
 * so it is refused, not adopted.
 *
 * POSIX: created 0700; an existing one must be a real directory (not a link), owned by this
 * process's uid, with no group/other permission bits. Windows: the folder lives under the user's
 * own profile (%APPDATA%), whose inherited ACL already keeps other users out; Node exposes no
 * owner SID, so only the link and folder checks apply there.
 */
import fs from 'node:fs';
import { InputError } from '../../../shared/errors';

export function ensurePrivateDir(dir: string, uid = process.getuid?.()): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkPrivateDir(dir, uid);
  return dir;
}

/** Throws an InputError (one line, how to recover) unless `dir` is private to this user. */
export function checkPrivateDir(dir: string, uid = process.getuid?.()): void {
  const st = fs.lstatSync(dir);
  if (st.isSymbolicLink())
    throw new InputError(`${dir}: is a symbolic link; remove it and try again`);
  if (!st.isDirectory()) throw new InputError(`${dir}: exists and is not a folder`);
  if (process.platform === 'win32' || uid === undefined) return;
  if (st.uid !== uid)
    throw new InputError(
      `${dir}: belongs to another user (uid ${st.uid}); refusing to keep practice machines there — remove it or use another folder`,
    );
  if ((st.mode & 0o077) !== 0)
    throw new InputError(
      `${dir}: others may change it (mode ${(st.mode & 0o777).toString(8)}); run chmod 700 on it`,
    );
}
