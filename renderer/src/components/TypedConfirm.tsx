/**
 * A typed confirmation for destructive steps: the person types the exact phrase before the
 * action button works. Typing is deliberate in a way a click is not — and the main process checks
 * the phrase again.
 */
import { useId } from 'react';

export function phraseMatches(typed: string, phrase: string): boolean {
  return typed.trim() === phrase;
}

export function TypedConfirm({
  phrase,
  value,
  onChange,
  disabled,
}: {
  phrase: string;
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
}) {
  const id = useId();
  const ok = phraseMatches(value, phrase);
  return (
    <div className="typed-confirm">
      <label htmlFor={id}>
        To confirm, type <kbd className="phrase">{phrase}</kbd>
      </label>
      <input
        id={id}
        type="text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        disabled={disabled}
        aria-describedby={`${id}-state`}
        aria-invalid={value.length > 0 && !ok}
      />
      <p id={`${id}-state`} className={`hint ${ok ? 'hint-ok' : ''}`} aria-live="polite">
        {ok
          ? 'Confirmed — the button below is now active.'
          : value.length > 0
            ? 'Not yet: the text must match exactly.'
            : ' '}
      </p>
    </div>
  );
}
