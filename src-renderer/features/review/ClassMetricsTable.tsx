import { useMemo } from 'react';
import { formatPercent } from '../../lib/format';
import { classMetrics } from './class-metrics';
import { t } from '../../strings';

const pct = (v: number | null) => (v === null ? '—' : formatPercent(v, 1));

/** Precision, recall and F1 per class, computed from the best model's holdout confusion matrix. */
export function ClassMetricsTable({
  labels,
  matrix,
  unit = 'rows',
}: {
  labels: string[];
  matrix: number[][];
  unit?: 'rows' | 'images';
}) {
  const rows = useMemo(() => classMetrics(labels, matrix), [labels, matrix]);
  // The class to look at first: the lowest F1, when it is clearly short (below 90%).
  const scored = rows.filter((r) => r.f1 !== null && r.f1 < 0.9).sort((a, b) => a.f1! - b.f1!);
  const weakest = scored[0]?.label ?? null;
  return (
    <section className="card" aria-labelledby="per-class-title">
      <h2 id="per-class-title" className="card-title">
        {t.review.perClass}
      </h2>
      <p className="muted small">{t.review.perClassLede[unit]}</p>
      <table className="table compact" data-testid="class-metrics">
        <thead>
          <tr>
            <th scope="col">{t.review.class}</th>
            <th scope="col" className="num">
              {t.review.supportHead[unit]}
            </th>
            <th scope="col" className="num">
              {t.review.precision}
            </th>
            <th scope="col" className="num">
              {t.review.recall}
            </th>
            <th scope="col" className="num">
              {t.review.f1}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.label}
              data-testid={`class-metrics-${r.label}`}
              className={r.label === weakest ? 'is-weak' : undefined}
            >
              <th scope="row">{r.label}</th>
              <td className="num">{r.support}</td>
              <td className="num">{pct(r.precision)}</td>
              <td className="num">{pct(r.recall)}</td>
              <td className="num">{pct(r.f1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
