import type { ColumnKind } from '@shared/project';
import { areSynonyms } from './synonyms';
import { isStopWord, isTaskWord, singular, splitName, stem, tokenize } from './words';

/** A column as the goal parser sees it. */
export interface GoalColumn {
  name: string;
  kind?: ColumnKind;
  topValues?: string[];
  distinct?: number;
}

/** A goal word with how much it speaks for the target (negative: it names an input). */
export interface WeightedWord {
  word: string;
  weight: number;
  index: number;
}

/** Units in column names (bill_length_mm, body_mass_g) say nothing about what the column is. */
const UNIT_WORDS = new Set([
  'mm',
  'cm',
  'm',
  'km',
  'g',
  'kg',
  'lb',
  'lbs',
  'oz',
  'in',
  'ft',
  'usd',
  'eur',
  'gbp',
  'pct',
  'percent',
  'ms',
  's',
  'sec',
  'min',
  'hr',
  'kwh',
  'c',
  'f',
]);

/** After these words the sentence lists inputs ("predict price from rooms and crime"). */
const INPUT_MARKERS = new Set([
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
]);
/** These words end an input list and may start a new target phrase. */
const RESUME = new Set([
  'predict',
  'forecast',
  'estimate',
  'classify',
  'detect',
  'for',
  'of',
  'whether',
  'if',
  'will',
  'is',
  'are',
  'to',
]);
const TIME_UNITS = /^(hours?|days?|weeks?|months?|quarters?|years?|fortnights?)$/;
/** Words before a time unit that make it a span ("next 3 months"), not a name ("monthly charges" stays). */
const SPAN_LEAD =
  /^(\d+|next|coming|upcoming|following|one|two|three|four|five|six|seven|eight|nine|ten|twelve|few|couple|a|an|per|each|every|this|last)$/;

/**
 * Weighs each content word of the goal: 1 for words that can name the target, −0.6 for words
 * in an input list, 0 for task verbs, stop words and time units ("next 3 months").
 */
export function weighWords(goal: string): WeightedWord[] {
  const words = tokenize(goal);
  const out: WeightedWord[] = [];
  let inInputs = false;
  words.forEach((w, index) => {
    if (INPUT_MARKERS.has(w)) {
      // "with" after a noun like "customers with high spend" is a filter; only count it as an input marker after a target word.
      inInputs = w !== 'with' || out.some((x) => x.weight > 0);
      return;
    }
    if (inInputs && RESUME.has(w) && w !== 'of') inInputs = false;
    if (TIME_UNITS.test(w) && (SPAN_LEAD.test(words[index - 1] ?? '') || words[index + 1] === 'ahead')) return;
    if (/^(tomorrow|today)s?$/.test(w) || isStopWord(w) || isTaskWord(w) || /^\d+$/.test(w)) return;
    out.push({ word: w, weight: inInputs ? -0.6 : 1, index });
  });
  return out;
}

/** How well one column word matches one goal word: 1 same, .85 same stem, .8 synonym, 0 otherwise. */
export function wordMatch(colWord: string, goalWord: string): number {
  const a = singular(colWord);
  const b = singular(goalWord);
  if (a === b) return 1;
  if (a.length >= 4 && b.length >= 4 && stem(a) === stem(b)) return 0.85;
  if (areSynonyms(a, b)) return 0.8;
  // Long prefixes: "temp" ~ "temperature" after abbreviation expansion failed, "surviv" ~ "survivor".
  if (a.length >= 5 && b.length >= 5 && (a.startsWith(b) || b.startsWith(a))) return 0.7;
  return 0;
}

export interface ColumnMatch {
  column: GoalColumn;
  score: number;
  /** Goal words that matched, for Intent.targetWords. */
  words: string[];
  via: 'name' | 'value' | 'none';
}

/**
 * Scores every column against the goal words. Name matches weigh the share of the column's
 * words that matched; value matches ("spam" among a column's values spam/ham) score .75.
 */
export function matchColumns(goalWords: WeightedWord[], columns: GoalColumn[], goal = ''): ColumnMatch[] {
  const positive = goalWords.filter((w) => w.weight > 0);
  const spoken = ` ${goal.toLowerCase().replace(/[^a-z0-9_]+/g, ' ')} `;
  return columns
    .map((column): ColumnMatch => {
      const parts = splitName(column.name).filter((w) => (!isStopWord(w) || w === 'value') && !UNIT_WORDS.has(w));
      const colWords = parts.length ? parts : splitName(column.name);
      let sum = 0;
      let strongest = 0;
      const matched = new Set<string>();
      for (const cw of colWords) {
        let best = 0;
        let bestWord = '';
        for (const gw of goalWords) {
          const m = wordMatch(cw, gw.word) * gw.weight;
          if (Math.abs(m) > Math.abs(best)) [best, bestWord] = [m, gw.word];
        }
        sum += best;
        strongest = Math.max(strongest, best);
        if (best > 0) matched.add(bestWord);
      }
      // Coverage of the column's words, but one strong word still counts ("heavy" → body_mass_g).
      let score = colWords.length ? Math.max(sum / colWords.length, strongest * 0.75) : 0;
      // Exact whole-name phrase ("sale price", "is_fraud") gets full marks.
      if (score > 0 && colWords.every((cw) => positive.some((g) => singular(g.word) === singular(cw)))) score = 1;
      // A small bonus when several goal words landed on the same column.
      score = Math.min(1, score + 0.05 * Math.max(0, matched.size - 1));
      // The column named verbatim ("predict column3", "predict SalePrice") beats any word-level reading.
      const verbatim = column.name
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, ' ')
        .trim();
      if (
        verbatim.length >= 2 &&
        !VERBATIM_IGNORED.has(verbatim) &&
        spoken.includes(` ${verbatim} `) &&
        !inInputList(goalWords, verbatim)
      ) {
        score = 1;
        matched.add(verbatim);
      }
      let via: ColumnMatch['via'] = score > 0 ? 'name' : 'none';
      const valueHit = valueMatch(column, positive);
      if (valueHit && valueHit.score > score) {
        score = valueHit.score;
        via = 'value';
        matched.clear();
        matched.add(valueHit.word);
      }
      return { column, score, words: [...matched], via };
    })
    .sort((a, b) => b.score - a.score);
}

const VERBATIM_IGNORED = new Set([
  'an',
  'the',
  'of',
  'to',
  'in',
  'is',
  'it',
  'and',
  'or',
  'on',
  'at',
  'by',
  'be',
  'as',
  'if',
  'do',
  'no',
  'id',
]);

/** True when a verbatim mention sits in the input list ("... from column3"). */
function inInputList(goalWords: WeightedWord[], verbatim: string): boolean {
  const parts = verbatim.split(' ');
  return goalWords.some((w) => w.weight < 0 && parts.includes(w.word));
}

/** A goal word among a few-valued column's values: "detect spam" → the column holding spam/ham. */
function valueMatch(column: GoalColumn, words: WeightedWord[]): { score: number; word: string } | null {
  const values = column.topValues ?? [];
  if (values.length === 0 || values.length > 30 || column.kind === 'text' || column.kind === 'id') return null;
  for (const w of words) {
    for (const v of values) {
      const vw = tokenize(v);
      if (vw.length === 0 || vw.length > 3) continue;
      if (
        vw.some(
          (x) => x.length >= 3 && (singular(x) === singular(w.word) || (x.length >= 4 && stem(x) === stem(w.word))),
        )
      ) {
        return { score: 0.75, word: w.word };
      }
    }
  }
  return null;
}
