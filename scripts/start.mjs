// `npm start`: build, then open the app — or, when the Electron binary is not there (installed
// with ELECTRON_SKIP_BINARY_DOWNLOAD, offline, or a failed postinstall), say so and what still
// works, instead of Electron's two stack traces.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Electron binary's path, or why there is none. Read from the package's path.txt, as its
 * index.js does — but without its fallback of downloading the binary on first use (which, offline,
 * prints a stack trace of its own).
 */
export function electronBinary() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { error: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const rel = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (!rel && !override) return { error: 'the Electron binary was never downloaded' };
  const binary = override ? path.join(override, rel || 'electron') : path.join(pkgDir, 'dist', rel);
  if (!fs.existsSync(binary)) return { error: `the Electron binary is missing (${binary})` };
  return { binary };
}

const NO_ELECTRON = (why) => `Workstation Ops: the desktop app cannot open here — ${why}.

It needs the Electron binary, which npm install downloads (not when ELECTRON_SKIP_BINARY_DOWNLOAD
is set, or without internet access). To get it: npm rebuild electron (or rm -rf node_modules/electron
&& npm install).

What works without it:
  npm run --silent wsops -- help                         the CLI: the same workflows, headless
  npm run --silent wsops -- practice init /tmp/pc        practice mode: a simulated broken PC
  npm run --silent wsops -- run windows-update-diskcryptor --machine /tmp/pc
  npm test                                               every test (the app's UI runs in Chromium)
`;

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const found = electronBinary();
  if (!found.binary) {
    process.stderr.write(NO_ELECTRON(found.error));
    process.exit(1);
  }
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const app = spawnSync(found.binary, ['.'], { stdio: 'inherit' });
  process.exit(app.status ?? 0);
}
