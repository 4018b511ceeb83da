import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import { exportRun, TEXT_EXPORT_FORMATS, type TextExportFormat } from '../../engine/export';
import { loadRun, resolveRunId } from '../../engine/store';
import { writeFileAtomicSync } from '../../system/atomic-file';
import { checkFolderArg } from '../../system/fs/folder-arg';
import { parse, stateDirOf, str } from '../args';
import type { Cli } from '../cli';

export async function exportCommand(cli: Cli, argv: string[]): Promise<number> {
  const p = parse(
    'export',
    argv,
    { format: { type: 'string' }, out: { type: 'string' }, 'state-dir': { type: 'string' } },
    1,
  );
  const format = str(p, 'format') ?? 'md';
  if (!(TEXT_EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(
      `--format: expected ${TEXT_EXPORT_FORMATS.join(', ')} (PDF is exported from the app), got "${format}"`,
    );
  }
  const stateDir = stateDirOf(p);
  const runId = resolveRunId(stateDir, p.positionals[0]);
  const { state } = loadRun(stateDir, runId);
  const text = exportRun(state, format as TextExportFormat);
  const out = str(p, 'out');
  if (out) {
    const target = path.resolve(out);
    if (fs.existsSync(target) && fs.statSync(target).isDirectory())
      throw new InputError(`--out: ${target} is a folder; name a file`);
    // A typo in the folder is an error, not a new folder somewhere unexpected.
    checkFolderArg(path.dirname(target), '--out', { mustExist: true });
    writeFileAtomicSync(target, text, { createDir: false });
    cli.err(`Wrote ${target}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
