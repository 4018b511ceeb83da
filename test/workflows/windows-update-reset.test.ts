import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, wsops } from '../helpers/cli';
import {
  windowsUpdateReset,
  windowsUpdateResetUndo,
} from '../../electron/workflows/windows-update-reset';
import {
  answersFile,
  checkExports,
  editMachine,
  practice,
  readMachine,
  snapshotTree,
  step,
  removeTempDirs,
} from './helpers';

afterAll(removeTempDirs);

const RESET = 'windows-update-reset';
const UNDO = 'windows-update-reset-undo';

describe('windows-update-reset on a practice machine', () => {
  it('runs end to end: services stopped then running, qmgr.db left alone and said so, folders moved to .bak; exports', () => {
    const { machine, env, c } = practice();
    const { last } = runToEnd([RESET, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);

    expect(fs.readdirSync(c('Windows', 'SoftwareDistribution'))).toEqual([]);
    expect(
      Object.keys(snapshotTree(c('Windows', 'SoftwareDistribution.bak'))).filter(
        (k) => !k.endsWith('/'),
      ),
    ).toHaveLength(300);
    expect(fs.readdirSync(c('Windows', 'System32', 'catroot2.bak'))).toEqual(['edb.log']);
    expect(fs.readdirSync(c('ProgramData', 'Microsoft', 'Network', 'Downloader')).sort()).toEqual([
      'qmgr.db',
      'qmgr.jfm',
    ]);
    const m = readMachine(machine);
    for (const s of ['bits', 'wuauserv', 'cryptsvc']) expect(m.services[s].state).toBe('running');
    // The simulator's history proves each service was really stopped, then started.
    const history = m.sim.history.map((h: { event: string }) => h.event);
    expect(history.indexOf('service cryptsvc stopped')).toBeLessThan(
      history.indexOf('service cryptsvc started'),
    );

    const log = checkExports(env, windowsUpdateReset);
    expect(step(log, 'delete-qmgr')).toMatchObject({ status: 'skipped' });
    expect(step(log, 'delete-qmgr').summary).toMatch(/No qmgr\*\.dat; found qmgr\.db, qmgr\.jfm/);
    const stopped = step(log, 'stop-services').checks.filter((x) => x.phase === 'after');
    expect(stopped.map((x) => [x.id, x.status])).toEqual([
      ['service-bits', 'pass'],
      ['service-wuauserv', 'pass'],
      ['service-cryptsvc', 'pass'],
    ]);
    expect(stopped.every((x) => /STOPPED/.test(x.summary))).toBe(true);
    expect(step(log, 'rename-softwaredistribution').action!.summary).toMatch(
      /Moved C:\\Windows\\SoftwareDistribution to C:\\Windows\\SoftwareDistribution\.bak \(300 files/,
    );
    expect(
      step(log, 'start-services')
        .checks.filter((x) => x.phase === 'after')
        .every((x) => x.status === 'pass' && /RUNNING/.test(x.summary)),
    ).toBe(true);
  });

  it('reset then undo leaves the practice machine as it was (tree: paths, sizes, hashes; services)', () => {
    const { machine, env, c } = practice();
    const before = snapshotTree(c());
    const servicesBefore = readMachine(machine).services;

    expect(runToEnd([RESET, '--machine', machine], env).last.code).toBe(0);
    expect(snapshotTree(c())).not.toEqual(before);
    const undo = runToEnd([UNDO, '--machine', machine], env).last;
    expect(undo.code, undo.stderr).toBe(0);

    expect(snapshotTree(c())).toEqual(before);
    expect(readMachine(machine).services).toEqual(servicesBefore);
    const log = checkExports(env, windowsUpdateResetUndo);
    expect(step(log, 'restore-softwaredistribution').action!.summary).toMatch(
      /Restored C:\\Windows\\SoftwareDistribution from C:\\Windows\\SoftwareDistribution\.bak \(300 files/,
    );
    expect(step(log, 'start-services').action!.summary).toBe('Started bits, wuauserv, cryptsvc.');
  });

  it('an existing .bak is kept: the next free name is used and said; the undo restores the newest', () => {
    const { machine, env, c } = practice();
    fs.mkdirSync(c('Windows', 'SoftwareDistribution.bak'));
    fs.writeFileSync(c('Windows', 'SoftwareDistribution.bak', 'from-an-earlier-reset.txt'), 'old');
    const plan = wsops(['run', RESET, '--machine', machine, '--dry-run'], env);
    expect(plan.stdout).toContain(
      '$ ren "C:\\Windows\\SoftwareDistribution" SoftwareDistribution.bak2',
    );
    expect(plan.stdout).toContain(
      'SoftwareDistribution.bak already exists and stays: would use SoftwareDistribution.bak2',
    );

    expect(runToEnd([RESET, '--machine', machine], env).last.code).toBe(0);
    const log = checkExports(env, windowsUpdateReset);
    expect(step(log, 'rename-softwaredistribution').action!.summary).toMatch(
      /to C:\\Windows\\SoftwareDistribution\.bak2 .*SoftwareDistribution\.bak already existed from an earlier reset and was kept/,
    );
    expect(fs.readdirSync(c('Windows', 'SoftwareDistribution.bak'))).toEqual([
      'from-an-earlier-reset.txt',
    ]);

    expect(runToEnd([UNDO, '--machine', machine], env).last.code).toBe(0);
    expect(fs.existsSync(c('Windows', 'SoftwareDistribution.bak2'))).toBe(false);
    expect(fs.readdirSync(c('Windows', 'SoftwareDistribution.bak'))).toEqual([
      'from-an-earlier-reset.txt',
    ]);
    expect(fs.readdirSync(c('Windows', 'SoftwareDistribution')).length).toBeGreaterThan(0);
  });

  it('deletes qmgr*.dat after confirmation and keeps qmgr.db', () => {
    const { machine, env, c } = practice();
    const dl = (...p: string[]) => c('ProgramData', 'Microsoft', 'Network', 'Downloader', ...p);
    fs.writeFileSync(dl('qmgr0.dat'), 'queue 0');
    fs.writeFileSync(dl('qmgr1.dat'), 'queue 1');
    const plan = wsops(['run', RESET, '--machine', machine, '--dry-run'], env);
    expect(plan.stdout).toContain('• Delete qmgr*.dat [destructive, admin, irreversible]');
    expect(plan.stdout).toContain(
      '$ del /f /q "C:\\ProgramData\\Microsoft\\Network\\Downloader\\qmgr0.dat"',
    );
    expect(plan.stdout).toContain(
      '$ del /f /q "C:\\ProgramData\\Microsoft\\Network\\Downloader\\qmgr1.dat"',
    );
    // Without --yes or answers the destructive step waits for its confirmation (exit 4), nothing deleted.
    const waiting = wsops(['run', RESET, '--machine', machine], env);
    expect(waiting.code).toBe(4);
    expect(waiting.stderr).toMatch(/Delete qmgr\*\.dat/);
    expect(fs.existsSync(dl('qmgr0.dat'))).toBe(true);
    const resumed = wsops(['resume', '--yes'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(fs.readdirSync(dl()).sort()).toEqual(['qmgr.db', 'qmgr.jfm']);
    const log = checkExports(env, windowsUpdateReset);
    expect(step(log, 'delete-qmgr').action!.summary).toBe(
      'Deleted qmgr0.dat, qmgr1.dat (left qmgr.db, qmgr.jfm alone).',
    );
    expect(step(log, 'delete-qmgr').confirmedBy).toBe('yes-flag');
  });

  it('a service this Windows lacks is a warning, not a failure', () => {
    const { machine, env } = practice();
    editMachine(machine, (m) => delete m.services.cryptsvc);
    const { last } = runToEnd([RESET, '--machine', machine], env);
    expect(last.code, last.stderr).toBe(0);
    const log = checkExports(env, windowsUpdateReset);
    const stop = step(log, 'stop-services');
    expect(
      stop.checks.find((x) => x.phase === 'after' && x.id === 'service-cryptsvc'),
    ).toMatchObject({ status: 'warn', summary: 'cryptsvc is not installed on this machine' });
    expect(stop.action!.summary).toMatch(/\(cryptsvc not installed on this machine\)/);
    expect(
      step(log, 'start-services').checks.find((x) => x.id === 'service-cryptsvc-running')!.status,
    ).toBe('warn');
  });

  it('undo refuses to restore over a folder Windows refilled — nothing changes — unless asked to move it aside', () => {
    const { root, machine, env, c } = practice();
    expect(runToEnd([RESET, '--machine', machine], env).last.code).toBe(0);
    fs.mkdirSync(c('Windows', 'SoftwareDistribution', 'DataStore'));
    fs.writeFileSync(
      c('Windows', 'SoftwareDistribution', 'DataStore', 'DataStore.edb'),
      'new since the reset',
    );
    const before = snapshotTree(c());
    const servicesBefore = readMachine(machine).services;

    const refused = wsops(['run', UNDO, '--machine', machine, '--yes'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /Refusing to restore over C:\\Windows\\SoftwareDistribution \(not empty: 2 entries/,
    );
    expect(refused.stderr).toMatch(/Nothing was changed/);
    expect(snapshotTree(c())).toEqual(before);
    expect(readMachine(machine).services).toEqual(servicesBefore);

    const answers = answersFile(root, { answers: { resetUndoNonEmpty: 'move-aside' } });
    const moved = wsops(['run', UNDO, '--machine', machine, '--answers', answers], env);
    expect(moved.code, moved.stderr).toBe(0);
    expect(fs.readdirSync(c('Windows', 'SoftwareDistribution.bak2', 'DataStore'))).toEqual([
      'DataStore.edb',
    ]);
    expect(fs.existsSync(c('Windows', 'SoftwareDistribution.bak'))).toBe(false);
    expect(
      Object.keys(snapshotTree(c('Windows', 'SoftwareDistribution'))).filter(
        (k) => !k.endsWith('/'),
      ),
    ).toHaveLength(300);
    const log = checkExports(env, windowsUpdateResetUndo);
    expect(step(log, 'restore-softwaredistribution').action!.summary).toMatch(
      /the folder Windows had refilled is now C:\\Windows\\SoftwareDistribution\.bak2/,
    );
  });

  it('--dry-run shows every command and changes nothing; undo with nothing to undo is blocked', () => {
    const { machine, env, c } = practice();
    const before = JSON.stringify(snapshotTree(c())) + JSON.stringify(readMachine(machine));
    const r = wsops(['run', RESET, '--machine', machine, '--dry-run', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const commands = JSON.parse(r.stdout).actions.flatMap(
      (a: { commands: string[] }) => a.commands,
    );
    expect(commands).toEqual([
      'sc.exe stop bits',
      'sc.exe queryex bits',
      'sc.exe stop wuauserv',
      'sc.exe queryex wuauserv',
      'sc.exe stop cryptsvc',
      'sc.exe queryex cryptsvc',
      'ren "C:\\Windows\\SoftwareDistribution" SoftwareDistribution.bak',
      'mkdir "C:\\Windows\\SoftwareDistribution"',
      'ren "C:\\Windows\\System32\\catroot2" catroot2.bak',
      'mkdir "C:\\Windows\\System32\\catroot2"',
      'sc.exe start bits',
      'sc.exe queryex bits',
      'sc.exe start wuauserv',
      'sc.exe queryex wuauserv',
      'sc.exe start cryptsvc',
      'sc.exe queryex cryptsvc',
    ]);
    expect(JSON.stringify(snapshotTree(c())) + JSON.stringify(readMachine(machine))).toBe(before);
    expect(fs.existsSync(env.WSOPS_STATE_DIR)).toBe(false);

    const undo = wsops(['run', UNDO, '--machine', machine, '--yes'], env);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toMatch(/there is nothing to undo/);
  });

  it('a declined administrator prompt blocks the move (the folder stays)', async () => {
    const { machine, env, c } = practice();
    editMachine(machine, (m) => (m.behaviours.declineElevation = true));
    const r = wsops(['run', RESET, '--machine', machine, '--yes'], env);
    expect(r.code).toBe(1);
    // The first admin action (stopping the services) meets the declined prompt and blocks.
    expect(r.stderr).toMatch(
      /The administrator prompt was declined: the services were not stopped/,
    );
    expect(fs.existsSync(c('Windows', 'SoftwareDistribution.bak'))).toBe(false);
  });
});
