import { formatNumber } from '@shared/charts';
import { useState } from 'react';
import { formatCount, formatPercent } from '../../lib/format';
import type { AnomalyReview } from './anomaly-rows';
import { formatDecimal } from '@shared/locale';

const METHOD_LABELS: Record<string, string> = {
  isolation_forest: 'Forest + far-out rule',
  zscore: 'Z-score',
  iqr: 'IQR fences',
};

const cell = (v: string | number | null): string =>
  v === null ? '—' : typeof v === 'number' ? formatNumber(v) : v === '' ? '(empty)' : v;

/**
 * The unusual rows themselves: row number (as in anomaly-scores.csv: 0 = the first data row), scores, the row's values with
 * the columns that stand out marked, and why. Flagged rows first; the closest unflagged rows can be unfolded.
 */
export function AnomalyTable({ review }: { review: AnomalyReview }) {
  const [more, setMore] = useState(false);
  const flagged = review.top.filter((t) => t.flagged);
  const shown = more ? review.top : flagged;
  const label = METHOD_LABELS[review.method] ?? review.method;
  // The columns that stand out in the rows shown (the rest are in the CSV): a narrow table keeps "why" readable.
  const blamed = new Set(shown.flatMap((t) => t.columns));
  const columns = blamed.size ? review.columns.filter((c) => blamed.has(c)) : review.columns.slice(0, 6);
  return (
    <section
      className="card wide"
      aria-labelledby="anomalies-title"
      data-testid="anomaly-table"
      data-flagged={review.flagged}
      data-rows={shown.length}
    >
      <h2 id="anomalies-title" className="card-title">
        {review.flagged === 0
          ? 'No unusual rows'
          : `${formatCount(review.flagged)} unusual row${review.flagged === 1 ? '' : 's'} of ${formatCount(review.rows)}`}
      </h2>
      <p className="small" data-testid="anomaly-method">
        Flagged by <strong>{label}</strong>. {review.why}
      </p>
      <ul className="method-line muted small">
        {review.methods.map((m) => (
          <li key={m.method}>
            {METHOD_LABELS[m.method] ?? m.method}: {formatCount(m.flagged)} rows ({m.rule}); agreement{' '}
            {Number.isFinite(m.agreement) ? formatDecimal(m.agreement, 2) : '–'}
          </li>
        ))}
      </ul>
      {shown.length > 0 && (
        <div className="table-scroll">
          <table className="table compact anomaly-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col" className="num" title="Isolation-forest score: near 1 = isolated quickly">
                  Score
                </th>
                <th scope="col" className="num" title="Largest |z| over the columns">
                  |z|
                </th>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
                <th scope="col">Why it stands out</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => (
                <tr key={t.row} data-testid={`anomaly-row-${t.row}`} className={t.flagged ? 'is-flagged' : ''}>
                  <th scope="row" className="num">
                    {t.row}
                  </th>
                  <td className="num">{formatDecimal(t.score, 3)}</td>
                  <td className="num">{formatDecimal(t.zscore, 1)}</td>
                  {columns.map((c) => (
                    <td key={c} className={t.columns.includes(c) ? 'stands-out' : ''}>
                      {cell(t.values[c] ?? null)}
                    </td>
                  ))}
                  <td className="reasons">{t.reasons.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {review.top.length > flagged.length && (
        <button
          type="button"
          className="button quiet small table-toggle"
          aria-expanded={more}
          onClick={() => setMore(!more)}
          data-testid="anomaly-more"
        >
          {more
            ? 'Show the flagged rows only'
            : `Also show the ${review.top.length - flagged.length} closest rows that were not flagged`}
        </button>
      )}
      <p className="muted small">
        {formatPercent(review.rows ? review.flagged / review.rows : 0, 2)} of rows flagged. Row numbers are those of
        anomaly-scores.csv in the export, which scores every row: the first data row is row 0.
      </p>
    </section>
  );
}
