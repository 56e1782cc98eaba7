import type { StageId } from '@shared/stages';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useProjectStore } from './store';
import { t } from '../../strings';

/**
 * Shown above a finished stage opened from the timeline: it is shown as it was, nothing re-runs. Changing it is a
 * separate, explicit action that asks first (it and every step after it run again).
 */
export function ReviewBanner({ stage, current, finished }: { stage: StageId; current: StageId; finished: boolean }) {
  const view = useProjectStore((s) => s.view);
  const back = useProjectStore((s) => s.back);
  const busy = useProjectStore((s) => s.busy !== null);
  const [asking, setAsking] = useState(false);
  return (
    <div className="review-banner" role="status" data-testid="viewing-banner" data-stage={stage}>
      <p>
        <strong>{t.stages[stage]}</strong> {t.project.finished}
      </p>
      <div className="row-actions">
        <button type="button" className="button small" onClick={() => view(null)} data-testid="back-to-current">
          {finished ? t.steps.backTo(t.stages[current]) : t.project.backYourTurn(t.stages[current])}
        </button>
        <button
          type="button"
          className="button small quiet"
          disabled={busy}
          onClick={() => setAsking(true)}
          data-testid="rerun-from-here"
        >
          {t.project.rerunFromHere}
        </button>
      </div>
      {asking && (
        <Dialog
          title={t.project.rerunTitle(t.stages[stage])}
          confirmLabel={t.project.rerun}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void back(stage);
          }}
        >
          {t.project.rerunBody(t.stages[stage])}
        </Dialog>
      )}
    </div>
  );
}
