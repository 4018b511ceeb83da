import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Every entry under `dir` (links not followed): relative path → type + content hash. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) out.set(rel, `link:${fs.readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.set(rel, 'dir');
        walk(p);
      } else
        out.set(
          rel,
          `file:${st.mode.toString(8)}:${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`,
        );
    }
  };
  walk(dir);
  return out;
}

/** What changed between two snapshots: lost, changed and added paths. */
export function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of before) {
    if (!after.has(k)) out.push(`lost ${k}`);
    else if (after.get(k) !== v) out.push(`changed ${k}`);
  }
  for (const k of after.keys()) if (!before.has(k)) out.push(`added ${k}`);
  return out;
}

/** An outside folder with a few files worth protecting. */
export function outsideTree(dir: string, files = 5): string {
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  for (let i = 0; i < files; i++)
    fs.writeFileSync(path.join(dir, `keep-${i}.txt`), `precious ${i}\n`);
  fs.writeFileSync(path.join(dir, 'sub', 'deep.txt'), 'deep\n');
  return dir;
}
