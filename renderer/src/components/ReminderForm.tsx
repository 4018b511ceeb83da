/**
 * Add or edit a backup reminder in the app (the same store `wsops remind` edits): the folder that
 * is backed up, the folder that holds its backup (each with Browse…), how often, and optionally
 * the backup drive's label so the tray can say when it is plugged in.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Reminder } from '../api';
import type { ReminderInput } from '../store';

export function ReminderForm({
  editing,
  busy,
  onSave,
  onCancel,
  onBrowse,
}: {
  /** The reminder being edited; null for a new one. */
  editing: Reminder | null;
  busy: boolean;
  onSave(input: ReminderInput): Promise<boolean>;
  onCancel(): void;
  onBrowse(title: string, current: string): Promise<string | null>;
}) {
  const id = useId();
  const [source, setSource] = useState(editing?.source ?? '');
  const [backup, setBackup] = useState(editing?.backup ?? '');
  const [days, setDays] = useState(String(editing?.intervalDays ?? 7));
  const [driveLabel, setDriveLabel] = useState(editing?.drive?.label ?? '');
  const n = Number(days);
  const daysOk = Number.isInteger(n) && n >= 1 && n <= 3650;
  const ready = !busy && source.trim() !== '' && backup.trim() !== '' && daysOk;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    void onSave({
      ...(editing ? { id: editing.id } : {}),
      source: source.trim(),
      backup: backup.trim(),
      intervalDays: n,
      driveLabel,
    }).then((saved) => {
      if (saved) onCancel();
    });
  };

  const pathField = (key: string, label: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <div className="path-input">
        <input
          id={`${id}-${key}`}
          type="text"
          className="mono"
          value={value}
          onChange={(e) => set(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          required
          disabled={busy}
        />
        <button
          type="button"
          className="btn btn-secondary"
          disabled={busy}
          aria-label={`Browse for ${label}`}
          onClick={() =>
            void onBrowse(label, value).then((picked) => {
              if (picked !== null) set(picked);
            })
          }
        >
          Browse…
        </button>
      </div>
    </div>
  );

  return (
    <form
      className="reminder-form"
      onSubmit={submit}
      aria-label={editing ? 'Edit the reminder' : 'New backup reminder'}
    >
      {pathField('source', 'Folder that is backed up', source, setSource)}
      {pathField('backup', 'Folder that holds its backup', backup, setBackup)}
      <div className="field">
        <label htmlFor={`${id}-days`}>Remind me every (days)</label>
        <input
          id={`${id}-days`}
          type="number"
          min={1}
          max={3650}
          step={1}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          required
          disabled={busy}
          aria-invalid={daysOk ? undefined : true}
          aria-describedby={daysOk ? undefined : `${id}-days-problem`}
        />
        {!daysOk && (
          <p id={`${id}-days-problem`} className="field-problem">
            A whole number of days from 1 to 3650.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-drive`}>
          Backup drive’s label <span className="optional">(optional)</span>
        </label>
        <input
          id={`${id}-drive`}
          type="text"
          value={driveLabel}
          onChange={(e) => setDriveLabel(e.target.value)}
          autoComplete="off"
          disabled={busy}
          aria-describedby={`${id}-drive-help`}
        />
        <p id={`${id}-drive-help`} className="hint">
          When this drive is connected and the backup is due, the tray says so.
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!ready}>
          {editing ? 'Save changes' : 'Add reminder'}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
