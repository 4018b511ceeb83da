// Bundles the wsops CLI into one file so it starts fast (no TypeScript at run time).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = path.join(root, 'out', 'cli', 'wsops.cjs');

export async function buildCli() {
  await build({
    entryPoints: [path.join(root, 'electron', 'cli', 'index.ts')],
    outfile: CLI_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
