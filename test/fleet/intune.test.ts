/**
 * The Intune scripts. PowerShell is not installable here (no Debian package; see
 * contrib/intune/README.md), so this parse-checks them with the tree-sitter PowerShell grammar,
 * keeps the Pester fixtures equal to what wsops really reports, and runs Pester only where pwsh
 * with Pester exists.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { buildReport } from '../../electron/engine/report';
import { diagnosisRules } from '../../electron/cli/commands/report';
import { tempDir, wsops } from '../helpers/cli';

const root = path.join(__dirname, '..', '..');
const intune = path.join(root, 'contrib', 'intune');
const SCRIPTS = ['detect.ps1', 'remediate.ps1', path.join('tests', 'Intune.Tests.ps1')];
const read = (f: string) => fs.readFileSync(path.join(intune, f), 'utf8');

async function powershellParser(): Promise<Parser> {
  await Parser.init();
  const wasm = path.join(
    root,
    'node_modules',
    'tree-sitter-powershell',
    'tree-sitter-powershell.wasm',
  );
  const parser = new Parser();
  parser.setLanguage(await Language.load(wasm));
  return parser;
}

function firstError(node: Node): Node | null {
  if (node.type === 'ERROR' || node.isMissing) return node;
  for (const child of node.children) {
    const e = child && firstError(child);
    if (e) return e;
  }
  return null;
}

describe('Intune scripts', () => {
  it('parse as PowerShell without a syntax error', async () => {
    const parser = await powershellParser();
    // The check can fail: a broken script is reported with its line.
    const broken = parser.parse('function Get-X {\n  if ($a { }\n')!;
    expect(firstError(broken.rootNode)).not.toBeNull();
    for (const f of SCRIPTS) {
      const tree = parser.parse(read(f))!;
      const err = firstError(tree.rootNode);
      expect(
        err,
        `${f}:${(err?.startPosition.row ?? 0) + 1}: ${err?.text.slice(0, 80)}`,
      ).toBeNull();
    }
  });

  it('are ASCII (Windows PowerShell 5.1 reads a file without BOM as ANSI) and share one wsops runner', () => {
    const printable = (c: string) =>
      c === '\t' || c === '\n' || c === '\r' || (c >= ' ' && c <= '~');
    for (const f of SCRIPTS)
      expect(
        [...read(f)].filter((c) => !printable(c)),
        f,
      ).toEqual([]);
    const region = (f: string) => {
      const m = /# region wsops-invoke[\s\S]*# endregion wsops-invoke/.exec(read(f));
      expect(m, f).not.toBeNull();
      return m![0];
    };
    expect(region('remediate.ps1')).toBe(region('detect.ps1'));
  });

  it('never pass --yes and never restart the PC', () => {
    for (const f of ['detect.ps1', 'remediate.ps1']) {
      // Code only: block comments first, then line comments.
      const code = read(f)
        .replace(/<#[\s\S]*?#>/g, '')
        .split('\n')
        .filter((l) => !l.trim().startsWith('#'))
        .join('\n');
      expect(code).toContain('Invoke-Wsops');
      expect(code).not.toMatch(/'--yes'|'-y'/);
      expect(code).not.toMatch(/Restart-Computer|shutdown(\.exe)?\s+\/r/i);
    }
  });

  it('Pester fixtures are what wsops reports for the recorded bundles', () => {
    const rules = diagnosisRules();
    for (const [bundle, fixture] of [
      ['diskcryptor-1709', 'report-problem.json'],
      ['clean-win11', 'report-clear.json'],
      ['garbage', 'report-unknown.json'],
    ] as const) {
      const dir = tempDir('wsops-intune-');
      const r = wsops([
        'check',
        'windows-update-diskcryptor',
        '--bundle',
        path.join(root, 'test', 'fixtures', 'bundles', bundle),
        '--json',
      ]);
      fs.writeFileSync(path.join(dir, 'check.json'), r.stdout);
      const report = buildReport(dir, { rules, now: new Date('2026-01-01T00:00:00.000Z') });
      // Times and folders differ per run; the verdict is what the scripts read.
      const stable = {
        ...report,
        dir: 'fixtures',
        rows: report.rows.map((row) => ({
          ...row,
          host: row.host?.replace(/ \(collected .*\)$/, '') ?? null,
          startedAt: '2026-01-01T00:00:00.000Z',
          finishedAt: '2026-01-01T00:00:00.000Z',
        })),
      };
      const file = path.join(intune, 'tests', 'fixtures', fixture);
      const text = `${JSON.stringify(stable, null, 2)}\n`;
      if (process.env.UPDATE_FIXTURES) fs.writeFileSync(file, text);
      // Parsed, so formatting (prettier) does not matter.
      expect(JSON.parse(fs.readFileSync(file, 'utf8')), fixture).toEqual(JSON.parse(text));
    }
  });

  const pwsh = spawnSync('pwsh', ['-NoProfile', '-Command', 'Get-Module -ListAvailable Pester'], {
    encoding: 'utf8',
  });
  const hasPester = pwsh.status === 0 && /Pester/.test(pwsh.stdout);
  it.skipIf(!hasPester)('Pester tests pass (pwsh with Pester only)', () => {
    const r = spawnSync(
      'pwsh',
      [
        '-NoProfile',
        '-Command',
        `$c = New-PesterConfiguration; $c.Run.Path = '${path.join(intune, 'tests')}'; $c.Run.Exit = $true; Invoke-Pester -Configuration $c`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
  if (!hasPester)
    console.log('intune: pwsh with Pester is not installed here; Pester tests skipped');
});
