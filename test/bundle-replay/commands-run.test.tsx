// @vitest-environment jsdom
/** The app shows "Commands run" under the checks: each program as the PC ran it, exit code, time. */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckList } from '../../renderer/src/components/CheckList';

afterEach(cleanup);

const checks = [
  {
    id: 'svc',
    title: 'DiskCryptor driver',
    status: 'pass' as const,
    summary: 'running',
    evidence: [],
    at: '2026-01-01T00:00:00Z',
  },
];

describe('CheckList commands', () => {
  it('lists the commands run, folded, with full paths, exit codes and durations', () => {
    render(
      <CheckList
        checks={checks}
        label="Preflight checks"
        commands={[
          { command: 'C:\\Windows\\System32\\sc.exe queryex dcrypt', exitCode: 0, ms: 41 },
          { command: 'C:\\Program Files\\dcrypt\\dcinst.exe -isenc', exitCode: null, ms: 2.4 },
        ]}
      />,
    );
    expect(screen.getByText('Commands run (2)').tagName).toBe('SUMMARY');
    const items = within(screen.getByRole('list', { name: 'Commands run' })).getAllByRole(
      'listitem',
    );
    expect(items.map((i) => i.textContent)).toEqual([
      'C:\\Windows\\System32\\sc.exe queryex dcrypt — exit 0, 41 ms',
      'C:\\Program Files\\dcrypt\\dcinst.exe -isenc — exit none, 2 ms',
    ]);
  });

  it('shows nothing when no command ran', () => {
    render(<CheckList checks={checks} label="Preflight checks" />);
    expect(screen.queryByText(/Commands run/)).toBeNull();
  });
});
