/**
 * The CLI as a person at a terminal meets it: `--help` on every subcommand, prompts that take
 * Enter for the default or a skip, a mistyped phrase asked again, Ctrl-C a clean cancel, step
 * instructions before the prompt, and hints in the form the CLI was started.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP } from '../../electron/cli/help';
import { invokedAs } from '../../electron/cli/cli';
import { terminalProvider } from '../../electron/cli/prompt';
import { terminalText } from '../../electron/cli/print';
import { PromptCancelled, type AskContext } from '../../electron/engine/answers';
import type { Question } from '../../shared/model';
import path from 'node:path';
import { tempDir, wsops } from '../helpers/cli';

describe('wsops <command> --help', () => {
  it.each(Object.keys(COMMAND_HELP))(
    '%s --help exits 0 with usage, options and an example',
    (c) => {
      const r = wsops([c, '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Usage:\n {2}wsops /);
      expect(r.stdout).toContain('Options:');
      expect(r.stdout).toMatch(/Example:\n {2}wsops /);
    },
  );

  it('the overview lists every command', () => {
    const r = wsops(['help']);
    for (const c of Object.keys(COMMAND_HELP)) expect(r.stdout).toContain(`wsops ${c}`);
  });
});

const ctx: AskContext = { stepId: 's', stepTitle: 'S' };

function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d) => (shown += String(d)));
  return { input, output, shown: () => shown, provider: terminalProvider(input, output) };
}

describe('terminal prompts', () => {
  it('Enter at an optional question skips it', async () => {
    const t = terminal();
    const q: Question = { id: 'backupSource', kind: 'path', prompt: 'Folder', required: false };
    const p = t.provider.ask(q, ctx);
    t.input.write('\n');
    expect(await p).toEqual({ value: '', source: 'prompt' });
    expect(t.shown()).toContain('(Enter to skip)');
  });

  it('Enter at a recommended yes/no (the restore point) takes yes; at a confirmation, no', async () => {
    const t = terminal();
    const q: Question = {
      id: 'makeRestorePoint',
      kind: 'confirm',
      prompt: 'Make a restore point?',
      required: false,
      default: true,
    };
    const p = t.provider.ask(q, ctx);
    t.input.write('\n');
    expect(await p).toEqual({ value: true, source: 'prompt' });
    expect(t.shown()).toContain('Make a restore point? [Y/n]');
    const no = terminal();
    const pn = no.provider.ask(q, ctx);
    no.input.write('n\n');
    expect(await pn).toEqual({ value: false, source: 'prompt' });
    const c = terminal();
    const required: Question = { id: 'ok', kind: 'confirm', prompt: 'Go?', required: true };
    const pc = c.provider.ask(required, ctx);
    c.input.write('\n');
    expect(await pc).toEqual({ value: false, source: 'prompt' });
    expect(c.shown()).toContain('Go? [y/N]');
  });

  it('Enter at a question with a default takes the default (the route: auto)', async () => {
    const t = terminal();
    const q: Question = {
      id: 'route',
      kind: 'text',
      prompt: 'Route',
      required: false,
      default: 'auto',
    };
    const p = t.provider.ask(q, ctx);
    t.input.write('\n');
    expect(await p).toEqual({ value: 'auto', source: 'prompt' });
    expect(t.shown()).toContain('(Enter for auto)');
  });

  it('a mistyped confirmation phrase is asked again; the right one goes ahead', async () => {
    const t = terminal();
    const q: Question = {
      id: 'confirm:x',
      kind: 'confirm',
      prompt: 'Uninstall?',
      required: true,
      phrase: 'I UNDERSTAND',
    };
    const p = t.provider.ask(q, ctx);
    t.input.write('i understand\n');
    await new Promise((r) => setTimeout(r, 20));
    t.input.write('I UNDERSTAND\n');
    expect(await p).toEqual({ value: true, source: 'prompt' });
    expect(t.shown()).toContain('That is not "I UNDERSTAND"');
  });

  it('a path the engine refuses is asked again with the reason', async () => {
    const t = terminal();
    const q: Question = { id: 'backupTarget', kind: 'path', prompt: 'Backup', required: false };
    const p = t.provider.ask(q, {
      ...ctx,
      check: (v) => (v === 'C:\\Good' ? { value: v } : { problem: `${String(v)} does not exist` }),
    });
    t.input.write('C:\\Nope\n');
    await new Promise((r) => setTimeout(r, 20));
    t.input.write('C:\\Good\n');
    expect(await p).toEqual({ value: 'C:\\Good', source: 'prompt' });
    expect(t.shown()).toContain('C:\\Nope does not exist. Try again.');
  });

  it('Ctrl-C (or the end of input) at a prompt is a clean cancel', async () => {
    const t = terminal();
    const q: Question = { id: 'x', kind: 'text', prompt: 'X', required: true };
    const p = t.provider.ask(q, ctx);
    t.input.end();
    await expect(p).rejects.toBeInstanceOf(PromptCancelled);
  });
});

describe('terminal output', () => {
  it('hints name the command the way it was started', () => {
    expect(invokedAs({ npm_lifecycle_event: 'wsops' })).toBe('npm run --silent wsops --');
    expect(invokedAs({})).toBe('wsops');
  });

  it('step instructions print as plain wrapped text', () => {
    const lines = terminalText('Run the **Update Assistant** from `C:\\x`.\n\nThen come back.', 30);
    expect(lines).toEqual(['Run the Update Assistant from', 'C:\\x.', 'Then come back.']);
  });
});

describe('practice init', () => {
  it('shows progress on stderr while it writes the update cache; stdout stays the JSON', () => {
    const dir = path.join(tempDir(), 'pc');
    const r = wsops(['practice', 'init', dir, '--files', '3000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3,000\/3,000 files/);
    expect(JSON.parse(r.stdout).files).toBe(3000);
  });
});
