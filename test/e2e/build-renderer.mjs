// Builds the renderer exactly as the app does (electron.vite.config.ts's renderer config) with
// plain Vite, so browser tests and the bench need no Electron toolchain.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, loadConfigFromFile } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Returns the output folder (out/renderer). */
export async function buildRenderer({ quiet = true } = {}) {
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    path.join(root, 'electron.vite.config.ts'),
    root,
    'silent',
  );
  const config = loaded?.config?.renderer;
  if (!config?.build?.outDir)
    throw new Error('electron.vite.config.ts: no renderer config with build.outDir');
  // Vite keeps an existing NODE_ENV (vitest sets 'test'), which would bundle React's development
  // build: the app ships the production one, so that is what gets tested and measured.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      ...config,
      configFile: false,
      logLevel: quiet ? 'warn' : 'info',
      mode: 'production',
    });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  return config.build.outDir;
}
