import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeText } from '../../../electron/system/windows/text';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/windows',
);

/** A fixture as the runner would hand it over: bytes decoded the same way. */
export function fixture(command: string, name: string): string {
  return decodeText(fs.readFileSync(path.join(FIXTURES, command, name)));
}

export function fixtureNames(command: string): string[] {
  return fs.readdirSync(path.join(FIXTURES, command)).filter((n) => !n.endsWith('.source'));
}

export const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
