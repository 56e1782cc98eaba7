import { CodedError } from '@shared/errors';
import type { SeriesChoice } from '@shared/project';
import { describeSource, kindOfDbType, requireColumns, sourceSql, withDuckDb } from '../analytics/read-table';
import { ident, lit } from '../util/duckdb';

/** What a forecast reads of a table holding several series side by side. */
export interface SeriesRequest {
  date: string;
  target: string;
  series: Pick<SeriesChoice, 'column' | 'value' | 'combine'>;
}

/**
 * Writes the one series a forecast reads to a Parquet file of two columns (the date and the target, under their own
 * names, values as read): the rows of the chosen series (`value`), or for `value` null one row per date with every
 * series added up or averaged (`combine`). The forecast then reads it as a table holding one series. Refuses a series
 * with no row in words. Returns the rows written.
 */
export async function writeSeriesTable(dataPath: string, req: SeriesRequest, outPath: string): Promise<number> {
  return withDuckDb(async (conn) => {
    const schema = await describeSource(conn, dataPath);
    requireColumns(
      schema.map((c) => c.name),
      [req.date, req.target, req.series.column],
    );
    const [d, y, k] = [ident(req.date), ident(req.target), ident(req.series.column)];
    const src = sourceSql(dataPath);
    const targetType = schema.find((c) => c.name === req.target)!.dbType;
    const number = kindOfDbType(targetType) === 'numeric' ? `CAST(${y} AS DOUBLE)` : `TRY_CAST(${y} AS DOUBLE)`;
    const select =
      req.series.value === null
        ? `SELECT ${d}, ${req.series.combine === 'sum' ? 'sum' : 'avg'}(${number}) AS ${y} FROM ${src}
           WHERE ${d} IS NOT NULL AND ${k} IS NOT NULL GROUP BY ${d} ORDER BY ${d}`
        : `SELECT ${d}, ${y} FROM ${src} WHERE CAST(${k} AS VARCHAR) = ${lit(req.series.value)}`;
    await conn.run(`COPY (${select}) TO ${lit(outPath)} (FORMAT parquet)`);
    const [[rows]] = (await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${lit(outPath)})`)).getRowsJS();
    if (Number(rows) === 0) {
      throw new CodedError(
        'dataset-empty',
        req.series.value === null
          ? `No row has both a date in '${req.date}' and a value in '${req.series.column}', so there is no series to forecast.`
          : `No row has '${req.series.column}' = '${req.series.value}', so there is no such series to forecast. Choose one of the values the column holds.`,
        { column: req.series.column, value: req.series.value },
      );
    }
    return Number(rows);
  });
}
