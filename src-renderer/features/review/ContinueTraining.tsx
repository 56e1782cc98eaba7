import { useState } from 'react';
import { formatDuration, plural } from '../../lib/format';
import { t } from '../../strings';
import { BudgetInput } from '../models/BudgetInput';
import { clampBudget } from '../models/selection-edits';
import { useProjectStore } from '../project/store';

/**
 * "Continue with more budget" (after a run, or after stopping and keeping the best): the search goes on from the
 * models already trained, for the time asked; Review follows again with everything the two runs found.
 */
export function ContinueTraining({ models, budgetSeconds }: { models: number; budgetSeconds: number }) {
  const [seconds, setSeconds] = useState(budgetSeconds);
  const go = useProjectStore((s) => s.continueTraining);
  const busy = useProjectStore((s) => s.busy);
  return (
    <section className="card continue-training" data-testid="continue-training-card">
      <h3 className="card-title">{t.review.more}</h3>
      <p className="muted small">{t.review.moreLede(plural(models, t.nouns.model))}</p>
      <div className="budget-row">
        <BudgetInput
          value={seconds}
          onCommit={(v) => setSeconds(clampBudget(v))}
          label={t.review.moreBudget}
          testId="continue-budget"
        />
        <span className="muted" data-testid="continue-budget-echo">
          {t.models.budgetEcho(seconds, formatDuration(seconds))}
        </span>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void go(seconds)}
          data-testid="continue-training"
        >
          {t.review.more}
        </button>
      </div>
    </section>
  );
}
