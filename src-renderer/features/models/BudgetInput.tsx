import { useEffect, useState } from 'react';
import { BUDGET_MAX, BUDGET_MIN } from './selection-edits';

/** A seconds field that lets a person type freely and clamps on blur or Enter, not on every key. */
export function BudgetInput({
  value,
  onCommit,
  disabled,
  label = 'Time budget in seconds',
  testId = 'budget-input',
}: {
  value: number;
  onCommit: (v: number) => void;
  disabled?: boolean;
  label?: string;
  testId?: string;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
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
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      aria-label={label}
      data-testid={testId}
      className="budget-number"
    />
  );
}
