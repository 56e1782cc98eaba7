import type { NumberFormat } from '@shared/project';
import { lit } from '../util/duckdb';
import { isNumberLike } from './sniff-dialect';

/*
 * Numbers as spreadsheets format them: "$220,000", "1,120", "22%", "€1.234,50", "1.234,50 €", "1'250.50",
 * "USD 1,234.50", "1.234,50 EUR", and accounting negatives "(1,234)", "($5.00)". A column is read as numbers only
 * when every value is written one way: one unit (a currency sign, an ISO currency code or %, on every value, or none)
 * and one decimal mark. Grouping marks are optional per value ("980" beside "1,120") but always in threes, and a
 * number never starts with 0 unless it is 0 itself, so codes such as "007" or zip codes stay text. A negative may be
 * written with a sign or in parentheses (as accounting formats write it) in any such column. The value is the number
 * written ("$220,000" is 220000, "(1,234)" is -1234); a percentage is that number over 100 ("22%" is 0.22), as
 * spreadsheets read it. A minus may be the typographic minus sign U+2212 ("−5", as Wikipedia tables and some locales
 * write it), which alone shows a column was formatted. The patterns use only [...] classes and literal letters so
 * JavaScript, DuckDB (RE2) and Python read them alike.
 */

/** Currency signs read in front of or after a number. */
export const CURRENCY_SIGNS = '$€£¥₹';
const SPACE = '[ \u00a0\u202f]';
/** The typographic minus sign, read as "-". */
export const MINUS_SIGN = '\u2212';
/** A sign: plus, hyphen-minus or the minus sign. */
const SIGN = `[-+${MINUS_SIGN}]`;
const DIGITS = '[1-9][0-9]{0,2}';
/** A decimal point, thousands grouped by commas or apostrophes ("1,234.5", "1'250.50"). */
const POINT_BODY = `(0|${DIGITS}([,'][0-9]{3})+|[1-9][0-9]*)([.][0-9]+)?`;
/** A decimal comma, thousands grouped by dots or spaces ("1.234,5", "1 234,5"). */
const COMMA_BODY = `(0|${DIGITS}([. \u00a0\u202f][0-9]{3})+|[1-9][0-9]*)(,[0-9]+)?`;

/**
 * ISO 4217 currency codes ("USD", "EUR", "CHF") read as a unit before or after a number, from the runtime's ICU
 * (Intl, a standard kept current with ISO) rather than a list copied here.
 */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/** Any currency (a sign or a code): the unit of the predict path, which reads whatever money a new file writes. */
const ANY_MONEY = `[${CURRENCY_SIGNS}]|${[...CURRENCY_CODES].join('|')}`;

/** A unit as a pattern: a code as its letters, a sign (or % ) as a one-character class. */
const unitPattern = (unit: string): string =>
  unit === ANY_MONEY || /^[A-Z]{3}$/.test(unit) ? `(${unit})` : `[${unit}]`;

/**
 * The pattern a whole (space-trimmed) value must match under `fmt`: an optional sign, then the unit before the
 * number ("$1,234", "-$5", "$-5", "USD 5") or after it ("1.234,50 €", "5 EUR", "22 %"; % only after), or no unit at
 * all; or the same without a sign in parentheses ("(1,234)", "($5)", "$(5)", "(5 €)", "(5) €", "(22%)").
 */
export function numberPattern(fmt: NumberFormat): string {
  const body = fmt.decimalComma ? COMMA_BODY : POINT_BODY;
  const paren = (inner: string): string => `[(]${inner}[)]`;
  if (fmt.unit === '') return `${SIGN}?${body}|${paren(body)}`;
  const u = unitPattern(fmt.unit);
  const after = `${body}${SPACE}?${u}`;
  const afterForms = `${SIGN}?${after}|${paren(after)}|${paren(body)}${SPACE}?${u}`;
  if (fmt.unit === '%') return afterForms;
  const before = `${u}${SPACE}?${body}`;
  return `${SIGN}?${before}|${u}${SPACE}?${SIGN}${body}|${paren(before)}|${u}${SPACE}?${paren(body)}|${afterForms}`;
}

/** The characters dropped before the cast (after the minus sign became "-"): everything but digits, sign and the decimal mark. */
const dropped = (fmt: NumberFormat): string => (fmt.decimalComma ? '[^0-9,+-]' : '[^0-9.+-]');

/**
 * SQL reading text `q` written in `fmt` as a DOUBLE (or a BIGINT, for columns whose values are all whole and not
 * percentages), NULL when it is not written that way. A value in parentheses is negative.
 */
export function formattedToNumber(q: string, fmt: NumberFormat, type: 'DOUBLE' | 'BIGINT' = 'DOUBLE'): string {
  const plain = `regexp_replace(replace(trim(${q}), ${lit(MINUS_SIGN)}, '-'), ${lit(dropped(fmt))}, '', 'g')`;
  const text = fmt.decimalComma ? `replace(${plain}, ',', '.')` : plain;
  const cast = `try_cast(${text} AS ${type})`;
  // 0 - x, not -x: "(0.00)" is 0, not -0 (as in the notebook).
  const value = `CASE WHEN contains(${q}, '(') THEN 0 - ${cast} ELSE ${cast} END`;
  return `CASE WHEN regexp_full_match(trim(${q}), ${lit(numberPattern(fmt))}) THEN ${fmt.unit === '%' ? `(${value}) / 100` : value} END`;
}

/**
 * SQL reading text `q` written in any unit with the given decimal mark (the predict path, which reads a column the
 * model takes as a number however the new file formats it): "$1,234", "1,234", "(1,234)", "12%", "USD 5" and
 * "1.234,50 €" alike.
 */
export function anyFormattedToDouble(q: string, decimalComma: boolean): string {
  const money = formattedToNumber(q, { unit: ANY_MONEY, decimalComma });
  const grouped = formattedToNumber(q, { unit: '', decimalComma });
  return `CASE WHEN contains(${q}, '%') THEN ${formattedToNumber(q, { unit: '%', decimalComma })} ELSE coalesce(${grouped}, ${money}) END`;
}

/** A value in any unit with either decimal mark, as anyFormattedToDouble reads it. */
const ANY_FORMAT = [false, true].map(
  (decimalComma) =>
    new RegExp(`^(${['%', '', ANY_MONEY].map((unit) => numberPattern({ unit, decimalComma })).join('|')})$`),
);
/** Where a value shows it was formatted: a unit, grouped thousands or parentheses. */
const SHOWS_FORMAT = new RegExp(`[${CURRENCY_SIGNS}%()${MINUS_SIGN}]|[0-9][,'. ][0-9]{3}|${ANY_MONEY}`);

/** A number written in some format ("$5", "€1.234,50", "USD (5)", "22%", "1,120"), though maybe not one per column. */
export function isFormattedNumber(v: string): boolean {
  return SHOWS_FORMAT.test(v) && ANY_FORMAT.some((re) => re.test(v.trim()));
}

/** The units a value carries: signs, % and capital three-letter words (a currency code, or a word that is not one). */
const UNITS = new RegExp(`[${CURRENCY_SIGNS}%]|(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])`, 'g');
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
  const found = new Map<
    number,
    { unit: string; point: boolean; comma: boolean; parentheses: boolean; minusSign: boolean }
  >();
  values.forEach((column, i) => {
    if (comma.has(i)) return;
    const filled = column.map((v) => v.trim()).filter((v) => v !== '');
    if (filled.length === 0 || filled.every(isNumberLike)) return;
    const units = new Set(filled.map((v) => (v.match(UNITS) ?? []).join(' ')));
    const [unit] = units;
    if (units.size !== 1 || (unit.length > 1 && !CURRENCY_CODES.has(unit))) return;
    const reads = (decimalComma: boolean): boolean => {
      const re = new RegExp(`^(${numberPattern({ unit, decimalComma })})$`);
      return filled.every((v) => re.test(v));
    };
    // Without a unit, grouped thousands ("1,120") show a number was formatted, or negatives in parentheses beside
    // numbers without ("(5)" alone may be a list's numbering), or the minus sign.
    const parentheses = filled.filter((v) => v.includes('(')).length;
    const minusSign = filled.some((v) => v.includes(MINUS_SIGN));
    const shown = unit !== '' || (parentheses > 0 && parentheses < filled.length) || minusSign;
    const point = reads(false) && (shown || filled.some((v) => SHOWS_GROUPING.test(v)));
    const commaReads = delimiter !== ',' && shown && reads(true);
    if (point || commaReads) found.set(i, { unit, point, comma: commaReads, parentheses: parentheses > 0, minusSign });
  });
  const commaFile = comma.size > 0 || [...found.values()].some((f) => f.comma && !f.point);
  return new Map(
    [...found].map(([i, f]) => [
      i,
      {
        unit: f.unit,
        decimalComma: f.comma && (!f.point || commaFile),
        ...(f.parentheses ? { negativeParentheses: true } : {}),
        ...(f.minusSign ? { minusSign: true } : {}),
      },
    ]),
  );
}

/** Says, in one sentence, which columns were read from formatted numbers and how. */
export function formattedNumbersNote(formats: Array<[string, NumberFormat]>): string[] {
  if (formats.length === 0) return [];
  const name = (n: string): string => `'${n.length > 60 ? `${n.slice(0, 60)}…` : n}'`;
  const kind = (f: NumberFormat): string =>
    f.unit === '%'
      ? 'percent, 22% read as 0.22'
      : f.unit !== ''
        ? `money in ${f.unit}`
        : f.minusSign
          ? 'minus signs'
          : 'thousands separators';
  const negatives = formats.some(([, f]) => f.negativeParentheses)
    ? ' Numbers in parentheses, as accounting writes negatives, were read as negative: (1,234) as -1234.'
    : '';
  const minus = formats.some(([, f]) => f.minusSign)
    ? ` The minus sign (${MINUS_SIGN}) was read as a minus: ${MINUS_SIGN}5 as -5.`
    : '';
  const shown = formats.slice(0, 8).map(([n, f]) => `${name(n)} (${kind(f)})`);
  const more = formats.length > 8 ? ` and ${formats.length - 8} more` : '';
  return [
    `Formatted numbers were read as numbers: ${shown.join(', ')}${more}.${negatives}${minus} The file itself is unchanged.`,
  ];
}
