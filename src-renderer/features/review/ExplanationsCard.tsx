import { useMemo, useState } from 'react';
import {
  formatNumber,
  dependenceSentence,
  dependenceSpec,
  partialDependenceSentence,
  partialDependenceSpec,
  summaryBarSpec,
  summarySentence,
  summarySpec,
  waterfallSentence,
  waterfallSpec,
} from '@shared/charts';
import { methodWords, MIN_PATTERN_ROWS, type ModelExplanations } from '@shared/explain';
import { Chart } from '../../components/Chart';
import { plural } from '../../lib/format';
import { t } from '../../strings';

/** A regression value rounded for reading; class labels as they are. */
function shown(v: string): string {
  const x = Number(v);
  return v.trim() !== '' && Number.isFinite(x) ? formatNumber(x) : v;
}

/** One chart with its one-sentence reading underneath. */
function Explained({ children, sentence }: { children: React.ReactNode; sentence: string }) {
  return (
    <figure className="card explain-figure">
      {children}
      <figcaption className="muted small">{sentence}</figcaption>
    </figure>
  );
}

/**
 * Why the best model predicts what it does: SHAP effects over held-out rows (beeswarm and average per column),
 * dependence and partial-dependence curves for the strongest columns, and any explained row as a waterfall.
 */
export function ExplanationsCard({ m }: { m: ModelExplanations }) {
  const [view, setView] = useState<'dots' | 'bars'>('dots');
  const [row, setRow] = useState(0);
  const summary = useMemo(() => (view === 'dots' ? summarySpec(m) : summaryBarSpec(m)), [m, view]);
  const example = m.examples[Math.min(row, m.examples.length - 1)];
  const waterfall = useMemo(() => (example ? waterfallSpec(example.explanation) : null), [example]);
  const drawn = Math.min(10, view === 'dots' ? m.beeswarm.length : m.columns.length);
  return (
    <section className="card explain" aria-labelledby="explain-title" data-testid="explanations">
      <h2 id="explain-title" className="card-title">
        {t.explain.title}
      </h2>
      <p className="muted small">{t.explain.lede(plural(m.rows, t.nouns.row), methodWords(m.how))}</p>
      <div className="alternatives" role="group" aria-label={t.explain.view}>
        <button
          type="button"
          className={`button small${view === 'dots' ? '' : ' quiet'}`}
          aria-pressed={view === 'dots'}
          onClick={() => setView('dots')}
        >
          {t.explain.everyRow}
        </button>
        <button
          type="button"
          className={`button small${view === 'bars' ? '' : ' quiet'}`}
          aria-pressed={view === 'bars'}
          onClick={() => setView('bars')}
        >
          {t.explain.average}
        </button>
      </div>
      <Explained sentence={summarySentence(m)}>
        <Chart spec={summary} aspect={Math.min(0.9, 0.25 + drawn * 0.06)} testId="chart-shap-summary" />
      </Explained>
      {example && waterfall && (
        <div className="explain-row">
          <label className="field explain-pick">
            <span>{t.explain.pick}</span>
            <select value={row} onChange={(e) => setRow(Number(e.target.value))} data-testid="explain-row-select">
              {m.examples.map((x, i) => (
                <option key={x.row} value={i}>
                  {t.explain.option(x.row + 1, shown(x.prediction), x.actual !== null ? shown(x.actual) : null)}
                </option>
              ))}
            </select>
          </label>
          <Explained sentence={waterfallSentence(example.explanation)}>
            <Chart
              spec={waterfall}
              aspect={Math.min(0.9, 0.3 + waterfall.steps.length * 0.05)}
              testId="chart-shap-waterfall"
            />
          </Explained>
        </div>
      )}
      {m.dependence.length === 0 && m.rows < MIN_PATTERN_ROWS && (
        <p className="muted small" data-testid="explain-few-rows">
          {t.explain.fewRows(plural(m.rows, t.nouns.row))}
        </p>
      )}
      {m.dependence.length > 0 && (
        <div className="chart-grid">
          {m.dependence.map((d) => (
            <Explained key={d.column} sentence={dependenceSentence(d, m)}>
              <Chart spec={dependenceSpec(d, m)} aspect={0.7} testId={`chart-dependence-${d.column}`} />
            </Explained>
          ))}
        </div>
      )}
      {m.partialDependence.length > 0 && (
        <div className="chart-grid">
          {m.partialDependence.map((p) => (
            <Explained key={p.column} sentence={partialDependenceSentence(p, m)}>
              <Chart spec={partialDependenceSpec(p, m)} aspect={0.7} testId={`chart-pdp-${p.column}`} />
            </Explained>
          ))}
        </div>
      )}
    </section>
  );
}
