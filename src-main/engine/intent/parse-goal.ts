import type { Intent } from '@shared/project';
import type { Task } from '@shared/tasks';
import type { GoalContext } from './goal-context';
import { parseGroupCount, parseSpokenHorizon, toDataPeriods } from './horizon';
import { explain } from './explain';
import { rankTargets } from './suggest-target';
import { cueFor, taskCues, type TaskCue } from './task-cues';
import { matchColumns, weighWords, type ColumnMatch, type GoalColumn } from './target-match';
import { tokenize } from './words';

export type { GoalContext } from './goal-context';
export { goalContextFromProfile } from './goal-context';
export { suggestTarget } from './suggest-target';

/** A column match below this is not trusted as the target. */
const MIN_TARGET_SCORE = 0.45;
const DATE_NAME = /(^|[^a-z])(date|time|day|month|year|period|timestamp|datetime|ds|week)([^a-z]|$)|Date|Time/i;
const SENTIMENT_LABEL = /sentiment|label|polarity|rating|stars?|score|feeling|mood|emotion/i;
const TEXT_NAME =
  /(text|review|comment|message|body|content|tweet|feedback|description|sentence|title|summary|post|email|sms)/i;

/**
 * Reads a goal sentence as an Intent with rules and column statistics only (no network):
 * the task, the target column (by name, synonym, stem or value), the horizon in the data's
 * periods, the number of groups, the date and text columns, a confidence and alternatives.
 */
export function parseGoal(goal: string, context?: GoalContext): Intent {
  const columns = (context?.columns ?? []).filter((c) => c.kind !== 'constant');
  const words = tokenize(goal);
  const cues = taskCues(goal);
  const weighted = weighWords(goal);
  const matches = matchColumns(weighted, columns, goal);
  const targetable = matches.filter(
    (m) => !['id', 'datetime', 'constant', 'text'].includes(m.column.kind ?? '') && m.score >= MIN_TARGET_SCORE,
  );
  const best = targetable[0] ?? null;
  const targetWords = weighted.filter((w) => w.weight > 0).map((w) => w.word);
  const task = chooseTask(cues, best, columns, goal);
  const fallback = fallbackTarget(columns);

  let target: string | null = null;
  let date: string | null = null;
  let textColumn: string | null = null;
  let horizon: number | null = null;
  let k: number | null = null;
  let resolved: Task = task.task === 'supervised' ? 'classification' : task.task;
  let confidence = task.strength;

  if (task.task === 'supervised') {
    const pick = best ?? (fallback ? { column: fallback, score: 0.3 } : null);
    target = pick?.column.name ?? null;
    resolved = pick ? supervisedTask(pick.column, cues) : lexicalTask(cues);
    // A value match ("spam" among spam/ham) is good evidence but indirect; a guessed target is weak.
    const factor = best ? (best.via === 'value' ? 0.87 : 0.5 + 0.5 * best.score) : columns.length ? 0.45 : 0.75;
    confidence = task.strength * factor;
  } else if (resolved === 'forecast') {
    date = pickDate(
      columns,
      weighted.map((w) => w.word),
    );
    const numericBest = targetable.find((m) => m.column.kind === undefined || m.column.kind === 'numeric');
    const numericCols = columns.filter((c) => c.kind === 'numeric' && c.name !== date);
    target = numericBest?.column.name ?? (numericCols.length === 1 ? numericCols[0].name : null);
    const targetScore = numericBest?.score ?? (target ? 0.6 : 0);
    const spoken = parseSpokenHorizon(words);
    horizon = spoken ? toDataPeriods(spoken, context?.period) : null;
    if (columns.length) confidence *= (date ? 1 : 0.6) * (target ? 0.6 + 0.4 * targetScore : 0.6);
  } else if (resolved === 'segment') {
    k = parseGroupCount(words, goal);
  } else if (resolved === 'sentiment') {
    textColumn = pickText(
      columns,
      weighted.map((w) => w.word),
    );
    // Only a column that is itself a sentiment label (sentiment, rating, label, ...) can teach the scorer.
    const label = targetable.find((m) => m.score >= 0.6 && SENTIMENT_LABEL.test(m.column.name)) ?? null;
    target = label?.column.name ?? null;
    if (columns.length && !textColumn) confidence *= 0.5;
  } else if (resolved === 'correlation') {
    target = best?.column.name ?? null;
  }
  if (resolved === 'image' && columns.length > 0) confidence *= 0.6;
  if (goal.trim() === '') {
    resolved = fallback ? supervisedTask(fallback, []) : 'summary';
    target = fallback?.name ?? null;
    confidence = fallback ? 0.3 : 0.5;
  }
  confidence = Math.round(Math.min(0.98, confidence) * 100) / 100;

  const intent: Intent = {
    task: resolved,
    target,
    horizon,
    k,
    date,
    ...(resolved === 'sentiment' ? { textColumn } : {}),
    confidence,
    alternatives: alternatives(resolved, target, confidence, cues, targetable, columns),
    explanation: '',
    ...(targetWords.length ? { targetWords } : {}),
  };
  intent.explanation = explain(intent, task.match);
  return intent;
}

/** Picks the reading of the sentence; "supervised" is split into classification/regression later. */
function chooseTask(cues: TaskCue[], best: ColumnMatch | null, columns: GoalColumn[], goal: string): TaskCue {
  const has = (t: TaskCue['task']): TaskCue | undefined => cueFor(cues, t);
  const supervised = has('supervised') ?? has('classification') ?? has('regression');
  const strongTarget = best !== null && best.score >= 0.7;
  const hasText = columns.some((c) => c.kind === 'text') || columns.length === 0;
  if (has('image') && (columns.length === 0 || !strongTarget)) return has('image') as TaskCue;
  if (has('forecast')) return has('forecast') as TaskCue;
  const segment = has('segment');
  if (segment && !(strongTarget && /\bsegments?\b|\bclusters?\b/.test(best?.words.join(' ') ?? '') && supervised))
    return segment;
  const sentiment = has('sentiment');
  if (sentiment && hasText) return sentiment;
  const anomaly = has('anomaly');
  // "detect fraud" with an is_fraud column is classification; "find unusual transactions" is anomaly detection.
  if (anomaly && (anomaly.strength >= 0.9 || !strongTarget)) return anomaly;
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

/** Classes for categorical, boolean or few-valued targets; regression for numeric ones with many values. */
function supervisedTask(col: GoalColumn, cues: TaskCue[]): Task {
  if (col.kind === 'categorical' || col.kind === 'boolean' || col.kind === 'text') return 'classification';
  if (col.kind === 'numeric') {
    const distinct = col.distinct ?? Infinity;
    if (distinct <= 10) return 'classification';
    if (distinct <= 20 && cueFor(cues, 'classification') && !cueFor(cues, 'regression')) return 'classification';
    return 'regression';
  }
  return lexicalTask(cues);
}

/** Without column facts: whichever of the classification/regression wordings is stronger. */
function lexicalTask(cues: TaskCue[]): Task {
  const c = cueFor(cues, 'classification')?.strength ?? 0;
  const r = cueFor(cues, 'regression')?.strength ?? 0;
  return r > c ? 'regression' : 'classification';
}

function fallbackTarget(columns: GoalColumn[]): GoalColumn | null {
  const ranked = rankTargets(columns.map((c, position) => ({ ...c, position, total: columns.length })));
  return ranked.length ? (columns.find((c) => c.name === ranked[0].name) ?? null) : null;
}

function pickDate(columns: GoalColumn[], goalWords: string[]): string | null {
  const dated = columns.filter((c) => c.kind === 'datetime');
  const pool = dated.length ? dated : columns.filter((c) => c.kind === undefined && DATE_NAME.test(c.name));
  const named = pool.find((c) => goalWords.some((w) => c.name.toLowerCase().includes(w)));
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

/** Other readings worth offering: other targets for the same task, then other tasks the wording allows. */
function alternatives(
  task: Task,
  target: string | null,
  confidence: number,
  cues: TaskCue[],
  targetable: ColumnMatch[],
  columns: GoalColumn[],
): Intent['alternatives'] {
  const out: Intent['alternatives'] = [];
  const push = (t: Task, col: string | null, conf: number): void => {
    if (t === task && col === target) return;
    if (out.some((a) => a.task === t && a.target === col)) return;
    out.push({ task: t, target: col, confidence: Math.round(Math.min(conf, confidence - 0.01) * 100) / 100 });
  };
  if (task === 'classification' || task === 'regression' || task === 'forecast' || task === 'correlation') {
    const top = targetable[0]?.score || 1;
    for (const m of targetable.slice(0, 4)) {
      const t = task === 'forecast' || task === 'correlation' ? task : supervisedTask(m.column, cues);
      push(t, m.column.name, confidence * (m.score / top) * 0.9);
    }
  }
  for (const cue of cues) {
    const t: Task =
      cue.task === 'supervised'
        ? targetable[0]
          ? supervisedTask(targetable[0].column, cues)
          : lexicalTask(cues)
        : cue.task;
    const needsTarget = t === 'classification' || t === 'regression' || t === 'forecast' || t === 'correlation';
    push(t, needsTarget ? (targetable[0]?.column.name ?? target) : null, cue.strength * 0.6);
  }
  if (columns.length && task !== 'summary') push('summary', null, 0.2);
  return out
    .filter((a) => a.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, 5);
}
