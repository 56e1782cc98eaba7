import type { ColumnProfile } from '@shared/project';
import { ident, num, type Db } from '../util/duckdb';
import type { Sources } from './load-table';

/** A column that splits a repeated date column into series side by side: one row per date for each of its values. */
export interface ParallelSeries {
  date: string;
  key: string;
  /** Every value of the key, most rows first (ties in text order), as written. */
  values: string[];
  series: number;
}

/** Category columns tried as a series key per date column (the fewest values first). */
const MAX_KEYS = 12;

/**
 * Date columns that repeat once per value of a category (vega-datasets weather.csv: each day once for Seattle and
 * once for New York; txhousing: each month once per city). A forecast along such a date adds the series up per
 * period, as it does transactions; the profile says so before training. A key: 2-50 values, no (date, value) pair
 * twice, and its values together covering at least 80% of all date × value cells.
 */
export async function parallelSeries(db: Db, src: Sources, profiles: ColumnProfile[]): Promise<ParallelSeries[]> {
  const keys = profiles
    .filter((p) => (p.kind === 'categorical' || p.kind === 'boolean') && p.distinct >= 2 && p.distinct <= 50)
    .sort((a, b) => a.distinct - b.distinct)
    .slice(0, MAX_KEYS);
  const out: ParallelSeries[] = [];
  for (const d of profiles.filter((p) => p.kind === 'datetime' && p.period)) {
    const q = ident(d.name);
    const [dates] = await db.all(`SELECT count(${q}) AS n, count(DISTINCT ${q}) AS dates FROM ${src.t}`);
    const [n, distinctDates] = [num(dates.n) ?? 0, num(dates.dates) ?? 0];
    if (distinctDates < 4 || n < 1.5 * distinctDates) continue;
    for (const key of keys) {
      const k = ident(key.name);
      const [r] = await db.all(
        `SELECT count(*) AS n, count(DISTINCT (${q}, ${k})) AS pairs, count(DISTINCT ${k}) AS series
         FROM ${src.t} WHERE ${q} IS NOT NULL AND ${k} IS NOT NULL`,
      );
      const [rows, pairs, series] = [num(r.n) ?? 0, num(r.pairs) ?? 0, num(r.series) ?? 0];
      if (series < 2 || pairs !== rows || rows < 0.8 * series * distinctDates) continue;
      const values = await db.all(
        `SELECT CAST(${k} AS VARCHAR) AS v, count(*) AS n FROM ${src.t} WHERE ${q} IS NOT NULL AND ${k} IS NOT NULL
         GROUP BY 1 ORDER BY n DESC, v`,
      );
      out.push({ date: d.name, key: key.name, values: values.map((r) => String(r.v)), series });
      break;
    }
  }
  return out;
}
