/**
 * The flagship's preflight on a practice machine, counting what the emulator was asked to start:
 * the same host code a PC runs, so the count is the PC's (bench/preflight-processes.bench.ts and
 * test/bundle-replay/preflight-processes.test.ts).
 */
import { preflight } from '../../electron/engine/preflight';
import { getWorkflow } from '../../electron/workflows';
import { createPracticeHost } from '../../electron/system/emulator/host';
import { initPracticeMachine } from '../../electron/system/simulated/scenario';

export const FLAGSHIP = 'windows-update-diskcryptor';

export async function countPreflightProcesses(dir: string) {
  await initPracticeMachine(dir, { scenario: 'diskcryptor-1709', files: 10 });
  const { host, emulator } = createPracticeHost(dir);
  const started = Date.now();
  const checks = await preflight(getWorkflow(FLAGSHIP), host);
  return { checks, started: [...emulator.started], ms: Date.now() - started };
}
