import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/bundles',
);
export const bundleDir = (name: string): string => path.join(BUNDLES, name);
