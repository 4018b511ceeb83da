/** `wsops collect --out DIR`: a diagnostics bundle of this Windows PC (docs/diagnostics-bundle.md). */
import { InputError } from '../../../shared/errors';
import { collectBundle } from '../../system/bundle/collect';
import { flag, parse, str } from '../args';
import type { Cli } from '../cli';
import { VERSION } from '../version';

export async function collectCommand(
  cli: Cli,
  argv: string[],
  platform: NodeJS.Platform = process.platform,
): Promise<number> {
  const p = parse('collect', argv, { out: { type: 'string' }, json: { type: 'boolean' } }, 0);
  const out = str(p, 'out');
  if (!out)
    throw new InputError('wsops collect: --out DIR is required (an empty folder for the bundle)');
  if (platform !== 'win32') {
    throw new InputError(
      'wsops collect: collects from Windows only; on this computer analyse a bundle with wsops check <workflow> --bundle DIR',
    );
  }
  const manifest = await collectBundle(out, {
    toolVersion: VERSION,
    onProgress: (done, total, what) => {
      if (!flag(p, 'json')) cli.err(`  [${done}/${total}] ${what}`);
    },
  });
  if (flag(p, 'json')) cli.out(JSON.stringify(manifest, null, 2));
  else
    cli.err(
      `Bundle written to ${out}. It holds command outputs only (see docs/diagnostics-bundle.md); look before you share it.`,
    );
  return 0;
}
