import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { t } from '../../strings';

const EXAMPLES = t.goal.examples;

interface Props {
  initial?: string;
  busy?: boolean;
  submitLabel: string;
  onSubmit: (goal: string) => void;
  autoFocus?: boolean;
  /** Once a goal exists, re-reading it is a secondary action (the stage's Continue is the primary one). */
  secondary?: boolean;
  /** Example sentences are for a blank start only. */
  showExamples?: boolean;
}

/** The sentence box. Enter submits, Shift+Enter starts a new line. */
export function GoalBox({
  initial = '',
  busy,
  submitLabel,
  onSubmit,
  autoFocus,
  secondary,
  showExamples = true,
}: Props) {
  const [goal, setGoal] = useState(initial);
  useEffect(() => setGoal(initial), [initial]);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const text = goal.trim();
    // Re-submitting the unchanged sentence would only throw away the current reading.
    if (text && !busy && !(secondary && text === initial.trim())) onSubmit(text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };
  return (
    <form className="goal-box" onSubmit={submit}>
      <label htmlFor="goal-input" className="goal-label">
        {t.goal.question}
      </label>
      <div className="goal-row">
        <textarea
          id="goal-input"
          className="goal-input"
          rows={2}
          value={goal}
          placeholder={t.goal.placeholder(EXAMPLES[0])}
          onChange={(e) => setGoal(e.target.value)}
          onKeyDown={onKeyDown}
          autoFocus={autoFocus}
          maxLength={500}
          data-testid="goal-input"
        />
        <button
          type="submit"
          className={`button ${secondary ? '' : 'primary'}`}
          disabled={busy || !goal.trim() || (secondary && goal.trim() === initial.trim())}
          data-testid="goal-submit"
        >
          {submitLabel}
        </button>
      </div>
      {showExamples && (
        <div className="goal-examples" aria-label={t.goal.examplesLabel}>
          {EXAMPLES.slice(1).map((ex) => (
            <button key={ex} type="button" className="chip chip-quiet" onClick={() => setGoal(ex)}>
              {ex}
            </button>
          ))}
        </div>
      )}
    </form>
  );
}
