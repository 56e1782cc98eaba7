import type { PredictResult } from '@shared/channels';
import type { AppError } from '@shared/errors';
import { formatComputed } from '@shared/locale';
import { useMemo } from 'react';
import { FileAction } from '../../components/FileAction';
import { VirtualGrid } from '../../components/VirtualGrid';
import { plural } from '../../lib/format';
import { useAppStore } from '../app/store';
import { t } from '../../strings';

type GridColumn = { name: string; detail?: string; numeric?: boolean };

/**
 * The preview grid: the model's output columns first, then the input row they belong to (when the output has one
 * row per input row), so each prediction can be read beside what it was made from. `row` (an index the output
 * repeats) is dropped when the input is shown.
 */
export function sideBySide(result: PredictResult): { columns: GridColumn[]; rows: Array<Array<string | null>> } {
  const input = result.input;
  const keep = result.columns.map((c, j) => (input && c === 'row' ? -1 : j)).filter((j) => j >= 0);
  const columns: GridColumn[] = keep.map((j) => ({
    name: result.columns[j],
    detail: input ? t.predict.predictedDetail : undefined,
  }));
  if (!input) return { columns, rows: result.preview.map((r) => r.map(shorten)) };
  columns.push(...input.columns.map((name) => ({ name, detail: t.predict.yourData })));
  const rows = result.preview.map((r, i) => [...keep.map((j) => shorten(r[j] ?? null)), ...(input.preview[i] ?? [])]);
  return { columns, rows };
}

/** A registered model's batch went into its prediction log: say so, with the alerts it opened. */
function MonitorLine({ logged }: { logged: NonNullable<PredictResult['monitor']> }) {
  const monitor = useAppStore((s) => s.monitor);
  return (
    <p className="small" data-testid="predict-monitor">
      {t.predict.logged(logged.modelId, logged.version)}{' '}
      {logged.opened.length > 0 && (
        <span className="badge danger">{plural(logged.opened.length, t.predict.newAlert)}</span>
      )}{' '}
      {logged.opened.map((a) => a.message).join(' ')}{' '}
      <button type="button" className="button small" onClick={() => monitor(logged.modelId)}>
        {t.predict.openMonitor}
      </button>
    </p>
  );
}

/** Where the predictions were written, the first rows of them beside their inputs, and a way to get the file. */
export function PredictResultView({ result, onError }: { result: PredictResult; onError: (e: AppError) => void }) {
  const grid = useMemo(() => sideBySide(result), [result]);
  return (
    <section className="card" aria-labelledby="predict-result-title" data-testid="predict-result">
      <div className="card-head">
        <h2 id="predict-result-title" className="card-title">
          {t.predict.predictions}
        </h2>
        <span className="muted" data-testid="predict-rows">
          {plural(result.rows, t.nouns.row)}
        </span>
      </div>
      <div className="export-location">
        <code className="path" data-testid="predict-output-path">
          {result.outputPath}
        </code>
        <FileAction path={result.outputPath} label="predictions.csv" testId="predict-open-folder" onError={onError} />
      </div>
      {result.note && (
        <p className="muted" data-testid="predict-note">
          {result.note}
        </p>
      )}
      {result.monitor?.batchId && <MonitorLine logged={result.monitor} />}
      {result.input && <p className="muted small">{t.predict.sideBySide}</p>}
      <VirtualGrid
        columns={grid.columns}
        rows={grid.rows}
        height={300}
        label={t.predict.first}
        testId="predict-preview"
      />
    </section>
  );
}

/**
 * A predicted decimal as the why-panel writes it (`formatComputed`: six significant digits, the locale's separator);
 * the CSV keeps full precision. Whole numbers and labels are shown as they are.
 */
export function shorten(v: string | null): string | null {
  if (v === null || !/^-?\d+(\.\d+(e[-+]?\d+)?|e[-+]?\d+)$/i.test(v)) return v;
  return formatComputed(Number(v));
}
