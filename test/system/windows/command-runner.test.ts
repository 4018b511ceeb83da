import { describe, it, expect } from 'vitest';
import {
  DECLINED_MESSAGE,
  ExecFileRunner,
  RecordingRunner,
  ReplayRunner,
  commandLine,
  interpretElevated,
  resolveSystemTool,
} from '../../../electron/system/command-runner';

const env = { SystemRoot: 'C:\\WINDOWS' } as NodeJS.ProcessEnv;

describe('resolveSystemTool', () => {
  it('starts System32 tools by full path so the current folder and PATH cannot shadow them', () => {
    expect(resolveSystemTool('sc.exe', env)).toBe('C:\\WINDOWS\\System32\\sc.exe');
    expect(resolveSystemTool('SC.EXE', env)).toBe('C:\\WINDOWS\\System32\\sc.exe');
    expect(resolveSystemTool('powershell.exe', env)).toBe(
      'C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
    expect(resolveSystemTool('explorer.exe', env)).toBe('C:\\WINDOWS\\explorer.exe');
    expect(resolveSystemTool('reg.exe', {} as NodeJS.ProcessEnv)).toBe(
      'C:\\Windows\\System32\\reg.exe',
    );
  });

  it('leaves paths and unknown programs alone', () => {
    expect(resolveSystemTool('C:\\Program Files\\dcrypt\\dcinst.exe', env)).toBe(
      'C:\\Program Files\\dcrypt\\dcinst.exe',
    );
    expect(resolveSystemTool('unknown.exe', env)).toBe('unknown.exe');
  });
});

describe('commandLine', () => {
  it('quotes arguments like a person would type them', () => {
    expect(commandLine('sc.exe', ['config', 'wuauserv', 'start=', 'demand'])).toBe(
      'sc.exe config wuauserv start= demand',
    );
    expect(commandLine('cmd.exe', ['/d', '/c', 'dir', 'C:\\a b'], true)).toBe(
      'cmd.exe /d /c dir "C:\\a b"  (as administrator)',
    );
  });
});

describe('ExecFileRunner (runs this Node binary, never a Windows tool)', () => {
  const runner = new ExecFileRunner(env);
  const node = process.execPath;

  it('returns stdout, stderr and a zero exit code', async () => {
    const r = await runner.run(
      node,
      ['-e', 'process.stdout.write("out"); process.stderr.write("err")'],
      { timeoutMs: 10_000 },
    );
    expect(r).toMatchObject({ ok: true, exitCode: 0, stdout: 'out', stderr: 'err' });
    expect(r.command).toContain('-e');
  });

  it('reports a non-zero exit code without throwing, keeping the output', async () => {
    const r = await runner.run(
      node,
      ['-e', 'process.stdout.write("partial"); process.exit(1060)'],
      { timeoutMs: 10_000 },
    );
    // POSIX keeps 8 bits of an exit code (1060 → 36); Windows keeps all 32.
    expect(r).toMatchObject({ ok: false, exitCode: 1060 % 256, stdout: 'partial' });
  });

  it('stops a command that runs too long and says so', async () => {
    const r = await runner.run(node, ['-e', 'setTimeout(() => {}, 20000)'], { timeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.stderr).toMatch(/did not finish within/);
  });

  it('turns a missing program into ok:false with a message', async () => {
    const r = await runner.run('/nonexistent/wsops-no-such-tool', [], { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, exitCode: null });
    expect(r.stderr).toMatch(/was not found on this computer/);
  });

  it('decodes UTF-16 output', async () => {
    const r = await runner.run(
      node,
      ['-e', 'process.stdout.write(Buffer.from("\\ufeffGr\\u00f6\\u00dfe", "utf16le"))'],
      { timeoutMs: 10_000 },
    );
    expect(r.stdout).toBe('Größe');
  });
});

describe('interpretElevated', () => {
  const base = { ok: false, command: 'x', stdout: '' };

  it('marks exit 1223 or the cancel message as declined with a clear message', () => {
    expect(interpretElevated({ ...base, exitCode: 1223, stderr: '' })).toMatchObject({
      declined: true,
      stderr: DECLINED_MESSAGE,
    });
    expect(
      interpretElevated({
        ...base,
        exitCode: 1,
        stderr:
          'This command cannot be run due to the error: The operation was canceled by the user.',
      }),
    ).toMatchObject({ declined: true, exitCode: 1223 });
  });

  it('leaves other results alone', () => {
    const r = { ...base, exitCode: 5, stderr: 'Access is denied.' };
    expect(interpretElevated(r)).toEqual(r);
  });
});

describe('ReplayRunner / RecordingRunner', () => {
  it('answers by argv, plays repeated recordings in order, and records the calls', async () => {
    const replay = new ReplayRunner([
      { file: 'sc.exe', args: ['queryex', 'bits'], stdout: 'STATE : 3 STOP_PENDING', exitCode: 0 },
      { file: 'sc.exe', args: ['queryex', 'bits'], stdout: 'STATE : 1 STOPPED', exitCode: 0 },
      { file: 'sc.exe', args: ['stop', 'bits'], elevated: true, exitCode: 1223 },
    ]);
    expect((await replay.run('sc.exe', ['queryex', 'bits'], { timeoutMs: 1 })).stdout).toBe(
      'STATE : 3 STOP_PENDING',
    );
    expect((await replay.run('sc.exe', ['queryex', 'bits'], { timeoutMs: 1 })).stdout).toBe(
      'STATE : 1 STOPPED',
    );
    expect((await replay.run('sc.exe', ['queryex', 'bits'], { timeoutMs: 1 })).stdout).toBe(
      'STATE : 1 STOPPED',
    );
    const stop = await replay.run('sc.exe', ['stop', 'bits'], { timeoutMs: 1, elevated: true });
    expect(stop).toMatchObject({ ok: false, declined: true, exitCode: 1223 });
    expect(replay.calls.map((c) => `${c.args.join(' ')}${c.elevated ? ' (admin)' : ''}`)).toEqual([
      'queryex bits',
      'queryex bits',
      'queryex bits',
      'stop bits (admin)',
    ]);
  });

  it('fails like a missing program for a command it has no recording of (same argv, not elevated, is different)', async () => {
    const replay = new ReplayRunner([
      { file: 'sc.exe', args: ['stop', 'bits'], elevated: true, exitCode: 0 },
    ]);
    const r = await replay.run('sc.exe', ['stop', 'bits'], { timeoutMs: 1 });
    expect(r).toMatchObject({ ok: false, exitCode: null });
    expect(r.stderr).toMatch(/no recording for: sc.exe stop bits/);
  });

  it('records what an inner runner answered, ready to replay', async () => {
    const inner = new ReplayRunner([
      { file: 'reg.exe', args: ['query', 'K'], stdout: 'HKEY_X', exitCode: 0 },
    ]);
    const rec = new RecordingRunner(inner);
    await rec.run('reg.exe', ['query', 'K'], { timeoutMs: 1 });
    expect(rec.recordings).toEqual([
      { file: 'reg.exe', args: ['query', 'K'], stdout: 'HKEY_X', stderr: '', exitCode: 0 },
    ]);
    const again = await new ReplayRunner(rec.recordings).run('reg.exe', ['query', 'K'], {
      timeoutMs: 1,
    });
    expect(again.stdout).toBe('HKEY_X');
  });
});
