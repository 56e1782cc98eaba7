import type { ColumnProfile, DataProfile, TargetDistribution } from '@shared/project';
import { isFormattedNumber } from '../ingest/formatted-numbers';
import { isNumberLike } from '../ingest/sniff-dialect';
import type { MixedDateLayouts } from './date-layouts';
import { formatDate, type Frequency } from '../forecast/frequency';
import type { DateGridFacts } from '../forecast/series';
import type { ParallelSeries } from './parallel-series';

const rowsText = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;

/** Human-readable warnings: small data, imbalance, leakage suspects, empty or constant columns. */
export function buildWarnings(
  rows: number,
  columns: ColumnProfile[],
  duplicateRows: number,
  target: TargetDistribution | undefined,
  leaks: Array<{ column: string; why: string }>,
  dateGrids: Array<{ column: string; grid: DateGridFacts }> = [],
  dateLayouts: MixedDateLayouts[] = [],
  parallel: ParallelSeries[] = [],
): DataProfile['warnings'] {
  const shown = (name: string): string => columns.find((c) => c.name === name)?.written ?? name;
  const w: string[] = parallel.map((p) => parallelSeriesWarning({ ...p, date: shown(p.date), key: shown(p.key) }));
  for (const { column, grid } of dateGrids) {
    const text = dateGridWarning(column, grid);
    if (text) w.push(text);
  }
  if (rows < 50)
    w.push(`Only ${rows} rows: too few to train a reliable model. Add more data if you can; results will be noisy.`);
  else if (rows < 500)
    w.push(
      `Small dataset (${rows} rows): expect noisy scores. Models are compared on several splits of the rows (a forecast: from several points in its history), not one.`,
    );
  for (const leak of leaks) {
    w.push(
      `Possible leakage: '${leak.column}' predicts the target almost perfectly (${leak.why}). If it is only known after the outcome, drop it.`,
    );
  }
  if (target?.kind === 'classes' && target.classes && target.classes.length >= 2) {
    const ratio = target.imbalanceRatio ?? Infinity;
    const smallest = target.classes[target.classes.length - 1];
    if (ratio >= 10)
      w.push(
        `Imbalanced target: '${smallest.value}' has ${rowsText(smallest.count)}, ${ratio.toFixed(0)}× fewer than the largest class. Class weights and F1/ROC-AUC will be used.`,
      );
    else if (ratio >= 3) w.push(`Somewhat imbalanced target (largest class ${ratio.toFixed(1)}× the smallest).`);
    if (smallest.count < 10)
      w.push(
        `Class '${smallest.value}' has only ${rowsText(smallest.count)}: it may be missing from validation folds.`,
      );
  }
  // SLID: 3,278 of 7,425 rows have no wages; training silently used the other 4,147.
  const unlabelled = target ? (columns.find((c) => c.name === target.column)?.missing ?? 0) : 0;
  if (target && unlabelled > 0 && unlabelled < rows)
    w.push(
      `The target '${target.column}' is empty in ${rowsText(unlabelled)} (${((unlabelled / Math.max(1, rows)) * 100).toFixed(1)}%): they can neither teach nor test a model and are left out of training. Fill them in to use them.`,
    );
  if (target?.kind === 'classes' && (target.classes?.length ?? 0) < 2)
    w.push(`The target '${target.column}' has a single value: there is nothing to predict.`);
  const empty = columns.filter((c) => c.missingPct >= 0.5);
  if (empty.length)
    w.push(`Mostly missing: ${empty.map((c) => `${c.name} (${Math.round(c.missingPct * 100)}%)`).join(', ')}.`);
  const infinite = columns.filter((c) => (c.nonFinite ?? 0) > 0);
  if (infinite.length)
    w.push(
      `Infinite or not-a-number values: ${infinite.map((c) => `${c.name} (${c.nonFinite})`).join(', ')}. The statistics leave them out; replace them with numbers, or empty those cells so they count as missing.`,
    );
  const constant = columns.filter((c) => c.kind === 'constant');
  if (constant.length)
    w.push(`Constant columns carry no information and will be dropped: ${constant.map((c) => c.name).join(', ')}.`);
  const formatted = columns.filter(holdsFormattedNumbers);
  if (formatted.length)
    w.push(
      `Numbers written with currency signs, % or thousands separators in more than one way are read as text: ${formatted
        .slice(0, 5)
        .map((c) => `${c.name} (${c.topValues!.find((t) => isFormattedNumber(t.value))!.value})`)
        .join(
          ', ',
        )}. To use them as numbers, write every value of a column one way (one currency sign or %, one decimal mark) or as plain numbers (220000, not $220,000), and import again.`,
    );
  for (const d of dateLayouts) w.push(mixedDatesWarning(d));
  const ids = columns.filter((c) => c.kind === 'id');
  if (ids.length) w.push(`ID-like columns will not be used as features: ${ids.map((c) => c.name).join(', ')}.`);
  if (duplicateRows > 0)
    w.push(
      `${duplicateRows} duplicate row${duplicateRows === 1 ? '' : 's'} (${((duplicateRows / Math.max(1, rows)) * 100).toFixed(1)}%).`,
    );
  return w;
}

/**
 * A text column whose commonest values are all such numbers, at least one visibly formatted. Ingest reads a column
 * written one way ("$59,222" throughout) as numbers (ingest/formatted-numbers.ts); what is left here mixes ways
 * ("$5" and "€6", "1,5" and "1.5") or breaks the pattern further down.
 */
function holdsFormattedNumbers(c: ColumnProfile): boolean {
  const top = (c.topValues ?? []).map((t) => t.value.trim()).filter((v) => v !== '');
  if (c.kind === 'numeric' || c.kind === 'boolean' || c.kind === 'datetime' || top.length < 3) return false;
  return top.every((v) => isNumberLike(v) || isFormattedNumber(v)) && top.some(isFormattedNumber);
}

/**
 * "'startdate' holds dates written in 3 layouts, so it is read as text: 2016-11-03 in 100 rows (rows 1, 4, 7, …)…":
 * which rows use which layout, and what to do.
 */
export function mixedDatesWarning(d: MixedDateLayouts): string {
  const shown = d.layouts.slice(0, 4).map((l) => {
    const first = l.firstRows.join(', ') + (l.rows > l.firstRows.length ? ', …' : '');
    return `"${l.example}" in ${rowsText(l.rows)} (row${l.rows === 1 ? '' : 's'} ${first})`;
  });
  const more = d.layouts.length > shown.length ? `; ${d.layouts.length - shown.length} more` : '';
  return `'${d.column}' holds dates written in ${d.layouts.length} layouts, so it is read as text, not as dates: ${shown.join('; ')}${more} (rows counted from 1 under the header). To use it as dates, write the whole column in one layout, e.g. ISO ${d.iso ?? 'YYYY-MM-DD'}, and import again.`;
}

const UNIT_NOUN: Partial<Record<Frequency['unit'], string>> = {
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

/** A period of the grid as a person names it: 2007-03-15, the week of 2007-03-12, 2007-03, 2007 Q1, 2007. */
function periodName(f: Frequency, t: number): string {
  const d = formatDate(f, t);
  if (f.unit === 'week') return `the week of ${d}`;
  if (f.unit === 'month') return d.slice(0, 7);
  if (f.unit === 'quarter') return `${d.slice(0, 4)} Q${Math.floor(Number(d.slice(5, 7)) / 3 - 0.01) + 1}`;
  if (f.unit === 'year') return d.slice(0, 4);
  return d;
}

const times = (n: number): string => (n === 2 ? 'twice' : `${n} times`);

/**
 * A date column that a forecast would read as its time index, when some of its periods have several rows or none:
 * "Dates in 'date' (daily): 2007-03-15 appears twice; 6 days have no row. ..." (the forecast report says the same
 * after training; this reaches the Profile screen and the CLI's Note lines before it). Null when the grid is whole.
 */
export function dateGridWarning(column: string, g: DateGridFacts): string | null {
  if (g.repeated.length === 0 && g.gaps === 0) return null;
  const unit = (g.freq.step === 1 && UNIT_NOUN[g.freq.unit]) || 'period';
  const units = (n: number): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  const [first] = g.repeated;
  if (g.repeated.length === 1)
    parts.push(
      first.sameTime
        ? `${formatDate(g.freq, first.t)} appears ${times(first.rows)}`
        : `${periodName(g.freq, first.t)} has ${first.rows} rows`,
    );
  else if (g.repeated.length > 1) {
    const shown = g.repeated.slice(0, 3).map((r) => `${periodName(g.freq, r.t)} (${r.rows} rows)`);
    const more = g.repeated.length > 3 ? ` and ${g.repeated.length - 3} more` : '';
    parts.push(`${units(g.repeated.length)} have more than one row: ${shown.join(', ')}${more}`);
  }
  if (g.gaps > 0) parts.push(`${units(g.gaps)} ${g.gaps === 1 ? 'has' : 'have'} no row`);
  const aUnit = `${unit === 'hour' ? 'an' : 'a'} ${unit}`;
  const effects = [
    g.repeated.length > 0 ? `averages the rows of ${aUnit}` : '',
    g.gaps > 0 ? `fills ${aUnit} with no row from its neighbours` : '',
  ].filter(Boolean);
  return `Dates in '${column}' (${g.freq.label}, ${units(g.periods)}): ${parts.join('; ')}. A forecast over them ${effects.join(' and ')}.`;
}

/**
 * "'date' repeats once for each 'location' (Seattle, New York): the table holds 2 series side by side. ..." A forecast
 * reads one of them (the goal or the person chooses which) or all of them combined per date.
 */
export function parallelSeriesWarning(p: ParallelSeries): string {
  const shown = p.values.slice(0, 3).join(', ');
  const values = p.values.length > 3 ? `${shown}, …` : shown;
  const example = p.values[0] ?? '';
  return `'${p.date}' repeats once for each '${p.key}' (${values}): the table holds ${p.series} series side by side. A forecast along '${p.date}' reads one of them (the one the goal names, as in "in ${example}", else the one with the most rows), or all of them combined per date when the goal asks for the total; choose on the Profile step, or with --series ${p.key}=VALUE or --series total on the command line.`;
}
