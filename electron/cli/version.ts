export { TOOL } from '../engine/tool';
import { TOOL } from '../engine/tool';
/** The one version: package.json's (electron/engine/tool.ts). */
export const VERSION: string = TOOL.version;
