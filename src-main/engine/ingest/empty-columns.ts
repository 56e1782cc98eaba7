import { rename } from 'node:fs/promises';
import { ident, lit, num, type Db } from '../util/duckdb';

/**
 * Columns with no name in the header and no value in any row (a spreadsheet's trailing ';;' at each line end, Excel's
 * empty formatted columns), which DuckDB calls column3, column4: left out of the Parquet file `out`, which is written
 * again without them (`opts`: its COPY options for the columns kept). Returns the names left out; a table of nothing
 * but such columns keeps them (the empty-table message is clearer than none).
 */
export async function dropEmptyNameless(
  db: Db,
  out: string,
  nameless: string[],
  columns: number,
  opts: (left: Set<string>) => string,
): Promise<string[]> {
  if (nameless.length === 0) return [];
  const counts = nameless.map((c, i) => `count(nullif(trim(CAST(${ident(c)} AS VARCHAR)), '')) AS n${i}`);
  const [row] = await db.all(`SELECT ${counts.join(', ')} FROM read_parquet(${lit(out)})`);
  const empty = nameless.filter((_, i) => num(row[`n${i}`]) === 0);
  if (empty.length === 0 || empty.length === columns) return [];
  const left = new Set(empty);
  const tmp = `${out}.kept`;
  await db.exec(
    `COPY (SELECT * EXCLUDE (${empty.map(ident).join(', ')}) FROM read_parquet(${lit(out)})) TO ${lit(tmp)} (${opts(left)})`,
  );
  await rename(tmp, out);
  return empty;
}

/** "Columns 3 and 4 have no name and no value in any row; they were left out." (1-based positions in the file). */
export function emptyNamelessNote(positions: number[]): string[] {
  if (positions.length === 0) return [];
  const list =
    positions.length === 1
      ? `Column ${positions[0]} has`
      : `Columns ${positions.slice(0, -1).join(', ')} and ${positions[positions.length - 1]} have`;
  return [`${list} no name in the header and no value in any row (empty cells at the ends of lines); left out.`];
}
