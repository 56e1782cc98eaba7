import type { PredictResult } from '@shared/channels';
import { useMemo } from 'react';
import { VirtualGrid } from '../../components/VirtualGrid';
import { dirnameOf } from '../../lib/data-source';
import { call } from '../../lib/api';
import { plural } from '../../lib/format';

/** Where the predictions were written and the first rows of them. */
export function PredictResultView({ result }: { result: PredictResult }) {
  const columns = useMemo(() => result.columns.map((name) => ({ name })), [result.columns]);
  const rows = useMemo(() => result.preview.map((r) => r.map(shorten)), [result.preview]);
  return (
    <section className="card" aria-labelledby="predict-result-title" data-testid="predict-result">
      <div className="card-head">
        <h2 id="predict-result-title" className="card-title">
          Predictions
        </h2>
        <span className="muted" data-testid="predict-rows">
          {plural(result.rows, 'row')}
        </span>
      </div>
      <div className="export-location">
        <code className="path" data-testid="predict-output-path">
          {result.outputPath}
        </code>
        <button
          type="button"
          className="button small"
          onClick={() => void call('shell:openFolder', { path: dirnameOf(result.outputPath) })}
          data-testid="predict-open-folder"
        >
          Open folder
        </button>
      </div>
      {result.note && (
        <p className="muted" data-testid="predict-note">
          {result.note}
        </p>
      )}
      <VirtualGrid columns={columns} rows={rows} height={300} label="First predictions" testId="predict-preview" />
    </section>
  );
}

/** Long decimals are trimmed for reading (the CSV keeps full precision). */
export function shorten(v: string | null): string | null {
  if (v === null || !/^-?\d+\.\d{7,}(e[-+]?\d+)?$/i.test(v)) return v;
  return String(Number(Number(v).toPrecision(6)));
}
