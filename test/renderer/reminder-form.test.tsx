// @vitest-environment jsdom
/**
 * The reminder form and Browse… on a question's path field, used the way a person uses them.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReminderForm } from '../../renderer/src/components/ReminderForm';
import { QuestionForm } from '../../renderer/src/components/QuestionForm';
import type { Reminder } from '../../shared/ipc';
import type { Question } from '../../shared/model';

afterEach(cleanup);

const reminder: Reminder = {
  id: 'r12345678',
  source: '/home/me/docs',
  backup: '/mnt/backup/docs',
  intervalDays: 14,
  lastBackupAt: null,
  dueAt: null,
  overdue: true,
  drive: { label: 'BACKUP' },
  driveConnected: null,
  driveMount: null,
  daysSinceBackup: null,
  nudge: null,
};

describe('ReminderForm', () => {
  it('a new reminder: Browse… fills the folders; Add sends what was typed', async () => {
    const onSave = vi.fn(async () => true);
    const onCancel = vi.fn();
    const onBrowse = vi.fn(async (title: string) =>
      title === 'Folder that is backed up' ? '/home/me/photos' : null,
    );
    render(
      <ReminderForm
        editing={null}
        busy={false}
        onSave={onSave}
        onCancel={onCancel}
        onBrowse={onBrowse}
      />,
    );
    const add = screen.getByRole('button', { name: 'Add reminder' });
    expect((add as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Browse for Folder that is backed up' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Folder that is backed up') as HTMLInputElement).value).toBe(
        '/home/me/photos',
      ),
    );
    // A cancelled dialog leaves the field alone.
    fireEvent.click(
      screen.getByRole('button', { name: 'Browse for Folder that holds its backup' }),
    );
    await waitFor(() => expect(onBrowse).toHaveBeenCalledTimes(2));
    expect((screen.getByLabelText('Folder that holds its backup') as HTMLInputElement).value).toBe(
      '',
    );
    fireEvent.change(screen.getByLabelText('Folder that holds its backup'), {
      target: { value: '/mnt/b' },
    });
    fireEvent.change(screen.getByLabelText('Remind me every (days)'), { target: { value: '0' } });
    expect((add as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('A whole number of days from 1 to 3650.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Remind me every (days)'), { target: { value: '3' } });
    fireEvent.click(add);
    await waitFor(() => expect(onCancel).toHaveBeenCalled());
    expect(onSave).toHaveBeenCalledWith({
      source: '/home/me/photos',
      backup: '/mnt/b',
      intervalDays: 3,
      driveLabel: '',
    });
  });

  it('editing starts from the reminder and sends its id', async () => {
    const onSave = vi.fn(async () => false);
    const onCancel = vi.fn();
    render(
      <ReminderForm
        editing={reminder}
        busy={false}
        onSave={onSave}
        onCancel={onCancel}
        onBrowse={async () => null}
      />,
    );
    expect((screen.getByLabelText(/Backup drive/) as HTMLInputElement).value).toBe('BACKUP');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave).toHaveBeenCalledWith({
      id: 'r12345678',
      source: '/home/me/docs',
      backup: '/mnt/backup/docs',
      intervalDays: 14,
      driveLabel: 'BACKUP',
    });
    // Not saved: the form stays open with what was typed.
    expect(onCancel).not.toHaveBeenCalled();
  });
});

describe('QuestionForm Browse…', () => {
  const questions: Question[] = [
    { id: 'installerPath', kind: 'path', pathKind: 'file', prompt: 'Installer', required: true },
    { id: 'note', kind: 'text', prompt: 'Note', required: false },
  ];
  it('only path fields get Browse…; the pick fills the field', async () => {
    const onBrowse = vi.fn(async () => 'C:\\Downloads\\dcrypt_setup.exe');
    render(
      <QuestionForm
        questions={questions}
        step={undefined}
        practice
        busy={false}
        onSubmit={() => {}}
        onBrowse={onBrowse}
      />,
    );
    expect(screen.getAllByRole('button', { name: /^Browse for / })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Browse for Installer' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Installer') as HTMLInputElement).value).toBe(
        'C:\\Downloads\\dcrypt_setup.exe',
      ),
    );
    expect(onBrowse).toHaveBeenCalledWith(questions[0], '');
  });

  it('without onBrowse there is no Browse… button', () => {
    render(
      <QuestionForm
        questions={questions}
        step={undefined}
        practice
        busy={false}
        onSubmit={() => {}}
      />,
    );
    expect(screen.queryByRole('button', { name: /^Browse for / })).toBeNull();
  });
});
