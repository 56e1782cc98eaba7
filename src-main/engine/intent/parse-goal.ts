import type { Intent } from '@shared/project';
import type { Task } from '@shared/tasks';
import type { GoalContext } from './goal-context';
import { weighWords, type WeightedWord } from './goal-words';
import { parseGroupCount, parseSpokenHorizon, toDataPeriods } from './horizon';
import { explain } from './explain';
import { englishQuestion } from './foreign-question';
import { namedInputs, withoutInputLists } from './named-inputs';
import { alternatives, missingColumn } from './readings';
import { rankTargets } from './suggest-target';
import { asksForCount, cueFor, taskCues, type TaskCue } from './task-cues';
import { lexicalTask, supervisedTask, wantedAnswer, weighFit } from './target-fit';
import { matchColumns, type ColumnMatch, type GoalColumn } from './target-match';
import { answerShape, valueFit, type AnswerShape, type ValueFit } from './target-values';
import { tokenize } from './words';

export type { GoalContext } from './goal-context';
export { goalContextFromProfile } from './goal-context';
export { suggestTarget } from './suggest-target';

/** A column match below this is not trusted as the target. */
const MIN_TARGET_SCORE = 0.4;
/** Below this the stage offers the best readings as choices. */
export const CONFIDENT = 0.6;
const DATE_NAME = /(^|[^a-z])(date|time|day|month|year|period|timestamp|datetime|ds|week)([^a-z]|$)|Date|Time|YEAR/i;
const SENTIMENT_LABEL = /sentiment|label|polarity|rating|stars?|score|feeling|mood|emotion/i;
const TEXT_NAME =
  /(text|review|comment|message|body|content|tweet|feedback|description|sentence|title|summary|post|email|sms)/i;
const UNTARGETABLE = new Set(['id', 'datetime', 'constant', 'text']);
/** Tasks whose model reads the other columns, so a goal may name which ("from carat and clarity", "without x"). */
const INPUT_TASKS: ReadonlySet<Task> = new Set(['classification', 'regression', 'segment', 'anomaly']);

/**
 * Reads a goal sentence as an Intent with rules and column statistics only (no network): the task, the target
 * column (by name, root, abbreviation, synonym or value), the horizon in the data's periods, the number of groups,
 * the date and text columns, a confidence, other readings with why each was proposed, and the words that named
 * a column the data does not have.
 */
export function parseGoal(written: string, context?: GoalContext): Intent {
  // "¿cuánto cuesta un diamante?" is read as "how much cost un diamante?".
  const goal = englishQuestion(written);
  const columns = (context?.columns ?? []).filter((c) => c.kind !== 'constant');
  const words = tokenize(goal);
  // The task is read from the words outside input lists ("... use age and the Europe score" is no regression cue).
  const cues = taskCues(withoutInputLists(goal));
  const counting = asksForCount(goal);
  const read = (w: WeightedWord[]) => {
    const matches = weighFit(matchColumns(w, columns, goal), cues, counting, context ?? {});
    const targetable = matches.filter(
      (m) => !UNTARGETABLE.has(m.column.kind ?? '') && !m.column.timeIndex && m.score >= MIN_TARGET_SCORE,
    );
    return { weighted: w, matches, targetable };
  };
  let reading = read(weighWords(goal));
  // The subject of a question or a modifier may be all the sentence says about the target: try them at full weight.
  const flat = !reading.targetable.length && columns.length > 0;
  if (flat) reading = read(weighWords(goal, true));
  const { weighted, matches, targetable } = reading;
  const best = targetable[0] ?? null;
  const targetWords = weighted.filter((w) => w.weight > 0).map((w) => w.word);
  const hasDate = columns.length === 0 || pickDate(columns, []) !== null;
  const task = chooseTask(cues, best, columns, goal, hasDate, counting);
  const shape = answerShape(goal, wantedAnswer(cues, counting));
  const ranked = likelyTargets(
    columns,
    shape,
    weighted.filter((w) => w.weight >= 0.8).map((w) => w.word),
    /\bhow long\b/i.test(goal) ? { spoken: weighted.filter((w) => w.weight > 0).map((w) => w.word) } : undefined,
  );
  const likely = ranked.map((r) => r.column);
  const fallback = likely[0] ?? null;

  let target: string | null = null;
  let why: string | undefined;
  let date: string | null = null;
  let textColumn: string | null = null;
  let horizon: number | null = null;
  let k: number | null = null;
  let resolved: Task = task.task === 'supervised' ? 'classification' : task.task;
  let confidence = task.strength;

  if (task.task === 'supervised') {
    // No column named: the likeliest outcome column whose kind fits the question ("which customers will churn" on
    // AER's CreditCard took the number `income` while the yes/no `card` was there).
    const wanted = wantedAnswer(cues, counting);
    const fits = (c: GoalColumn) =>
      wanted === 'either' || (supervisedTask(c, cues, counting) === 'classification') === (wanted === 'class');
    const fitting = ranked.filter((r) => fits(r.column));
    const guess = fitting[0] ?? ranked[0] ?? null;
    // A weak name match of the wrong kind ("calcium" naming the amount `calc` in "does the urine contain calcium
    // oxalate crystals", "school" naming the class `school` in "how many days will a pupil miss school") yields to a
    // column whose values answer the question (the yes/no `r`, the count `absent`).
    const valueAnswer = guess && guess.fit.score >= 0.3 ? guess : null;
    const overruled = best && valueAnswer && best.score < 0.75 && wrongShape(best.column, shape, flat);
    const pick =
      best && !overruled
        ? best
        : guess
          ? { column: guess.column, score: 0.3, why: guess.fit.why || fallbackWhy(guess.column) }
          : null;
    target = pick?.column.name ?? null;
    why = pick?.why;
    resolved = pick ? supervisedTask(pick.column, cues, counting) : lexicalTask(cues);
    // A value match ("spam" among spam/ham) is good evidence but indirect; a guessed target is weak, less weak when
    // its values alone set it well apart from the next candidate (still below CONFIDENT: the screens ask).
    const apart = valueAnswer && (fitting[1] === undefined || valueAnswer.score - fitting[1].score >= 0.15);
    const factor =
      best && !overruled
        ? best.via === 'value'
          ? 0.87
          : 0.5 + 0.5 * best.score
        : columns.length
          ? apart
            ? 0.55
            : 0.45
          : 0.75;
    confidence = Math.min(task.strength * factor, overruled ? 1 : closeness(targetable));
  } else if (resolved === 'forecast') {
    date = pickDate(columns, words);
    // The date column is never the value forecast ("the next 20 days" matches a column named `date`).
    const numericBest = targetable.find(
      (m) => (m.column.kind === undefined || m.column.kind === 'numeric') && m.column.name !== date,
    );
    const numericCols = columns.filter((c) => c.kind === 'numeric' && c.name !== date);
    target = numericBest?.column.name ?? (numericCols.length === 1 ? numericCols[0].name : null);
    why = numericBest?.why ?? (target ? `\`${target}\` is the only numeric column` : undefined);
    const targetScore = numericBest?.score ?? (target ? 0.6 : 0);
    const spoken = parseSpokenHorizon(words);
    horizon = spoken ? toDataPeriods(spoken, context?.period) : null;
    if (columns.length) confidence *= (date ? 1 : 0.6) * (target ? 0.6 + 0.4 * targetScore : 0.6);
  } else if (resolved === 'segment') {
    k = parseGroupCount(words, goal);
  } else if (resolved === 'sentiment') {
    textColumn = pickText(columns, words);
    // Only a column that is itself a sentiment label (sentiment, rating, label, ...) can teach the scorer.
    // "use the sentiment labels" names the label column even in what reads as an input list.
    const spoken = ` ${words.join(' ')} `;
    const label =
      targetable.find((m) => m.score >= 0.6 && SENTIMENT_LABEL.test(m.column.name))?.column ??
      columns.find(
        (c) =>
          SENTIMENT_LABEL.test(c.name) &&
          !UNTARGETABLE.has(c.kind ?? '') &&
          spoken.includes(` ${tokenize(c.name).join(' ')} `),
      ) ??
      null;
    target = label?.name ?? null;
    if (columns.length && !textColumn) confidence *= 0.5;
  } else if (resolved === 'correlation') {
    target = best?.column.name ?? null;
    why = best?.why;
  }
  if (resolved === 'image' && columns.length > 0) confidence *= 0.6;
  if (goal.trim() === '') {
    resolved = fallback ? supervisedTask(fallback, [], false) : 'summary';
    target = fallback?.name ?? null;
    why = fallback ? fallbackWhy(fallback) : undefined;
    confidence = fallback ? 0.3 : 0.5;
  }
  const found = columns.length ? missingColumn(resolved, goal, weighted, matches, targetable, target, likely) : null;
  // A forecast's date column is not what a missing value column could have meant ("Did you mean 'value' or 'date'?").
  const missing = found && date ? { ...found, suggestions: found.suggestions.filter((s) => s !== date) } : found;
  if (missing) confidence = Math.min(confidence, 0.4);
  confidence = Math.round(Math.min(0.98, confidence) * 100) / 100;
  const inputs = INPUT_TASKS.has(resolved) ? namedInputs(goal, columns, [target, date]) : {};

  const intent: Intent = {
    task: resolved,
    target,
    horizon,
    k,
    date,
    ...(resolved === 'sentiment' ? { textColumn } : {}),
    confidence,
    // A column the sentence named as an input or left out is not another reading of its target.
    alternatives: alternatives({
      task: resolved,
      target,
      confidence,
      cues,
      counting,
      targetable,
      columns,
      likely,
    }).filter((a) => !a.target || ![...(inputs.only ?? []), ...(inputs.without ?? [])].includes(a.target)),
    explanation: '',
    ...(targetWords.length ? { targetWords } : {}),
    ...(why ? { why } : {}),
    ...(missing ? { missingColumn: missing } : {}),
    ...(inputs.only || inputs.without ? { inputs } : {}),
    readBy: 'rules',
  };
  intent.explanation = explain(intent, task.match, context?.period);
  // "forecast pop for the next 12 months" over a table without dates: say why it is not a forecast.
  const forecastAsked = (cueFor(cues, 'forecast')?.strength ?? 0) >= 0.95;
  if (forecastAsked && resolved !== 'forecast' && columns.length > 0 && !hasDate) {
    intent.explanation += ' No date column was found to forecast along, so this is not a forecast over time.';
    intent.confidence = Math.min(intent.confidence, 0.55);
  }
  return intent;
}

/** A cap on the confidence when two columns compete (the runner-up within 10% of the best): then the stage asks. */
function closeness(targetable: ColumnMatch[]): number {
  const [a, b] = targetable;
  if (!a || !b) return 1;
  const ratio = b.score / a.score;
  return ratio > 0.97 ? 0.5 : ratio > 0.9 ? 0.55 : 1;
}

/** Picks the reading of the sentence; "supervised" is split into classification/regression later. */
function chooseTask(
  cues: TaskCue[],
  best: ColumnMatch | null,
  columns: GoalColumn[],
  goal: string,
  hasDate: boolean,
  counting: boolean,
): TaskCue {
  const has = (t: TaskCue['task']): TaskCue | undefined => cueFor(cues, t);
  const supervised = has('supervised') ?? has('classification') ?? has('regression');
  const strongTarget = best !== null && best.score >= 0.7;
  const hasText = columns.some((c) => c.kind === 'text') || columns.length === 0;
  if (has('image') && (columns.length === 0 || !strongTarget)) return has('image') as TaskCue;
  // "will this customer churn next month" on a table without dates is a class, not a forecast.
  const forecast = has('forecast');
  if (forecast && (hasDate || (forecast.strength >= 0.95 && !strongTarget))) return forecast;
  const segment = has('segment');
  if (segment && !(strongTarget && /\bsegments?\b|\bclusters?\b/.test(best?.words.join(' ') ?? '') && supervised))
    return segment;
  const sentiment = has('sentiment');
  if (sentiment && hasText) return sentiment;
  const anomaly = has('anomaly');
  // "detect fraud" with a fraud/ok label column is classification; "find unusual transactions" is anomaly detection.
  // A weak cue ("fraud") yields to a column that holds the word as a value (label: fraud/ok).
  // "how many defects will the board have" counts something: a weak cue does not make it anomaly detection.
  const weakAnomaly = !anomaly || anomaly.strength < 0.9;
  if (
    anomaly &&
    !(weakAnomaly && counting && supervised) &&
    (anomaly.strength >= 0.9 || !(strongTarget || (best?.via === 'value' && best.score >= 0.5)))
  )
    return anomaly;
  const correlation = has('correlation');
  if (
    correlation &&
    (!has('supervised') || /^(what|which|key|main|factor|driver|correlat|relationship)/.test(correlation.match))
  )
    return correlation;
  const summary = has('summary');
  if (summary && !supervised) return summary;
  if (supervised) return { ...supervised, task: 'supervised' };
  if (sentiment) return sentiment;
  if (best) return { task: 'supervised', strength: 0.6, match: best.words.join(' ') };
  if (goal.trim() === '') return { task: 'supervised', strength: 0.3, match: '' };
  return summary ?? { task: 'summary', strength: 0.35, match: '' };
}

interface Likely {
  column: GoalColumn;
  fit: ValueFit;
  /** The name-and-place prior of rankTargets plus how well the values fit the question's answer. */
  score: number;
}

/**
 * The columns that look most like an outcome when the sentence names none, best first: by name and place
 * (rankTargets) and by what the values say about the answer the question wants (target-values.ts).
 */
function likelyTargets(
  columns: GoalColumn[],
  shape: AnswerShape,
  words: string[],
  duration?: { spoken: string[] },
): Likely[] {
  const ranked = rankTargets(columns.map((c, position) => ({ ...c, position, total: columns.length })));
  return ranked
    .flatMap((r) => {
      const column = columns.find((c) => c.name === r.name);
      if (!column) return [];
      const fit = valueFit(column, shape, columns, words, duration);
      return fit.score <= -1 ? [] : [{ column, fit, score: r.score + fit.score }];
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * A column of the wrong kind for the question: a quantity for a yes/no question, a class for "how many", or a
 * fraction for "how many" when only the sentence's subject or a modifier named it ("a PHD student": `phd`, a
 * department rating; "how many teachers" still takes the fractional full-time-equivalent `teachers`).
 */
function wrongShape(c: GoalColumn, shape: AnswerShape, subjectOnly: boolean): boolean {
  const quantity = c.kind === 'numeric' && (c.distinct ?? 0) > 7;
  if (shape === 'yes-no') return quantity;
  if (shape === 'count')
    return c.kind === 'categorical' || c.kind === 'boolean' || (subjectOnly && quantity && c.integer === false);
  // "how long until the cancer comes back" is no yes/no flag (survival::rotterdam's `recur`).
  if (shape === 'quantity') return c.kind === 'boolean' || (c.distinct ?? 99) <= 2;
  return false;
}

function fallbackWhy(col: GoalColumn): string {
  const few = col.kind === 'boolean' || (col.kind === 'categorical' && (col.distinct ?? 99) <= 20);
  return `\`${col.name}\` looks most like an outcome column${few ? ' (few classes)' : ''}`;
}

function pickDate(columns: GoalColumn[], goalWords: string[]): string | null {
  const dated = columns.filter((c) => c.kind === 'datetime' || c.timeIndex);
  // Without a parsed date column, a yearly or dated column may still be a whole number or text (1871, 1872, ...).
  const pool = dated.length
    ? dated
    : columns.filter(
        (c) =>
          (c.kind === undefined || c.kind === 'id' || c.kind === 'numeric') &&
          DATE_NAME.test(c.name) &&
          (c.kind !== 'numeric' || (c.distinct ?? 0) > 12),
      );
  const named = pool.find((c) => goalWords.some((w) => w.length > 2 && c.name.toLowerCase().includes(w)));
  return (named ?? pool.find((c) => DATE_NAME.test(c.name)) ?? pool[0])?.name ?? null;
}

function pickText(columns: GoalColumn[], goalWords: string[]): string | null {
  const texts = columns.filter((c) => c.kind === 'text');
  const pool = texts.length
    ? texts
    : columns.filter((c) => (c.kind === undefined || c.kind === 'categorical') && TEXT_NAME.test(c.name));
  const named = pool.find((c) =>
    goalWords.some((w) => w.length >= 4 && c.name.toLowerCase().includes(w.replace(/s$/, ''))),
  );
  return (named ?? pool.find((c) => TEXT_NAME.test(c.name)) ?? pool[0])?.name ?? null;
}
