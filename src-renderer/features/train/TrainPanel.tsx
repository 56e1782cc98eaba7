import { metricUnit } from '@shared/units';
import { ErrorPanel } from '../../components/ErrorPanel';
import { StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { useTrainingStore } from '../training/store';
import { Leaderboard } from './Leaderboard';
import { LiveCurves } from './LiveCurves';
import { TrainProgress } from './TrainProgress';
import { withRunningRow } from './live-rows';
import { t } from '../../strings';

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
      title={t.train.title}
      lede={t.train.lede}
      runningText=""
      keepContentWhileRunning
      failure={
        error && (
          <ErrorPanel error={error} title={cancelled ? t.train.cancelled : t.train.failed}>
            <button
              type="button"
              className="button primary"
              disabled={busy !== null}
              onClick={() => void confirm('TRAIN')}
              data-testid={cancelled ? 'resume-training' : 'retry-TRAIN'}
            >
              {cancelled ? t.train.resume : t.steps.tryAgain}
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
              title={t.train.keepHint}
              data-testid="stop-keep-training"
            >
              {busy === 'keep' ? t.train.keeping : t.train.keep}
            </button>
            <button
              type="button"
              className="button danger"
              disabled={busy === 'cancel' || busy === 'keep'}
              onClick={() => void cancel()}
              data-testid="cancel-training"
            >
              {busy === 'cancel' ? t.steps.stopping : t.train.cancel}
            </button>
          </>
        )
      }
    >
      {(status === 'running' || status === 'failed') && <TrainProgress />}
      <div className="train-grid">
        <section className="card" aria-labelledby="lb-title">
          <h2 id="lb-title" className="card-title">
            {t.train.leaderboard}
          </h2>
          {rows.length ? (
            <Leaderboard rows={rows} metric={metric} unit={metric ? metricUnit(metric, target) : null} />
          ) : (
            <p className="muted" data-testid="leaderboard-empty">
              {t.train.empty}
            </p>
          )}
        </section>
        <LiveCurves rows={rows} />
      </div>
    </StageShell>
  );
}
