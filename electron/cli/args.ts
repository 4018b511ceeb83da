/** Strict argument parsing: an unknown flag or a missing value is bad input (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../../shared/errors';
import { defaultStateDir } from '../engine/store';
import { checkFolderArg } from '../system/fs/folder-arg';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(
  command: string,
  argv: string[],
  options: Options,
  maxPositionals: number,
): Parsed {
  let result;
  try {
    result = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0] ?? 'bad arguments';
    const unknown = /Unknown option '([^']+)'/.exec(msg);
    if (unknown)
      throw new InputError(`${unknown[1]}: unknown option for "wsops ${command}" (see wsops help)`);
    throw new InputError(`wsops ${command}: ${msg}`);
  }
  if (result.positionals.length > maxPositionals) {
    throw new InputError(
      `wsops ${command}: unexpected argument "${result.positionals[maxPositionals]}"`,
    );
  }
  return { values: result.values as Parsed['values'], positionals: result.positionals };
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new InputError(`--${name}: expected a value`);
  return v;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

export function int(p: Parsed, name: string, min: number, max: number): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new InputError(`--${name}: expected a whole number, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new InputError(`--${name}: expected ${min} to ${max}, got ${n}`);
  return n;
}

/**
 * The state dir: `--state-dir`, else WSOPS_STATE_DIR or the default. A file there (or on the way
 * there) is bad input, said before any command tries to make `runs/` inside it.
 */
export function stateDirOf(p: Parsed): string {
  const given = str(p, 'state-dir');
  if (given) return checkFolderArg(given, '--state-dir');
  return checkFolderArg(
    defaultStateDir(),
    process.env.WSOPS_STATE_DIR ? 'WSOPS_STATE_DIR' : 'the state folder',
  );
}
