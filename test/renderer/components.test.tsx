// @vitest-environment jsdom
/**
 * The wizard's building blocks, rendered in jsdom and used the way a person uses them: what is
 * announced (roles, names, text), what is enabled, what a click or a keystroke sends.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Progress, Question, RunState, StepSummary } from '../../shared/model';
import { StatusBadge } from '../../renderer/src/components/StatusBadge';
import { TypedConfirm } from '../../renderer/src/components/TypedConfirm';
import { QuestionForm } from '../../renderer/src/components/QuestionForm';
import { ProgressBar, formatEta } from '../../renderer/src/components/ProgressBar';
import { StepList } from '../../renderer/src/components/StepList';
import { Markdown } from '../../renderer/src/components/Markdown';
import { CheckList, latestChecks } from '../../renderer/src/components/CheckList';

afterEach(cleanup);

describe('StatusBadge', () => {
  it.each([
    ['pass', 'Pass'],
    ['warn', 'Warning'],
    ['fail', 'Fail'],
    ['unknown', 'Unknown'],
  ] as const)('%s says "%s" in words, with a decorative icon', (status, word) => {
    const { container } = render(<StatusBadge status={status} />);
    const badge = container.querySelector('.badge')!;
    expect(badge.textContent).toBe(word);
    expect(badge.getAttribute('data-status')).toBe(status);
    const icon = badge.querySelector('svg')!;
    expect(icon.getAttribute('aria-hidden')).toBe('true');
  });

  it('uses a different icon shape per status, so color is never the only cue', () => {
    const shapes = (['pass', 'warn', 'fail', 'unknown'] as const).map((s) => {
      const { container } = render(<StatusBadge status={s} />);
      return container.querySelector('svg')!.innerHTML;
    });
    expect(new Set(shapes).size).toBe(4);
  });
});

const uninstallStep: StepSummary = {
  id: 'uninstall-diskcryptor',
  title: 'Uninstall DiskCryptor (point of no return)',
  instructions: '',
  gated: true,
  action: {
    id: 'uninstall-diskcryptor',
    title: 'Uninstall DiskCryptor',
    destructive: true,
    needsAdmin: true,
    reversible: false,
    reboot: false,
  },
};
const uninstallConfirm: Question = {
  id: 'confirm:uninstall-diskcryptor',
  kind: 'confirm',
  prompt: 'Uninstall DiskCryptor: this changes your system and cannot be undone. Go ahead?',
  phrase: 'I UNDERSTAND',
  required: true,
};

describe('typed confirmation', () => {
  it('TypedConfirm tells whether the phrase matches', () => {
    const onChange = vi.fn();
    const { rerender } = render(
      <TypedConfirm phrase="I UNDERSTAND" value="" onChange={onChange} />,
    );
    const input = screen.getByLabelText(/To confirm, type/);
    fireEvent.change(input, { target: { value: 'I UND' } });
    expect(onChange).toHaveBeenCalledWith('I UND');
    rerender(<TypedConfirm phrase="I UNDERSTAND" value="i understand" onChange={onChange} />);
    expect(screen.getByText('Not yet: the text must match exactly.')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    rerender(<TypedConfirm phrase="I UNDERSTAND" value="I UNDERSTAND" onChange={onChange} />);
    expect(screen.getByText(/Confirmed/)).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });

  it('keeps the destructive action button disabled until the exact phrase is typed, then sends it', () => {
    const onSubmit = vi.fn();
    render(
      <QuestionForm
        questions={[uninstallConfirm]}
        step={uninstallStep}
        practice={false}
        busy={false}
        onSubmit={onSubmit}
      />,
    );
    const button = screen.getByRole('button', { name: /Uninstall DiskCryptor/ });
    // The shield is announced in words, not only drawn.
    expect(button.textContent).toContain('(needs administrator rights)');
    expect(button.querySelector('svg.shield')).toBeTruthy();
    expect(
      screen.getByText('Windows will ask for administrator permission for this action.'),
    ).toBeTruthy();
    expect((button as HTMLButtonElement).disabled).toBe(true);
    const input = screen.getByLabelText(/To confirm, type/);
    for (const wrong of ['I UNDERSTOOD', 'i understand', 'I  UNDERSTAND']) {
      fireEvent.change(input, { target: { value: wrong } });
      expect((button as HTMLButtonElement).disabled).toBe(true);
    }
    fireEvent.click(button);
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: 'I UNDERSTAND' } });
    expect((button as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(button);
    expect(onSubmit).toHaveBeenCalledWith([
      { questionId: 'confirm:uninstall-diskcryptor', value: true, phrase: 'I UNDERSTAND' },
    ]);
  });

  it('a recommended yes/no starts ticked (its default); a required confirmation starts unticked', () => {
    const onSubmit = vi.fn();
    render(
      <QuestionForm
        questions={[
          {
            id: 'makeRestorePoint',
            kind: 'confirm',
            prompt: 'Make a System Restore point?',
            required: false,
            default: true,
          },
          { id: 'backupConfirmed', kind: 'confirm', prompt: 'I have a backup', required: true },
        ]}
        step={undefined}
        practice={false}
        busy={false}
        onSubmit={onSubmit}
      />,
    );
    const restore = screen.getByLabelText('Make a System Restore point?') as HTMLInputElement;
    const backup = screen.getByLabelText('I have a backup') as HTMLInputElement;
    expect(restore.checked).toBe(true);
    expect(backup.checked).toBe(false);
    fireEvent.click(restore);
    fireEvent.click(backup);
    fireEvent.submit(restore.closest('form')!);
    expect(onSubmit).toHaveBeenCalledWith([
      { questionId: 'makeRestorePoint', value: false },
      { questionId: 'backupConfirmed', value: true },
    ]);
  });

  it('does not ask for a phrase for a restart; the button says what it does', () => {
    const onSubmit = vi.fn();
    const restart: StepSummary = {
      id: 'reboot-after-clear',
      title: 'Restart',
      instructions: '',
      gated: false,
      action: {
        id: 'reboot-after-clear',
        title: 'Restart the computer',
        destructive: false,
        needsAdmin: false,
        reversible: true,
        reboot: true,
      },
    };
    render(
      <QuestionForm
        questions={[
          {
            ...uninstallConfirm,
            id: 'confirm:reboot-after-clear',
            phrase: 'CONFIRM',
            prompt: 'Restart the computer: this changes your system. Go ahead?',
          },
        ]}
        step={restart}
        practice
        busy={false}
        onSubmit={onSubmit}
      />,
    );
    expect(screen.queryByLabelText(/To confirm, type/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Restart the computer' }));
    expect(onSubmit).toHaveBeenCalledWith([
      { questionId: 'confirm:reboot-after-clear', value: true },
    ]);
  });

  it('a backup form needs its confirmation ticked; optional folders go along', () => {
    const onSubmit = vi.fn();
    const questions: Question[] = [
      {
        id: 'backupSource',
        kind: 'path',
        prompt: 'Folder you backed up (optional)',
        required: false,
      },
      { id: 'backupConfirmed', kind: 'confirm', prompt: 'I have a current backup', required: true },
    ];
    render(
      <QuestionForm
        questions={questions}
        step={undefined}
        practice={false}
        busy={false}
        onSubmit={onSubmit}
      />,
    );
    const submit = screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    // "(optional)" is not repeated when the prompt says it already.
    expect(screen.getByLabelText('Folder you backed up (optional)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Folder you backed up (optional)'), {
      target: { value: '  C:\\Users\\dev\\Documents ' },
    });
    fireEvent.click(screen.getByLabelText('I have a current backup'));
    expect(submit.disabled).toBe(false);
    fireEvent.submit(submit.closest('form')!);
    expect(onSubmit).toHaveBeenCalledWith([
      { questionId: 'backupSource', value: 'C:\\Users\\dev\\Documents' },
      { questionId: 'backupConfirmed', value: true },
    ]);
  });
});

describe('ProgressBar', () => {
  const p: Progress = {
    runId: 'r',
    stepId: 'clear-softwaredistribution',
    phase: 'delete',
    done: 1000,
    total: 2000,
    bytes: 12.5 * 1024 * 1024,
    totalBytes: 25 * 1024 * 1024,
    ratePerSecond: 512.4,
    etaSeconds: 1.9,
  };

  it('shows files, bytes, rate and time left, and exposes the percentage', () => {
    render(<ProgressBar progress={p} label="Deleting files…" onCancel={() => {}} />);
    const bar = screen.getByRole('progressbar', { name: 'Deleting files…' });
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    expect(bar.getAttribute('aria-valuetext')).toBe(
      '1,000 of 2,000 files · 12.5 MB of 25.0 MB · 512 files/s · about 2 s left',
    );
    expect(screen.getByText('50%')).toBeTruthy();
  });

  it('Cancel calls back once and then says it is cancelling', () => {
    const onCancel = vi.fn();
    const { rerender } = render(
      <ProgressBar progress={p} label="Deleting files…" onCancel={onCancel} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    rerender(<ProgressBar progress={p} label="Deleting files…" onCancel={onCancel} cancelling />);
    const b = screen.getByRole('button', { name: 'Cancelling…' }) as HTMLButtonElement;
    expect(b.disabled).toBe(true);
  });

  it('without a total it shows what it knows and no percentage', () => {
    render(
      <ProgressBar
        progress={{ runId: 'r', stepId: 's', phase: 'delete', done: 7, bytes: 10 }}
        label="Deleting files…"
      />,
    );
    const bar = screen.getByRole('progressbar');
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.getAttribute('aria-valuetext')).toBe('7 files · 10 B');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('formats time left for people', () => {
    expect(formatEta(0.2)).toBe('less than a second left');
    expect(formatEta(125)).toBe('about 2 min 5 s left');
    expect(formatEta(3 * 3600 + 120)).toBe('about 3 h 2 min left');
  });
});

function runState(over: Partial<RunState> = {}): RunState {
  const step = (id: string, status: RunState['steps'][number]['status'], attempts = 1) => ({
    id,
    title: `Step ${id}`,
    status,
    attempts,
    before: [],
    after: [],
  });
  return {
    runId: 'r1',
    workflow: 'w',
    workflowTitle: 'W',
    status: 'paused-reboot',
    startedAt: '2026-01-01T00:00:00Z',
    machine: { kind: 'practice', label: 'P', dir: '/tmp/p' },
    steps: [
      step('a', 'done'),
      step('b', 'skipped'),
      step('c', 'blocked'),
      step('d', 'waiting', 2),
      step('e', 'pending', 0),
    ],
    answers: {},
    pause: { reason: 'reboot', stepId: 'd', message: 'restart', questions: [] },
    warnings: [],
    ...over,
  };
}

describe('StepList', () => {
  it('says each step’s state in words and marks the current step', () => {
    const onSelect = vi.fn();
    render(
      <StepList run={runState()} active={false} currentId="d" selectedId="d" onSelect={onSelect} />,
    );
    const nav = screen.getByRole('navigation', { name: 'Steps' });
    const items = within(nav).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.step-state')!.textContent)).toEqual([
      'Done',
      'Skipped',
      'Blocked',
      'Waiting for a restart · attempt 2',
      'Not started',
    ]);
    const current = within(nav).getByRole('button', { current: 'step' });
    expect(current.textContent).toContain('Step d');
    fireEvent.click(within(nav).getByRole('button', { name: /Step a/ }));
    expect(onSelect).toHaveBeenCalledWith('a');
  });

  it('a paused step waiting for answers says so; a running one says it is in progress', () => {
    const { rerender } = render(
      <StepList
        run={runState({
          status: 'waiting-answer',
          pause: { reason: 'answer', stepId: 'd', message: '', questions: [] },
        })}
        active={false}
        currentId="d"
        selectedId={null}
        onSelect={() => {}}
      />,
    );
    expect(
      screen.getByRole('button', { current: 'step' }).querySelector('.step-state')!.textContent,
    ).toBe('Waiting for you · attempt 2');
    const running = runState({ status: 'running', pause: undefined });
    running.steps[3]!.status = 'running';
    rerender(<StepList run={running} active currentId="d" selectedId={null} onSelect={() => {}} />);
    expect(
      screen.getByRole('button', { current: 'step' }).querySelector('.step-state')!.textContent,
    ).toBe('In progress · attempt 2');
  });
});

describe('Markdown subset', () => {
  it('renders paragraphs, lists, bold and code as elements', () => {
    const { container } = render(
      <Markdown
        source={
          'Copy the **contents** of `C:\\\\Data`.\n\n- one\n- two **2**\n\n1. first\n2. second'
        }
      />,
    );
    expect(container.querySelector('p strong')!.textContent).toBe('contents');
    expect(container.querySelector('p code')!.textContent).toBe('C:\\\\Data');
    expect([...container.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual([
      'one',
      'two 2',
    ]);
    expect(container.querySelector('ul li strong')!.textContent).toBe('2');
    expect([...container.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual([
      'first',
      'second',
    ]);
  });

  it('never turns text into markup', () => {
    const { container } = render(
      <Markdown source={'<img src=x onerror="alert(1)"> **<b>bold</b>** `<script>`'} />,
    );
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(container.querySelector('code')!.textContent).toBe('<script>');
  });
});

describe('CheckList', () => {
  it('shows the latest result of each check with its evidence on demand', () => {
    const at = '2026-01-01T00:00:00Z';
    const checks = [
      {
        id: 'sd',
        title: 'SoftwareDistribution folder',
        status: 'pass' as const,
        summary: '2,000 files',
        evidence: ['files 2000'],
        at,
      },
      {
        id: 'wu',
        title: 'Windows Update stopped',
        status: 'fail' as const,
        summary: 'running',
        evidence: [],
        at,
      },
      {
        id: 'wu',
        title: 'Windows Update stopped',
        status: 'pass' as const,
        summary: 'stopped',
        evidence: [],
        at,
      },
    ];
    expect(latestChecks(checks).map((c) => `${c.id}:${c.status}`)).toEqual(['sd:pass', 'wu:pass']);
    render(<CheckList checks={checks} label="Checks before" />);
    const list = screen.getByRole('list', { name: 'Checks before' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    const details = screen.getByRole('button', { name: 'Details' });
    expect(details.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(details);
    expect(screen.getByRole('button', { name: 'Hide details' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    expect(screen.getByText('files 2000')).toBeTruthy();
  });
});
