/** Rows taken and JSON-safe storage of a few rows of input columns (the sampling estimator's background). */
import type { Columns, InputSpec } from '../pipeline/types';
import type { StoredColumns } from './types';

/** The given rows of the pipeline's input columns. */
export function takeRows(inputs: InputSpec[], cols: Columns, rows: ArrayLike<number>): Columns {
  const out: Columns = {};
  for (const { name } of inputs) {
    const c = cols[name];
    out[name] =
      c instanceof Float64Array ? Float64Array.from(rows, (r) => c[r]) : Array.from(rows, (r) => c[r] ?? null);
  }
  return out;
}

export function storeColumns(cols: Columns): StoredColumns {
  const out: StoredColumns = {};
  for (const [name, c] of Object.entries(cols))
    out[name] = c instanceof Float64Array ? Array.from(c, (v) => (Number.isNaN(v) ? null : v)) : c.slice();
  return out;
}

/** Stored rows back as Columns: numeric kinds as Float64Array (null = NaN), text kinds as strings. */
export function loadColumns(inputs: InputSpec[], stored: StoredColumns): Columns {
  const out: Columns = {};
  for (const { name, kind } of inputs) {
    const c: ReadonlyArray<number | string | null> = stored[name] ?? [];
    out[name] =
      kind === 'categorical' || kind === 'text'
        ? c.map((v) => (v === null ? null : String(v)))
        : Float64Array.from(c, (v) => (v === null ? NaN : Number(v)));
  }
  return out;
}

/** Each row's cells as text in `inputs` order (null = missing): numbers as written, dates as ISO, booleans as words. */
export function cellTexts(inputs: InputSpec[], cols: Columns, n: number): Array<Array<string | null>> {
  const text = inputs.map(({ name, kind }) => {
    const c = cols[name];
    return (r: number): string | null => {
      if (!c) return null;
      if (!(c instanceof Float64Array)) return c[r] ?? null;
      const v = c[r];
      if (!Number.isFinite(v)) return null;
      if (kind === 'boolean') return v ? 'true' : 'false';
      if (kind === 'datetime')
        return new Date(v)
          .toISOString()
          .replace(/T00:00:00\.000Z$/, '')
          .replace(/\.000Z$/, 'Z');
      return String(v);
    };
  });
  return Array.from({ length: n }, (_, r) => text.map((t) => t(r)));
}
