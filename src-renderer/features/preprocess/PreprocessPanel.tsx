import { useEffect, useMemo, useState } from 'react';
import { ConfirmButton, StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { draftFromPlan, planEdits, type PlanDraft } from './plan-edits';
import { PlanTable } from './PlanTable';

const VALIDATION_TEXT = {
  holdout: 'a held-out test split',
  kfold: 'k-fold cross-validation',
  time: 'a time-ordered split (no peeking at the future)',
};

/** PREPROCESS: the per-column plan, editable; changes re-plan and then continue in one click. */
export function PreprocessPanel() {
  const plan = useProjectStore((s) => s.project?.plan);
  const status = useProjectStore((s) => s.project?.stages.PREPROCESS.status);
  const busy = useProjectStore((s) => s.busy !== null);
  const confirm = useProjectStore((s) => s.confirm);
  const [draft, setDraft] = useState<PlanDraft>(() => (plan ? draftFromPlan(plan.columns) : {}));
  useEffect(() => setDraft(plan ? draftFromPlan(plan.columns) : {}), [plan]);

  const edits = useMemo(() => (plan ? planEdits(plan.columns, draft) : {}), [plan, draft]);
  const changes = (edits.drop?.length ?? 0) + Object.keys(edits.columns ?? {}).length;
  const v = plan?.validation;

  return (
    <StageShell
      stage="PREPROCESS"
      title="Prepare the columns"
      lede="How each column is cleaned and turned into numbers. The defaults are sensible; drop columns that would leak the answer or make no sense as inputs."
      runningText="Planning the preprocessing…"
      actions={
        status === 'waiting_confirmation' && (
          <>
            {changes > 0 && (
              <button
                type="button"
                className="button quiet"
                disabled={busy}
                onClick={() => plan && setDraft(draftFromPlan(plan.columns))}
                data-testid="reset-plan"
              >
                Undo changes
              </button>
            )}
            <ConfirmButton
              stage="PREPROCESS"
              label={changes > 0 ? `Apply ${changes} ${changes === 1 ? 'change' : 'changes'} and continue` : 'Continue'}
              onClick={() => void confirm('PREPROCESS', edits, { thenContinue: true })}
            />
          </>
        )
      }
    >
      {plan && (status === 'waiting_confirmation' || status === 'done') && (
        <div className="preprocess" data-testid="preprocess-plan">
          {v && (
            <p className="plan-summary" data-testid="validation-plan">
              Models are compared with {VALIDATION_TEXT[v.kind]}
              {v.kind === 'kfold' && v.folds ? ` (${v.folds} folds)` : ''}, keeping {Math.round(v.testFraction * 100)}%
              of rows for the final test
              {v.stratified ? ', with class proportions kept' : ''}
              {plan.classWeights ? '; rare classes are weighted up' : ''}.
            </p>
          )}
          {plan.warnings.length > 0 && (
            <ul className="warnings" aria-label="Warnings">
              {plan.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          )}
          <PlanTable
            columns={plan.columns}
            draft={draft}
            onChange={(name, patch) => setDraft((d) => ({ ...d, [name]: { ...d[name], ...patch } }))}
            disabled={busy || status === 'done'}
          />
        </div>
      )}
    </StageShell>
  );
}
