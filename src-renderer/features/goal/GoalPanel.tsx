import { useEffect, useState } from 'react';
import { ConfirmButton, StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { GoalBox } from './GoalBox';
import { draftFrom, intentEdits, type IntentDraft } from './intent-draft';
import { IntentEditor } from './IntentEditor';
import { t } from '../../strings';

/** PARSE_INTENT: the sentence, how it was read, and corrections. */
export function GoalPanel() {
  const goal = useProjectStore((s) => s.project?.goal ?? '');
  const intent = useProjectStore((s) => s.project?.intent);
  const columns = useProjectStore((s) => s.project?.dataset?.columns);
  const status = useProjectStore((s) => s.project?.stages.PARSE_INTENT.status);
  const busy = useProjectStore((s) => s.busy !== null);
  const setGoal = useProjectStore((s) => s.setGoal);
  const confirm = useProjectStore((s) => s.confirm);
  const [draft, setDraft] = useState<IntentDraft | null>(intent ? draftFrom(intent) : null);
  useEffect(() => setDraft(intent ? draftFrom(intent) : null), [intent]);

  const edits = intent && draft ? intentEdits(intent, draft) : {};
  const changed = Object.keys(edits).length > 0;
  // A finished goal is looked at, not edited: "Change and re-run from here" on the banner reopens it.
  const readOnly = status === 'done';
  return (
    <StageShell
      stage="PARSE_INTENT"
      title={t.goal.title}
      lede={t.goal.lede}
      runningText={t.goal.running}
      keepContentWhileRunning
      actions={
        status === 'waiting_confirmation' && (
          <ConfirmButton
            stage="PARSE_INTENT"
            label={changed ? t.goal.apply : t.goal.toData}
            onClick={() => void confirm('PARSE_INTENT', edits)}
          />
        )
      }
    >
      {readOnly ? (
        <blockquote className="goal-quote" data-testid="goal-text">
          {goal}
        </blockquote>
      ) : (
        <GoalBox
          initial={goal}
          busy={busy || status === 'running'}
          submitLabel={goal ? t.goal.readAgain : t.goal.start}
          onSubmit={(g) => void setGoal(g)}
          autoFocus={!goal}
          secondary={Boolean(goal)}
          showExamples={!goal}
        />
      )}
      {intent && draft && (status === 'waiting_confirmation' || readOnly) && (
        <section className="card" aria-labelledby="intent-title">
          <h2 id="intent-title" className="card-title">
            {t.goal.understood}
          </h2>
          <IntentEditor
            intent={intent}
            draft={draft}
            onChange={setDraft}
            columns={columns}
            disabled={busy || readOnly}
          />
        </section>
      )}
    </StageShell>
  );
}
