import type { ColumnProfile } from '@shared/project';
import { DATE_FORMATS, looksLikeDates } from '../ingest/infer-types';
import { ident, lit, num, type Db } from '../util/duckdb';
import type { Sources } from './load-table';

/** A text column whose values are dates written in several layouts (ISO, 01/11/2016, Nov 02, 2016...). */
export interface MixedDateLayouts {
  column: string;
  /**
   * Most common first: an example value of each layout, how many rows use it, and the first of them (at most 3,
   * counted from 1 at the first row under the header).
   */
  layouts: Array<{ example: string; rows: number; firstRows: number[] }>;
  /** The first example that reads one way only (year first, or a month name), in ISO form (YYYY-MM-DD). */
  iso?: string;
}

/** A value's layout: month names become M, four-digit runs Y, other digit runs n ("Nov 02, 2016" is "M n, Y"). */
const layoutKey = (v: string): string =>
  `regexp_replace(regexp_replace(regexp_replace(${v}, '[A-Za-z]{2,}', 'M', 'g'), '[0-9]{4}', 'Y', 'g'), '[0-9]+', 'n', 'g')`;

/** Layouts that read one way only (year first, or a month name), for the ISO example. */
const UNAMBIGUOUS = /^Y[-/.]n|M/;

/**
 * Ingest reads a date column when one layout (DATE_FORMATS) reads every value; a column mixing layouts stays text,
 * as a category of a thousand levels, with nothing said. This finds such columns: text columns whose first sample
 * values look like dates, where 90% of all values read as a date in some layout and at least two layouts each
 * hold 1% of the rows (and two or more). Reading them is not done: the exported notebook would have to read the
 * same way (pandas reads 01/11/2016 month first), so the profile says how to fix the file instead.
 */
export async function mixedDateLayouts(
  db: Db,
  src: Sources,
  numbered: { from: string; rowId: string },
  columns: ColumnProfile[],
): Promise<MixedDateLayouts[]> {
  const text = columns.filter(
    (c) => c.dbType === 'VARCHAR' && (c.kind === 'categorical' || c.kind === 'id' || c.kind === 'text'),
  );
  if (text.length === 0) return [];
  const head = await db.all(`SELECT ${text.map((c) => ident(c.name)).join(', ')} FROM ${src.s} LIMIT 100`);
  const candidates = text.filter((c) =>
    looksLikeDates(head.map((r) => r[c.name]).flatMap((v) => (typeof v === 'string' ? [v] : []))),
  );
  const formats = `[${DATE_FORMATS.map(lit).join(', ')}]`;
  const out: MixedDateLayouts[] = [];
  for (const c of candidates) {
    const rows = await db.all(
      `WITH x AS (SELECT ${numbered.rowId} AS r, trim(CAST(${ident(c.name)} AS VARCHAR)) AS v FROM ${numbered.from}),
       y AS (SELECT r, v, COALESCE(try_strptime(v, ${formats}), TRY_CAST(v AS TIMESTAMP)) AS d FROM x WHERE v <> '')
       SELECT ${layoutKey('v')} AS k, count(*)::DOUBLE AS n, count(d)::DOUBLE AS parsed,
         min(v) FILTER (WHERE d IS NOT NULL) AS example, min(r, 3) FILTER (WHERE d IS NOT NULL) AS first_rows,
         strftime(arg_min(d, v) FILTER (WHERE d IS NOT NULL), '%Y-%m-%d') AS iso
       FROM y GROUP BY 1 ORDER BY 3 DESC, 1`,
    );
    const total = rows.reduce((s, r) => s + (num(r.n) ?? 0), 0);
    const parsed = rows.reduce((s, r) => s + (num(r.parsed) ?? 0), 0);
    if (total === 0 || parsed < 0.9 * total) continue;
    const layouts = rows.filter((r) => {
      const p = num(r.parsed) ?? 0;
      return p >= Math.max(2, 0.01 * total) && p >= 0.5 * (num(r.n) ?? 0);
    });
    if (layouts.length < 2) continue;
    const iso = layouts.find((r) => UNAMBIGUOUS.test(String(r.k)))?.iso;
    out.push({
      column: c.name,
      layouts: layouts.map((r) => ({
        example: String(r.example),
        rows: num(r.parsed) ?? 0,
        firstRows: (Array.isArray(r.first_rows) ? r.first_rows : []).map((x) => (num(x) ?? 0) + 1),
      })),
      ...(typeof iso === 'string' ? { iso } : {}),
    });
  }
  return out;
}
