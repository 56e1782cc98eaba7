/**
 * A second model scoring the rows scoreFile reads for the first (shadow mode, issue 15): one read of the input for
 * both. Its columns join the read (those the first model reads the same way are shared), its predictions go to its
 * own file and watcher, and anything that goes wrong with it (a column it needs is missing, a cell it cannot read, its
 * model fails) stops it alone: the first model's scoring goes on.
 */
import { CodedError } from '@shared/errors';
import type { ModelFeature, ModelJson } from '../pipeline/model-json';
import type { ColumnData, Columns, Predictions } from '../pipeline/types';
import { CsvWriter, type CsvValue } from '../util/csv-writer';
import { convertColumn, unreadableCell } from './convert-cells';
import { feedData, type FeedData } from './ort-session';
import type { ReadAs, TableStream } from './read-table';
import { inputColumns, type TableNames } from './written-header';

type TableBatch = NonNullable<Awaited<ReturnType<TableStream['next']>>>;

export interface ShadowScoring {
  onnxPath: string;
  modelJson: ModelJson;
  /** Its output: `prediction`, then `proba_<class>` per class (no kept or explanation columns). */
  outputPath: string;
  watch?: ScoreWatcher;
}

/** Watches what is scored (the prediction log): each batch's input columns as the model reads them, in model.json
 * feature order, before scoring (their buffers then go to the scorer), and its predictions after. */
export interface ScoreWatcher {
  inputs(columns: ColumnData[], rows: number): void;
  predictions(predictions: Predictions): void;
}

/** Rows the second model scored, or why it stopped. */
export type ShadowOutcome = { rows: number } | { error: CodedError };

/** Batches in, predictions out, in order; `parallel` batches can be in flight at once. */
export interface Scorer {
  parallel: number;
  run(feeds: FeedData[]): Promise<Predictions>;
  close(): Promise<void>;
}

/** How scoreFile reads a feature: numbers and yes/no values parsed by DuckDB, dates and categories in JS. */
export const readAs = (f: ModelFeature): ReadAs =>
  f.onnxType === 'string' || f.kind === 'datetime' ? 'cell' : f.kind === 'boolean' ? 'boolean' : 'number';

/** `prediction`, then `proba_<class>` per class. */
export function outputColumns(m: ModelJson): string[] {
  return ['prediction', ...(m.classes ?? []).map((c) => `proba_${c}`)];
}

/** A batch's predictions as output columns: the label, then one probability column per class. */
export function predictionColumns(pred: Predictions, classes: number): Array<ArrayLike<CsvValue>> {
  const n = pred.prediction.length;
  const columns: Array<ArrayLike<CsvValue>> = [pred.prediction];
  for (let c = 0; c < classes && pred.probabilities; c++) {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) col[r] = pred.probabilities[r * classes + c];
    columns.push(col);
  }
  return columns;
}

export class ShadowLane {
  private error: CodedError | null = null;
  private writer: CsvWriter | null = null;
  private at: number[] = [];
  private readonly inflight: Array<Promise<Predictions>> = [];
  private rows = 0;

  constructor(
    private readonly spec: ShadowScoring,
    private readonly scorer: Promise<Scorer>,
  ) {
    // Its failure is read in plan() and close(), later: until then it must not count as an unhandled rejection
    // (Node reports one when a damaged shadow model fails before the table is open), as score-file does for the
    // champion's scorer.
    scorer.catch(() => undefined);
  }

  /**
   * Joins the read: adds to `wanted` the columns the model needs that are not read the same way already, and opens
   * its output. A column the file lacks stops it here.
   */
  async plan(table: TableNames, file: string, wanted: Array<{ name: string; as: ReadAs }>): Promise<void> {
    const { at, missing } = inputColumns(this.spec.modelJson.features, table);
    if (missing.length) {
      this.stop(
        new CodedError(
          'column-missing',
          `It needs column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, not in ${file}.`,
        ),
      );
      return;
    }
    this.at = this.spec.modelJson.features.map((f) => {
      const as = readAs(f);
      const name = at.get(f.name)!;
      const i = wanted.findIndex((w) => w.name === name && w.as === as);
      return i >= 0 ? i : wanted.push({ name, as }) - 1;
    });
    try {
      await this.scorer;
      this.writer = await CsvWriter.open(this.spec.outputPath, outputColumns(this.spec.modelJson));
    } catch (err) {
      this.stop(err);
    }
  }

  /**
   * Scores a batch (rows from `first`, 1-based). Call it before the first model's run: numbers are copied here, as
   * a scorer may take the buffers it is given.
   */
  async push(batch: TableBatch, first: number): Promise<void> {
    if (this.error) return;
    try {
      const cols: Columns = {};
      this.spec.modelJson.features.forEach((f, i) => {
        const c = batch.columns[this.at[i]];
        if (Array.isArray(c)) {
          cols[f.name] = convertColumn(f, c, first);
          return;
        }
        if (c.bad)
          throw unreadableCell(first + c.bad.row, f, c.bad.text, f.kind === 'boolean' ? 'a yes/no value' : 'a number');
        cols[f.name] = c.values.slice();
      });
      this.spec.watch?.inputs(
        this.spec.modelJson.features.map((f) => cols[f.name]),
        batch.rows,
      );
      const scored = (await this.scorer).run(feedData(this.spec.modelJson.features, cols, batch.rows));
      scored.catch(() => undefined);
      this.inflight.push(scored);
      while (this.inflight.length > (await this.scorer).parallel) await this.writeNext();
    } catch (err) {
      this.stop(err);
    }
  }

  /** Writes every batch still in flight and closes its output; says how many rows it scored or why it stopped. */
  async finish(): Promise<ShadowOutcome> {
    try {
      while (!this.error && this.inflight.length) await this.writeNext();
      if (!this.error) await this.writer?.close();
    } catch (err) {
      this.stop(err);
    }
    return this.error ? { error: this.error } : { rows: this.rows };
  }

  /** Leaves no output behind (the first model failed or was cancelled). */
  async abort(): Promise<void> {
    this.inflight.length = 0;
    await this.writer?.abort();
    this.writer = null;
  }

  async close(): Promise<void> {
    await this.scorer.then(
      (s) => s.close(),
      () => undefined,
    );
  }

  private async writeNext(): Promise<void> {
    const pred = await (this.inflight.shift() as Promise<Predictions>);
    this.spec.watch?.predictions(pred);
    const n = pred.prediction.length;
    await this.writer?.columns(predictionColumns(pred, this.spec.modelJson.classes?.length ?? 0), n);
    this.rows += n;
  }

  private stop(err: unknown): void {
    this.error ??=
      err instanceof CodedError
        ? err
        : new CodedError('invalid-input', 'Its model file could not be loaded or run: export that version again.');
    void this.abort();
  }
}
