import { CodedError } from '@shared/errors';
import { consistency } from './sniff-dialect';

/**
 * The longest column name kept as written. Long enough for a survey question used as a header; a longer name
 * (a 1 MB "name" is a broken file or a paste gone wrong) would otherwise be carried into every query, screen,
 * model.json and notebook.
 */
export const MAX_NAME_CHARS = 1000;

/** Column names as the app keeps them, and what was changed, in the person's words. */
export interface KeptNames {
  names: string[];
  notes: string[];
}

/**
 * Shortens names longer than MAX_NAME_CHARS to their first MAX_NAME_CHARS characters (never splitting a
 * character) followed by "…"; a shortened name that would clash with another (ignoring case, as names are
 * compared) ends in "… (column N)" instead. Each shortened name is said in `notes`.
 */
export function shortenLongNames(columns: string[]): KeptNames {
  const taken = new Set(columns.filter((c) => c.length <= MAX_NAME_CHARS).map((c) => c.toLowerCase()));
  const notes: string[] = [];
  const names = columns.map((name, i) => {
    const chars = Array.from(name);
    if (chars.length <= MAX_NAME_CHARS) return name;
    const head = chars.slice(0, MAX_NAME_CHARS).join('').trimEnd();
    let short = `${head}…`;
    if (taken.has(short.toLowerCase())) short = `${head}… (column ${i + 1})`;
    taken.add(short.toLowerCase());
    notes.push(
      `The name of column ${i + 1} is ${chars.length.toLocaleString('en-US')} characters long; it was shortened to its first ${MAX_NAME_CHARS.toLocaleString('en-US')} characters.`,
    );
    return short;
  });
  return { names, notes };
}

const count = (n: number, what: string): string => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/**
 * A header whose number of names differs from what (nearly) every row of the head holds would have every row
 * refused one by one ("expected 8 fields, found 7" for each): says what is wrong with the header instead. A
 * header whose one extra name is an empty last one (a trailing delimiter) loses that name, noted; no value is
 * lost. `columns` are the header's names as read; returns the names to keep.
 */
export function fitHeader(columns: string[], records: string[][], name: string): KeptNames {
  const { width, share } = consistency(records);
  const names = columns.length;
  if (records.length === 0 || width === names || share < 0.9) return { names: columns, notes: [] };
  if (names === width + 1 && columns[names - 1] === '')
    return {
      names: columns.slice(0, -1),
      notes: [`The header ends with an empty name that no row has a value for; it was left out.`],
    };
  const counts = `${count(names, 'name')}, ${count(width, 'value')} per row`;
  if (names === width + 1)
    throw new CodedError(
      'dataset-invalid',
      `${name} could not be read: the header has one name more than the rows (${counts}). Remove the extra name from the header, or add the missing value to each row, then import again.`,
      { headerNames: names, rowValues: width },
    );
  if (
    names === 1 &&
    width === 2 &&
    records.every((r) => r.length !== 2 || /^\s*[-+]?\d{1,3},\d{3}\s*$/.test(r.join(',')))
  )
    throw new CodedError(
      'dataset-invalid',
      `${name} could not be read: it has one column whose values hold a comma ("${records
        .find((r) => r.length === 2)!
        .join(',')
        .trim()}"), which can be a thousands separator or a decimal comma, so the app does not guess. Save the numbers without thousands separators (or with ';' between columns), then import again.`,
      { headerNames: names, rowValues: width },
    );
  if (width === names + 1)
    throw new CodedError(
      'dataset-invalid',
      `${name} could not be read: the rows have one value more than the header has names (${counts}). Often the first column is an index saved without a name: add a name for it to the header, then import again.`,
      { headerNames: names, rowValues: width },
    );
  throw new CodedError(
    'dataset-invalid',
    `${name} could not be read: the header does not match the rows (${counts}). Check the delimiter and that the first line is the header, then import again.`,
    { headerNames: names, rowValues: width },
  );
}

/** Names DuckDB can tell apart (`names`), what was changed (`notes`), and the written name of each renamed column. */
export interface UniqueNames extends KeptNames {
  /**
   * App name -> name as written in the file, for each column renamed only because its name differs from another's
   * by case ('price_1' -> 'price'). Outputs the person reads (model.json, predictions, report, notebook) use the
   * written name, and predict finds the column by it. A name written twice alike has no name of its own: 'a_1' stays.
   */
  written: Record<string, string>;
}

/**
 * Names DuckDB can tell apart. Its names ignore case, so of "Price" and "price" (or two "a") every reader of the file
 * (DuckDB's CSV, JSON and Parquet readers, so predict too) renames the later one as here: "price_1", then "price_2";
 * a new name that is taken gets its own count added ("A" after "a" and "a_1" is "A_1_1"). An empty name is
 * "column<i>" (0-based), as DuckDB names it. Each rename is said in `notes`, naming both columns; a rename for case
 * alone keeps the written name for outputs (`written`).
 */
export function uniqueColumnNames(columns: string[]): UniqueNames {
  const named = columns.map((c, i) => (c === '' ? `column${i}` : c));
  const seen = new Map<string, number>();
  const first = new Map<string, number>();
  const notes: string[] = [];
  const written: Record<string, string> = {};
  const repeated = new Set(named.filter((n, i) => named.indexOf(n) !== i));
  const names = named.map((name, i) => {
    const low = name.toLowerCase();
    const count = seen.get(low);
    if (count === undefined) {
      seen.set(low, 1);
      first.set(low, i);
      return name;
    }
    seen.set(low, count + 1);
    let unique = `${name}_${count}`;
    for (let taken = seen.get(unique.toLowerCase()); taken !== undefined; taken = seen.get(unique.toLowerCase())) {
      seen.set(unique.toLowerCase(), taken + 1);
      unique = `${unique}_${taken}`;
    }
    seen.set(unique.toLowerCase(), 1);
    const j = first.get(low)!;
    if (repeated.has(name)) {
      notes.push(
        `Columns ${j + 1} and ${i + 1} are both called '${name}': column ${i + 1} is called '${unique}' in the app, its model and outputs. To choose the name yourself, rename it in the file and import again.`,
      );
    } else {
      written[unique] = name;
      notes.push(
        `Columns ${j + 1} ('${named[j]}') and ${i + 1} ('${name}') differ only by case, which the app's database cannot tell apart: inside the app column ${i + 1} is called '${unique}'. The model, predictions, report and notebook call it '${name}', and predict finds it by that name in a new file.`,
      );
    }
    return unique;
  });
  return { names, notes, written };
}

/** The written names of renamed columns that kept their app name (a name also shortened is known by its short form). */
export function keptWritten(written: Record<string, string>, names: string[], kept: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(written).filter(([n]) => kept[names.indexOf(n)] === n));
}

/** Records DuckDB's JSON reader looks at to find the columns (its default sample_size). */
export const JSON_SAMPLE = 20480;

/** JSON keys as written, in the order they first appear (DuckDB's order of columns), from rows of `json_keys(json) AS k`. */
export function firstKeys(rows: ReadonlyArray<Record<string, unknown>>): string[] {
  return [...new Set(rows.flatMap((r) => (Array.isArray(r.k) ? r.k.map(String) : [])))];
}

/** Top-level field names of a Parquet schema from `parquet_schema` rows, listed depth-first with the root first. */
export function topLevelNames(rows: ReadonlyArray<Record<string, unknown>>): string[] {
  const names: string[] = [];
  let skip = 0;
  for (const r of rows.slice(1)) {
    const children = Number(r.num_children ?? 0) || 0;
    if (skip > 0) {
      skip += children - 1;
      continue;
    }
    names.push(String(r.name));
    skip = children;
  }
  return names;
}
