import { useEffect, useState } from 'react';
import { BUDGET_MAX, BUDGET_MIN } from './selection-edits';

/** A typed budget the app can take as it is (no clamping needed): the echo beside the box follows it at once. */
export function typedBudget(text: string): number | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) && n >= BUDGET_MIN && n <= BUDGET_MAX ? n : null;
}

/**
 * A seconds field that lets a person type freely: a value in range counts as they type (the duration beside it
 * follows), anything else is clamped or put back on blur or Enter, not on every key.
 */
export function BudgetInput({
  value,
  onCommit,
  disabled,
  label,
  testId = 'budget-input',
}: {
  value: number;
  onCommit: (v: number) => void;
  disabled?: boolean;
  label: string;
  testId?: string;
}) {
  const [text, setText] = useState(String(value));
  // Follow the value when it changes elsewhere (the slider), not when it is what the box already says.
  useEffect(() => setText((cur) => (Number(cur) === value && cur.trim() !== '' ? cur : String(value))), [value]);
  const commit = () => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) setText(String(value));
    else onCommit(n);
  };
  return (
    <input
      type="number"
      min={BUDGET_MIN}
      max={BUDGET_MAX}
      value={text}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        const n = typedBudget(e.target.value);
        if (n !== null) onCommit(n);
      }}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      aria-label={label}
      data-testid={testId}
      className="budget-number"
    />
  );
}
