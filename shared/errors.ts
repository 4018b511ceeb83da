/**
 * Bad input from a person or a file: a malformed profile, answers file, state, bundle, IPC
 * payload or CLI argument. Hosts show `message` as one line (no stack) and exit with code 2.
 * The message names the file (or argument) and the field.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof Error && e.name === 'InputError';
}

/** Formats a zod-like issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}
