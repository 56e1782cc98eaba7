/**
 * Which cell texts mean "missing", in one place for ingest (DuckDB), predict (reading a table to score) and
 * the notebook's pandas reader.
 *
 * `MISSING_CELLS` are missing in every column: the empty cell, and the markers tools write for a gap (R's NA,
 * SQL's NULL, a spreadsheet's #N/A, UCI's ?). `MISSING_UNLESS_TEXT` are missing only in number, date and
 * true/false columns: in a text column 'None' is an answer (a pool or a masonry type of "None"), so it is kept
 * as written and stays a level of its own.
 */
export const MISSING_CELLS = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'NULL', 'null', '?', '#N/A'] as const;
export const MISSING_UNLESS_TEXT = ['None'] as const;

const ANY_COLUMN = new Set<string>(MISSING_CELLS);

/** True when a text cell is missing (in a text column: only the MISSING_CELLS, exactly as written). */
export const isMissingText = (cell: string): boolean => ANY_COLUMN.has(cell);
