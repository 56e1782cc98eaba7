import type { ColumnKind } from '@shared/project';
import { INPUT_MARKERS, isSpanWord, leavesOut, resumesTarget, type WeightedWord } from './goal-words';
import { coverByRun, matchWord, type MatchKind } from './word-match';
import { isStopWord, splitName, tokenize } from './words';

/** A column as the goal parser sees it. */
export interface GoalColumn {
  name: string;
  kind?: ColumnKind;
  topValues?: string[];
  distinct?: number;
  min?: number;
  max?: number;
  /** Stored as whole numbers (an INTEGER/BIGINT column): counts, codes, years, indexes. */
  integer?: boolean;
  /** distinct, min and max were read from the file's first rows only (before the profile). */
  sampled?: boolean;
  /** A whole-number column of years in order (1871, 1872, ...): a time index though not a date type. */
  timeIndex?: boolean;
}

export interface ColumnMatch {
  column: GoalColumn;
  /** 0..1 before task-fit weighting. */
  score: number;
  /** Sentence words that matched, for Intent.targetWords. */
  words: string[];
  via: 'name' | 'value' | 'none';
  /** One short clause a person can read: "'approved' matches `approval`". */
  why: string;
}

/** Units in column names (bill_length_mm, body_mass_g) say nothing about what the column is. */
const UNIT_WORDS = new Set('mm cm m km g kg lb lbs oz in ft usd eur gbp ms s sec kwh c f cm3 ml l'.split(' '));
/** Values that say nothing about what a column is (every yes/no column holds them). */
const BLAND_VALUES = new Set(
  'yes no y n true false t f 0 1 none other others unknown na nan missing null ok'.split(' '),
);
/** Sentence words too common to name a column verbatim. */
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

interface WordHit {
  score: number;
  goal: string;
  kind: MatchKind | 'run';
}

/** Best match of one column word among the sentence words, including runs ("lotsize" = lot size). */
function bestHit(colWord: string, weighted: WeightedWord[], tokens: string[]): WordHit | null {
  let best: WordHit | null = null;
  for (const gw of weighted) {
    const m = matchWord(colWord, gw.word);
    if (!m) continue;
    const s = m.score * gw.weight;
    if (!best || Math.abs(s) > Math.abs(best.score)) best = { score: s, goal: gw.word, kind: m.kind };
  }
  // "ncases", "npreg", "nabove": a leading n for "number of" (a common naming habit in R and statistics tables).
  const counted = /^n([a-z]{3,})$/.exec(colWord);
  if (counted && (best?.score ?? 0) < 0.75) {
    for (const gw of weighted) {
      const m = matchWord(counted[1], gw.word);
      if (m && m.score >= 0.75 && m.score * gw.weight * 0.85 > (best?.score ?? 0))
        best = { score: m.score * gw.weight * 0.85, goal: gw.word, kind: 'abbreviation' };
    }
  }
  if ((best?.score ?? 0) < 0.75 && colWord.length >= 2) {
    const weightAt = new Map(weighted.map((w) => [w.index, w.weight]));
    for (const start of weighted.filter((w) => w.weight > 0 && w.index >= 0)) {
      const used = coverByRun(colWord, tokens, start.index);
      if (!used) continue;
      const content = used.filter((i) => weightAt.has(i));
      if (content.length < 2 || content.some((i) => (weightAt.get(i) ?? 0) <= 0)) continue;
      const initialsOnly = content.length === colWord.length;
      if (initialsOnly && colWord.length > 4) continue;
      const weight = Math.min(...content.map((i) => weightAt.get(i) ?? 0));
      const s = (initialsOnly ? 0.75 : 0.8) * weight;
      if (s > (best?.score ?? 0)) best = { score: s, goal: content.map((i) => tokens[i]).join(' '), kind: 'run' };
    }
  }
  return best;
}

/** Name match: how much of the column's name the sentence covers, and how much of the sentence the name covers. */
function nameMatch(column: GoalColumn, weighted: WeightedWord[], tokens: string[]): { score: number; words: string[] } {
  const parts = splitName(column.name);
  const hits = parts.map((p) => bestHit(p, weighted, tokens));
  let sum = 0;
  let counted = 0;
  let strongest = 0;
  const matched = new Set<string>();
  parts.forEach((p, i) => {
    const h = hits[i];
    const optional = UNIT_WORDS.has(p) || /^\d+$/.test(p) || (isStopWord(p) && parts.length > 1);
    if (h && h.score > 0) {
      sum += h.score;
      counted++;
      strongest = Math.max(strongest, h.score);
      h.goal.split(' ').forEach((g) => matched.add(g));
    } else if (!optional) counted++;
  });
  if (strongest === 0) {
    const negative = hits.some((h) => h && h.score < 0);
    return { score: negative ? -0.5 : 0, words: [] };
  }
  const colCoverage = Math.max(sum / Math.max(1, counted), strongest * 0.75);
  const positive = weighted.filter((w) => w.weight > 0);
  const total = positive.reduce((s, w) => s + w.weight, 0);
  const covered = positive.filter((w) => matched.has(w.word)).reduce((s, w) => s + w.weight, 0);
  // Demoted words (a question's subject, a circumstance) cover less of the sentence even when alone in it.
  const goalCoverage = total > 0 ? Math.min(1, covered / Math.max(1, total)) : 0;
  return { score: 0.6 * colCoverage + 0.4 * goalCoverage, words: [...matched] };
}

/** Value match: "fraud" among a column's values fraud/ok, "male or female" among M/F, "blue collar" for bc. */
function valueMatch(
  column: GoalColumn,
  weighted: WeightedWord[],
  tokens: string[],
): { score: number; words: string[]; values: string[] } | null {
  const values = column.topValues ?? [];
  if (!values.length || (column.distinct ?? values.length) > 30 || column.kind === 'text' || column.kind === 'id')
    return null;
  if (column.kind === 'numeric' || column.kind === 'datetime') return null;
  const positive = weighted.filter((w) => w.weight > 0);
  let best = 0;
  const hitValues: string[] = [];
  const words = new Set<string>();
  for (const v of values) {
    const vw = tokenize(v);
    if (vw.length === 0 || vw.length > 3 || vw.every((x) => BLAND_VALUES.has(x))) continue;
    const content = vw.filter((x) => !BLAND_VALUES.has(x) && !/^\d+$/.test(x));
    if (!content.length) continue;
    let valueBest = 0;
    let hitWord = '';
    for (const x of content) {
      for (const w of positive) {
        const m = matchWord(x, w.word);
        // A value word must be (nearly) the sentence word; a synonym ("party" for democrat) counts for less.
        if (!m || m.score < 0.72 || m.kind === 'contains' || m.kind === 'typo') continue;
        if (x.length === 1) continue;
        const s = m.score * w.weight * (m.kind === 'synonym' ? 0.8 : 1);
        if (s > valueBest) [valueBest, hitWord] = [s, w.word];
      }
      if (valueBest === 0 && x.length >= 2 && x.length <= 4) {
        for (const w of positive.filter((p) => p.index >= 0)) {
          const used = coverByRun(x, tokens, w.index);
          if (used && used.length >= 2) [valueBest, hitWord] = [0.8 * w.weight, used.map((i) => tokens[i]).join(' ')];
        }
      }
    }
    // A value that only partly is the word ("fraud-2" for fraud) is weaker evidence than the clean value.
    const clean = vw.length === content.length && content.length === 1 ? 1 : 0.85;
    if (valueBest > 0) {
      hitValues.push(v);
      words.add(hitWord);
      best = Math.max(best, 0.85 * valueBest * clean);
    }
  }
  // Single letters (M/F) stand for a pair named in full: "male or female".
  const letters = values.filter((v) => /^[a-z]$/i.test(v.trim()));
  if (letters.length >= 2 && /\bor\b/.test(tokens.join(' '))) {
    const initials = letters.filter((l) =>
      positive.some((w) => w.word[0] === l.trim().toLowerCase()[0] && w.word.length > 2),
    );
    if (initials.length >= 2) {
      hitValues.push(...initials);
      best = Math.max(best, 0.8);
    }
  }
  if (!best) return null;
  // Two values named by two words ("benign or malignant") make the column certain.
  if (hitValues.length >= 2 && words.size >= 2) best = Math.min(1, best + 0.1);
  return { score: best, words: [...words], values: hitValues };
}

const quote = (s: string): string => `'${s}'`;

/** Scores every column against the goal words, best first. */
export function matchColumns(weighted: WeightedWord[], columns: GoalColumn[], goal = ''): ColumnMatch[] {
  const tokens = tokenize(goal);
  const spoken = ` ${tokens.join(' ')} `;
  return columns
    .map((column): ColumnMatch => {
      const name = nameMatch(column, weighted, tokens);
      const value = valueMatch(column, weighted, tokens);
      let score = Math.max(0, name.score);
      let via: ColumnMatch['via'] = score > 0 ? 'name' : 'none';
      let words = name.words;
      let why =
        score > 0
          ? `${name.words.map(quote).join(' and ')} ${name.words.length > 1 ? 'match' : 'matches'} \`${column.name}\``
          : '';
      if (value && value.score > 0) {
        const shown = value.values.slice(0, 3).join('/');
        const valueWhy = `\`${column.name}\` holds ${shown}${value.values.length === 1 ? ' values' : ''}; ${value.words.map(quote).join(', ')} ${value.words.length > 1 ? 'name' : 'names'} ${value.values.length > 1 ? 'them' : 'one of them'}`;
        if (value.score >= score) {
          score = Math.min(1, value.score + 0.15 * score);
          why = score > value.score ? `${valueWhy}, and its name matches too` : valueWhy;
          via = 'value';
          words = [...new Set([...value.words, ...name.words])];
        } else score = Math.min(1, score + 0.15 * value.score);
      }
      // The column named verbatim ("predict column3", "predict SalePrice", "the sentiment labels") beats any
      // word-level reading; a plain word the word matching already weighed ("highest price") is left to it.
      const verbatim = tokenize(column.name).join(' ');
      if (
        verbatim.length >= 2 &&
        !(/^[a-z]+$/.test(verbatim) && weighted.some((w) => w.word === verbatim)) &&
        !VERBATIM_IGNORED.has(verbatim) &&
        spoken.includes(` ${verbatim} `) &&
        !inInputList(tokens, verbatim) &&
        !onlyAsSpan(tokens, verbatim)
      ) {
        score = 1;
        via = 'name';
        why = `the goal names \`${column.name}\``;
        words = verbatim.split(' ');
      }
      if (name.score < 0 && score === 0) score = name.score;
      return { column, score, words, via, why };
    })
    .sort((a, b) => b.score - a.score);
}

/** "how many homes will sell next year": the column `year` is named only as the horizon's span. */
function onlyAsSpan(tokens: string[], verbatim: string): boolean {
  if (verbatim.includes(' ')) return false;
  const at = tokens.flatMap((t, i) => (t === verbatim ? [i] : []));
  return at.length > 0 && at.every((i) => isSpanWord(tokens, i));
}

/** True when every verbatim mention sits in the input list ("... from column3"). */
function inInputList(tokens: string[], verbatim: string): boolean {
  const parts = verbatim.split(' ');
  let inInputs = false;
  for (let i = 0; i < tokens.length; i++) {
    if ((INPUT_MARKERS.has(tokens[i]) && tokens[i] !== 'with') || leavesOut(tokens, i)) inInputs = true;
    else if (inInputs && resumesTarget(tokens, i)) inInputs = false;
    if (parts.every((p, k) => tokens[i + k] === p) && !inInputs) return false;
  }
  return true;
}
