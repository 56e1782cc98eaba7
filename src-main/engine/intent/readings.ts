import type { Intent, IntentReading } from '@shared/project';
import type { Task } from '@shared/tasks';
import type { WeightedWord } from './goal-words';
import { lexicalTask, supervisedTask } from './target-fit';
import type { ColumnMatch, GoalColumn } from './target-match';
import type { TaskCue } from './task-cues';
import { tokenize } from './words';

/** Words after which a sentence names what it wants ("predict THE SALARY", "how many CLAIMS", "what drives SALES"). */
const ANCHOR =
  /^(predict|predicting|forecast|forecasting|estimate|estimating|model|guess|calculate|compute|project|drives?|affects?|influences?|explains?|determines?|many|of)$/;

const NEEDS_TARGET: ReadonlySet<Task> = new Set(['classification', 'regression', 'forecast', 'correlation']);
/** Words that name the rows, not a column ("predict for each customer"). */
const ROW_NOUNS = new Set(
  'customer client user person people patient employee student passenger row item thing case record one someone'.split(
    ' ',
  ),
);
/** A head word whose best column match is below this did not find its column. */
const FOUND = 0.5;

interface ReadingInput {
  task: Task;
  target: string | null;
  confidence: number;
  cues: TaskCue[];
  counting: boolean;
  targetable: ColumnMatch[];
  columns: GoalColumn[];
  /** Columns that look most like an outcome, best first (offered when the sentence found few or none). */
  likely: GoalColumn[];
}

/** Other readings worth offering, best first, each with why it was proposed: other targets, then other tasks. */
export function alternatives(r: ReadingInput): IntentReading[] {
  const out: IntentReading[] = [];
  const push = (task: Task, target: string | null, conf: number, why?: string): void => {
    if (task === r.task && target === r.target) return;
    if (out.some((a) => a.task === task && a.target === target)) return;
    const confidence = Math.round(Math.max(0.01, Math.min(conf, r.confidence - 0.01)) * 100) / 100;
    out.push({ task, target, confidence, ...(why ? { why } : {}) });
  };
  const supervised = r.task === 'classification' || r.task === 'regression';
  if (supervised || r.task === 'forecast' || r.task === 'correlation') {
    const top = r.targetable[0]?.score || 1;
    for (const m of r.targetable.slice(0, 4)) {
      const t = supervised ? supervisedTask(m.column, r.cues, r.counting) : r.task;
      push(t, m.column.name, r.confidence * (m.score / top) * 0.9, m.why);
    }
    if (supervised && r.targetable.length < 2) {
      for (const col of r.likely.slice(0, 2))
        push(supervisedTask(col, r.cues, r.counting), col.name, 0.3, `\`${col.name}\` looks like an outcome column`);
    }
  }
  for (const cue of r.cues) {
    const t: Task =
      cue.task === 'supervised'
        ? r.targetable[0]
          ? supervisedTask(r.targetable[0].column, r.cues, r.counting)
          : lexicalTask(r.cues)
        : cue.task;
    const needsTarget = NEEDS_TARGET.has(t);
    push(
      t,
      needsTarget ? (r.targetable[0]?.column.name ?? r.target) : null,
      cue.strength * 0.6,
      `the goal says "${cue.match}"`,
    );
  }
  if (r.columns.length && r.task !== 'summary') push('summary', null, 0.2, 'a look at the data before any model');
  return out
    .filter((a) => a.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, 5);
}

/**
 * When the sentence names the thing to predict and no column is called anything like it ("predict the salary" on
 * a table without one), the words it used and the closest columns; null when the target was found or not named.
 */
/** Words that ask which kind a row is ("what kind of oil", "which type of car"). */
const KIND_WORDS = new Set(['kind', 'type', 'sort', 'class', 'category', 'variety', 'breed', 'species', 'genre']);

export function missingColumn(
  task: Task,
  goal: string,
  weighted: WeightedWord[],
  matches: ColumnMatch[],
  targetable: ColumnMatch[],
  target: string | null,
  likely: GoalColumn[],
): Intent['missingColumn'] | null {
  if (!NEEDS_TARGET.has(task)) return null;
  const best = targetable[0];
  if (best && best.column.name === target && best.score >= FOUND) return null;
  const found = new Set(matches.filter((m) => m.score >= FOUND * 0.8).flatMap((m) => m.words));
  const named = targetPhrase(goal);
  // "what KIND of oil is this" over a `class` column: the oil is the row's thing, the kind is the column.
  const words = tokenize(goal);
  const kindMatched = new Set(matches.filter((m) => m.score > 0).flatMap((m) => m.words));
  const kindOf = (i: number) =>
    words[i - 1] === 'of' && KIND_WORDS.has(words[i - 2] ?? '') && kindMatched.has(words[i - 2]);
  const heads = weighted.filter(
    (w) =>
      named.has(w.index) &&
      !kindOf(w.index) &&
      w.weight >= 0.75 &&
      w.word.length > 2 &&
      !ROW_NOUNS.has(w.word) &&
      // "how many TIMES will they visit" counts the verb, not a column called 'times'.
      w.word !== 'times' &&
      !/(ed|ing)$/.test(w.word) &&
      !found.has(w.word),
  );
  if (!heads.length) return null;
  const suggestions = [
    ...(target ? [target] : []),
    ...targetable.map((m) => m.column.name),
    ...matches.filter((m) => m.score > 0).map((m) => m.column.name),
    ...likely.map((c) => c.name),
  ].filter((name, i, all) => all.indexOf(name) === i);
  return {
    named: heads
      .map((h) => h.word)
      .slice(0, 3)
      .join(' '),
    suggestions: suggestions.slice(0, 3),
  };
}

/** Indexes of the words that stand where a sentence names its target: up to three content words after an anchor. */
function targetPhrase(goal: string): Set<number> {
  const words = tokenize(goal);
  const out = new Set<number>();
  words.forEach((w, i) => {
    const whatIs = (w === 'is' || w === 'are') && ['what', 'whats'].includes(words[i - 1] ?? '');
    if (!ANCHOR.test(w) && !whatIs && !(w === 'whats')) return;
    for (let j = i + 1, n = 0; j < words.length && n < 3; j++) {
      if (/^(from|using|with|given|based|for|in|by|of|per|until|when|after|before|across)$/.test(words[j])) break;
      if (/^(the|a|an|my|our|their|this|these|its)$/.test(words[j])) continue;
      out.add(j);
      n++;
    }
  });
  return out;
}
