import { CodedError } from '@shared/errors';
import type { DataProfile, Intent, SeriesChoice, SeriesKey } from '@shared/project';
import { INTEGER_TYPE } from './goal-context';
import { combineFor } from './level-words';
import { foldLetters, singular, splitName } from './words';

/** Lower-case words of a text, accents folded, split at anything that is not a letter or digit. */
const wordsOf = (text: string): string[] =>
  foldLetters(text)
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Where the run of words `needle` starts in `hay`, or -1. */
function indexOfRun(hay: string[], needle: string[]): number {
  if (!needle.length) return -1;
  for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((w, j) => hay[i + j] === w)) return i;
  return -1;
}

/** Nouns a goal uses for "the series" ("all stores", "every region") beside the key column's own name. */
const GROUP_NOUNS = new Set(
  'series city town location place site station store shop branch region state country province area market group category product item department'.split(
    ' ',
  ),
);

/**
 * The series a goal names: a key value whose words stand in the sentence ("in Seattle", "for New York"), the longest
 * first. A value of one or two characters counts only right after the key's name ("store A"), as such a value is
 * also a word ("a", "in").
 */
export function namedSeries(goal: string, key: SeriesKey): string | null {
  const words = wordsOf(goal);
  const keyWords = splitName(key.key).map(singular);
  let best: string | null = null;
  for (const value of key.values) {
    const run = wordsOf(value);
    const at = indexOfRun(words, run);
    if (at < 0) continue;
    if (value.trim().length <= 2 && !(at > 0 && keyWords.includes(singular(words[at - 1])))) continue;
    if (best === null || value.length > best.length) best = value;
  }
  return best;
}

/**
 * The goal asks for every series together: "total", "overall", "combined", "altogether", or "all/every/across (the)
 * cities" naming the key or a word for the series.
 */
export function asksForTotal(goal: string, key: SeriesKey): boolean {
  const words = wordsOf(goal);
  if (words.some((w) => /^(total|totals|overall|combined|altogether|aggregate|aggregated)$/.test(w))) return true;
  const keyWords = new Set(splitName(key.key).map(singular));
  for (let i = 0; i < words.length; i++) {
    if (!/^(all|every|across|whole)$/.test(words[i])) continue;
    const next = words.slice(i + 1, i + 4).map(singular);
    if (next.some((w) => keyWords.has(w) || GROUP_NOUNS.has(w))) return true;
  }
  return false;
}

/** "average", "mean": every series combined by their mean even when the values are amounts. */
const asksForMean = (goal: string): boolean => wordsOf(goal).some((w) => /^(average|averaged|mean)$/.test(w));

/**
 * Which series a forecast reads from a table holding several side by side: the person's choice, else the one the goal
 * names, else every series combined when the goal asks for the total, else the one with the most rows. `combine` is
 * how rows sharing a date are combined when every series is read: the target's own way (added up for amounts,
 * averaged for levels), averaged when the goal says "average".
 */
export function chooseSeries(
  goal: string,
  key: SeriesKey,
  combine: 'sum' | 'mean',
  chosen?: { column: string; value: string | null } | null,
): SeriesChoice {
  const base = { column: key.key, values: key.values };
  const total = (by: SeriesChoice['by']): SeriesChoice => ({
    ...base,
    value: null,
    combine: asksForMean(goal) ? 'mean' : combine,
    by,
  });
  if (chosen) {
    const totalWord = chosen.value !== null && /^(total|all)$/i.test(chosen.value.trim());
    if (
      chosen.value === null ||
      (totalWord && !key.values.some((v) => v.toLowerCase() === chosen.value!.toLowerCase()))
    )
      return total('choice');
    return { ...base, value: seriesValue(key, chosen.value), combine, by: 'choice' };
  }
  const named = namedSeries(goal, key);
  if (named !== null) return { ...base, value: named, combine, by: 'goal' };
  if (asksForTotal(goal, key)) return total('total');
  return { ...base, value: key.values[0], combine, by: 'first' };
}

/** A chosen value as the data writes it (the case may differ); refused in words when the key has no such series. */
export function seriesValue(key: SeriesKey, value: string): string {
  const exact = key.values.find((v) => v === value);
  if (exact !== undefined) return exact;
  const folded = key.values.filter((v) => v.toLowerCase() === value.toLowerCase());
  if (folded.length === 1) return folded[0];
  const listed = key.values.slice(0, 12).join(', ') + (key.values.length > 12 ? ', …' : '');
  throw new CodedError(
    'invalid-input',
    `'${key.key}' has no series '${value}'. Its ${key.values.length} series are: ${listed}. Choose one of them, or all of them combined.`,
    { column: key.key, value },
  );
}

/** "'Seattle' (one of 2 series by 'location')" or "all 46 series by 'city' added up per date". */
export function seriesPhrase(s: SeriesChoice, shownColumn = s.column): string {
  if (s.value === null)
    return `all ${s.values.length} series by '${shownColumn}' ${s.combine === 'sum' ? 'added up' : 'averaged'} per date`;
  const why =
    s.by === 'goal'
      ? 'named in the goal'
      : s.by === 'first'
        ? 'the one with the most rows; choose another if you meant it'
        : 'chosen';
  return `the series '${s.value}' of '${shownColumn}' (one of ${s.values.length}; ${why})`;
}

/**
 * The series a forecast reads, when its date column repeats once per value of a category the profile found (or the
 * person chose a column to split by); undefined for one series or other tasks. `chosen` null: read the table as one.
 */
export function forecastSeries(
  goal: string,
  intent: Pick<Intent, 'task' | 'target' | 'date'>,
  profile: Pick<DataProfile, 'columns' | 'seriesKeys'>,
  chosen?: { column: string; value: string | null } | null,
): SeriesChoice | undefined {
  if (intent.task !== 'forecast' || chosen === null) return undefined;
  const keys = profile.seriesKeys ?? [];
  const found = keys.find((k) => k.date === intent.date);
  // `--series total` names no column: every series of the key the profile found.
  const key =
    chosen && chosen.column !== ''
      ? chosen.column === found?.key
        ? found
        : keyOf(chosen, profile, intent.date)
      : found;
  if (chosen && !key)
    throw new CodedError(
      'invalid-input',
      `The table holds one series along '${intent.date ?? 'its dates'}': no column splits it into several. Name the column to split by, like --series city=Austin.`,
    );
  if (!key) return undefined;
  const target = profile.columns.find((c) => c.name === intent.target);
  const combine = target
    ? combineFor(target.written ?? target.name, { integer: INTEGER_TYPE.test(target.dbType), min: target.min })
    : 'mean';
  return chooseSeries(goal, key, combine, chosen);
}

/**
 * A column the person chose to split by that the profile did not find as a key: its values as profiled (the most
 * common 20), and the value chosen when the column holds more than those (the training run refuses it when no row has it).
 */
function keyOf(
  chosen: { column: string; value: string | null },
  profile: Pick<DataProfile, 'columns'>,
  date: string | null,
): SeriesKey {
  const column = chosen.column;
  const p = profile.columns.find((c) => c.name === column);
  if (!p) throw new CodedError('column-missing', `Column '${column}' (series) not found.`, { column });
  if (p.kind !== 'categorical' && p.kind !== 'boolean' && p.kind !== 'id')
    throw new CodedError(
      'invalid-input',
      `'${p.written ?? column}' holds ${p.kind === 'numeric' ? 'numbers' : p.kind} values, not names of series. Choose a column like a city or a store to split the table by.`,
      { column },
    );
  const values = (p.topValues ?? []).map((v) => v.value);
  const known = chosen.value === null || values.some((v) => v.toLowerCase() === chosen.value!.toLowerCase());
  return {
    date: date ?? '',
    key: column,
    values: known || p.distinct <= values.length ? values : [...values, chosen.value!],
  };
}
