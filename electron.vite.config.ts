/**
 * electron-vite 6 build of the app: main (ESM, since package.json is "type": "module" →
 * out/main/index.js), preload (CommonJS → out/preload/index.cjs: a sandboxed preload cannot be
 * an ES module) and the renderer (renderer/ → out/renderer). `electron-vite build` needs no
 * Electron binary.
 *
 * Main and preload bundle their dependencies (zod, and the engine's) instead of leaving them in
 * node_modules: the sandboxed preload cannot require anything, and the packaged app then ships
 * only out/** (electron-builder.yml).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

/** The placeholder renderer/index.html's CSP carries where the bundle's hash goes. */
const SCRIPT_HASH_PLACEHOLDER = "'sha384-REPLACED-AT-BUILD-WITH-THE-BUNDLE-HASH'";

/**
 * A CSP that lets exactly the shipped bundle run: the built page's script-src is the bundle's
 * SHA-384 (and the script tag carries the same integrity), instead of 'self' — which would also
 * allow any other script that ever got served from the app's origin. The renderer is one chunk
 * on purpose (a module's static/dynamic imports would need their own hashes); the build fails if
 * that changes. In the dev server the React refresh preamble is inline, so there script-src is
 * 'self' 'unsafe-inline' — development only.
 */
function cspScriptHash(): Plugin {
  return {
    name: 'wsops:csp-script-hash',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!html.includes(SCRIPT_HASH_PLACEHOLDER))
          throw new Error(`renderer/index.html: the CSP must contain ${SCRIPT_HASH_PLACEHOLDER}`);
        if (!ctx.bundle) return html.replace(SCRIPT_HASH_PLACEHOLDER, "'self' 'unsafe-inline'");
        const chunks = Object.values(ctx.bundle).filter((o) => o.type === 'chunk');
        if (chunks.length !== 1 || chunks[0]!.type !== 'chunk') {
          throw new Error(
            `renderer: expected one JavaScript chunk for the CSP hash, got ${chunks.map((c) => c.fileName).join(', ')}`,
          );
        }
        const chunk = chunks[0]!;
        const hash = `sha384-${createHash('sha384').update(chunk.code).digest('base64')}`;
        const tag = new RegExp(
          `<script type="module"([^>]*) src="([^"]*${chunk.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})"`,
        );
        if (!tag.test(html)) throw new Error(`renderer: no <script> tag for ${chunk.fileName}`);
        return html
          .replace(tag, `<script type="module"$1 integrity="${hash}" src="$2"`)
          .replace(SCRIPT_HASH_PLACEHOLDER, `'${hash}'`);
      },
    },
  };
}

/**
 * The renderer's Vite config, exported so the e2e harness and the bench build the very same
 * bundle with plain Vite (no Electron toolchain involved).
 */
export const rendererConfig = {
  root: path.join(root, 'renderer'),
  base: './',
  plugins: [react(), cspScriptHash()],
  build: {
    outDir: path.join(root, 'out', 'renderer'),
    emptyOutDir: true,
    // Electron 45 ships Chromium 142.
    target: 'chrome142',
    modulePreload: { polyfill: false },
    // No inline <script>, and no inlined assets: the CSP is default-src 'self'.
    assetsInlineLimit: 0,
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: { input: path.join(root, 'renderer', 'index.html') },
  },
} satisfies UserConfig;

export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      rolldownOptions: { input: { index: path.join(root, 'electron', 'main', 'index.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: path.join(root, 'electron', 'preload', 'index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
