import { areSynonyms } from './lexicon';
import type { GoalColumn } from './target-match';
import { lemma } from './words';

/**
 * What shape of answer a question asks for, read from its wording: a yes/no question ("will the cancer progress")
 * wants a two-valued column, "how many (times)" a whole-number count, "how much/long/big" a quantity; otherwise a
 * class, a number or either (from the task cues).
 */
export type AnswerShape = 'yes-no' | 'count' | 'quantity' | 'class' | 'number' | 'either';

const YES_NO =
  /^(is|are|was|were|does|do|did|will|would|has|have|had|can|could|should)\b|\bwhether\b|\b(predict|tell|know|see) if\b|\bwho (will|would|is|are|was|were|did|does|do|has|have|gets?|\w+ed)\b|\bwhich \w+( \w+)? (will|would|are going to|is going to|might)\b|\byes or no\b/;
const COUNT = /\bhow many\b|\bnumber of\b|\bcount of\b/;
const QUANTITY = /\bhow (much|long|big|high|far|heavy|tall|large|old|fast|expensive|deep|wide)\b|\bamount of\b/;

export function answerShape(goal: string, wanted: 'class' | 'number' | 'either'): AnswerShape {
  const text = goal
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9'?]+/g, ' ')
    .trim();
  if (COUNT.test(text)) return 'count';
  if (QUANTITY.test(text)) return 'quantity';
  if (YES_NO.test(text)) return 'yes-no';
  return wanted;
}

/** A name that says the column is a year (year, yr, dxyr, sample.yr, birth_year). */
const YEAR_NAME = /(^|[^a-z])(years?|yrs?|yyyy)([^a-z]|$)|(yr|year)$/i;
/** A name that says the column is an event flag of a follow-up table (status, delta, cens, pgstat, fustat). */
const EVENT_NAME = /^(status|event|delta|cens|censor(ed)?|dead|death|died|fail(ure|ed)?)$|stat(us)?$/i;
/** A name that says the column is a follow-up time (time, futime, pgtime, rfstime, duration). */
const DURATION_NAME = /time$|^time|^(t|surv|survival)$|duration/i;
/** Names that say a column was log-transformed (lncoins, log_income, ln.wage). */
const LOG_NAME = /^(ln|log)([^a-z]|[a-z]{3,})/i;

const isBinary = (c: GoalColumn): boolean =>
  c.kind === 'boolean' || ((c.kind === 'numeric' || c.kind === 'categorical') && c.distinct === 2);

/** A year (by its name, or whole numbers all between 1800 and 2100): a time stamp, never an outcome to predict. */
export function looksLikeYear(c: GoalColumn): boolean {
  if (c.kind === 'text' || c.kind === 'id') return false;
  if (YEAR_NAME.test(c.name) && !/^years?[a-z]/i.test(c.name)) return true;
  return c.integer === true && c.min !== undefined && c.max !== undefined && c.min >= 1800 && c.max <= 2100;
}

/** Whole numbers from 1 up with (nearly) every value present: a row, subject or day number, not a count. */
function looksLikeIndex(c: GoalColumn): boolean {
  if (!c.integer || c.min !== 1 || c.max === undefined || (c.distinct ?? 0) < 10) return false;
  return (c.distinct ?? 0) >= 0.95 * (c.max - c.min + 1);
}

/** The event flag of a follow-up table: a 2-3 valued status beside a follow-up time (pgstat/pgtime, rel/edrel). */
function eventFlag(c: GoalColumn, columns: GoalColumn[]): GoalColumn | null {
  // Before the profile only names are known (kind and counts undefined): the names alone may pair.
  const fewValues = c.distinct === undefined ? c.kind === undefined : c.distinct >= 2 && c.distinct <= 3;
  if (!fewValues || c.kind === 'text') return null;
  const name = c.name.toLowerCase();
  const durations = columns.filter(
    (d) =>
      d !== c &&
      (d.kind === 'numeric' || d.kind === undefined) &&
      (d.distinct === undefined || d.distinct > 10) &&
      (d.min ?? 0) >= 0,
  );
  if (EVENT_NAME.test(c.name)) return durations.find((d) => DURATION_NAME.test(d.name)) ?? null;
  // A time named after its event: `edrel` for `rel` (days to relapse).
  return durations.find((d) => d.name.toLowerCase().endsWith(name) && name.length >= 3) ?? null;
}

/** The two-valued column a time is named after (`rtime` → `recur`) when the sentence names it (back ~ recur). */
function timedEvent(time: GoalColumn, columns: GoalColumn[], spoken: string[]): string | null {
  const prefix = time.name
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/time$/, '');
  if (!prefix || prefix.length > 3) return null;
  const flag = columns.find(
    (f) =>
      f !== time &&
      isBinary(f) &&
      f.name.toLowerCase().startsWith(prefix) &&
      spoken.some((w) => lemma(w) === lemma(f.name.toLowerCase()) || areSynonyms(w, f.name.toLowerCase())),
  );
  return flag?.name ?? null;
}

/**
 * True when the letters before the flag's "stat" abbreviate a word naming the target (pg: progress, p: plasma): a
 * stretch, so it only ranks event flags among themselves (both flags get 0.6 from their values).
 */
function prefixSpoken(flag: GoalColumn, words: string[]): boolean {
  const prefix = flag.name
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/stat(us)?$/, '');
  if (!prefix || prefix.length > 3 || prefix === flag.name.toLowerCase()) return false;
  return words.some((w) => w.length > 3 && w[0] === prefix[0] && isSubsequence(prefix.slice(1), w.slice(1)));
}

const valuesOf = (c: GoalColumn): string =>
  c.topValues?.length === 2 ? ` (${[...c.topValues].sort().join('/')})` : '';

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** How well a column's values fit the shape of answer asked for (about -0.5..0.6), with a clause saying why. */
export interface ValueFit {
  score: number;
  why: string;
}

/**
 * Scores a column as the answer to a question of the given shape from its values alone: a yes/no question wants a
 * two-valued column (an event flag beside a follow-up time most); "how many" a whole-number count from 0 (not a
 * fraction, a log, an index or a year); "how much" a non-negative quantity. Used when the sentence's words name
 * no column, so the screens can offer the column whose values answer the question.
 */
export function valueFit(
  c: GoalColumn,
  shape: AnswerShape,
  columns: GoalColumn[],
  words: string[],
  duration?: { spoken: string[] },
): ValueFit {
  if (looksLikeYear(c)) return { score: -1, why: `\`${c.name}\` holds years` };
  const quantity = c.kind === 'numeric' && !isBinary(c) && (c.distinct ?? 99) > 7;
  const classy = c.kind === 'categorical' || c.kind === 'boolean' || (c.kind === 'numeric' && !quantity);
  const logged = LOG_NAME.test(c.name) || (c.min !== undefined && c.min < 0 && quantity);
  switch (shape) {
    case 'yes-no': {
      if (!isBinary(c)) {
        const flag = eventFlag(c, columns);
        if (flag) {
          const held = c.distinct === undefined ? 'looks like a status' : `holds ${c.distinct} codes`;
          return {
            score: 0.35,
            why: `\`${c.name}\` ${held} recorded with the time \`${flag.name}\`, as an event's outcome is`,
          };
        }
        return { score: classy && (c.distinct ?? 99) <= 5 ? 0.05 : -0.3, why: '' };
      }
      const flag = eventFlag(c, columns);
      if (flag) {
        const spoken = prefixSpoken(c, words) ? 0.3 : 0;
        return {
          score: 0.6 + spoken,
          why: `\`${c.name}\` is a yes/no column${valuesOf(c)} recorded with the time \`${flag.name}\`, as an event's outcome is`,
        };
      }
      return { score: 0.3, why: `\`${c.name}\` holds two values${valuesOf(c)}, as a yes/no question's answer does` };
    }
    case 'count': {
      if (!quantity) return { score: -0.3, why: '' };
      if (!c.integer || logged) return { score: -0.2, why: '' };
      if (looksLikeIndex(c)) return { score: -0.3, why: '' };
      if ((c.min ?? -1) < 0) return { score: -0.1, why: '' };
      const durationLike = DURATION_NAME.test(c.name) ? 0.15 : 0;
      return {
        score: (c.min === 0 ? 0.45 : 0.35) - durationLike,
        why: c.sampled
          ? `\`${c.name}\` holds whole-number counts in its first rows, as "how many" asks`
          : `\`${c.name}\` holds whole-number counts (${c.min} to ${c.max}), as "how many" asks`,
      };
    }
    case 'quantity': {
      if (!quantity) return { score: -0.3, why: '' };
      if (logged) return { score: -0.2, why: '' };
      if (looksLikeIndex(c)) return { score: -0.3, why: '' };
      if ((c.min ?? 0) < 0) return { score: 0, why: '' };
      if (duration && DURATION_NAME.test(c.name)) {
        // "how long until the cancer comes back": a follow-up time, the one named after the event the words name
        // (rotterdam: `rtime` beside `recur`, not `dtime` beside `death`).
        const event = timedEvent(c, columns, duration.spoken);
        return {
          score: event ? 0.6 : 0.45,
          why: `\`${c.name}\` holds times${event ? ` to \`${event}\`` : ''}, as "how long" asks`,
        };
      }
      return { score: 0.3, why: `\`${c.name}\` holds non-negative amounts, as "how much" asks` };
    }
    case 'class':
      return classy ? { score: 0.15, why: '' } : { score: -0.15, why: '' };
    case 'number':
      return quantity && !logged ? { score: 0.15, why: '' } : { score: -0.15, why: '' };
    case 'either':
      return { score: 0, why: '' };
  }
}
