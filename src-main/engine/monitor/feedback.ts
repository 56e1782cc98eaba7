/**
 * Outcomes: a file holding the true value of rows that were predicted, either keyed by the model's key column
 * or the scored file itself with an outcome column added (then rows are matched by a hash of their inputs).
 * They are stored in the log (a later upload of a key replaces the earlier value) and joined to the logged
 * predictions; keys that match nothing are counted and listed, never dropped silently.
 */
import { CodedError } from '@shared/errors';
import type { FeedbackReport } from '@shared/monitor';
import type { ModelJson } from '../pipeline/model-json';
import { numberReadings, numberReadingsOfHead } from '../ingest/decimal-commas';
import { anyFormattedToDouble } from '../ingest/formatted-numbers';
import { commaToDouble } from '../ingest/infer-types';
import { sourceOf } from '../predict/read-table';
import { readableText, type ReadableText } from '../predict/readable-text';
import { columnFor, writtenHeader } from '../predict/written-header';
import { inTransaction, rowsOf, type LogConnection } from './log-db';
import { loggedRowsSql, rowHashSql } from './row-files';
import { readSettings } from './settings';
import { ident } from '../util/duckdb';

/** Column names taken as the outcome when the person names none (after the model's target). */
const OUTCOME_NAMES = ['outcome', 'actual', 'true', 'truth', 'label', 'y_true'];

export interface FeedbackArgs {
  dataDir: string;
  modelId: string;
  /** The active version's model.json (its target names the outcome column, its features make the row hash). */
  modelJson: ModelJson;
  path: string;
  outcomeColumn?: string;
  at?: number;
}

export async function addOutcomes(conn: LogConnection, args: FeedbackArgs): Promise<FeedbackReport> {
  // A German Excel file (Windows-1252, a "sep=;" line) is read from a UTF-8 copy, as a file to score is.
  const readable = await readableText(args.path);
  try {
    return await addReadable(conn, args, readable);
  } finally {
    await readable.remove();
  }
}

async function addReadable(conn: LogConnection, args: FeedbackArgs, readable: ReadableText): Promise<FeedbackReport> {
  const { path } = readable;
  const settings = await readSettings(conn);
  const src = sourceOf(path);
  let columns: string[];
  try {
    columns = (await rowsOf(conn, `DESCRIBE SELECT * FROM ${src.sql}`)).map((r) => String(r.column_name));
  } catch {
    throw new CodedError(
      'dataset-invalid',
      `Could not read '${args.path}' as a table. Save it as CSV (UTF-8) with one header row and try again.`,
    );
  }
  // Columns are found by the names the person wrote ('price' beside 'Price', which the app calls 'price_1').
  const names = { columns, written: await writtenHeader(conn, path, src.sql, columns) };
  const target = args.modelJson.targetWritten ?? args.modelJson.target;
  const outcome = args.outcomeColumn
    ? columnFor(names, args.outcomeColumn)
    : [target, ...OUTCOME_NAMES].flatMap((c) => (c ? (columnFor(names, c) ?? []) : []))[0];
  if (!outcome) {
    throw new CodedError(
      'column-missing',
      `The outcomes file needs a column with the true values: ${args.outcomeColumn ? `'${args.outcomeColumn}' is not in it` : `name it '${target ?? 'outcome'}'`}. Columns found: ${names.written.join(', ')}.`,
      { available: names.written },
    );
  }
  const wanted = args.modelJson.features.map((f) => f.written ?? f.name);
  const features = wanted.map((f) => columnFor(names, f));
  const keyColumn = settings.keyColumn ? (columnFor(names, settings.keyColumn) ?? null) : null;
  if (!keyColumn && features.some((f) => f === undefined)) {
    const missing = wanted.filter((_, i) => features[i] === undefined);
    throw new CodedError(
      'column-missing',
      settings.keyColumn
        ? `The outcomes file has no '${settings.keyColumn}' column (the key of this model's predictions). Add it, or bring the scored rows with an outcome column.`
        : `Outcomes are matched to predictions by the input values (no key column is set), but ${missing.map((m) => `'${m}'`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in the file. Bring the scored file with an outcome column added, or set a key column in the monitoring settings before predicting.`,
      { missing, available: names.written },
    );
  }
  const cast = (c: string) => `CAST(${ident(c)} AS VARCHAR)`;
  const key = keyColumn ? cast(keyColumn) : rowHashSql(`[${features.map((f) => cast(f!)).join(', ')}]::VARCHAR[]`);
  // An outcome column written with decimal commas ("1,5", "1.234,5"; judged as ingest judges a file) is read as
  // ingest reads it and kept as the number's text ("1.5"); a cell that does not read so stays as written.
  const written = `trim(${cast(outcome)})`;
  // Judged on the person's file's head, read once by readableText (the same head ingest would judge). Formatted
  // numbers ("$1,234.50", "12%") are read the same way, as the number's text.
  const readings = src.varcharAlready
    ? readable.head
      ? numberReadingsOfHead(readable.head, args.path)
      : await numberReadings(path)
    : null;
  const format = readings?.formatted.get(outcome);
  const number = readings?.comma.has(outcome)
    ? commaToDouble(cast(outcome))
    : format
      ? anyFormattedToDouble(cast(outcome), format.decimalComma)
      : null;
  const value = number ? `coalesce(CAST(${number} AS VARCHAR), ${written})` : written;
  const at = args.at ?? Date.now();
  const staged = `(SELECT ${key} AS key, ${value} AS outcome, row_number() OVER () AS line FROM ${src.sql})`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE incoming AS SELECT * FROM ${staged}`);
  const count = async (sql: string) => Number((await rowsOf(conn, sql))[0].n);
  const received = await count(`SELECT count(*)::DOUBLE AS n FROM incoming`);
  const empty = await count(`SELECT count(*)::DOUBLE AS n FROM incoming WHERE outcome IS NULL OR outcome = ''`);
  const logged = await loggedRowsSql(conn, args.dataDir, args.modelId);
  const unmatchedRows = await rowsOf(
    conn,
    `SELECT key, CAST(line AS DOUBLE) AS line FROM incoming i
     WHERE outcome <> '' AND NOT EXISTS (SELECT 1 FROM ${logged} r WHERE r.key = i.key) ORDER BY line`,
  );
  await inTransaction(conn, async () => {
    // The last outcome of a key in the file wins; it replaces one from an earlier upload.
    await conn.run(
      `INSERT OR REPLACE INTO outcomes
       SELECT key, arg_max(outcome, line), $1 FROM incoming WHERE outcome <> '' AND key IS NOT NULL GROUP BY key`,
      [at],
    );
  });
  await conn.run(`DROP TABLE incoming`);
  const unmatched = unmatchedRows.length;
  const matched = received - empty - unmatched;
  const shown = unmatchedRows.slice(0, 10).map((r) => (keyColumn ? String(r.key) : `line ${Number(r.line) + 1}`));
  return {
    received,
    matched,
    unmatched,
    unmatchedKeys: shown,
    ...(unmatched ? { unmatchedHint: hint(keyColumn, matched) } : {}),
    empty,
    keyBy: keyColumn ?? 'row hash of the inputs',
    outcomeColumn: outcome,
  };
}

function hint(keyColumn: string | null, matched: number): string {
  if (keyColumn)
    return `These ${keyColumn} values match no logged prediction: they were not scored with this model, or were scored before the key column was set${matched ? '' : '. Check that the column holds the same ids as the scored files'}.`;
  return `These rows match no logged prediction by their input values: bring the rows exactly as they were scored (the scored file with an outcome column added), or set a key column before predicting.`;
}
