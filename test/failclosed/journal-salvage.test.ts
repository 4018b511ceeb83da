/**
 * Issue 10 point 16: a damaged journal is salvaged — the records before the damage are kept, the
 * run continues from them with a warning, and the damaged file is kept byte for byte. Before, the
 * run was moved aside and a new run on the same machine could "finish" without reinstalling
 * DiskCryptor, leaving Windows Update stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wsops } from '../helpers/cli';
import { practice, readMachine, removeTempDirs } from '../workflows/helpers';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';

describe('point 16: journal salvage', () => {
  it('damage after the uninstall: the run continues from the good records and reinstalls DiskCryptor', () => {
    const { machine, env } = practice('diskcryptor-1709', 30);
    expect(wsops(['run', WF, '--machine', machine, '--yes'], env).code).toBe(3);
    const runs = path.join(env.WSOPS_STATE_DIR, 'runs');
    const runId = fs.readdirSync(runs)[0]!;
    const journal = path.join(runs, runId, 'journal.ndjson');
    const lines = fs.readFileSync(journal, 'utf8').split('\n');
    const clearStarted = lines.findIndex(
      (l) => l.includes('"step-started"') && l.includes('clear-softwaredistribution'),
    );
    expect(clearStarted).toBeGreaterThan(0);
    lines[clearStarted + 1] = lines[clearStarted + 1]!.replace('"seq":', '"evil":1,"seq":');
    const damaged = lines.join('\n');
    fs.writeFileSync(journal, damaged);

    let r = wsops(['resume', '--yes'], env);
    expect(r.stderr).toMatch(new RegExp(`line ${clearStarted + 2} is damaged`));
    for (let i = 0; i < 10 && r.code === 3; i++) r = wsops(['resume', '--yes'], env);
    expect(r.code, r.stderr).toBe(0);

    const m = readMachine(machine);
    expect(m.programs.map((p: { name: string }) => p.name)).toContain('DiskCryptor');
    expect(m.services.dcrypt.state).toBe('running');
    expect(m.services.wuauserv.startType).toBe('demand');
    // The damaged journal is kept byte for byte next to the salvaged one.
    const kept = fs.readdirSync(path.join(runs, runId)).find((n) => n.includes('.damaged-'))!;
    expect(fs.readFileSync(path.join(runs, runId, kept), 'utf8')).toBe(damaged);
    const log = JSON.parse(wsops(['export', runId, '--format', 'json'], env).stdout);
    expect(log.status).toBe('finished');
    expect(log.warnings.join('\n')).toMatch(
      /is damaged .*continues from the \d+ records before it/,
    );
  });
});
