import type { DataProfile } from '@shared/project';
import { formatCount, formatPercent } from '../../lib/format';
import { formatDecimal } from '@shared/locale';

interface Props {
  profile: DataProfile;
  target: string | null;
  /** Sentiment reads a text column instead of predicting a target. */
  textColumn?: string | null;
}

type Card = { label: string; value: string; id: string };

function tableCards({ profile, target, textColumn }: Props): Card[] {
  const cells = profile.rows * Math.max(1, profile.columns.length);
  const missing = profile.columns.reduce((s, c) => s + c.missing, 0);
  return [
    { label: 'Rows', value: formatCount(profile.rows), id: 'rows' },
    { label: 'Columns', value: formatCount(profile.columns.length), id: 'columns' },
    {
      label: 'Missing cells',
      value: missing === 0 ? 'None' : formatPercent(missing / cells, missing / cells < 0.001 ? 2 : 1),
      id: 'missing',
    },
    { label: 'Duplicate rows', value: formatCount(profile.duplicateRows), id: 'duplicates' },
    textColumn && !target
      ? { label: 'Text column', value: textColumn, id: 'target' }
      : { label: 'Target', value: target ?? '—', id: 'target' },
  ];
}

/** An image set has no columns: images, classes and their balance instead. */
function imageCards(profile: DataProfile): Card[] {
  const ratio = profile.target?.imbalanceRatio;
  return [
    { label: 'Images', value: formatCount(profile.rows), id: 'rows' },
    { label: 'Classes', value: formatCount(profile.target?.classes?.length ?? 0), id: 'columns' },
    { label: 'Largest / smallest class', value: ratio ? `${formatDecimal(ratio, 1)}×` : '–', id: 'imbalance' },
  ];
}

/** The numbers that say whether the data is usable: size, width, gaps, duplicates, and what is predicted. */
export function SummaryCards(props: Props) {
  const cards = props.profile.columns.length === 0 ? imageCards(props.profile) : tableCards(props);
  return (
    <div className="summary-cards" data-testid="summary-cards">
      {cards.map((c) => (
        <div key={c.id} className="summary-card" data-testid={`summary-${c.id}`}>
          <span className="summary-value" title={c.value}>
            {c.value}
          </span>
          <span className="summary-label">{c.label}</span>
        </div>
      ))}
    </div>
  );
}
