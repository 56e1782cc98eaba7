import { isStopWord, isTaskWord, tokenize } from './words';

/** A sentence word with how much it speaks for the target (negative: it names an input). */
export interface WeightedWord {
  word: string;
  weight: number;
  /** Position in tokenize(goal). */
  index: number;
}

/** After these words the sentence lists inputs ("predict price from rooms and crime"). */
export const INPUT_MARKERS = new Set([
  'from',
  'using',
  'use',
  'given',
  'based',
  'via',
  'according',
  'depending',
  'considering',
  'with',
  // Left-out inputs weigh against the target too: "price of diamonds, ignoring depth".
  'without',
  'excluding',
  'except',
  'ignoring',
  'ignore',
  // "sin usar x", "ohne Europa", "sans x", "senza x"; "usando", "anhand", "utilisant" list inputs.
  'sin',
  'excepto',
  'ohne',
  'ausser',
  'sans',
  'sauf',
  'senza',
  'tranne',
  'usando',
  'anhand',
  'utilisant',
]);
/** "dont predict wage", "not price": after one of these and a task verb the words are not the target. */
const NEGATION_VERB = /^(predict\w*|forecast\w*|estimate|classify|model|guess|want|need|target)$/;
/** These words end an input list and may start a new target phrase. */
export const RESUME = new Set([
  'predict',
  'forecast',
  'estimate',
  'classify',
  'detect',
  'for',
  'whether',
  'if',
  'will',
  'is',
  'are',
  'to',
]);
/**
 * True when words[i] ends an input list and may start a new target phrase: "use age and gender TO predict the vote",
 * but not "distance TO college" or "V2 TO V5" (a "to" that no task verb follows stays in the list).
 */
export function resumesTarget(words: string[], i: number): boolean {
  return RESUME.has(words[i]) && (words[i] !== 'to' || isTaskWord(words[i + 1] ?? ''));
}

/**
 * "leave out table and depth", "leaving out x", "not counting city mileage", "dont use x": like "without", the
 * words after these two are left-out inputs (named-inputs.ts reads the same phrases as the list).
 */
export function leavesOut(words: string[], i: number): boolean {
  const next = words[i + 1] ?? '';
  if (words[i] === 'leave' || words[i] === 'leaving') return next === 'out';
  if (words[i] === 'not') return /^(using|counting|including|considering)$/.test(next);
  return (words[i] === 'dont' || words[i] === 'never') && next === 'use';
}

/** After these the words describe circumstances, not the target ("waiting time until the next eruption"). */
const CIRCUMSTANCE = new Set([
  'until',
  'before',
  'after',
  'when',
  'while',
  'since',
  'during',
  'within',
  'among',
  'than',
  'at',
  'on',
  'in',
  'per',
  'each',
  'across',
]);
/** Nouns that only say which aspect of the next word is wanted: "number of breaks", "level of arsenic", "marital status". */
const LIGHT = new Set(
  'number amount level levels count total share percentage percent proportion fraction rate ratio type kind sort class category status value values size degree quantity group score scores'.split(
    ' ',
  ),
);
const AUX = new Set([
  'is',
  'are',
  'was',
  'were',
  'does',
  'do',
  'did',
  'will',
  'would',
  'can',
  'could',
  'should',
  'has',
  'have',
  'had',
  'be',
]);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'my',
  'our',
  'your',
  'their',
  'his',
  'her',
  'its',
  'each',
  'every',
  'some',
  'any',
  'one',
]);
const PRONOUNS = new Set(['it', 'they', 'he', 'she', 'i', 'we', 'you', 'someone', 'somebody', 'people', 'them']);
const TIME_UNITS = /^(hours?|days?|weeks?|months?|quarters?|years?|fortnights?)$/;
/** Words before a time unit that make it a span ("next 3 months"), not a name ("monthly charges" stays). */
const SPAN_LEAD =
  /^(\d+|next|coming|upcoming|following|one|two|three|four|five|six|seven|eight|nine|ten|twelve|few|couple|a|an|per|each|every|this|last)$/;
/** Words that ask, not name: "how much", "how many". */
const QUANTIFIERS = new Set(['much', 'many', 'often']);

/**
 * Weighs each content word of the goal by where it stands: 1 for the words that name what is wanted, less for
 * the subject of a question ("is THE CAT male or female"), for modifiers before a head noun, for words after
 * "until/in/per …", −0.6 for an input list ("from rooms and crime"); 0 for task verbs, stop words, time spans.
 * `flat` drops the subject and circumstance weights: the second try when the weighted words found no column.
 */
export function weighWords(goal: string, flat = false): WeightedWord[] {
  const words = tokenize(goal);
  const factor = words.map(() => 1);
  if (!flat) {
    subjectOfQuestion(words).forEach((i) => (factor[i] *= 0.5));
    causeOfEffectVerb(words).forEach((i) => (factor[i] *= 0.5));
    circumstances(words).forEach((i) => (factor[i] *= 0.5));
  }
  // The things being sorted are the rows, on the second try too.
  objectOfSortingVerb(words).forEach((i) => (factor[i] *= 0.5));
  const out: WeightedWord[] = [];
  let inInputs = false;
  let skip = -1;
  const idiom = idiomIn(words);
  words.forEach((w, index) => {
    if (idiom && index >= idiom.from && index <= idiom.to) return;
    // "dont predict wage; predict education", "education instead of wage", "rather than wage".
    const next = words[index + 1] ?? '';
    const negated =
      (NEGATION_VERB.test(next) && (w === 'dont' || w === 'not' || w === 'never')) ||
      (w === 'instead' && next === 'of') ||
      (w === 'rather' && next === 'than');
    if (negated) {
      inInputs = true;
      skip = index + 1;
      return;
    }
    if (index === skip) return;
    if (leavesOut(words, index)) {
      inInputs = true;
      skip = index + 1;
      return;
    }
    if (INPUT_MARKERS.has(w)) {
      // "customers with high spend" is a filter: "with" lists inputs only after a target word.
      inInputs = w !== 'with' || out.some((x) => x.weight > 0);
      return;
    }
    if (inInputs && resumesTarget(words, index)) inInputs = false;
    if (isSpanWord(words, index)) return;
    if (/^(tomorrow|today)s?$/.test(w) || isStopWord(w) || isTaskWord(w) || /^\d+$/.test(w)) return;
    const weight = QUANTIFIERS.has(w) ? 0.4 : factor[index];
    out.push({ word: w, weight: inInputs ? -0.6 : weight, index });
  });
  if (!flat) headsAndModifiers(out, words);
  const measure = impliedMeasure(words);
  if (measure && !out.some((w) => w.word === measure)) out.push({ word: measure, weight: 0.9, index: -1 });
  if (idiom) out.push({ word: idiom.measure, weight: 1, index: -1 });
  return out;
}

/** Phrases whose words name another thing than they say: "how far will a student go in school" asks schooling. */
const IDIOMS: Array<{ re: RegExp; measure: string }> = [
  {
    re: /\bhow far\b(?: \w+){0,5}? (?:go|goes|went|gone|get|gets|got|make it|makes it|progress|advance) (?:in|at|through|with|into) (?:\w+ )?(?:school|schooling|education|studies|college|university)\b/,
    measure: 'education',
  },
];

/** The word span of an idiom in the sentence and what it asks, or null. */
function idiomIn(words: string[]): { from: number; to: number; measure: string } | null {
  const text = words.join(' ');
  for (const { re, measure } of IDIOMS) {
    const m = re.exec(text);
    if (!m) continue;
    const from = text.slice(0, m.index).split(' ').length - 1;
    return { from, to: from + m[0].split(' ').length - 1, measure };
  }
  return null;
}

/** Indexes of a question's subject: "is the cat …", "does the patient have …", "which species is the crab". */
function subjectOfQuestion(words: string[]): number[] {
  const first = words.findIndex((w) => !['so', 'and', 'but', 'ok', 'then', 'please', 'tell', 'me'].includes(w));
  if (first < 0) return [];
  let aux = -1;
  if (AUX.has(words[first])) aux = first;
  else if (['which', 'what', 'how', 'who'].includes(words[first])) {
    // "what is the lowest price": the words after the verb are the asked-for thing, not a subject.
    if (AUX.has(words[first + 1] ?? '')) return [];
    // Skip the asked-for words ("which job category", "how heavy") up to the auxiliary verb.
    for (let i = first + 1; i < Math.min(words.length, first + 5); i++)
      if (AUX.has(words[i])) {
        aux = i;
        break;
      }
  }
  if (aux < 0) return [];
  let i = aux + 1;
  while (AUX.has(words[i] ?? '') || words[i] === 'not') i++;
  if (PRONOUNS.has(words[i] ?? '')) return [i];
  if (!DETERMINERS.has(words[i] ?? '')) return [];
  // The determiner's noun (and one noun before it: "the olive oil"): stop at a verb-like or function word.
  const out: number[] = [];
  for (let j = i + 1; j < Math.min(words.length, i + 3); j++) {
    if (AUX.has(words[j]) || isStopWord(words[j]) || isTaskWord(words[j])) break;
    out.push(j);
    if (
      /(ed|ing)$/.test(words[j + 1] ?? '') ||
      ['have', 'has', 'had', 'be', 'get', 'gets'].includes(words[j + 1] ?? '')
    )
      break;
  }
  // One word: in "is this payment fraud" the next word is already what is asked.
  return out.slice(0, 1);
}

/** "does speaking FRENCH affect what people earn": the cause before an effect verb is an input, not the target. */
const EFFECT_VERB =
  /^(affects?|influences?|impacts?|drives?|determines?|changes?|raises?|lowers?|increases?|reduces?)$/;
function causeOfEffectVerb(words: string[]): number[] {
  if (!AUX.has(words[0] ?? '') && !(words[0] === 'how' && AUX.has(words[1] ?? ''))) return [];
  const verb = words.findIndex((w, i) => i > 1 && i <= 6 && EFFECT_VERB.test(w));
  if (verb < 0) return [];
  return Array.from({ length: verb - 1 }, (_, k) => k + 1).filter((i) => !AUX.has(words[i]));
}

/** The object of "classify/cluster/sort": the rows, not a column ("classify the wines", "sort emails"). */
function objectOfSortingVerb(words: string[]): number[] {
  const verb = words.findIndex((w) => /^(classify|categori[sz]e|sort|cluster|segment|label)$/.test(w));
  if (verb < 0) return [];
  const out: number[] = [];
  for (let j = verb + 1; j < words.length && out.length < 2; j++) {
    if (DETERMINERS.has(words[j])) continue;
    if (isStopWord(words[j]) || isTaskWord(words[j])) break;
    out.push(j);
  }
  return out;
}

/** "how much will the house sell for": the verb says what is measured (price, salary, weight, duration). */
const HOW_MUCH_VERB: Record<string, string> = {
  sell: 'price',
  sold: 'price',
  cost: 'price',
  costs: 'price',
  worth: 'price',
  fetch: 'price',
  charge: 'price',
  rent: 'price',
  make: 'salary',
  makes: 'salary',
  earn: 'salary',
  earns: 'salary',
  paid: 'salary',
  weigh: 'weight',
  weighs: 'weight',
  last: 'duration',
  lasts: 'duration',
  take: 'duration',
  takes: 'duration',
};

/** "how many homes will SELL": the count of what is sold. */
const HOW_MANY_VERB: Record<string, string> = { sell: 'sales', sold: 'sales', sells: 'sales' };
/** "what would a diamond sell for", "what does it weigh": the verbs whose "what" asks an amount. */
const WHAT_VERBS = new Set([
  'sell',
  'sold',
  'cost',
  'costs',
  'worth',
  'fetch',
  'rent',
  'earn',
  'earns',
  'weigh',
  'weighs',
]);

/** The measured word implied by "how much … VERB", "how long … last", "how many … sell", "what would … sell for". */
function impliedMeasure(words: string[]): string | null {
  const how = words.findIndex((w, i) => w === 'how' && ['much', 'long', 'many'].includes(words[i + 1] ?? ''));
  const what = words.findIndex((w, i) => w === 'what' && AUX.has(words[i + 1] ?? ''));
  const from = how >= 0 ? how : what;
  if (from < 0) return null;
  const table = how >= 0 && words[how + 1] === 'many' ? HOW_MANY_VERB : HOW_MUCH_VERB;
  for (let i = from + 2; i < words.length; i++) {
    if (how < 0 && !WHAT_VERBS.has(words[i])) continue;
    if (table[words[i]]) return table[words[i]];
  }
  return null;
}

/** "next year", "3 months ahead": a time unit that spans the horizon, not a column the goal names. */
export function isSpanWord(words: string[], index: number): boolean {
  return TIME_UNITS.test(words[index]) && (SPAN_LEAD.test(words[index - 1] ?? '') || words[index + 1] === 'ahead');
}

/** Indexes of words in circumstance phrases: "until the next eruption", "in Sacramento", "per day". */
function circumstances(words: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!CIRCUMSTANCE.has(words[i])) continue;
    for (let j = i + 1; j < words.length; j++) {
      if (INPUT_MARKERS.has(words[j]) || AUX.has(words[j]) || RESUME.has(words[j]) || CIRCUMSTANCE.has(words[j])) break;
      out.push(j);
    }
  }
  return out;
}

/**
 * Within a run of adjacent content words the last is the head ("credit card EXPENDITURE"): the others weigh .8.
 * A light head ("marital STATUS", "alcohol GROUP") gives the weight back to its modifier. "X of Y": the Y weighs
 * .75 ("the weight OF the car"), unless X is light ("the number OF breaks", then X weighs .6).
 */
function headsAndModifiers(out: WeightedWord[], words: string[]): void {
  for (let k = 0; k < out.length; k++) {
    const w = out[k];
    const next = out[k + 1];
    if (next && next.index === w.index + 1 && w.weight > 0 && next.weight > 0) {
      if (LIGHT.has(next.word)) next.weight *= 0.8;
      else w.weight *= 0.8;
    }
  }
  for (let k = 0; k < out.length; k++) {
    const w = out[k];
    const ofAt = w.index + 1;
    if (words[ofAt] !== 'of' || w.weight <= 0) continue;
    const objects = out.filter((o) => o.index > ofAt && o.index <= ofAt + 3 && o.weight > 0);
    if (LIGHT.has(w.word)) w.weight *= 0.6;
    else for (const o of objects) o.weight *= 0.75;
  }
}
