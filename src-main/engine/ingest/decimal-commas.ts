import type { NumberFormat } from '@shared/project';
import { readTextHead, type TextHead } from './encoding';
import { formattedNumberColumns } from './formatted-numbers';
import { isCommaNumber, looksDecimalComma } from './infer-types';
import { isNumberLike, sniffDialect, type Dialect } from './sniff-dialect';
import { MISSING_CELLS, MISSING_UNLESS_TEXT } from '../util/missing-cells';

/** Rows looked at (in JS, from the sniffed head) to find date, boolean and decimal-comma candidates. */
const HINT_ROWS = 500;
const MISSING_WORDS = new Set<string>([...MISSING_CELLS, ...MISSING_UNLESS_TEXT]);

/** The head's values per column, missing markers ('NA', 'None'…) as '': they say nothing about a column's type. */
export function headColumns(dialect: Dialect): string[][] {
  const rows = dialect.records.slice(0, HINT_ROWS);
  return dialect.columns.map((_, i) => rows.map((r) => (MISSING_WORDS.has(r[i] ?? '') ? '' : (r[i] ?? ''))));
}

/** Grouped thousands without decimals ("1.234", "12.500"): 1234 in a decimal-comma file, 1.234 in a decimal-point one. */
const GROUPED = /^\s*[-+]?[1-9]\d{0,2}(\.\d{3})+\s*$/;

/** Commas grouping thousands ("1,000", "12,500"), which a decimal comma with three decimals looks like too. */
const COMMA_THOUSANDS = /^\s*[-+]?[1-9]\d{0,2}(,\d{3})+\s*$/;
/** A whole number of at most three digits ("750"): one a thousands separator would leave as it is. */
const UNDER_THOUSAND = /^\s*[-+]?\d{1,3}\s*$/;

/**
 * Values whose commas all group thousands ("1,000", "2,500") beside whole numbers below a thousand ("750"): thousands
 * of a decimal-point file, as spreadsheets format them (Google Sheets' TSV), rather than decimal commas with three
 * decimals, which would have written "750,000". Not evidence of decimal commas on its own; the file decides.
 */
function commaThousands(values: string[]): boolean {
  const withComma = values.filter((v) => v.includes(','));
  return (
    withComma.length > 0 &&
    withComma.every((v) => COMMA_THOUSANDS.test(v)) &&
    values.some((v) => UNDER_THOUSAND.test(v))
  );
}

/**
 * Which columns may hold numbers written with a decimal comma, from the head's values per column (missing
 * words as ''). A comma cannot be the decimal point of a comma-delimited file, so there none do: a quoted "1,5"
 * stays text as written. Elsewhere a column whose values carry decimal commas ("1.234,56", "7,5") does; and when
 * the file writes its numbers that way (some column has decimal commas and none a plain decimal point such as
 * "1.5", or, with no evidence either way, the file is `;`-delimited as German and French Excel write it), every
 * column of such numbers does too, so "1.234" there reads as 1234, not 1.234. A column of comma-grouped thousands
 * beside small whole numbers ("1,000", "750") is no evidence: it reads with decimal commas only in such a file, and
 * as thousands (formatted-numbers.ts) otherwise.
 */
export function decimalCommaCandidates(values: string[][], delimiter: string): Set<number> {
  if (delimiter === ',') return new Set();
  const filled = values.map((v) => v.filter((x) => x !== ''));
  const comma = filled.flatMap((v, i) => (looksDecimalComma(v) && !commaThousands(v) ? [i] : []));
  const pointDecimals = filled.some(
    (v) => v.length > 0 && v.every(isNumberLike) && v.some((x) => x.includes('.') && !GROUPED.test(x)),
  );
  const grouped = filled.some((v) => v.some((x) => GROUPED.test(x)));
  const commaFile = !pointDecimals && (comma.length > 0 || (grouped && delimiter === ';'));
  if (!commaFile) return new Set(comma);
  return new Set(filled.flatMap((v, i) => (v.length > 0 && v.every(isCommaNumber) ? [i] : [])));
}

/**
 * How a file (to score, say) writes its numbers, judged from its head exactly as ingest judges the file it imports:
 * the columns read with decimal commas (whole numbers read the same either way), and those of formatted numbers
 * ("$220,000", "€1.234,50") with how they are written.
 */
export async function numberReadings(path: string): Promise<NumberReadings> {
  return numberReadingsOfHead(await readTextHead(path), path);
}

export interface NumberReadings {
  comma: Set<string>;
  formatted: Map<string, NumberFormat>;
}

/** numberReadings from the file's head already read (readTextHead; `path` tells a .tsv by its name). */
export function numberReadingsOfHead(head: TextHead, path: string): NumberReadings {
  const dialect = sniffDialect(head.text, head.complete, /\.tsv(\.gz)?$/i.test(path) ? { delimiter: '\t' } : undefined);
  if (!dialect.header) return { comma: new Set(), formatted: new Map() };
  const values = headColumns(dialect);
  const at = decimalCommaCandidates(values, dialect.delimiter);
  const formatted = formattedNumberColumns(values, dialect.delimiter, at);
  return {
    comma: new Set(dialect.columns.filter((_, i) => at.has(i))),
    formatted: new Map([...formatted].map(([i, f]) => [dialect.columns[i], f])),
  };
}
