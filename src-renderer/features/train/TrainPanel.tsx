import { metricUnit } from '@shared/units';
import { ErrorPanel } from '../../components/ErrorPanel';
import { StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { useTrainingStore } from '../training/store';
import { Leaderboard } from './Leaderboard';
import { LiveCurves } from './LiveCurves';
import { TrainProgress } from './TrainProgress';
import { withRunningRow } from './live-rows';

/** TRAIN: progress, the live leaderboard and curves, and a way to stop (then resume). */
export function TrainPanel() {
  const status = useProjectStore((s) => s.project?.stages.TRAIN.status ?? 'pending');
  const error = useProjectStore((s) => s.project?.stages.TRAIN.error);
  const saved = useProjectStore((s) => s.project?.training);
  const busy = useProjectStore((s) => s.busy);
  const cancel = useProjectStore((s) => s.cancel);
  const confirm = useProjectStore((s) => s.confirm);
  const liveRows = useTrainingStore((s) => s.rows);
  const liveMetric = useTrainingStore((s) => s.metric);
  const running = useTrainingStore((s) => s.running);
  const currentId = useTrainingStore((s) => s.currentModelId);
  const currentFamily = useTrainingStore((s) => s.currentFamily);
  const rows = withRunningRow(
    liveRows.length ? liveRows : (saved?.leaderboard ?? []),
    running && status === 'running',
    currentId,
    currentFamily,
  );
  const metric = liveMetric ?? saved?.metric ?? null;
  const target = useProjectStore((s) => s.project?.intent?.target ?? null);
  const cancelled = error?.code === 'cancelled';

  return (
    <StageShell
      stage="TRAIN"
      title="Training"
      lede="Models train one after another in a separate process; the app stays responsive and you can stop at any time."
      runningText=""
      keepContentWhileRunning
      failure={
        error && (
          <ErrorPanel error={error} title={cancelled ? 'Training was cancelled' : 'Training failed'}>
            <button
              type="button"
              className="button primary"
              disabled={busy !== null}
              onClick={() => void confirm('TRAIN')}
              data-testid={cancelled ? 'resume-training' : 'retry-TRAIN'}
            >
              {cancelled ? 'Resume training' : 'Try again'}
            </button>
          </ErrorPanel>
        )
      }
      actions={
        status === 'running' && (
          <>
            <button
              type="button"
              className="button"
              disabled={busy === 'cancel' || busy === 'keep' || !rows.some((r) => r.status === 'done')}
              onClick={() => void cancel(true)}
              title="Stops the search and reviews the models finished so far"
              data-testid="stop-keep-training"
            >
              {busy === 'keep' ? 'Keeping the finished models…' : 'Stop and keep the best so far'}
            </button>
            <button
              type="button"
              className="button danger"
              disabled={busy === 'cancel' || busy === 'keep'}
              onClick={() => void cancel()}
              data-testid="cancel-training"
            >
              {busy === 'cancel' ? 'Stopping…' : 'Cancel training'}
            </button>
          </>
        )
      }
    >
      {(status === 'running' || status === 'failed') && <TrainProgress />}
      <div className="train-grid">
        <section className="card" aria-labelledby="lb-title">
          <h2 id="lb-title" className="card-title">
            Leaderboard
          </h2>
          {rows.length ? (
            <Leaderboard rows={rows} metric={metric} unit={metric ? metricUnit(metric, target) : null} />
          ) : (
            <p className="muted" data-testid="leaderboard-empty">
              The first model's score appears here when it finishes.
            </p>
          )}
        </section>
        <LiveCurves rows={rows} />
      </div>
    </StageShell>
  );
}
