import { STAGE_LABELS, type StageId } from '@shared/stages';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useProjectStore } from './store';

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
        <strong>{STAGE_LABELS[stage]}</strong> is finished: this is what it showed, and looking changes nothing.
      </p>
      <div className="row-actions">
        <button type="button" className="button small" onClick={() => view(null)} data-testid="back-to-current">
          {finished ? `Back to ${STAGE_LABELS[current]}` : `Back to ${STAGE_LABELS[current]} (your turn)`}
        </button>
        <button
          type="button"
          className="button small quiet"
          disabled={busy}
          onClick={() => setAsking(true)}
          data-testid="rerun-from-here"
        >
          Change and re-run from here…
        </button>
      </div>
      {asking && (
        <Dialog
          title={`Change ${STAGE_LABELS[stage]} and re-run?`}
          confirmLabel="Change and re-run"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void back(stage);
          }}
        >
          {STAGE_LABELS[stage]} opens for changes, and every step after it runs again with them. The results you have
          now (training, review, export) are replaced. Your data stays as it is; exported zips and registered models
          stay.
        </Dialog>
      )}
    </div>
  );
}
