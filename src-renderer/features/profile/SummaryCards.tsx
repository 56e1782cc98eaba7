import type { DataProfile } from '@shared/project';
import { formatCount, formatPercent } from '../../lib/format';
import { formatDecimal } from '@shared/locale';
import { t } from '../../strings';

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
    { label: t.profile.rows, value: formatCount(profile.rows), id: 'rows' },
    { label: t.profile.columns, value: formatCount(profile.columns.length), id: 'columns' },
    {
      label: t.profile.missingCells,
      value: missing === 0 ? t.goal.none : formatPercent(missing / cells, missing / cells < 0.001 ? 2 : 1),
      id: 'missing',
    },
    { label: t.profile.duplicates, value: formatCount(profile.duplicateRows), id: 'duplicates' },
    textColumn && !target
      ? { label: t.profile.textColumn, value: textColumn, id: 'target' }
      : { label: t.profile.target, value: target ?? '—', id: 'target' },
  ];
}

/** An image set has no columns: images, classes and their balance instead. */
function imageCards(profile: DataProfile): Card[] {
  const ratio = profile.target?.imbalanceRatio;
  return [
    { label: t.profile.images, value: formatCount(profile.rows), id: 'rows' },
    { label: t.profile.classes, value: formatCount(profile.target?.classes?.length ?? 0), id: 'columns' },
    { label: t.profile.imbalance, value: ratio ? `${formatDecimal(ratio, 1)}×` : '–', id: 'imbalance' },
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
