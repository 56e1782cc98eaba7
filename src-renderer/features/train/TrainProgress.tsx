import { ProgressBar } from '../../components/ProgressBar';
import { useEffect, useState } from 'react';
import { formatDuration, formatPercent } from '../../lib/format';
import { familyLabel } from './live-rows';
import { useTrainingStore } from '../training/store';
import { t } from '../../strings';

/** Seconds since `since`, ticking once a second (only this small element re-renders). */
function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <>{formatDuration((now - since) / 1000)}</>;
}

/** The run's overall progress, what it is doing now, and the time left. */
export function TrainProgress() {
  const fraction = useTrainingStore((s) => s.fraction);
  const message = useTrainingStore((s) => s.message);
  const eta = useTrainingStore((s) => s.etaSeconds);
  const family = useTrainingStore((s) => s.currentFamily);
  const startedAt = useTrainingStore((s) => s.startedAt);
  const running = useTrainingStore((s) => s.running);

  return (
    <div className="train-progress card" data-testid="train-progress" data-fraction={fraction.toFixed(3)}>
      <div className="progress-head">
        <span className="progress-message" data-testid="train-message">
          {!running && fraction < 1 ? t.train.stoppedAt(message || t.train.beforeFirst) : message || t.train.preparing}
        </span>
        <span className="progress-pct">{formatPercent(fraction)}</span>
      </div>
      <ProgressBar fraction={fraction} label={t.train.progress} />
      <div className="progress-foot muted">
        {family && <span>{t.train.now(familyLabel(family))}</span>}
        {startedAt && running && (
          <span>
            {t.train.elapsed} <Elapsed since={startedAt} />
          </span>
        )}
        <span data-testid="train-eta">
          {eta !== null && running ? t.train.left(formatDuration(eta)) : running ? t.train.estimating : ''}
        </span>
      </div>
    </div>
  );
}
