import { ProgressBar } from '../../components/ProgressBar';
import { formatPercent } from '../../lib/format';
import { useProjectStore } from '../project/store';
import { useTrainingStore } from '../training/store';
import { t } from '../../strings';

/**
 * The download bar while DATA_SOURCE fetches a Kaggle dataset. The host reports the download as
 * TRAIN_PROGRESS; the event hub already folds those into the training store, so this reads it there.
 */
export function KaggleProgress({ refName }: { refName: string | null }) {
  const fraction = useTrainingStore((s) => s.fraction);
  const message = useTrainingStore((s) => s.message);
  const downloading = /^Downloading /.test(message);
  const known = downloading && / of /.test(message);
  const done = known && fraction >= 1;
  const cancel = useProjectStore((s) => s.cancel);
  const stopping = useProjectStore((s) => s.busy === 'cancel');
  const text = done ? t.kaggle.downloaded : downloading ? message : t.kaggle.connecting(refName);

  return (
    <div
      className="kaggle-progress card"
      data-testid="kaggle-progress"
      data-fraction={(known ? fraction : 0).toFixed(3)}
    >
      <div className="progress-head">
        <span className="progress-message" data-testid="kaggle-progress-message">
          {text}
        </span>
        {known && <span className="progress-pct">{formatPercent(fraction)}</span>}
      </div>
      <ProgressBar fraction={known ? fraction : null} label={t.kaggle.download} valueText={text} />
      <div className="progress-foot">
        <button
          type="button"
          className="button small"
          disabled={stopping}
          onClick={() => void cancel()}
          data-testid="cancel-DATA_SOURCE"
        >
          {stopping ? t.steps.stopping : t.kaggle.cancel}
        </button>
      </div>
    </div>
  );
}
