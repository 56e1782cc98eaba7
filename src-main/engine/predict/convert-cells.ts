/**
 * Raw text cells -> the model's input types, the way the training data was read (load-frame.ts casts with
 * DuckDB): numbers as doubles, booleans as 0/1, dates as UTC epoch ms, categories as DuckDB prints the
 * training column's type (an integer column's "007" is category "7"). Empty and NA-like cells are missing
 * (util/missing-cells.ts: in a category, 'None' is a level).
 * A value that cannot be read throws CodedError('column-type') naming the row and column.
 */
import { CodedError } from '@shared/errors';
import type { ModelFeature } from '../pipeline/model-json';
import { isMissingText } from '../util/missing-cells';
import { shownText } from '../util/shown-text';
import { MINUTE_MS } from '@shared/time';

const NA = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '#n/a']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_DB = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/** A yes/no cell as the model reads it: 1 (true, t, yes, y, 1), 0 (false, f, no, n, 0), else undefined. */
export function booleanCell(raw: string): 1 | 0 | undefined {
  const l = raw.trim().toLowerCase();
  return TRUE.has(l) ? 1 : FALSE.has(l) ? 0 : undefined;
}

/** The error for a cell that cannot be read as the column's type; `row` is the 1-based data row. */
export function unreadableCell(row: number, f: ModelFeature, raw: string, what: string): CodedError {
  return new CodedError(
    'column-type',
    `Row ${row}: column '${f.name}' holds "${shownText(raw)}", which is not ${what}. Fix the value or leave the cell empty.`,
    { row, column: f.name, value: raw.slice(0, 200) },
  );
}

function parseNumber(raw: string): number | undefined {
  const t = raw.trim();
  if (NA.has(t.toLowerCase())) return NaN;
  if (NUMBER.test(t)) return Number(t);
  const l = t.toLowerCase();
  if (l === 'inf' || l === 'infinity' || l === '+inf') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  return undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, frac = ''): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
  // Date.UTC rolls 31 February over into March; a real reader refuses it.
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}

/** Parses with a strptime-style format (%Y %y %m %d %H %I %M %S %f %b %B %p); undefined when it does not match. */
export function strptime(raw: string, format: string): number | undefined {
  const parts: Record<string, string> = {};
  let re = '^';
  const names: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%' && i + 1 < format.length) {
      const k = format[++i];
      const pat: Record<string, string> = {
        Y: '\\d{4}',
        y: '\\d{2}',
        m: '\\d{1,2}',
        d: '\\d{1,2}',
        H: '\\d{1,2}',
        I: '\\d{1,2}',
        M: '\\d{1,2}',
        S: '\\d{1,2}',
        f: '\\d{1,9}',
        b: '[A-Za-z]{3}',
        B: '[A-Za-z]+',
        p: '[AaPp][Mm]',
      };
      if (!pat[k]) return undefined;
      re += `(${pat[k]})`;
      names.push(k);
    } else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`${re}$`).exec(raw.trim());
  if (!m) return undefined;
  names.forEach((k, i) => (parts[k] = m[i + 1]));
  const year = parts.Y ? Number(parts.Y) : parts.y ? 2000 + Number(parts.y) - (Number(parts.y) >= 69 ? 100 : 0) : 1970;
  const monthName = (parts.b ?? parts.B)?.slice(0, 3).toLowerCase();
  const month = parts.m ? Number(parts.m) : monthName ? MONTHS.indexOf(monthName) + 1 : 1;
  let hour = Number(parts.H ?? parts.I ?? 0);
  if (parts.p) hour = (hour % 12) + (parts.p.toLowerCase() === 'pm' ? 12 : 0);
  return utc(year, month, Number(parts.d ?? 1), hour, Number(parts.M ?? 0), Number(parts.S ?? 0), parts.f ?? '');
}

/** Epoch ms (UTC) of an ISO-like timestamp or one in the training `format`; NaN when missing, undefined when unreadable. */
export function parseDate(raw: string, format?: string): number | undefined {
  const t = raw.trim();
  if (NA.has(t.toLowerCase())) return NaN;
  const m = ISO.exec(t);
  if (m) {
    const ms = utc(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      m[7] ?? '',
    );
    if (ms === undefined || !m[8] || m[8].toUpperCase() === 'Z') return ms;
    // "+02:00", "+0200" or DuckDB's TIMESTAMPTZ text "+02".
    const off = m[8].replace(':', '');
    const minutes = (off[0] === '-' ? -1 : 1) * (Number(off.slice(1, 3)) * 60 + Number(off.slice(3, 5) || 0));
    return ms - minutes * MINUTE_MS;
  }
  return format ? strptime(t, format) : undefined;
}

/** Category text as the training reader printed it for the column's DuckDB type. */
function categoryText(raw: string, dbType: string | undefined): string {
  if (!dbType || dbType === 'VARCHAR') return raw;
  const t = raw.trim();
  if (INTEGER_DB.test(dbType) && /^[+-]?\d+$/.test(t)) return BigInt(t).toString();
  if ((dbType === 'DOUBLE' || dbType === 'FLOAT') && NUMBER.test(t)) {
    const v = Number(t);
    // DuckDB prints whole doubles with one decimal ("3.0").
    return Number.isInteger(v) && Math.abs(v) < 1e15 ? v.toFixed(1) : String(v);
  }
  if (dbType === 'BOOLEAN') {
    const l = t.toLowerCase();
    if (TRUE.has(l)) return 'true';
    if (FALSE.has(l)) return 'false';
  }
  return raw;
}

/** Converts one column of raw cells; `firstRow` is the 1-based data row number of cells[0]. */
export function convertColumn(
  f: ModelFeature,
  cells: Array<string | null>,
  firstRow: number,
): Float64Array | Array<string | null> {
  if (f.onnxType === 'string') {
    // As ingest read the training file: 'NA', 'NULL'… are gaps, a text cell 'None' is a level.
    return cells.map((c) => (c === null || isMissingText(c) ? null : categoryText(c, f.dbType)));
  }
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null) {
      out[i] = NaN;
      continue;
    }
    let v: number | undefined;
    if (f.kind === 'datetime') {
      v = parseDate(c, f.dateFormat);
      if (v === undefined)
        throw unreadableCell(
          firstRow + i,
          f,
          c,
          `a date (expected ${f.dateFormat ?? 'YYYY-MM-DD or YYYY-MM-DD HH:MM:SS'})`,
        );
    } else if (f.kind === 'boolean') {
      v = booleanCell(c) ?? parseNumber(c);
      if (v === undefined) throw unreadableCell(firstRow + i, f, c, 'a yes/no value (true/false, yes/no, 1/0)');
    } else {
      v = parseNumber(c);
      if (v === undefined) throw unreadableCell(firstRow + i, f, c, 'a number');
    }
    out[i] = v;
  }
  return out;
}
