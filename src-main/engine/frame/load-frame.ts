import { DuckDBInstance } from '@duckdb/node-api';
import { CodedError } from '@shared/errors';
import type { InputKind } from '../pipeline/types';

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

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** SQL that turns one source column into what a FrameColumn of `kind` holds (DOUBLE or VARCHAR). */
function selectExpr(name: string, dbType: string, kind: InputKind): string {
  const c = quoteIdent(name);
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
    ? `read_parquet(${quoteString(dataPath)})`
    : lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')
      ? `read_csv_auto(${quoteString(dataPath)})`
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
    const exprs = names.map((n, i) => `${selectExpr(n, types.get(n) as string, kinds[i])} AS c${i}`);
    const reader = await conn.runAndReadAll(`SELECT ${exprs.join(', ')} FROM ${source}`);
    const raw = reader.getColumnsJS();
    const columns: FrameColumn[] = names.map((name, i) => {
      const col = raw[i] as unknown[];
      const kind = kinds[i];
      if (kind === 'categorical' || kind === 'text') {
        const values = new Array<string | null>(col.length);
        for (let r = 0; r < col.length; r++) {
          const v = col[r];
          values[r] = v === null || v === undefined || v === '' ? null : String(v);
        }
        return { name, kind, values };
      }
      const values = new Float64Array(col.length);
      for (let r = 0; r < col.length; r++) {
        const v = col[r];
        values[r] = v === null || v === undefined ? NaN : Number(v);
      }
      return { name, kind, values };
    });
    return makeFrame(columns);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
