import { CodedError } from '@shared/errors';
import { ident, lit, type Db } from '../util/duckdb';
import {
  firstKeys,
  JSON_SAMPLE,
  keptWritten,
  shortenLongNames,
  topLevelNames,
  uniqueColumnNames,
} from './column-names';

/** What loading a JSON or Parquet file said (shortened and renamed names), and the written names of renamed columns. */
export interface LoadedNames {
  notes: string[];
  /** App name -> name as written, for columns DuckDB renamed for case alone (UniqueNames.written). */
  written: Record<string, string>;
}

/** Loads a JSON array or JSON-lines file into `table`; nested values become JSON text. */
export async function loadJson(
  db: Db,
  path: string,
  file: { name: string; lines: boolean; gzip: boolean; skipBad: boolean },
  table: string,
): Promise<LoadedNames> {
  const opts = [`format = ${file.lines ? "'newline_delimited'" : "'array'"}`];
  if (file.gzip) opts.push("compression = 'gzip'");
  if (file.skipBad) opts.push('ignore_errors = true');
  try {
    await db.exec(`CREATE TABLE ${table}_raw AS SELECT * FROM read_json_auto(${lit(path)}, ${opts.join(', ')})`);
    // The keys as written, in the order they first appear (DuckDB's order of columns), to see what it renamed.
    const keys = await db
      .all(`SELECT json_keys(json) AS k FROM read_json_objects(${lit(path)}, ${opts.join(', ')}) LIMIT ${JSON_SAMPLE}`)
      .then(firstKeys, () => null);
    return await flattenNested(db, `${table}_raw`, table, 'TABLE', keys);
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw jsonReadError(err, file.name, file.lines);
  }
}

/**
 * DuckDB's JSON reader failures in the person's words: where the file stops being valid JSON (line or record)
 * or which field name is repeated; the reader's own text (file paths, byte offsets, internals) is left out.
 */
export function jsonReadError(err: unknown, name: string, lines: boolean): CodedError {
  const text = err instanceof Error ? err.message : String(err);
  // DuckDB counts lines and records from 2 (measured with 1.5: a bad first line is reported "in line 2").
  const nth = (re: RegExp): number | null => {
    const m = re.exec(text)?.[1];
    return m === undefined ? null : Math.max(1, Number(m) - 1);
  };
  const line = nth(/\bin line (\d+)/);
  const record = nth(/\bin record\/value (\d+)/);
  const where = line ? `line ${line}` : record ? `${lines ? 'line' : 'record'} ${record}` : null;
  const dup = /has duplicate key "([^"]{1,60})"/.exec(text)?.[1];
  const skip = lines ? ', or import again with "skip bad rows" to leave out the lines that cannot be read' : '';
  if (dup !== undefined)
    return new CodedError(
      'dataset-invalid',
      `${name} could not be read: ${where ? `${where} has` : 'a record has'} the field "${dup}" more than once. Give each field its own name${skip}.`,
    );
  return new CodedError(
    'dataset-invalid',
    `${name} could not be read as JSON${where ? `: ${where} is not valid JSON` : ''}. ${
      lines
        ? 'Each line must hold one JSON object. Fix the line'
        : 'It must hold one list of objects ([{…}, {…}]). Fix the file'
    }${skip}.`,
  );
}

/**
 * Makes `table` a view over a Parquet file with nested columns flattened the same way: nothing is
 * read until the view is copied, and then in a stream (a Parquet file larger than memory is fine).
 */
export async function loadParquet(db: Db, path: string, table: string): Promise<LoadedNames> {
  try {
    await db.exec(`CREATE VIEW ${table}_raw AS SELECT * FROM read_parquet(${lit(path)})`);
    // Column names that are not valid UTF-8 (a damaged footer) fail here.
    const schema = await db.all(`SELECT name, num_children FROM parquet_schema(${lit(path)})`);
    return await flattenNested(db, `${table}_raw`, table, 'VIEW', topLevelNames(schema));
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw parquetError();
  }
}

/** The Parquet file could not be read (its own message names DuckDB internals, not the person's data). */
export function parquetError(): CodedError {
  return new CodedError(
    'dataset-invalid',
    'The Parquet file could not be read: it is damaged or uses a layout the app does not know. Export it again, or save the data as CSV and import that.',
  );
}

/**
 * What DuckDB's reader did to the names `written` in the file (null: not known): when it renamed names that differ
 * by case or repeat, as column-names.ts renames them, the renames are noted and the written names kept.
 */
function renamedByReader(read: string[], written: string[] | null): LoadedNames {
  if (!written) return { notes: [], written: {} };
  const unique = uniqueColumnNames(written);
  const same = unique.names.length === read.length && unique.names.every((n, i) => n === read[i]);
  return same ? unique : { notes: [], written: {} };
}

/**
 * Structs, lists and maps become JSON text so every column is a plain scalar downstream; over-long names are
 * shortened, names DuckDB's reader renamed are noted (the notes say so) and their written names returned.
 */
async function flattenNested(
  db: Db,
  from: string,
  to: string,
  kind: 'TABLE' | 'VIEW',
  written: string[] | null,
): Promise<LoadedNames> {
  const cols = await db.all(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${lit(from)} ORDER BY ordinal_position`,
  );
  const read = cols.map((c) => String(c.column_name));
  const renamed = renamedByReader(read, written);
  const kept = shortenLongNames(read);
  const list = cols.map((c, i) => {
    const q = ident(String(c.column_name));
    const as = ident(kept.names[i]);
    const type = String(c.data_type);
    if (/STRUCT|MAP|\[\]|UNION|JSON/.test(type)) return `CAST(to_json(${q}) AS VARCHAR) AS ${as}`;
    if (/^DECIMAL/.test(type) || type === 'FLOAT' || type === 'HUGEINT' || type === 'UBIGINT')
      return `CAST(${q} AS DOUBLE) AS ${as}`;
    if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER)$/.test(type)) return `CAST(${q} AS BIGINT) AS ${as}`;
    if (/^TIMESTAMP/.test(type)) return `CAST(${q} AS TIMESTAMP) AS ${as}`;
    return `${q} AS ${as}`;
  });
  if (list.length === 0) throw new CodedError('dataset-empty', 'The file has no columns.');
  await db.exec(`CREATE ${kind} ${to} AS SELECT ${list.join(', ')} FROM ${from}`);
  if (kind === 'TABLE') await db.exec(`DROP TABLE ${from}`);
  return { notes: [...renamed.notes, ...kept.notes], written: keptWritten(renamed.written, read, kept.names) };
}
