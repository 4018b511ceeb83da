import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import {
  exportHtml,
  exportRun,
  TEXT_EXPORT_FORMATS,
  type TextExportFormat,
} from '../../engine/export';
import { printHtmlToPdf } from '../../system/local/browser-pdf';
import { ExitCode, type RunState } from '../../../shared/model';
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
  if (format !== 'pdf' && !(TEXT_EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(
      `--format: expected ${[...TEXT_EXPORT_FORMATS, 'pdf'].join(', ')}, got "${format}"`,
    );
  }
  const stateDir = stateDirOf(p);
  const runId = resolveRunId(stateDir, p.positionals[0]);
  const { state } = loadRun(stateDir, runId);
  const out = str(p, 'out');
  if (format === 'pdf') return exportPdf(cli, state, out ?? `${runId}.pdf`);
  const text = exportRun(state, format as TextExportFormat);
  if (out) {
    const target = outTarget(out);
    writeFileAtomicSync(target, text, { createDir: false });
    cli.err(`Wrote ${target}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

function outTarget(out: string): string {
  const target = path.resolve(out);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory())
    throw new InputError(`--out: ${target} is a folder; name a file`);
  // A typo in the folder is an error, not a new folder somewhere unexpected.
  checkFolderArg(path.dirname(target), '--out', { mustExist: true });
  return target;
}

/** The HTML export printed by Edge/Chrome/Chromium; exit 1 with one line when there is none. */
async function exportPdf(cli: Cli, state: RunState, out: string): Promise<number> {
  const target = outTarget(out);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await printHtmlToPdf(exportHtml(state), tmp, { name: state.runId });
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    cli.err(`wsops: PDF not written: ${(e as Error).message}`);
    return ExitCode.failed;
  }
  cli.err(`Wrote ${target}`);
  return ExitCode.ok;
}
