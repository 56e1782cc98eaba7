import { formatNumber } from '@shared/charts';
import { useState } from 'react';
import { formatCount, formatPercent, plural } from '../../lib/format';
import type { AnomalyReview } from './anomaly-rows';
import { formatDecimal } from '@shared/locale';
import { t } from '../../strings';

const METHOD_LABELS: Record<string, string> = t.anomaly.methods;

const cell = (v: string | number | null): string =>
  v === null ? '—' : typeof v === 'number' ? formatNumber(v) : v === '' ? t.profile.empty : v;

/**
 * The unusual rows themselves: row number (as in anomaly-scores.csv: 0 = the first data row), scores, the row's values with
 * the columns that stand out marked, and why. Flagged rows first; the closest unflagged rows can be unfolded.
 */
export function AnomalyTable({ review }: { review: AnomalyReview }) {
  const [more, setMore] = useState(false);
  const flagged = review.top.filter((r) => r.flagged);
  const shown = more ? review.top : flagged;
  const label = METHOD_LABELS[review.method] ?? review.method;
  // The columns that stand out in the rows shown (the rest are in the CSV): a narrow table keeps "why" readable.
  const blamed = new Set(shown.flatMap((r) => r.columns));
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
          ? t.anomaly.none
          : t.anomaly.title(plural(review.flagged, t.anomaly.unusualRow), formatCount(review.rows))}
      </h2>
      <p className="small" data-testid="anomaly-method">
        {t.anomaly.flaggedBy} <strong>{label}</strong>. {review.why}
      </p>
      <ul className="method-line muted small">
        {review.methods.map((m) => (
          <li key={m.method}>
            {t.anomaly.methodLine(
              METHOD_LABELS[m.method] ?? m.method,
              plural(m.flagged, t.nouns.row),
              m.rule,
              Number.isFinite(m.agreement) ? formatDecimal(m.agreement, 2) : '–',
            )}
          </li>
        ))}
      </ul>
      {shown.length > 0 && (
        <div className="table-scroll">
          <table className="table compact anomaly-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t.anomaly.row}
                </th>
                <th scope="col" className="num" title={t.anomaly.scoreHint}>
                  {t.anomaly.score}
                </th>
                <th scope="col" className="num" title={t.anomaly.zHint}>
                  |z|
                </th>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
                <th scope="col">{t.anomaly.why}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.row} data-testid={`anomaly-row-${r.row}`} className={r.flagged ? 'is-flagged' : ''}>
                  <th scope="row" className="num">
                    {r.row}
                  </th>
                  <td className="num">{formatDecimal(r.score, 3)}</td>
                  <td className="num">{formatDecimal(r.zscore, 1)}</td>
                  {columns.map((c) => (
                    <td key={c} className={r.columns.includes(c) ? 'stands-out' : ''}>
                      {cell(r.values[c] ?? null)}
                    </td>
                  ))}
                  <td className="reasons">{r.reasons.join('; ')}</td>
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
          {more ? t.anomaly.flaggedOnly : t.anomaly.alsoClosest(formatCount(review.top.length - flagged.length))}
        </button>
      )}
      <p className="muted small">{t.anomaly.share(formatPercent(review.rows ? review.flagged / review.rows : 0, 2))}</p>
    </section>
  );
}
