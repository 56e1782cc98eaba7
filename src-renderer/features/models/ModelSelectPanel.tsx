import { metricLabel } from '@shared/charts';
import { useEffect, useMemo, useState } from 'react';
import { formatDuration } from '../../lib/format';
import { t } from '../../strings';
import { ConfirmButton, StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { BudgetInput } from './BudgetInput';
import { BUDGET_MIN, clampBudget, draftFromSelection, selectionEdits, type SelectionDraft } from './selection-edits';

/** MODEL_SELECT: which models to try (each with why) and how long to spend. */
export function ModelSelectPanel() {
  const selection = useProjectStore((s) => s.project?.models);
  const status = useProjectStore((s) => s.project?.stages.MODEL_SELECT.status);
  const busy = useProjectStore((s) => s.busy !== null);
  const confirm = useProjectStore((s) => s.confirm);
  const [draft, setDraft] = useState<SelectionDraft | null>(selection ? draftFromSelection(selection) : null);
  useEffect(() => setDraft(selection ? draftFromSelection(selection) : null), [selection]);
  const edits = useMemo(() => (selection && draft ? selectionEdits(selection, draft) : {}), [selection, draft]);

  const toggle = (family: string, on: boolean) =>
    setDraft((d) => d && { ...d, selected: on ? [...d.selected, family] : d.selected.filter((f) => f !== family) });
  const setBudget = (v: number) => setDraft((d) => d && { ...d, budgetSeconds: clampBudget(v) });
  const none = draft !== null && draft.selected.length === 0;
  const locked = busy || status === 'done';

  return (
    <StageShell
      stage="MODEL_SELECT"
      title={t.models.title}
      lede={
        selection
          ? t.models.lede(
              metricLabel(selection.metric),
              selection.selectedBy ? metricLabel(selection.selectedBy) : undefined,
            )
          : undefined
      }
      runningText={t.models.running}
      actions={
        status === 'waiting_confirmation' && (
          <ConfirmButton
            stage="MODEL_SELECT"
            label={t.models.start}
            disabled={none}
            hint={none ? t.models.pickOne : undefined}
            onClick={() => void confirm('MODEL_SELECT', edits, { thenContinue: true })}
          />
        )
      }
    >
      {selection && draft && (status === 'waiting_confirmation' || status === 'done') && (
        <div className="model-select" data-testid="model-candidates">
          <ul className="candidate-list">
            {selection.candidates.map((c) => {
              const on = draft.selected.includes(c.family);
              return (
                <li key={c.family} className={`candidate ${on ? 'is-on' : ''}`}>
                  <label>
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={locked}
                      onChange={(e) => toggle(c.family, e.target.checked)}
                      data-testid={`model-${c.family}`}
                    />
                    <span className="candidate-text">
                      <span className="candidate-label">{c.label}</span>
                      <span className="candidate-why">{c.rationale}</span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          <div className="budget card">
            <label htmlFor="budget-range" className="card-title">
              {t.models.budget}
            </label>
            <p className="muted small">{t.models.budgetHint}</p>
            <div className="budget-row">
              <input
                id="budget-range"
                type="range"
                min={BUDGET_MIN}
                max={600}
                step={10}
                value={Math.min(600, draft.budgetSeconds)}
                disabled={locked}
                onChange={(e) => setBudget(Number(e.target.value))}
                data-testid="budget-slider"
                aria-valuetext={formatDuration(draft.budgetSeconds)}
              />
              <BudgetInput
                value={draft.budgetSeconds}
                onCommit={setBudget}
                disabled={locked}
                label={t.models.budgetSeconds}
              />
              <span className="muted" data-testid="budget-echo">
                {t.models.budgetEcho(draft.budgetSeconds, formatDuration(draft.budgetSeconds))}
              </span>
            </div>
          </div>
        </div>
      )}
    </StageShell>
  );
}
