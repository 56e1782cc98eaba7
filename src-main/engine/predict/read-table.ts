/**
 * Streams a table file as raw text cells, a DuckDB chunk at a time, so a file of any length scores in
 * constant memory. Every cell arrives as a string (null = empty / missing); typing is done by convert-cells.ts
 * against the model's schema, which is what lets a bad value be reported with its row number.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBResult } from '@duckdb/node-api';
import { access } from 'node:fs/promises';
import { CodedError } from '@shared/errors';

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function sourceOf(path: string): { sql: string; varcharAlready: boolean } {
  const lower = path.toLowerCase();
  const p = quoteString(path);
  if (/\.(csv|tsv|txt)(\.gz)?$/.test(lower))
    return { sql: `read_csv(${p}, all_varchar = true, header = true)`, varcharAlready: true };
  if (lower.endsWith('.parquet')) return { sql: `read_parquet(${p})`, varcharAlready: false };
  if (/\.(jsonl|ndjson|json)$/.test(lower)) return { sql: `read_json_auto(${p})`, varcharAlready: false };
  throw new CodedError('unsupported-format', `Cannot read '${path}': use a .csv, .tsv, .parquet or .jsonl file.`, {
    path,
  });
}

/** How a column is read: raw text, or a number parsed by DuckDB (as the training loader parses). */
export type ReadAs = 'text' | 'number' | 'boolean';

/** A numeric column of a batch: values (NaN = missing) and, per row, the raw text of a cell that did not parse. */
export interface NumberColumn {
  values: Float64Array;
  bad: Array<string | null>;
}

/** Batches of columns, row-aligned, in file order. */
export interface TableStream {
  /** Next batch of at least `rows` rows (or what is left) as columns in the requested order, or null at the end. */
  next(rows: number): Promise<{ columns: Array<Array<string | null> | NumberColumn>; rows: number } | null>;
}

/** An open table file: its column names; `read` streams some of them. Always `close()` it. */
export interface OpenTable {
  columns: string[];
  read(wanted: Array<{ name: string; as: ReadAs }>): Promise<TableStream>;
  close(): void;
}

const NA_SQL = "('', 'na', 'n/a', 'nan', 'null', 'none', '?', '#n/a')";

/** SELECT items for one wanted column over raw text `r`: one text item, or a DOUBLE and the unparsed text. */
function selectItems(r: string, as: ReadAs): string[] {
  if (as === 'text') return [r];
  const t = `lower(trim(${r}))`;
  const na = `(${r} IS NULL OR ${t} IN ${NA_SQL})`;
  const num = `TRY_CAST(trim(${r}) AS DOUBLE)`;
  const value =
    as === 'number'
      ? `CASE WHEN ${na} THEN NULL ELSE ${num} END`
      : `CASE WHEN ${na} THEN NULL WHEN ${t} IN ('true', 't', 'yes', 'y', '1') THEN 1.0 WHEN ${t} IN ('false', 'f', 'no', 'n', '0') THEN 0.0 ELSE ${num} END`;
  return [value, `CASE WHEN NOT ${na} AND (${value}) IS NULL THEN ${r} END`];
}

export async function openTable(path: string): Promise<OpenTable> {
  try {
    await access(path);
  } catch {
    throw new CodedError('file-not-found', `File '${path}' was not found. Check the path and try again.`, { path });
  }
  const src = sourceOf(path);
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    conn.closeSync();
    instance.closeSync();
  };
  let columns: string[];
  try {
    const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src.sql}`);
    columns = (d.getRowObjectsJS() as Array<{ column_name: string }>).map((r) => r.column_name);
  } catch {
    close();
    throw new CodedError('dataset-invalid', `Could not read '${path}' as a table. ${TABLE_ADVICE}`, { path });
  }
  return { columns, read: (wanted) => streamColumns(path, src, conn, wanted), close };
}

/** The reader's own text (DuckDB's sniffer and parser errors) is not for people; this is what they can do. */
const TABLE_ADVICE =
  'Check that it is a well-formed table: one header row, the same number of cells on every row, quotes closed, one kind of line ending. Saving it again as CSV (UTF-8) from a spreadsheet usually fixes it.';

async function streamColumns(
  path: string,
  src: { sql: string; varcharAlready: boolean },
  conn: DuckDBConnection,
  wanted: Array<{ name: string; as: ReadAs }>,
): Promise<TableStream> {
  const raw = wanted.map(
    (w, i) => `${src.varcharAlready ? quoteIdent(w.name) : `CAST(${quoteIdent(w.name)} AS VARCHAR)`} AS r${i}`,
  );
  const items = wanted.flatMap((w, i) => selectItems(`r${i}`, w.as));
  let result: DuckDBResult;
  try {
    // A constant column keeps the row count when the model reads no column at all.
    result = await conn.stream(
      `SELECT ${[...items, '1 AS __row'].join(', ')} FROM (SELECT ${[...raw, '1 AS __one'].join(', ')} FROM ${src.sql})`,
    );
  } catch {
    throw new CodedError('dataset-invalid', `Could not read '${path}' as a table. ${TABLE_ADVICE}`, { path });
  }
  let done = false;
  let seen = 0;
  // Rows of the last DuckDB chunks not yet handed out (chunks hold up to 2048 rows; batches may be smaller).
  type Carry = { text: Array<string | null> } | { values: number[]; bad: Array<string | null> };
  const fresh = (): Carry[] => wanted.map((w) => (w.as === 'text' ? { text: [] } : { values: [], bad: [] }));
  let carry = fresh();
  let carryRows = 0;
  return {
    async next(rows) {
      while (!done && carryRows < rows) {
        let chunk;
        try {
          chunk = await result.fetchChunk();
        } catch {
          throw new CodedError(
            'dataset-invalid',
            `Could not read '${path}' after row ${seen + carryRows}. ${TABLE_ADVICE}`,
            { path, row: seen + carryRows },
          );
        }
        if (!chunk || chunk.rowCount === 0) {
          done = true;
          break;
        }
        let item = 0;
        carry.forEach((c) => {
          if ('text' in c) {
            for (const v of chunk.getColumnValues(item++)) c.text.push(v === null ? null : String(v));
          } else {
            for (const v of chunk.getColumnValues(item++)) c.values.push(v === null ? NaN : Number(v));
            for (const v of chunk.getColumnValues(item++)) c.bad.push(v === null ? null : String(v));
          }
        });
        carryRows += chunk.rowCount;
      }
      if (carryRows === 0) return null;
      const take = Math.min(rows, carryRows);
      const columns = carry.map((c) =>
        'text' in c
          ? c.text.slice(0, take)
          : { values: Float64Array.from(c.values.slice(0, take)), bad: c.bad.slice(0, take) },
      );
      carry = carry.map((c) =>
        'text' in c ? { text: c.text.slice(take) } : { values: c.values.slice(take), bad: c.bad.slice(take) },
      );
      carryRows -= take;
      seen += take;
      return { columns, rows: take };
    },
  };
}
