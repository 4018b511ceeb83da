/**
 * What the run waits for, as one form: confirmations (checkboxes), paths and text, and — when the
 * step's action needs a go-ahead — the action button itself, with an administrator shield where
 * Windows will ask for elevation and a typed phrase in front of anything destructive.
 */
import { useId, useState, type FormEvent } from 'react';
import type { AnswerItem, Question, StepSummary } from '../api';
import { ShieldIcon } from './Icons';
import { TypedConfirm, phraseMatches } from './TypedConfirm';

export function isActionQuestion(q: Question, step: StepSummary | undefined): boolean {
  return Boolean(step?.action) && q.id === `confirm:${step!.id}`;
}

function Field({
  q,
  value,
  onChange,
  disabled,
  problem,
  onBrowse,
}: {
  q: Question;
  value: string | boolean;
  onChange(v: string | boolean): void;
  disabled: boolean;
  problem?: string | undefined;
  onBrowse?: ((q: Question, current: string) => Promise<string | null>) | undefined;
}) {
  const [browsing, setBrowsing] = useState(false);
  const browse = q.kind === 'path' ? onBrowse : undefined;
  const id = useId();
  const helpId =
    [q.help ? `${id}-help` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') ||
    undefined;
  if (q.kind === 'confirm') {
    return (
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          disabled={disabled}
          aria-describedby={helpId}
        />
        <label htmlFor={id}>{q.prompt}</label>
        {q.help && (
          <p id={`${id}-help`} className="hint">
            {q.help}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {q.prompt}
        {!q.required && !/\(optional\)/i.test(q.prompt) && (
          <span className="optional"> (optional)</span>
        )}
      </label>
      <div className={browse ? 'path-input' : undefined}>
        <input
          id={id}
          type={q.kind === 'number' ? 'number' : 'text'}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          placeholder={q.kind === 'path' ? 'C:\\Users\\you\\…' : undefined}
          spellCheck={false}
          autoComplete="off"
          required={q.required}
          disabled={disabled}
          aria-describedby={helpId}
          aria-invalid={problem ? true : undefined}
          className={q.kind === 'path' ? 'mono' : undefined}
        />
        {browse && (
          <button
            type="button"
            className="btn btn-secondary"
            disabled={disabled || browsing}
            aria-label={`Browse for ${q.prompt}`}
            onClick={() => {
              setBrowsing(true);
              void browse(q, String(value))
                .then((picked) => {
                  if (picked !== null) onChange(picked);
                })
                .finally(() => setBrowsing(false));
            }}
          >
            Browse…
          </button>
        )}
      </div>
      {problem && (
        <p id={`${id}-problem`} className="field-problem">
          {problem}
        </p>
      )}
      {q.help && (
        <p id={`${id}-help`} className="hint">
          {q.help}
        </p>
      )}
    </div>
  );
}

export function QuestionForm({
  questions,
  step,
  practice,
  busy,
  onSubmit,
  problems = {},
  current = {},
  submitLabel,
  onBrowse,
}: {
  questions: Question[];
  step: StepSummary | undefined;
  practice: boolean;
  busy: boolean;
  onSubmit(answers: AnswerItem[]): void;
  /** Why an answer was not taken, by question id: shown next to its field. */
  problems?: Record<string, string>;
  /** The answers given so far (a retry starts from them). */
  current?: Record<string, string | number | boolean>;
  submitLabel?: string;
  /** Browse… next to path fields: the picked path, or null when cancelled. */
  onBrowse?: (q: Question, current: string) => Promise<string | null>;
}) {
  const initial = Object.fromEntries(
    questions.map((q) => [
      q.id,
      // A confirmation starts unticked; a recommended choice that may be declined (the restore
      // point) starts as its default says.
      q.kind === 'confirm'
        ? !q.required && q.default === true
        : current[q.id] !== undefined
          ? String(current[q.id])
          : q.default !== undefined
            ? String(q.default)
            : '',
    ]),
  ) as Record<string, string | boolean>;
  const [values, setValues] = useState(initial);
  const [typed, setTyped] = useState('');

  const actionQ = questions.find((q) => isActionQuestion(q, step));
  const fields = questions.filter((q) => q !== actionQ);
  const action = step?.action;
  const needsPhrase = Boolean(actionQ?.phrase && action?.destructive);

  const missing = fields.some((q) =>
    q.kind === 'confirm'
      ? q.required && values[q.id] !== true
      : q.required && String(values[q.id] ?? '').trim() === '',
  );
  const ready = !busy && !missing && (!needsPhrase || phraseMatches(typed, actionQ!.phrase!));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const answers: AnswerItem[] = fields.map((q) => {
      const v = values[q.id];
      if (q.kind === 'confirm') return { questionId: q.id, value: v === true };
      if (q.kind === 'number') return { questionId: q.id, value: Number(v) };
      return { questionId: q.id, value: String(v ?? '').trim() };
    });
    if (actionQ)
      answers.push({
        questionId: actionQ.id,
        value: true,
        ...(needsPhrase ? { phrase: typed.trim() } : {}),
      });
    onSubmit(answers);
  };

  return (
    <form
      className="question-form"
      onSubmit={submit}
      aria-label={actionQ ? 'Confirm this step' : 'Your answers'}
    >
      {fields.map((q) => (
        <Field
          key={q.id}
          q={q}
          value={values[q.id] ?? ''}
          disabled={busy}
          problem={problems[q.id]}
          onBrowse={onBrowse}
          onChange={(v) => setValues((s) => ({ ...s, [q.id]: v }))}
        />
      ))}
      {actionQ && (
        <div className={`action-confirm ${action?.destructive ? 'is-destructive' : ''}`}>
          <p className="action-prompt">{actionQ.prompt}</p>
          {needsPhrase && (
            <TypedConfirm
              phrase={actionQ.phrase!}
              value={typed}
              onChange={setTyped}
              disabled={busy}
            />
          )}
        </div>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className={`btn ${action?.destructive && actionQ ? 'btn-danger' : 'btn-primary'}`}
          disabled={!ready}
        >
          {actionQ && action?.needsAdmin && <ShieldIcon className="shield" />}
          <span>{actionQ && action ? action.title : (submitLabel ?? 'Continue')}</span>
          {actionQ && action?.needsAdmin && (
            <span className="visually-hidden"> (needs administrator rights)</span>
          )}
        </button>
        {actionQ && action?.needsAdmin && (
          <p className="hint admin-hint">
            {practice
              ? 'On a real PC, Windows asks for administrator permission here. The practice machine does not.'
              : 'Windows will ask for administrator permission for this action.'}
          </p>
        )}
      </div>
    </form>
  );
}
