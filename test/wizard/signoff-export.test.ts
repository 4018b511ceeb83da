/**
 * Exports are sign-off records: who ran it (operator), with what (tool), every answer and
 * confirmation with who and when — in JSON, HTML and Markdown alike — a verdict at the top, local
 * time with its offset next to UTC, and a PDF from the CLI with the machine's Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunLogSchema } from '../../shared/run-log';
import { localAndUtc } from '../../electron/engine/export/shared';
import { findBrowser } from '../../electron/system/local/browser-pdf';
import { tempDir, wsops } from '../helpers/cli';

const WF = 'windows-update-diskcryptor';

function finishedRun() {
  const root = tempDir();
  const machine = path.join(root, 'machine');
  const env = { WSOPS_STATE_DIR: path.join(root, 'state') };
  expect(wsops(['practice', 'init', machine, '--files', '20'], env).code).toBe(0);
  const users = path.join(machine, 'C', 'Users');
  const user = fs.readdirSync(users).find((u) => fs.existsSync(path.join(users, u, 'Documents')))!;
  fs.cpSync(path.join(users, user, 'Documents'), path.join(machine, 'C', 'Backup'), {
    recursive: true,
  });
  const answers = path.join(root, 'answers.json');
  fs.writeFileSync(
    answers,
    JSON.stringify({
      version: 1,
      answers: { backupSource: `C:\\Users\\${user}\\Documents`, backupTarget: 'C:\\Backup' },
    }),
  );
  let r = wsops(['run', WF, '--machine', machine, '--yes', '--answers', answers], env);
  for (let i = 0; i < 12 && r.code === 3; i++) r = wsops(['resume', '--yes'], env);
  expect(r.code, r.stderr).toBe(0);
  return { root, env };
}

describe('sign-off exports', () => {
  const { root, env } = finishedRun();

  it('JSON names the operator, the tool and when every answer was given', () => {
    const out = wsops(['export', 'latest', '--format', 'json'], env);
    expect(out.code, out.stderr).toBe(0);
    const log = RunLogSchema.parse(JSON.parse(out.stdout));
    expect(log.operator).toEqual({ user: os.userInfo().username, host: os.hostname() });
    expect(log.tool).toEqual({
      name: 'Workstation Ops',
      version: JSON.parse(fs.readFileSync('package.json', 'utf8')).version,
    });
    expect(log.answers.length).toBeGreaterThanOrEqual(4);
    for (const a of log.answers) {
      expect(a.answeredAt, a.id).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(Date.parse(a.answeredAt!)).toBeGreaterThanOrEqual(Date.parse(log.startedAt));
      expect(a.by).toEqual(log.operator);
    }
    expect(log.answers.map((a) => a.id)).toContain('confirm:uninstall-diskcryptor');
  });

  it('HTML and Markdown show every answer and confirmation with who and when, and a verdict first', () => {
    const log = RunLogSchema.parse(
      JSON.parse(wsops(['export', 'latest', '--format', 'json'], env).stdout),
    );
    const html = wsops(['export', 'latest', '--format', 'html'], env).stdout;
    const md = wsops(['export', 'latest', '--format', 'md'], env).stdout;
    const body = html.slice(html.indexOf('<body>'));
    expect(body.indexOf('class="verdict pass"')).toBeLessThan(body.indexOf('<h2>Checklist'));
    expect(body).toMatch(/<strong>Finished(, with \d+ warnings?|, no warnings)/);
    expect(md.split('\n')[2]).toMatch(/^\*\*Finished/);
    const who = `${log.operator!.user} on ${log.operator!.host}`;
    for (const a of log.answers) {
      const when = localAndUtc(a.answeredAt);
      const row = html.split('<tr>').find((r) => r.includes(when) && r.includes(who));
      expect(row, `${a.id} in the HTML`).toBeDefined();
      expect(md).toContain(a.id);
    }
    expect(html).toContain('Confirmed: Uninstall DiskCryptor');
    expect(html).toContain(`<dt>Tool</dt><dd>Workstation Ops ${log.tool!.version}</dd>`);
  });

  it('local time carries its offset next to UTC', () => {
    expect(localAndUtc('2026-12-02T07:15:03.120Z', 60)).toBe(
      '2026-12-02 08:15:03 +01:00 (2026-12-02T07:15:03Z)',
    );
    expect(localAndUtc('2026-12-02T01:00:00.000Z', -330)).toBe(
      '2026-12-01 19:30:00 -05:30 (2026-12-02T01:00:00Z)',
    );
  });

  it.skipIf(!findBrowser())(
    'the CLI prints a PDF with the machine’s Chromium',
    () => {
      const out = path.join(root, 'run.pdf');
      const r = wsops(['export', 'latest', '--format', 'pdf', '--out', out], env);
      expect(r.code, r.stderr).toBe(0);
      const pdf = fs.readFileSync(out);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
    },
    60_000,
  );

  it('says clearly when no browser can print the PDF, and writes nothing', () => {
    const out = path.join(root, 'none.pdf');
    const r = wsops(['export', 'latest', '--format', 'pdf', '--out', out], {
      ...env,
      WSOPS_BROWSER: path.join(root, 'no-such-browser'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no Chromium-based browser found .*WSOPS_BROWSER/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
