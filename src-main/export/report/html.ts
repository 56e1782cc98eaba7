/** Tiny HTML helpers for the report. Every data-derived string goes through `esc`. */
import { formatNumber, metricLabel } from '@shared/charts';
import { formatInteger, localize } from '@shared/locale';

/** Escapes text for HTML content and (double- or single-quoted) attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A number for a table cell: 4 significant decimals for metrics, thousands separators for counts. */
export function num(value: number | undefined | null, digits = 4): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  if (Number.isInteger(value) && Math.abs(value) >= 1000) return formatInteger(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return formatNumber(value);
  return localize(value.toFixed(abs >= 100 ? 2 : digits));
}

/** A metric value: always 4 decimals below 100 so a column of scores lines up (1 prints as 1.0000). */
export function metric(value: number | undefined | null): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  return Math.abs(value) < 100 ? localize(value.toFixed(4)) : num(value);
}

/** A hyperparameter: at most 4 significant digits, no trailing zeros (11.81, 0.05, 500). */
export function param(value: number): string {
  // Written as code reads it (the settings are listed as `a=0.1, b=5`): no locale separators.
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** A descriptive statistic: 4 significant digits, thousands separators for large values (0.46, 9.69, 4,202). */
export function compact(value: number | undefined | null): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs >= 1e4) return formatInteger(value);
  if (abs !== 0 && abs < 1e-3) return localize(value.toExponential(2));
  return localize(String(Number(value.toPrecision(4))));
}

export function pct(fraction: number | undefined, digits = 1): string {
  if (fraction === undefined || Number.isNaN(fraction)) return '–';
  if (fraction > 0 && fraction < 0.001) return localize('<0.1%');
  return `${localize((fraction * 100).toFixed(digits))}%`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${localize((n / 1024).toFixed(1))} KB`;
  if (n < 1024 ** 3) return `${localize((n / 1024 ** 2).toFixed(1))} MB`;
  return `${localize((n / 1024 ** 3).toFixed(2))} GB`;
}

export function metricName(name: string): string {
  return esc(metricLabel(name));
}

/** A table from a header row and body rows of already-escaped cell HTML. `numeric` marks right-aligned columns. */
export function table(
  head: string[],
  rows: string[][],
  opts: { numeric?: number[]; className?: string; fold?: number } = {},
): string {
  const right = new Set(opts.numeric ?? []);
  const th = head.map((h, i) => `<th${right.has(i) ? ' class="num"' : ''}>${h}</th>`).join('');
  const open = `<table${opts.className ? ` class="${opts.className}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n`;
  const body = (part: string[][]) =>
    part
      .map((r) => `<tr>${r.map((c, i) => `<td${right.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
      .join('\n');
  // A table of one row per column on a wide table (181 columns: three 180-row tables made the report 44,000 px
  // long) shows its first rows; the rest open on a click.
  if (opts.fold !== undefined && rows.length > opts.fold + FOLD_SLACK) {
    const rest = rows.length - opts.fold;
    return `${open}${body(rows.slice(0, opts.fold))}\n</tbody></table>
<details class="more-rows"><summary>Show the other ${esc(formatInteger(rest))} rows</summary>${open}${body(rows.slice(opts.fold))}\n</tbody></table></details>`;
  }
  return `${open}${body(rows)}\n</tbody></table>`;
}

/** Rows past a table's fold that are still shown in place: folding away a handful saves nothing. */
const FOLD_SLACK = 5;

/** Rows a per-column table shows before the rest fold away. */
export const COLUMN_ROWS_SHOWN = 25;

/** A section with a stable anchor id (ids are ours, never data-derived). */
export function section(id: string, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${esc(title)}</h2>\n${body}\n</section>`;
}

export function note(text: string): string {
  return `<p class="note">${text}</p>`;
}

/** Summary "cards": a big value and a small label. Values and labels are escaped here. */
export function cards(items: Array<{ label: string; value: string }>): string {
  return `<div class="cards">${items.map((c) => `<div class="card"><div class="card-value">${esc(c.value)}</div><div class="card-label">${esc(c.label)}</div></div>`).join('')}</div>`;
}
