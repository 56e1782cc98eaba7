import type { Intent, IntentReading } from '@shared/project';
import type { GoalContext } from '../goal-context';
import { explain } from '../explain';
import { looksLikeCodes } from '../target-fit';
import type { GoalColumn } from '../target-match';
import type { LlmOutcome, LlmReading } from './local-llm';

const NEEDS_TARGET = new Set(['classification', 'regression', 'forecast']);

/** The column called `name` (exactly, or the only one that differs in case), or undefined. */
function column(context: GoalContext, name: string | null | undefined): GoalColumn | undefined {
  if (!name) return undefined;
  const exact = context.columns.find((c) => c.name === name);
  if (exact) return exact;
  const folded = context.columns.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

/** Why a column cannot be the target of the task, or null when it can (an unknown kind is given the benefit). */
function misfit(task: LlmReading['task'], col: GoalColumn): string | null {
  const kind = col.kind;
  if (!kind) return null;
  if (kind === 'id' || kind === 'constant' || kind === 'datetime' || kind === 'text')
    return `'${col.name}' is ${kind === 'id' ? 'an identifier' : kind === 'constant' ? 'constant' : `a ${kind} column`}, not something to predict`;
  if ((task === 'regression' || task === 'forecast') && kind !== 'numeric') return `'${col.name}' is not a number`;
  if (task === 'regression' && looksLikeCodes(col, false))
    return `'${col.name}' holds only ${col.distinct} values, codes rather than amounts`;
  if (task === 'classification' && kind === 'numeric' && (col.distinct ?? 0) > 20)
    return `'${col.name}' holds ${col.distinct} different numbers, not classes`;
  return null;
}

/** The model's reading checked against the data: every column it names exists and fits its role. */
export function checkLlmReading(reading: LlmReading, context: GoalContext): LlmOutcome {
  const named: Array<[string, string | null | undefined]> = [
    ['target', reading.target],
    ['date', reading.date],
    ['text', reading.textColumn],
  ];
  for (const [role, name] of named)
    if (name && !column(context, name))
      return { ok: false, note: `The language model named a ${role} column '${name}' that the data does not have.` };
  const target = column(context, reading.target);
  if (NEEDS_TARGET.has(reading.task) && !target)
    return { ok: false, note: `The language model chose ${reading.task} without naming a column to predict.` };
  const wrong = target && reading.task !== 'correlation' ? misfit(reading.task, target) : null;
  if (wrong) return { ok: false, note: `The language model’s reading does not fit the data: ${wrong}.` };
  if (reading.task === 'image' && context.columns.length)
    return { ok: false, note: 'The language model read an image task, but the data is a table.' };
  if (reading.task === 'forecast') {
    const date = column(context, reading.date);
    const anyDate = context.columns.some((c) => c.kind === 'datetime' || c.kind === undefined);
    if ((date && date.kind && date.kind !== 'datetime') || (!date && !anyDate))
      return { ok: false, note: 'The language model read a forecast, but it named no date column the data has.' };
  }
  const text = column(context, reading.textColumn);
  if (reading.task === 'sentiment' && text?.kind && text.kind !== 'text')
    return { ok: false, note: `The language model read sentiment from '${text.name}', which is not free text.` };
  return {
    ok: true,
    reading: {
      ...reading,
      target: target?.name ?? null,
      date: column(context, reading.date)?.name ?? null,
      textColumn: text?.name ?? null,
    },
  };
}

/**
 * Lays a local model's reading over the rules' one. A checked reading that agrees raises the confidence; one that
 * differs becomes the reading, with the rules' reading first among the others. A failure keeps the rules' reading
 * and says why in `llmNote`.
 */
export function mergeLlmReading(rules: Intent, outcome: LlmOutcome, context: GoalContext): Intent {
  if (!outcome.ok) return { ...rules, readBy: 'rules', llmNote: `${outcome.note} The rules read the goal instead.` };
  const checked = checkLlmReading(outcome.reading, context);
  if (!checked.ok) return { ...rules, readBy: 'rules', llmNote: `${checked.note} The rules read the goal instead.` };
  const r = checked.reading;
  const target = r.target ?? null;
  const reason = r.reason ? `the language model: ${r.reason.trim()}` : 'read by the local language model';
  if (r.task === rules.task && target === rules.target) {
    return {
      ...rules,
      readBy: 'llm',
      confidence: Math.max(rules.confidence, 0.85),
      why: rules.why ? `${rules.why}; the language model agrees` : reason,
    };
  }
  const rulesReading: IntentReading = {
    task: rules.task,
    target: rules.target,
    confidence: Math.min(rules.confidence, 0.79),
    why: `the rules read it so${rules.why ? `: ${rules.why}` : ''}`,
  };
  const others = rules.alternatives
    .filter((a) => !(a.task === r.task && a.target === target))
    .map((a) => ({ ...a, confidence: Math.min(a.confidence, 0.78) }));
  const intent: Intent = {
    ...rules,
    task: r.task,
    target: NEEDS_TARGET.has(r.task) || r.task === 'correlation' || r.task === 'sentiment' ? target : null,
    date: r.task === 'forecast' ? (r.date ?? rules.date) : rules.date,
    horizon: r.task === 'forecast' ? (r.horizon ?? rules.horizon) : rules.horizon,
    k: r.task === 'segment' ? (r.k ?? rules.k) : rules.k,
    ...(r.task === 'sentiment' ? { textColumn: r.textColumn ?? rules.textColumn ?? null } : {}),
    confidence: 0.8,
    alternatives: [rulesReading, ...others].slice(0, 5),
    why: reason,
    readBy: 'llm',
  };
  delete intent.missingColumn;
  intent.explanation = explain(intent, '');
  return intent;
}
