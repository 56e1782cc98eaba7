/** CSV output cells: RFC 4180 quoting plus protection against spreadsheet formula injection. */

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell that a spreadsheet would run as a formula (starts with = + - @, or tab / carriage return) gets a
 * leading apostrophe (OWASP's advice). A plain number such as "-3.5" is not a formula and stays as is, so
 * negative values and labels like "-1" keep working as numbers.
 */
export function escapeFormula(cell: string): string {
  if (/^[=+\-@\t\r]/.test(cell) && !PLAIN_NUMBER.test(cell)) return `'${cell}`;
  return cell;
}

/** Quotes a cell when it contains a delimiter, quote or line break. */
export function quoteCsv(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A text cell ready to write: escaped, then quoted. */
export function textCell(value: string | null): string {
  return value === null ? '' : quoteCsv(escapeFormula(value));
}

/** A number we formatted ourselves: full precision, empty when missing. */
export function numberCell(v: number): string {
  return Number.isNaN(v) ? '' : String(v);
}
