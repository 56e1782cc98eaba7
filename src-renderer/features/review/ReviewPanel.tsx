import { Fragment, useEffect, useMemo, useState } from 'react';
import { Chart } from '../../components/Chart';
import type { TrainingSummary } from '@shared/project';
import { metricUnit } from '@shared/units';
import { chosenBySentence } from '@shared/charts';
import { formatDuration, plural } from '../../lib/format';
import { ConfirmButton, StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { Leaderboard } from '../train/Leaderboard';
import { BestModelCard } from './BestModelCard';
import { ClassMetricsTable } from './ClassMetricsTable';
import { MostConfused, readMostConfused } from './MostConfused';
import { readSegments, SegmentList } from './SegmentList';
import { readAnomalies } from './anomaly-rows';
import { AnomalyTable } from './AnomalyTable';
import { reviewCharts, strongestAssociation } from './review-charts';
import { TryImage } from './TryImage';
import { ExplanationsCard } from './ExplanationsCard';
import { ContinueTraining } from './ContinueTraining';
import { t } from '../../strings';
import { shownName } from '@shared/column-names';
import { formatDecimal } from '@shared/locale';

/** REVIEW_EDIT: how good the models are, why, and which one to export. */
export function ReviewPanel() {
  const training = useProjectStore((s) => s.project?.training);
  const projectId = useProjectStore((s) => s.project?.id ?? null);
  const target = useProjectStore((s) => s.project?.intent?.target ?? null);
  const columns = useProjectStore((s) => s.project?.profile?.columns);
  const chosen = useProjectStore((s) => s.project?.chosenModelId ?? s.project?.training?.bestModelId ?? null);
  const status = useProjectStore((s) => s.project?.stages.REVIEW_EDIT.status);
  const confirm = useProjectStore((s) => s.confirm);
  const budget = useProjectStore((s) => s.project?.models?.budgetSeconds ?? null);
  const [selected, setSelected] = useState<string | null>(chosen);
  useEffect(() => setSelected(chosen), [chosen]);
  const isImage = training?.task === 'image';
  const charts = useMemo(
    () =>
      training
        ? reviewCharts(training, target && shownName(columns, target), training.confusion ? ['confusion'] : [], (c) =>
            shownName(columns, c),
          )
        : [],
    [training, target, columns],
  );
  const strongest = useMemo(() => (training ? strongestAssociation(training) : null), [training]);
  const segments = useMemo(
    () => (training?.task === 'segment' ? readSegments(training.diagnostics) : []),
    [training?.task, training?.diagnostics],
  );
  const anomalies = useMemo(
    () => (training?.task === 'anomaly' ? readAnomalies(training.diagnostics) : null),
    [training?.task, training?.diagnostics],
  );
  const confused = useMemo(
    () => (isImage ? readMostConfused(training?.diagnostics) : []),
    [isImage, training?.diagnostics],
  );

  const row =
    training?.leaderboard.find((r) => r.modelId === selected) ??
    training?.leaderboard.find((r) => r.modelId === training.bestModelId);
  const notBest = training && selected && selected !== training.bestModelId;
  return (
    <StageShell
      stage="REVIEW_EDIT"
      title={t.review.title}
      lede={training ? reviewLede(training) : undefined}
      runningText={t.review.running}
      actions={
        status === 'waiting_confirmation' && (
          <ConfirmButton
            stage="REVIEW_EDIT"
            label={t.review.toExport}
            disabled={training !== undefined && training.leaderboard.length > 0 && !selected}
            onClick={() =>
              void confirm('REVIEW_EDIT', selected && selected !== chosen ? { chosenModelId: selected } : undefined)
            }
          />
        )
      }
    >
      {training && (
        <div className="review" data-testid="review">
          {row && (
            <BestModelCard
              row={row}
              metric={training.metric}
              task={training.task}
              target={target}
              isBest={row.modelId === training.bestModelId}
              headline={
                strongest && row.modelId === training.bestModelId
                  ? {
                      value: strongest.label,
                      caption: t.review.strongest(target, formatDecimal(strongest.value, 2)),
                    }
                  : undefined
              }
            />
          )}
          {training.leaderboard.length > 0 && (
            <section className="card" aria-labelledby="all-models-title">
              <h2 id="all-models-title" className="card-title">
                {t.review.allModels}
              </h2>
              {training.leaderboard.length > 1 && status === 'waiting_confirmation' && (
                <p className="muted small">{t.review.chooseModel}</p>
              )}
              {chosenBySentence(training) && (
                <p className="muted small" data-testid="chosen-by">
                  {chosenBySentence(training)}
                </p>
              )}
              <Leaderboard
                rows={training.leaderboard}
                metric={training.metric}
                bestModelId={training.bestModelId}
                selectedId={selected}
                onSelect={status === 'waiting_confirmation' ? setSelected : undefined}
                unit={metricUnit(training.metric, target)}
                testId="review-leaderboard"
              />
            </section>
          )}
          {segments.length > 0 && <SegmentList segments={segments} />}
          {anomalies && <AnomalyTable review={anomalies} />}
          {notBest && <p className="notice">{t.review.notBest}</p>}
          <div className="chart-grid">
            {charts.map((c) => (
              <Fragment key={c.id}>
                <Chart
                  spec={c.spec}
                  aspect={c.aspect}
                  testId={`chart-${c.id}`}
                  className={c.wide ? 'card wide' : 'card'}
                  initialRange={c.range}
                />
                {/* Per-class scores sit beside the matrix they are read from. */}
                {c.id === 'confusion' && training.confusion && (
                  <ClassMetricsTable
                    labels={training.confusion.labels}
                    matrix={training.confusion.matrix}
                    unit={isImage ? 'images' : 'rows'}
                  />
                )}
              </Fragment>
            ))}
            {isImage && <MostConfused items={confused} />}
          </div>
          {training.explanations && <ExplanationsCard m={training.explanations} />}
          {status === 'waiting_confirmation' &&
            (training.task === 'classification' || training.task === 'regression') && (
              <ContinueTraining models={trainedModels(training)} budgetSeconds={budget ?? 60} />
            )}
          {isImage && projectId && training.bestModelId && <TryImage projectId={projectId} />}
        </div>
      )}
    </StageShell>
  );
}

/** Models the search finished (the ensemble and the stack are built from them, not trained). */
function trainedModels(training: TrainingSummary): number {
  return training.leaderboard.filter((r) => r.status === 'done' && r.family !== 'ensemble' && r.modelId !== 'stack')
    .length;
}

function reviewLede(s: TrainingSummary): string {
  const done = s.leaderboard.filter((r) => r.status === 'done').length;
  const heldOut = s.leaderboard.some((r) => r.testMetrics && Object.keys(r.testMetrics).length > 0);
  const continued = s.continuedFrom ? ` ${t.review.continued(plural(s.continuedFrom, t.nouns.model))}` : '';
  const took = s.elapsedSeconds < 1 ? t.review.underSecond : formatDuration(s.elapsedSeconds);
  return `${t.review.trained(plural(done, t.nouns.model), took, Boolean(s.cancelled))}${continued}${heldOut ? ` ${t.review.heldOut}` : ''}`;
}
