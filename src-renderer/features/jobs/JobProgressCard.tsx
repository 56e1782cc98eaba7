import type { JobKind } from '@shared/events';
import { ProgressBar } from '../../components/ProgressBar';
import { formatDuration, formatPercent } from '../../lib/format';
import { t } from '../../strings';
import type { JobProgressNow } from './store';

interface Props {
  /** The job's latest progress; null until its first report (the bar then moves without a value). */
  progress: JobProgressNow | null;
  /** The job this card follows, for its accessible name before the first report. */
  job: JobKind;
  /** What to say before the first report ("Profiling every column…"). */
  waitingText: string;
  onCancel: () => void;
  stopping: boolean;
  cancelLabel?: string;
  testId?: string;
  cancelTestId?: string;
}

/**
 * A long job's progress: what it is doing, a bar with the measured fraction (indeterminate only while the amount of
 * work is not known), the time left, and the button that cancels it. One look for import, download, profile,
 * export and predict (training has its own card with its models).
 */
export function JobProgressCard({
  progress,
  job,
  waitingText,
  onCancel,
  stopping,
  cancelLabel,
  testId,
  cancelTestId,
}: Props) {
  const fraction = progress?.fraction ?? null;
  const message = progress?.message ?? waitingText;
  const eta = progress?.etaSeconds;
  const label = t.jobs.label[progress?.job ?? job];
  return (
    <div
      className="job-progress card"
      data-testid={testId}
      data-job={progress?.job ?? job}
      data-fraction={fraction === null ? '' : fraction.toFixed(3)}
    >
      <div className="progress-head">
        <span className="progress-message" data-testid={testId ? `${testId}-message` : undefined}>
          {message}
        </span>
        {fraction !== null && <span className="progress-pct">{formatPercent(fraction)}</span>}
      </div>
      <ProgressBar fraction={fraction} label={label} valueText={message} />
      <div className="progress-foot">
        <span className="muted">
          {eta !== undefined && fraction !== null && fraction < 1
            ? t.jobs.timeLeft(formatDuration(eta))
            : fraction !== null && fraction < 1
              ? t.jobs.estimating
              : ''}
        </span>
        <button
          type="button"
          className="button small"
          disabled={stopping}
          onClick={onCancel}
          data-testid={cancelTestId}
        >
          {stopping ? t.jobs.stopping : (cancelLabel ?? t.jobs.cancel)}
        </button>
      </div>
    </div>
  );
}
