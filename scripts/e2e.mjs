// Runs the browser tests (test/e2e/*.e2e.ts) with vitest's e2e config: the walkthrough in
// Debian's Chromium, and the Electron spec (which skips with one line where Electron cannot run).
// Usage: node scripts/e2e.mjs [filter…]
import { startVitest } from 'vitest/node';

const started = Date.now();
const vitest = await startVitest('test', process.argv.slice(2), {
  config: 'vitest.e2e.config.ts',
  run: true,
  watch: false,
});
const failed =
  !vitest ||
  vitest.state.getCountOfFailedTests() > 0 ||
  vitest.state.errorsSet.size > 0 ||
  process.exitCode;
await vitest?.close();
console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
