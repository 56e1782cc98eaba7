import type { DataProfile } from '@shared/project';
import { formatCount, formatPercent } from '../../lib/format';

/** Four numbers that say whether the data is usable: size, width, gaps, duplicates. */
export function SummaryCards({ profile, target, textColumn = null }: { profile: DataProfile; target: string | null; textColumn?: string | null }) {
  const cells = profile.rows * Math.max(1, profile.columns.length);
  const missing = profile.columns.reduce((s, c) => s + c.missing, 0);
  // An image set has no columns: count images and classes instead.
  if (profile.columns.length === 0) {
    const classes = profile.target?.classes?.length ?? 0;
    return (
      <div className="summary-cards" data-testid="summary-cards">
        {[
          { label: 'Images', value: formatCount(profile.rows), id: 'rows' },
          { label: 'Classes', value: formatCount(classes), id: 'columns' },
          { label: 'Largest / smallest class', value: profile.target?.imbalanceRatio ? `${profile.target.imbalanceRatio.toFixed(1)}×` : '–', id: 'imbalance' },
        ].map((c) => (
          <div key={c.id} className="summary-card" data-testid={`summary-${c.id}`}>
            <span className="summary-value">{c.value}</span>
            <span className="summary-label">{c.label}</span>
          </div>
        ))}
      </div>
    );
  }
  const cards = [
    { label: 'Rows', value: formatCount(profile.rows), id: 'rows' },
    { label: 'Columns', value: formatCount(profile.columns.length), id: 'columns' },
    { label: 'Missing cells', value: missing === 0 ? 'None' : formatPercent(missing / cells, missing / cells < 0.001 ? 2 : 1), id: 'missing' },
    { label: 'Duplicate rows', value: formatCount(profile.duplicateRows), id: 'duplicates' },
    textColumn && !target ? { label: 'Text column', value: textColumn, id: 'target' } : { label: 'Target', value: target ?? '—', id: 'target' },
  ];
  return (
    <div className="summary-cards" data-testid="summary-cards">
      {cards.map((c) => (
        <div key={c.id} className="summary-card" data-testid={`summary-${c.id}`}>
          <span className="summary-value" title={c.value}>{c.value}</span>
          <span className="summary-label">{c.label}</span>
        </div>
      ))}
    </div>
  );
}
