/** Installed-program helpers: merging the two registry views and turning UninstallString into argv. */
import type { ProgramInfo } from '../ports';
import type { Argv } from './commands';

/**
 * 64-bit and WOW6432Node entries together, one per name+version (some installers write both).
 * Null only when neither view could be read.
 */
export function mergePrograms(...lists: (ProgramInfo[] | null)[]): ProgramInfo[] | null {
  if (lists.every((l) => l === null)) return null;
  const seen = new Map<string, ProgramInfo>();
  for (const p of lists.flatMap((l) => l ?? [])) {
    const k = `${p.name.toLowerCase()}\u0000${p.version}`;
    if (!seen.has(k)) seen.set(k, p);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Splits a Windows command line the way CommandLineToArgvW does for the program name: a quoted
 * first token may contain spaces; an unquoted one that ends in .exe before a space is the program
 * even without quotes (`C:\Program Files\x\unins000.exe /S` is common in the wild).
 */
export function splitCommandLine(line: string): string[] {
  const s = line.trim();
  if (!s) return [];
  let program: string;
  let rest: string;
  if (s.startsWith('"')) {
    const end = s.indexOf('"', 1);
    program = end < 0 ? s.slice(1) : s.slice(1, end);
    rest = end < 0 ? '' : s.slice(end + 1);
  } else {
    const exe = /^(.+?\.exe)(?=\s|$)/i.exec(s);
    program = exe ? exe[1]! : s.split(/\s+/)[0]!;
    rest = s.slice(program.length);
  }
  return [program, ...splitArgs(rest)];
}

function splitArgs(rest: string): string[] {
  const args: string[] = [];
  let cur = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (ch === '\\') {
      let n = 0;
      while (rest[i] === '\\') {
        n++;
        i++;
      }
      if (rest[i] === '"') {
        cur += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) cur += '"';
        else {
          quoted = !quoted;
        }
        any = true;
      } else {
        cur += '\\'.repeat(n);
        i--;
        any = true;
      }
      continue;
    }
    if (ch === '"') {
      quoted = !quoted;
      any = true;
      continue;
    }
    if (!quoted && /\s/.test(ch)) {
      if (any) args.push(cur);
      cur = '';
      any = false;
      continue;
    }
    cur += ch;
    any = true;
  }
  if (any) args.push(cur);
  return args;
}

/**
 * The uninstaller's argv. Inno Setup uninstallers (unins000.exe) get /SILENT /NORESTART — a
 * progress window but no questions, and no surprise restart. MsiExec /I (repair) becomes /X.
 */
export function uninstallArgv(tokens: string[]): Argv | null {
  const [file, ...args] = tokens;
  if (!file) return null;
  const base = file.split('\\').pop()!.toLowerCase();
  if (/^unins\d+\.exe$/.test(base)) {
    const has = (...flags: string[]) => args.some((a) => flags.includes(a.toUpperCase()));
    const extra = [
      ...(has('/SILENT', '/VERYSILENT') ? [] : ['/SILENT']),
      ...(has('/NORESTART') ? [] : ['/NORESTART']),
    ];
    return { file, args: [...args, ...extra] };
  }
  if (base === 'msiexec.exe' || base === 'msiexec') {
    const fixed = args.map((a) => a.replace(/^\/I(?=\{)/i, '/X'));
    return {
      file: 'msiexec.exe',
      args: [...fixed, ...(fixed.some((a) => /^\/norestart$/i.test(a)) ? [] : ['/norestart'])],
    };
  }
  return { file, args };
}
