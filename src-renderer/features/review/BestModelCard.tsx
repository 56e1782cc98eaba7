import type { LeaderboardRow } from '@shared/project';
import type { MetricName, Task } from '@shared/tasks';
import { metricUnit, withUnit } from '@shared/units';
import { metricText as metricLabel } from '../../lib/metric-text';
import { fmtMetric } from '../train/Leaderboard';
import { t } from '../../strings';

/** Tasks scored on all of the data (no holdout): their numbers describe the fit, they are not "validation". */
const DESCRIPTIVE: ReadonlySet<Task> = new Set<Task>(['segment', 'anomaly', 'correlation', 'summary', 'sentiment']);

/** What the (non-test) score column is: validation, a rolling-origin backtest, or a plain value. */
function scoreKind(task: Task | undefined): 'backtest' | 'value' | 'validation' {
  if (task === 'forecast') return 'backtest';
  if (task && DESCRIPTIVE.has(task)) return 'value';
  return 'validation';
}

/** The chosen model in one card, and its validation and test metrics side by side. */
export function BestModelCard({
  row,
  metric,
  isBest,
  task,
  target = null,
  headline,
}: {
  row: LeaderboardRow;
  metric: MetricName;
  isBest: boolean;
  task?: Task;
  /** RMSE and MAE are in the target's unit: named in the caption and the table. */
  target?: string | null;
  headline?: { value: string; caption: string };
}) {
  const label = (m: string) => withUnit(metricLabel(m), metricUnit(m, target));
  const names = [
    ...new Set([metric, ...Object.keys(row.metrics), ...Object.keys(row.testMetrics ?? {})]),
  ] as MetricName[];
  // Unsupervised runs (segments, anomalies) have no held-out rows: no empty column for them.
  const hasTest = Object.keys(row.testMetrics ?? {}).length > 0;
  return (
    <section className="card best-card" aria-labelledby="best-title" data-testid="best-model">
      <div className="best-head">
        <div>
          <span className="eyebrow">
            {task && DESCRIPTIVE.has(task) ? t.review.method : isBest ? t.review.bestModel : t.review.chosenModel}
          </span>
          <h2 id="best-title">{row.label}</h2>
        </div>
        <div className="best-score" data-testid="best-score">
          {headline ? (
            <>
              <span className="best-value">{headline.value}</span>
              <span className="muted">{headline.caption}</span>
            </>
          ) : (
            <>
              <span className="best-value">{fmtMetric(metric, row.testMetrics?.[metric] ?? row.metrics[metric])}</span>
              <span className="muted">
                {row.testMetrics?.[metric] !== undefined
                  ? t.review.scoreCaption.test(label(metric))
                  : t.review.scoreCaption[scoreKind(task)](label(metric))}
              </span>
            </>
          )}
        </div>
      </div>
      <table className="table compact" data-testid="review-metrics">
        <thead>
          <tr>
            <th scope="col">{t.review.metric}</th>
            <th scope="col" className="num">
              {t.review.scoreHead[scoreKind(task)]}
            </th>
            {hasTest && (
              <th scope="col" className="num">
                {t.review.testHead}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {names.map((m) => (
            <tr key={m} data-testid={`metric-${m}`}>
              <th scope="row">{label(m)}</th>
              <td className="num">{fmtMetric(m, row.metrics[m])}</td>
              {hasTest && <td className="num">{fmtMetric(m, row.testMetrics?.[m])}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {Object.keys(row.params).length > 0 && (
        <details className="params">
          <summary>{t.review.settings}</summary>
          <dl>
            {Object.entries(row.params).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </section>
  );
}
