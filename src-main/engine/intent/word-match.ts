import { areSynonyms } from './lexicon';
import { editDistanceAtMostOne, expandColumnWord, expandGoalWord, lemma } from './words';

/** How one column word met one sentence word, strongest first. */
export type MatchKind = 'same' | 'abbreviation' | 'synonym' | 'prefix' | 'contains' | 'typo';

export interface WordMatch {
  score: number;
  kind: MatchKind;
}

const isConsonant = (c: string): boolean => /[bcdfghjklmnpqrstvwxz]/.test(c);

/** True when `short` is `long` with letters left out, keeping the first ("mfr" in manufacturer, "hnd" in hand). */
export function isSkeleton(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0]) return false;
  let j = 1;
  for (let i = 1; i < short.length; i++) {
    while (j < long.length && long[j] !== short[i]) j++;
    if (j === long.length) return false;
    j++;
  }
  return true;
}

const commonPrefix = (a: string, b: string): number => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

/**
 * How well one column word matches one sentence word (0 = not at all):
 * 1 same root (approved ~ approval, cancelled ~ cancel), .95 a known abbreviation either way (max ~ maximum),
 * .8 same concept (worth ~ price, heavy ~ weight) or a long shared beginning (pregnancies ~ pregnant),
 * .75 the column word abbreviates the sentence word by its start or its consonants (eval ~ evaluation, mfr ~
 * manufacturer), .7 one contains the other (owner ~ homeowner, gdp ~ ppgdp) or a one-letter typo.
 */
export function matchWord(colWord: string, goalWord: string): WordMatch | null {
  if (/^\d+$/.test(colWord) || /^\d+$/.test(goalWord)) return colWord === goalWord ? { score: 1, kind: 'same' } : null;
  const a = lemma(colWord);
  const b = lemma(goalWord);
  if (a === b) return { score: 1, kind: 'same' };
  const xa = expandColumnWord(colWord);
  const xb = expandGoalWord(goalWord);
  const ea = lemma(xa);
  const eb = lemma(xb);
  if (ea === eb) return { score: 0.95, kind: 'abbreviation' };
  // One root inside the other: fraud ~ fraudulent, diabet ~ diabetic (derived words Porter2 leaves apart).
  if (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a))) return { score: 0.85, kind: 'prefix' };
  // The words, not their roots: areSynonyms takes the root itself, and Porter2 twice is not Porter2 once (relapse).
  if (areSynonyms(xa, xb)) return { score: 0.8, kind: 'synonym' };
  const shared = commonPrefix(a, b);
  if (shared >= 6 && shared >= 0.75 * Math.min(a.length, b.length)) return { score: 0.8, kind: 'prefix' };
  if (colWord.length >= 3 && goalWord.length > colWord.length && goalWord.startsWith(colWord))
    return { score: colWord.length >= 4 ? 0.78 : 0.72, kind: 'prefix' };
  if (
    colWord.length >= 2 &&
    goalWord.length >= 4 &&
    [...colWord].filter(isConsonant).length >= 2 &&
    isSkeleton(colWord, goalWord)
  )
    return { score: colWord.length === 2 ? 0.6 : 0.72, kind: 'abbreviation' };
  if (colWord.length === 2 && goalWord.length >= 5 && goalWord.startsWith(colWord))
    return { score: 0.55, kind: 'prefix' };
  if (goalWord.length >= 4 && colWord.length > goalWord.length && colWord.startsWith(goalWord))
    return { score: 0.72, kind: 'prefix' };
  const [shorter, longer] = colWord.length <= goalWord.length ? [colWord, goalWord] : [goalWord, colWord];
  if (shorter.length >= 3 && longer.length >= shorter.length + 2 && longer.endsWith(shorter))
    return { score: 0.7, kind: 'contains' };
  if (a.length >= 5 && b.length >= 5 && editDistanceAtMostOne(colWord, goalWord)) return { score: 0.7, kind: 'typo' };
  return null;
}

/** Sentence words that may stand inside a run covered by one column word ("miles per gallon" → mpg). */
const JOINERS = new Set(['per', 'of', 'to', 'and', 'a', 'the', 'in']);

/**
 * Whether one column word is several sentence words run together, each by its start, its consonants or a known
 * abbreviation: lotsize = lot size, aircon = air conditioning, mpg = miles per gallon, lvrat = loan to value
 * ratio, totemp = total employment. Returns the indexes of the words used, or null. At least two words.
 */
export function coverByRun(colWord: string, words: string[], start: number): number[] | null {
  const used: number[] = [];
  const go = (pos: number, i: number): boolean => {
    if (pos === colWord.length) return used.length >= 2;
    if (i >= words.length) return false;
    const w = expandGoalWord(words[i]);
    // A joining word may be skipped, or give its first letter ("per" in mpg).
    if (JOINERS.has(words[i]) && used.length > 0 && go(pos, i + 1)) return true;
    for (const cand of new Set([words[i], w])) {
      for (let len = Math.min(cand.length, colWord.length - pos); len >= 1; len--) {
        const piece = colWord.slice(pos, pos + len);
        // A skeleton piece keeps its word's consonants only ("mfr" in manufacturer): vowels picked from inside a word
        // make runs out of unrelated words (t-ype + a-n-i-l in "type of animal" would read as `tail`).
        const skeleton = piece.length >= 2 && [...piece.slice(1)].every(isConsonant) && isSkeleton(piece, cand);
        const ok = cand.startsWith(piece) || skeleton || piece === cand;
        if (!ok) continue;
        used.push(i);
        if (go(pos + len, i + 1)) return true;
        used.pop();
      }
    }
    return false;
  };
  return go(0, start) ? [...used] : null;
}
