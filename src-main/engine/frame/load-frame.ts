import { DuckDBDoubleVector, DuckDBInstance, type DuckDBResult } from '@duckdb/node-api';
import { CodedError } from '@shared/errors';
import type { InputKind } from '../pipeline/types';
import { ident, lit } from '../util/duckdb';

/** One column of a frame. Numeric/boolean/datetime values are Float64Array (NaN = missing; datetime as epoch ms). */
export interface FrameColumn {
  name: string;
  kind: InputKind;
  values: Float64Array | Array<string | null>;
}

/** A columnar table: no row objects, one typed array per column, rows in file order. */
export interface Frame {
  nRows: number;
  columns: FrameColumn[];
  get(name: string): FrameColumn | undefined;
}

/** Builds a Frame from ready columns (all must share one length). */
export function makeFrame(columns: FrameColumn[]): Frame {
  const nRows = columns.length ? columns[0].values.length : 0;
  const byName = new Map(columns.map((c) => [c.name, c]));
  return { nRows, columns, get: (name) => byName.get(name) };
}

const NUMERIC_TYPES =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

/** The kind a DuckDB physical type maps to when the caller does not say. */
export function kindOfDbType(dbType: string): InputKind {
  if (NUMERIC_TYPES.test(dbType)) return 'numeric';
  if (dbType === 'BOOLEAN') return 'boolean';
  if (/^(DATE|TIMESTAMP.*|TIME)$/.test(dbType)) return 'datetime';
  return 'categorical';
}

/** SQL that turns one source column into what a FrameColumn of `kind` holds (DOUBLE or VARCHAR). */
function selectExpr(name: string, dbType: string, kind: InputKind): string {
  const c = ident(name);
  if (kind === 'boolean' && dbType === 'VARCHAR') {
    // Yes/no words as well as true/false: DuckDB's boolean cast only knows the latter.
    const v = `lower(trim(${c}))`;
    return `CASE WHEN ${v} IN ('true','t','yes','y','1') THEN 1.0 WHEN ${v} IN ('false','f','no','n','0') THEN 0.0 ELSE NULL END`;
  }
  if (kind === 'numeric' || kind === 'boolean') {
    if (dbType === 'BOOLEAN' || kind === 'boolean') return `TRY_CAST(TRY_CAST(${c} AS BOOLEAN) AS DOUBLE)`;
    return `TRY_CAST(${c} AS DOUBLE)`;
  }
  if (kind === 'datetime') {
    if (dbType === 'DATE' || dbType.startsWith('TIMESTAMP')) return `CAST(epoch_ms(CAST(${c} AS TIMESTAMP)) AS DOUBLE)`;
    return `CAST(epoch_ms(TRY_CAST(${c} AS TIMESTAMP)) AS DOUBLE)`;
  }
  return `CAST(${c} AS VARCHAR)`;
}

/**
 * Reads a .parquet (read_parquet) or .csv/.tsv (read_csv_auto) file into a columnar Frame.
 * `columns` limits and orders the columns; `kinds` overrides the kind inferred from DuckDB types.
 */
export async function loadFrame(
  dataPath: string,
  opts: { columns?: string[]; kinds?: Record<string, InputKind> } = {},
): Promise<Frame> {
  const lower = dataPath.toLowerCase();
  const source = lower.endsWith('.parquet')
    ? `read_parquet(${lit(dataPath)})`
    : lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')
      ? `read_csv_auto(${lit(dataPath)})`
      : null;
  if (!source) throw new CodedError('unsupported-format', `Cannot read '${dataPath}': use a .parquet or .csv file.`);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    let described;
    try {
      described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    } catch (err) {
      const msg = (err as Error).message;
      if (/No files found|does not exist|No such file/i.test(msg)) {
        throw new CodedError('file-not-found', `Data file '${dataPath}' was not found. Check the path and try again.`);
      }
      throw new CodedError('dataset-invalid', `Could not read '${dataPath}': ${msg}`);
    }
    const schemaRows = described.getRowObjectsJS() as Array<{ column_name: string; column_type: string }>;
    const types = new Map(schemaRows.map((r) => [r.column_name, r.column_type]));
    const names = opts.columns ?? schemaRows.map((r) => r.column_name);
    const missing = names.filter((n) => !types.has(n));
    if (missing.length) {
      throw new CodedError(
        'column-missing',
        `Column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} not found. Columns are: ${[...types.keys()].join(', ')}.`,
        { missing, available: [...types.keys()] },
      );
    }
    const kinds = names.map((n) => opts.kinds?.[n] ?? kindOfDbType(types.get(n) as string));
    if (names.length === 0) return makeFrame([]);
    const exprs = names.map(
      (n, i) => `${valueExpr(selectExpr(n, types.get(n) as string, kinds[i]), kinds[i])} AS c${i}`,
    );
    const select = `SELECT ${exprs.join(', ')} FROM ${source}`;
    // Parquet knows its row count: the columns are allocated once at their size. Text files grow as they stream.
    const known = lower.endsWith('.parquet')
      ? Number((await conn.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0][0])
      : undefined;
    const columns = await streamColumns(await conn.stream(select), names, kinds, known);
    return makeFrame(columns);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Numbers arrive as DOUBLE with NaN for missing, so DuckDB's vectors carry no NULLs (cheaper to read per value). */
function valueExpr(expr: string, kind: InputKind): string {
  return kind === 'categorical' || kind === 'text' ? expr : `coalesce(${expr}, 'NaN'::DOUBLE)`;
}

/** Distinct categories shared as one string each (beyond this many a column is read without sharing). */
const SHARED_LABELS = 65536;

/**
 * Copies a result a DuckDB chunk at a time into one typed array per column (numbers never become JS values per
 * row, so 10M rows × 20 columns take ~1.6 GB rather than the ~5 GB of boxed JS arrays). Category labels are shared:
 * a column of 10M rows with a few labels holds a few strings, not 10M copies.
 */
async function streamColumns(
  result: DuckDBResult,
  names: string[],
  kinds: InputKind[],
  known: number | undefined,
): Promise<FrameColumn[]> {
  const isText = kinds.map((k) => k === 'categorical' || k === 'text');
  let cap = known ?? 1 << 16;
  let nums = kinds.map((_, i) => (isText[i] ? null : new Float64Array(cap)));
  const texts = kinds.map((_, i) => (isText[i] ? new Array<string | null>(known ?? 0) : null));
  const shared = kinds.map((k) => (k === 'categorical' ? new Map<string, string>() : null));
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    if (n + rows > cap) {
      cap = Math.max(n + rows, cap * 2);
      nums = nums.map((a) => {
        if (!a) return null;
        const grown = new Float64Array(cap);
        grown.set(a.subarray(0, n));
        return grown;
      });
    }
    for (let c = 0; c < names.length; c++) {
      const v = chunk.getColumnVector(c);
      const num = nums[c];
      if (num) {
        if (v instanceof DuckDBDoubleVector) for (let r = 0; r < rows; r++) num[n + r] = v.getItem(r) ?? NaN;
        else for (let r = 0; r < rows; r++) num[n + r] = Number(v.getItem(r) ?? NaN);
        continue;
      }
      const out = texts[c] as Array<string | null>;
      const labels = shared[c];
      for (let r = 0; r < rows; r++) {
        const x = v.getItem(r);
        let s = x === null || x === undefined || x === '' ? null : String(x);
        if (s !== null && labels) {
          const seen = labels.get(s);
          if (seen !== undefined) s = seen;
          else if (labels.size < SHARED_LABELS) labels.set(s, s);
        }
        out[n + r] = s;
      }
    }
    n += rows;
  }
  return names.map((name, i) => {
    const num = nums[i];
    if (num) return { name, kind: kinds[i], values: num.length === n ? num : num.slice(0, n) };
    const text = texts[i] as Array<string | null>;
    text.length = n;
    return { name, kind: kinds[i], values: text };
  });
}
