/**
 * Generates a tree shaped like `C:\Windows\SoftwareDistribution` for tests, benchmarks and
 * practice machines. The shape matters for the clearing benchmark: a real cache is dominated by
 * `Download/<hash>/<component>/{f,r}/` folders holding a few small files each, so the cost is in
 * per-entry syscalls (unlink + rmdir), not in bytes.
 *
 * Deterministic for a seed: same seed and file count → same paths, sizes, contents and mtimes
 * (mtimes are set to whole seconds so they read back exactly on every filesystem).
 * Exactly `files` regular files are created; no links.
 *
 * Uses the callback fs API with bounded parallelism because it is the fastest way to make
 * tens of thousands of files (the promise API costs several times more per call).
 */
import { mulberry32 } from '../../../shared/prng';
import fs from 'node:fs';
import path from 'node:path';
import type { TreeStats } from '../ports';

export interface GenerateOptions {
  /** Exact number of regular files to create. */
  files: number;
  /** PRNG seed; default 1. */
  seed?: number;
  /** Operations in flight; default 32. */
  concurrency?: number;
  /** Files written so far, of `total` (called after each file; the caller throttles). */
  onProgress?(done: number, total: number): void;
}

interface PlannedFile {
  rel: string;
  size: number;
  /** Whole seconds since the epoch. */
  mtimeSec: number;
}

const KB = 1024;
const MB = 1024 * KB;
/** Largest file we create; the shared content buffer is this big plus slack for offsets. */
const MAX_LARGE = 8 * MB;

const COMPONENT_WORDS = [
  'windows',
  'kernel',
  'shell',
  'update',
  'servicing',
  'stack',
  'networking',
  'tcpip',
  'dns',
  'client',
  'security',
  'defender',
  'bits',
  'crypto',
  'ncrypt',
  'edge',
  'webview',
  'media',
  'foundation',
  'audio',
  'graphics',
  'directx',
  'd3d12',
  'print',
  'spooler',
  'storage',
  'ntfs',
  'usb',
  'hid',
  'bluetooth',
  'wifi',
  'wlan',
  'firewall',
  'rpc',
  'com',
  'ole',
  'explorer',
  'search',
  'indexer',
  'store',
  'appx',
  'deployment',
  'licensing',
  'tpm',
  'bitlocker',
  'hyperv',
  'vmbus',
  'telemetry',
  'diagtrack',
  'wmi',
  'powershell',
  'dotnet',
  'netfx4',
  'msxml',
  'ie',
  'mshtml',
];
const EXTS = ['dll', 'dll', 'dll', 'exe', 'mui', 'sys', 'manifest', 'cat', 'xml', 'dat'];
const LOCALES = ['en-us', 'de-de', 'fr-fr', 'ja-jp', 'zh-cn'];

/**
 * Creates the tree under `dir` (created if missing; must be empty if present) and returns what
 * it created: `dirs` counts the folders below `dir`, not `dir` itself; `newestMtimeMs` is the
 * newest file mtime (the same definition `countTree` uses).
 */
export async function generateSoftwareDistribution(
  dir: string,
  opts: GenerateOptions,
): Promise<TreeStats> {
  const total = Math.floor(opts.files);
  if (!Number.isFinite(total) || total < 0)
    throw new Error(`files must be a non-negative number, got ${opts.files}`);
  const rng = mulberry32(opts.seed ?? 1);
  const { dirs, files } = plan(total, rng);

  fs.mkdirSync(dir, { recursive: true });
  // Refuse to mix generated files with existing ones: the returned counts would lie, and a
  // mistaken `dir` must never end up as a data dump in someone's real folder.
  if (fs.readdirSync(dir).length > 0)
    throw new Error(`generateSoftwareDistribution: ${dir} is not empty`);

  const concurrency = Math.max(1, opts.concurrency ?? 32);
  // Parents before children: create one depth level at a time, each level in parallel.
  const byDepth = new Map<number, string[]>();
  for (const d of dirs) {
    const depth = d.split('/').length;
    let list = byDepth.get(depth);
    if (!list) byDepth.set(depth, (list = []));
    list.push(d);
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    await runPool(byDepth.get(depth)!, concurrency, (rel, cb) => fs.mkdir(path.join(dir, rel), cb));
  }

  const content = contentBuffer(rng);
  let bytes = 0;
  let newest: number | null = null;
  for (const f of files) {
    bytes += f.size;
    const ms = f.mtimeSec * 1000;
    if (newest === null || ms > newest) newest = ms;
  }
  let done = 0;
  await runPool(files, concurrency, (f, cb) =>
    writeOne(path.join(dir, f.rel), f, content, (err) => {
      if (!err) opts.onProgress?.(++done, files.length);
      cb(err);
    }),
  );

  return { files: files.length, dirs: dirs.length, bytes, links: 0, newestMtimeMs: newest };
}

/** Pure planning step: everything random is decided here, so creation order can't change it. */
function plan(total: number, rng: () => number): { dirs: string[]; files: PlannedFile[] } {
  const dirs: string[] = [];
  const dirSet = new Set<string>();
  const files: PlannedFile[] = [];
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
    return s;
  };
  const guid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`.toUpperCase();
  // A cache accumulates over ~a year; whole seconds so mtimes round-trip exactly.
  const base = Date.UTC(2024, 0, 1) / 1000;
  const when = () => base + int(0, 400 * 86400);

  const addDir = (rel: string) => {
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (!dirSet.has(p)) {
        dirSet.add(p);
        dirs.push(p);
      }
    }
  };
  const addFile = (rel: string, size: number, mtimeSec = when()): boolean => {
    if (files.length >= total) return false;
    const parent = path.posix.dirname(rel);
    if (parent !== '.') addDir(parent);
    files.push({ rel, size, mtimeSec });
    return true;
  };
  // Mostly small: 70 % 0.5–4 KB, 25 % 4–16 KB, 5 % 16–40 KB (mean ≈ 5.5 KB).
  const smallSize = () => {
    const r = rng();
    if (r < 0.7) return int(512, 4 * KB);
    if (r < 0.95) return int(4 * KB, 16 * KB);
    return int(16 * KB, 40 * KB);
  };

  // Fixed skeleton first, in priority order, so even tiny trees look like the real thing.
  addFile('ReportingEvents.log', int(64 * KB, 900 * KB));
  addFile('DataStore/DataStore.edb', int(2 * MB, 6 * MB));
  for (const name of ['edb.chk', 'edb.log', 'edbres00001.jrs', 'edbres00002.jrs', 'edbtmp.log']) {
    addFile(`DataStore/Logs/${name}`, name === 'edb.chk' ? 8 * KB : int(64 * KB, 512 * KB));
  }
  for (let i = 0, n = int(1, 4); i < n; i++)
    addFile(`PostRebootEventCache.V2/{${guid()}}.bin`, smallSize());
  for (let i = 0; i < 3; i++) {
    const g = guid();
    addFile(`SLS/${g}/sls.cab`, smallSize());
    addFile(`SLS/${g}/SLS/${guid()}/${int(1, 9)}.${int(0, 9)}/sls.cab`, smallSize());
  }
  // Folders Windows keeps even when they are empty; a clear must remove empty dirs too.
  if (total > 0) {
    for (const d of [
      'AuthCabs',
      'Backup',
      'DeliveryOptimization',
      'EventCache.v2',
      'ScanFile',
      'SelfUpdate/Default',
    ]) {
      addDir(d);
    }
  }

  // A handful of big payloads (express/PSF/ESD), scaled gently with the tree.
  const large = total >= 200 ? Math.min(8, Math.max(2, Math.ceil(total / 10_000))) : 0;
  for (let i = 0; i < large; i++) {
    const ext = pick(['cab', 'psf', 'esd', 'cab']);
    addFile(
      `Download/${hex(32)}/windows10.0-kb50${int(10000, 49999)}-x64_${hex(40)}.${ext}`,
      int(1 * MB, MAX_LARGE),
    );
  }

  // The bulk: Download/<hash>/ packages until exactly `total` files exist.
  while (files.length < total) {
    const pkg = `Download/${hex(32)}`;
    const stamp = when();
    const near = () => stamp + int(0, 3600);
    if (rng() < 0.75) {
      // Small package: a few payload files, sometimes with metadata (depth 2–3).
      for (let i = 0, n = int(1, 25); i < n; i++)
        addFile(`${pkg}/${hex(40)}.${pick(['cab', 'xml', 'dat'])}`, smallSize(), near());
      if (rng() < 0.5) addFile(`${pkg}/Metadata/${hex(16)}.xml`, smallSize(), near());
    } else {
      // Cumulative update: component folders with forward/reverse deltas (depth 4–5).
      const build = pick(['19041', '19045', '22621', '22631', '26100']);
      for (let c = 0, n = int(50, 600); c < n && files.length < total; c++) {
        const comp = `${pkg}/${pick(['amd64', 'amd64', 'wow64', 'msil'])}_microsoft-windows-${pick(COMPONENT_WORDS)}-${pick(COMPONENT_WORDS)}_31bf3856ad364e35_10.0.${build}.${int(1, 5000)}_${pick(['none', 'en-us'])}_${hex(16)}`;
        const base0 = `${pick(COMPONENT_WORDS)}${pick(COMPONENT_WORDS)}`;
        for (const sub of rng() < 0.85 ? ['f', 'r'] : ['f', 'r', 'n']) {
          for (let i = 0, k = int(1, 5); i < k; i++) {
            const deep = rng() < 0.1 ? `/${pick(LOCALES)}` : '';
            addFile(`${comp}/${sub}${deep}/${base0}${i || ''}.${pick(EXTS)}`, smallSize(), near());
          }
        }
        if (rng() < 0.3) addFile(`${comp}.manifest`, smallSize(), near());
      }
    }
  }
  return { dirs, files };
}

/** Pseudo-random bytes shared by all files (incompressible enough, cheap to make once). */
function contentBuffer(rng: () => number): Buffer {
  const buf = Buffer.allocUnsafe(MAX_LARGE + 64 * KB);
  for (let i = 0; i < buf.length; i += 4) buf.writeUInt32LE((rng() * 4294967296) >>> 0, i);
  return buf;
}

function writeOne(
  file: string,
  f: PlannedFile,
  content: Buffer,
  cb: (err: Error | null) => void,
): void {
  fs.open(file, 'wx', (err, fd) => {
    if (err) return cb(err);
    // Offset varies with the size so files don't all start with the same bytes.
    const start = f.size % (64 * KB);
    const done = (e: Error | null) => fs.close(fd, (e2) => cb(e ?? e2 ?? null));
    const writeFrom = (off: number) => {
      if (off >= f.size) return fs.futimes(fd, f.mtimeSec, f.mtimeSec, (e) => done(e));
      fs.write(fd, content, start + off, f.size - off, off, (e, n) =>
        e ? done(e) : writeFrom(off + n),
      );
    };
    writeFrom(0);
  });
}

/** Runs `fn` over `items` with at most `limit` in flight; rejects on the first error. */
function runPool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, cb: (err: Error | null) => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let active = 0;
    let failed = false;
    const launch = () => {
      while (!failed && active < limit && next < items.length) {
        const item = items[next++]!;
        active++;
        fn(item, (err) => {
          active--;
          if (failed) return;
          if (err) {
            failed = true;
            return reject(err);
          }
          if (next >= items.length && active === 0) resolve();
          else launch();
        });
      }
    };
    if (items.length === 0) resolve();
    else launch();
  });
}
