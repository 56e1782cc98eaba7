import { useEffect, useMemo, useState } from 'react';
import { formatCount, formatPercent, plural } from '../../lib/format';
import { ConfirmButton, StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { shownName } from '@shared/column-names';
import { draftFromPlan, planEdits, type PlanDraft } from './plan-edits';
import { PlanTable } from './PlanTable';
import { t } from '../../strings';

/** PREPROCESS: the per-column plan, editable; changes re-plan and then continue in one click. */
export function PreprocessPanel() {
  const plan = useProjectStore((s) => s.project?.plan);
  const profileColumns = useProjectStore((s) => s.project?.profile?.columns);
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
      title={t.plan.title}
      lede={t.plan.lede}
      runningText={t.plan.running}
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
                {t.plan.undo}
              </button>
            )}
            <ConfirmButton
              stage="PREPROCESS"
              label={changes > 0 ? t.plan.apply(plural(changes, t.nouns.change)) : t.data.continue}
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
              {t.plan.validation({
                how: t.plan.validationKind[v.kind],
                folds: v.kind === 'kfold' && v.folds ? formatCount(v.folds) : null,
                test: formatPercent(v.testFraction),
                stratified: Boolean(v.stratified),
                weighted: Boolean(plan.classWeights),
              })}
            </p>
          )}
          {plan.warnings.length > 0 && (
            <ul className="warnings" aria-label={t.profile.warnings}>
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
            shown={(name) => shownName(profileColumns, name)}
          />
        </div>
      )}
    </StageShell>
  );
}
