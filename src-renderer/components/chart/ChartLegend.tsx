import type { LegendEntry } from '@shared/charts';
import { t } from '../../strings';

interface Props {
  entries: LegendEntry[];
  onToggle: (name: string) => void;
  testId?: string;
}

/** The legend as toggles: a click (or Space/Enter) hides or shows a series; the last one shown stays. */
export function ChartLegend({ entries, onToggle, testId }: Props) {
  const shown = entries.filter((e) => !e.hidden).length;
  return (
    <div className="chart-legend" role="group" aria-label={t.chart.legend} data-testid={testId}>
      {entries.map((e) => (
        <button
          key={e.name}
          type="button"
          className="chart-legend-item"
          aria-pressed={!e.hidden}
          disabled={!e.hidden && shown === 1}
          title={e.hidden ? t.chart.show(e.name) : t.chart.hide(e.name)}
          onClick={() => onToggle(e.name)}
          data-testid={testId ? `${testId}-${e.name}` : undefined}
        >
          <span className={`chart-swatch${e.dashed ? ' dashed' : ''}`} style={{ borderColor: e.color }} aria-hidden />
          {e.name}
        </button>
      ))}
    </div>
  );
}
