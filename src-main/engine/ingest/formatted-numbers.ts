import type { NumberFormat } from '@shared/project';
import { lit } from '../util/duckdb';
import { isNumberLike } from './sniff-dialect';

/*
 * Numbers as spreadsheets format them: "$220,000", "1,120", "22%", "€1.234,50", "1.234,50 €", "1'250.50". A column
 * is read as numbers only when every value is written one way: one unit (a currency sign or %, on every value, or
 * none) and one decimal mark. Grouping marks are optional per value ("980" beside "1,120") but always in threes, and
 * a number never starts with 0 unless it is 0 itself, so codes such as "007" or zip codes stay text. The value is the
 * number written ("$220,000" is 220000); a percentage is that number over 100 ("22%" is 0.22), as spreadsheets read it.
 * The patterns use only [...] classes so JavaScript, DuckDB (RE2) and Python read them alike.
 */

/** Currency signs read in front of or after a number. */
export const CURRENCY_SIGNS = '$€£¥₹';
const SPACE = '[ \u00a0\u202f]';
const DIGITS = '[1-9][0-9]{0,2}';
/** A decimal point, thousands grouped by commas or apostrophes ("1,234.5", "1'250.50"). */
const POINT_BODY = `(0|${DIGITS}([,'][0-9]{3})+|[1-9][0-9]*)([.][0-9]+)?`;
/** A decimal comma, thousands grouped by dots or spaces ("1.234,5", "1 234,5"). */
const COMMA_BODY = `(0|${DIGITS}([. \u00a0\u202f][0-9]{3})+|[1-9][0-9]*)(,[0-9]+)?`;

const unitClass = (unit: string): string => `[${unit}]`;

/**
 * The pattern a whole (space-trimmed) value must match under `fmt`: an optional sign, then the unit before the
 * number ("$1,234", "-$5", "$-5") or after it ("1.234,50 €", "22 %"; % only after), or no unit at all.
 */
export function numberPattern(fmt: NumberFormat): string {
  const body = fmt.decimalComma ? COMMA_BODY : POINT_BODY;
  if (fmt.unit === '') return `[-+]?${body}`;
  const u = unitClass(fmt.unit);
  const after = `[-+]?${body}${SPACE}?${u}`;
  if (fmt.unit === '%') return after;
  return `([-+]?${u}${SPACE}?|${u}${SPACE}?[-+])${body}|${after}`;
}

/** The characters dropped before the cast: everything but digits, sign and the decimal mark. */
const dropped = (fmt: NumberFormat): string => (fmt.decimalComma ? '[^0-9,+-]' : '[^0-9.+-]');

/**
 * SQL reading text `q` written in `fmt` as a DOUBLE (or a BIGINT, for columns whose values are all whole and not
 * percentages), NULL when it is not written that way.
 */
export function formattedToNumber(q: string, fmt: NumberFormat, type: 'DOUBLE' | 'BIGINT' = 'DOUBLE'): string {
  const plain = `regexp_replace(trim(${q}), ${lit(dropped(fmt))}, '', 'g')`;
  const text = fmt.decimalComma ? `replace(${plain}, ',', '.')` : plain;
  const value = `try_cast(${text} AS ${type})`;
  return `CASE WHEN regexp_full_match(trim(${q}), ${lit(numberPattern(fmt))}) THEN ${fmt.unit === '%' ? `${value} / 100` : value} END`;
}

/**
 * SQL reading text `q` written in any unit with the given decimal mark (the predict path, which reads a column the
 * model takes as a number however the new file formats it): "$1,234", "1,234", "12%" and "1.234,50 €" alike.
 */
export function anyFormattedToDouble(q: string, decimalComma: boolean): string {
  const money = formattedToNumber(q, { unit: CURRENCY_SIGNS, decimalComma });
  const grouped = formattedToNumber(q, { unit: '', decimalComma });
  return `CASE WHEN contains(${q}, '%') THEN ${formattedToNumber(q, { unit: '%', decimalComma })} ELSE coalesce(${grouped}, ${money}) END`;
}

const UNITS = new RegExp(`[${CURRENCY_SIGNS}%]`, 'g');
const SHOWS_GROUPING = /[0-9][,'][0-9]{3}/;

/**
 * The columns (by index) of the head's values (missing words as '') that hold formatted numbers, and how each is
 * written. `comma` are the columns already read with decimal commas; a comma-delimited file never has a decimal comma
 * (as there). When both decimal marks read every value ("$1,234", "22%"), the file decides: it writes decimal commas
 * when some column does.
 */
export function formattedNumberColumns(
  values: string[][],
  delimiter: string,
  comma: Set<number>,
): Map<number, NumberFormat> {
  const found = new Map<number, { unit: string; point: boolean; comma: boolean }>();
  values.forEach((column, i) => {
    if (comma.has(i)) return;
    const filled = column.map((v) => v.trim()).filter((v) => v !== '');
    if (filled.length === 0 || filled.every(isNumberLike)) return;
    const units = new Set(filled.map((v) => (v.match(UNITS) ?? []).join('')));
    const [unit] = units;
    if (units.size !== 1 || unit.length > 1) return;
    const reads = (decimalComma: boolean): boolean => {
      const re = new RegExp(`^(${numberPattern({ unit, decimalComma })})$`);
      return filled.every((v) => re.test(v));
    };
    // Without a unit only grouped thousands show a number was formatted; with commas grouping them ("1,120").
    const point = reads(false) && (unit !== '' || filled.some((v) => SHOWS_GROUPING.test(v)));
    const commaReads = delimiter !== ',' && unit !== '' && reads(true);
    if (point || commaReads) found.set(i, { unit, point, comma: commaReads });
  });
  const commaFile = comma.size > 0 || [...found.values()].some((f) => f.comma && !f.point);
  return new Map([...found].map(([i, f]) => [i, { unit: f.unit, decimalComma: f.comma && (!f.point || commaFile) }]));
}

/** Says, in one sentence, which columns were read from formatted numbers and how. */
export function formattedNumbersNote(formats: Array<[string, NumberFormat]>): string[] {
  if (formats.length === 0) return [];
  const name = (n: string): string => `'${n.length > 60 ? `${n.slice(0, 60)}…` : n}'`;
  const kind = (f: NumberFormat): string =>
    f.unit === '%' ? 'percent, 22% read as 0.22' : f.unit === '' ? 'thousands separators' : `money in ${f.unit}`;
  const shown = formats.slice(0, 8).map(([n, f]) => `${name(n)} (${kind(f)})`);
  const more = formats.length > 8 ? ` and ${formats.length - 8} more` : '';
  return [`Formatted numbers were read as numbers: ${shown.join(', ')}${more}. The file itself is unchanged.`];
}
