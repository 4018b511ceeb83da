// CLI tests drive the real bundled wsops, exactly as users run it: build it once per test run.
import { buildCli } from '../scripts/build-cli.mjs';

export default async function setup(): Promise<void> {
  await buildCli();
}
