import { useEffect, useMemo, useRef, useState } from 'react';
import type { PredictResult } from '@shared/channels';
import { formatNumber, waterfallSentence, waterfallSpec } from '@shared/charts';
import type { AppError } from '@shared/errors';
import { formatComputed } from '@shared/locale';
import type { ExplainedPrediction, WhatIfControl } from '@shared/explain';
import { Chart } from '../../components/Chart';
import { call } from '../../lib/api';
import type { PredictSource } from './store';
import { WhatIfField } from './WhatIfField';
import { t } from '../../strings';

/** A prediction as a person reads it: the value as the predictions table writes it (`formatComputed`), or the class with its probability. */
function predictionWords(e: ExplainedPrediction): string {
  const x = Number(e.prediction);
  if (!e.probabilities) return Number.isFinite(x) && e.prediction.trim() !== '' ? formatComputed(x) : e.prediction;
  const p = e.probabilities.find((c) => c.label === e.prediction)?.probability;
  return p === undefined ? e.prediction : `${e.prediction} (${formatNumber(p, 'percent')})`;
}

/**
 * Why one predicted row got its prediction (a waterfall from the average prediction), and a what-if form: the row's
 * cells, editable; every change is scored and explained again in the worker (the screen never waits on it).
 */
export function WhyPanel({ source, result }: { source: PredictSource; result: PredictResult }) {
  const input = result.input;
  const [row, setRow] = useState(0);
  const original = useMemo<Record<string, string | null>>(
    () => (input ? Object.fromEntries(input.columns.map((c, j) => [c, input.preview[row]?.[j] ?? null])) : {}),
    [input, row],
  );
  const [cells, setCells] = useState(original);
  useEffect(() => setCells(original), [original]);
  const [answer, setAnswer] = useState<ExplainedPrediction | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [hidden, setHidden] = useState(false);
  const asked = useRef(0);
  const req = useMemo(
    () => (source.kind === 'bundle' ? { kind: 'bundle' as const, handle: source.file.handle } : source),
    [source],
  );

  useEffect(() => {
    if (!input) return;
    const id = ++asked.current;
    // Typing: wait for a short pause before asking (each answer takes a worker round trip).
    const timer = setTimeout(() => {
      void call('predict:explain', { source: req, row: cells }).then((res) => {
        if (id !== asked.current) return;
        if (res.ok) {
          setAnswer(res.value);
          setError(null);
        } else if (res.error.code === 'task-unsupported') setHidden(true);
        else setError(res.error);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [cells, req, input]);

  const spec = useMemo(() => (answer ? waterfallSpec(answer.explanation) : null), [answer]);
  if (!input || hidden) return null;
  const changed = input.columns.filter((c) => (cells[c] ?? '') !== (original[c] ?? ''));
  // The form holds the model's inputs (a target or id column in the file is not one), typed once the model answered.
  const controls: WhatIfControl[] =
    answer?.controls ?? input.columns.map((column): WhatIfControl => ({ column, kind: 'text' }));
  return (
    <section className="card explain" aria-labelledby="why-title" data-testid="why-panel">
      <h2 id="why-title" className="card-title">
        {t.whatIf.title}
      </h2>
      <label className="field explain-pick">
        <span>{t.anomaly.row}</span>
        <select value={row} onChange={(e) => setRow(Number(e.target.value))} data-testid="why-row-select">
          {input.preview.map((_, i) => (
            <option key={i} value={i}>
              {t.whatIf.row(i + 1)}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="notice" role="alert" data-testid="why-error">
          {error.message}
        </p>
      )}
      {answer && (
        <p className="lede" data-testid="why-prediction">
          {t.whatIf.predicted} <strong>{predictionWords(answer)}</strong>
          {changed.length > 0 && (
            <span className="muted">
              {' '}
              {t.whatIf.changed(changed.join(', '))}{' '}
              <button type="button" className="button small quiet" onClick={() => setCells(original)}>
                {t.plan.undo}
              </button>
            </span>
          )}
        </p>
      )}
      {spec && answer && (
        <figure className="explain-figure">
          <Chart spec={spec} aspect={Math.min(0.9, 0.3 + spec.steps.length * 0.05)} testId="chart-why-waterfall" />
          <figcaption className="muted small">{waterfallSentence(answer.explanation)}</figcaption>
        </figure>
      )}
      <details open data-testid="what-if">
        <summary>{t.whatIf.summary}</summary>
        <div className="field-grid what-if-grid">
          {controls.map((c) => (
            <WhatIfField
              key={c.column}
              control={c}
              value={cells[c.column] ?? null}
              onChange={(v) => setCells({ ...cells, [c.column]: v })}
            />
          ))}
        </div>
      </details>
    </section>
  );
}
