import { PERIOD_DAYS, type Period } from '../util/period';
import { parseNumberWord } from './words';

export type { Period } from '../util/period';

const UNIT: Record<string, SpokenHorizon['unit']> = {
  // "the next 10 minutes" on R's WWWusage (users each minute) was not read: 14, the default, came out.
  minute: 'minute',
  minutes: 'minute',
  min: 'minute',
  mins: 'minute',
  hour: 'hour',
  hours: 'hour',
  hr: 'hour',
  hrs: 'hour',
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  wk: 'week',
  month: 'month',
  months: 'month',
  mo: 'month',
  quarter: 'quarter',
  quarters: 'quarter',
  year: 'year',
  years: 'year',
  yr: 'year',
  yrs: 'year',
  fortnight: 'week',
  fortnights: 'week',
  // German ("für die nächsten 14 Tage"; words arrive folded: nächsten → naechsten).
  minuten: 'minute',
  stunde: 'hour',
  stunden: 'hour',
  tag: 'day',
  tage: 'day',
  tagen: 'day',
  woche: 'week',
  wochen: 'week',
  monat: 'month',
  monate: 'month',
  monaten: 'month',
  quartal: 'quarter',
  quartale: 'quarter',
  quartalen: 'quarter',
  jahr: 'year',
  jahre: 'year',
  jahren: 'year',
  weekday: 'tradingDay',
  weekdays: 'tradingDay',
  decade: 'decade',
  decades: 'decade',
  // The data's own periods, whatever they are ("12 steps ahead" on 10-minute readings).
  step: 'step',
  steps: 'step',
  period: 'step',
  periods: 'step',
  points: 'step',
  observations: 'step',
  // "the next 12 readings" (R's beaver1, a temperature every 10 minutes) was not read: 14, the default, came out.
  readings: 'step',
  measurements: 'step',
  samples: 'step',
  records: 'step',
  rows: 'step',
  intervals: 'step',
};

/** A horizon as written ("next 2 years") before conversion to the data's periods. */
export interface SpokenHorizon {
  n: number;
  /** `tradingDay`: "trading/business/working days", five in a week. */
  unit: Period | 'decade' | 'step' | 'tradingDay';
}

/** Words before "days" that make them trading days: "the next 20 trading days" is four weeks. */
const TRADING = new Set(['trading', 'business', 'working', 'market', 'work']);

/**
 * Finds "next 14 days", "for the next two years", "3 months ahead", "over the coming quarter",
 * "next year", "tomorrow", "a fortnight", "14-day". Returns null when the sentence names no span.
 */
export function parseSpokenHorizon(words: string[]): SpokenHorizon | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === 'tomorrow' || w === 'tomorrows') return { n: 1, unit: 'day' };
    const said = UNIT[w] ?? UNIT[w.replace(/ly$/, '')];
    if (!said) continue;
    const unit = said === 'day' && TRADING.has(words[i - 1]) ? 'tradingDay' : said;
    // Look back up to three words for a count: "next 14 days", "next two weeks", "a couple of months".
    let n: number | null = null;
    for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
      const v = parseNumberWord(words[j]);
      if (v !== null && !(words[j] === 'a' && n !== null)) {
        n = v;
        break;
      }
    }
    const before = words.slice(Math.max(0, i - 4), i);
    const after = words.slice(i + 1, i + 3);
    const timeCue =
      before.some((b) =>
        [
          ...['next', 'coming', 'upcoming', 'following', 'future', 'for', 'over', 'within', 'ahead'],
          ...['naechsten', 'naechste', 'kommenden', 'folgenden'],
        ].includes(b),
      ) ||
      after.includes('ahead') ||
      after.includes('out') ||
      after[0] === 'into';
    if (!timeCue && n === null) continue;
    // "for each period" names no span: the data's own steps count only with a number ("next 8 periods").
    if (unit === 'step' && (n === null || words[i - 1] === 'a')) continue;
    const count = (n ?? 1) * (w.startsWith('fortnight') ? 2 : 1);
    return { n: count, unit };
  }
  return null;
}

/**
 * Converts a spoken span into the data's own periods ("next 2 years" on monthly data = 24). Trading days are
 * calendar days at seven for five (20 trading days = 28 days): on a trading-day calendar the forecast then
 * counts the trading days within them (run-forecast.ts `calendarHorizon`).
 */
export function toDataPeriods(spoken: SpokenHorizon, period: Period | null | undefined): number {
  if (!period || spoken.unit === 'step') return spoken.n;
  const days =
    spoken.unit === 'decade' ? 10 * PERIOD_DAYS.year : spoken.unit === 'tradingDay' ? 7 / 5 : PERIOD_DAYS[spoken.unit];
  const exact = (spoken.n * days) / PERIOD_DAYS[period];
  return Math.max(1, Math.round(exact + 1e-9));
}

const GROUP_WORDS =
  /^(groups?|segments?|clusters?|personas?|tiers?|buckets?|cohorts?|categories|category|types?|kinds?|classes|bins?|bands?|levels?)$/;

/** "into 4 groups", "5 segments", "three clusters", "k=4", "k of 6". */
export function parseGroupCount(words: string[], raw: string): number | null {
  const k = /\bk\s*(?:=|of|is)\s*(\d+)/i.exec(raw);
  if (k) return Number(k[1]);
  for (let i = 1; i < words.length; i++) {
    if (!GROUP_WORDS.test(words[i])) continue;
    for (let j = i - 1; j >= Math.max(0, i - 2); j--) {
      const v = parseNumberWord(words[j]);
      if (v !== null && words[j] !== 'a' && words[j] !== 'an' && v >= 2 && v <= 50) return v;
    }
  }
  return null;
}
