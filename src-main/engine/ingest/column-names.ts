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

/**
 * Names DuckDB can tell apart. Its names ignore case, so of "Price" and "price" (or two "a") every reader of the file
 * (DuckDB's CSV, JSON and Parquet readers, so predict too) renames the later one as here: "price_1", then "price_2";
 * a new name that is taken gets its own count added ("A" after "a" and "a_1" is "A_1_1"). An empty name is
 * "column<i>" (0-based), as DuckDB names it. Each rename is said in `notes`, naming both columns. (The exported
 * model and notebook use the new name: carrying the written one through training, model.json and the ONNX inputs
 * is not done.)
 */
export function uniqueColumnNames(columns: string[]): KeptNames {
  const named = columns.map((c, i) => (c === '' ? `column${i}` : c));
  const seen = new Map<string, number>();
  const first = new Map<string, number>();
  const notes: string[] = [];
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
    const same = named[j] === name ? 'have the same name' : 'differ only by case';
    notes.push(
      `Columns ${j + 1} ('${named[j]}') and ${i + 1} ('${name}') ${same}, which the app cannot tell apart: column ${i + 1} is called '${unique}' in the app, its model and outputs. To choose the name yourself, rename it in the file and import again.`,
    );
    return unique;
  });
  return { names, notes };
}
