import { basenameOf } from '../../lib/data-source';
import { formatPercent } from '../../lib/format';

import type { ConfusedImage, TrainingDiagnostics } from '@shared/diagnostics';
import { t } from '../../strings';

/** Reads `diagnostics.mostConfused`, dropping anything that is not shaped like a confused image (older runs). */
export function readMostConfused(diagnostics: TrainingDiagnostics | undefined): ConfusedImage[] {
  const raw: unknown = diagnostics && 'mostConfused' in diagnostics ? diagnostics.mostConfused : undefined;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (r): r is ConfusedImage =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as ConfusedImage).actual === 'string' &&
      typeof (r as ConfusedImage).predicted === 'string' &&
      typeof (r as ConfusedImage).probability === 'number',
  );
}

/** A strip of the mistakes the model was surest about: where it needs more (or cleaner) examples. */
export function MostConfused({ items }: { items: ConfusedImage[] }) {
  return (
    <section className="card wide" aria-labelledby="confused-title" data-testid="most-confused">
      <h2 id="confused-title" className="card-title">
        {t.review.confused}
      </h2>
      {items.length === 0 ? (
        <p className="muted" data-testid="most-confused-empty">
          {t.review.noneConfused}
        </p>
      ) : (
        <>
          <p className="muted small">{t.review.confusedLede}</p>
          <ul className="thumb-strip">
            {items.map((c, i) => (
              <li key={`${c.file}-${i}`} className="thumb" data-testid={`confused-${i}`} title={basenameOf(c.file)}>
                {c.thumbnail ? (
                  <img src={c.thumbnail} alt={t.review.confusedAlt(c.actual, c.predicted)} width={96} height={96} />
                ) : (
                  <div className="thumb-missing" aria-hidden="true">
                    ?
                  </div>
                )}
                <span className="thumb-labels">
                  <span>{c.actual}</span> <span aria-label={t.review.predictedAs}>→</span>{' '}
                  <strong>{c.predicted}</strong>
                </span>
                <span className="muted small">{t.review.sure(formatPercent(c.probability, 0))}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
