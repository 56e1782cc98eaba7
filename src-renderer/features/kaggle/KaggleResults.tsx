import type { KaggleHit } from '@shared/channels';
import { formatBytes, formatCount } from '../../lib/format';
import { refId } from './store';
import { t } from '../../strings';

/** "2024-03-02T10:00:00Z" → "2024-03-02"; anything unreadable is left out. */
function updatedText(iso: string | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}

interface Props {
  hits: KaggleHit[];
  query: string;
  disabled: boolean;
  onUse: (ref: string) => void;
}

/** Search results: what the dataset is, how big, how fresh, and one button to use it. */
export function KaggleResults({ hits, query, disabled, onUse }: Props) {
  if (hits.length === 0) {
    return (
      <p className="muted" data-testid="kaggle-empty">
        {t.kaggle.noMatch(query)}
      </p>
    );
  }
  return (
    <ul className="kaggle-results" data-testid="kaggle-results" data-count={hits.length}>
      {hits.map((h) => {
        const id = refId(h.ref);
        const updated = updatedText(h.lastUpdated);
        return (
          <li key={h.ref} className="kaggle-result" data-testid={`kaggle-result-${id}`}>
            <div className="kaggle-result-text">
              <span className="kaggle-title">{h.title}</span>
              <span className="kaggle-ref">{h.ref}</span>
              {h.subtitle && <span className="kaggle-subtitle muted">{h.subtitle}</span>}
              <span className="kaggle-meta muted">
                {typeof h.totalBytes === 'number' && <span>{formatBytes(h.totalBytes)}</span>}
                {updated && <span>{t.kaggle.updated(updated)}</span>}
                {typeof h.voteCount === 'number' && <span>{t.kaggle.votes(formatCount(h.voteCount))}</span>}
              </span>
            </div>
            <button
              type="button"
              className="button"
              disabled={disabled}
              onClick={() => onUse(h.ref)}
              data-testid={`kaggle-use-${id}`}
              aria-label={t.kaggle.useLabel(h.title, h.ref)}
            >
              {t.kaggle.use}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
