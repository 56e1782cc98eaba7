import type { StageEdits } from '@shared/channels';
import type { Intent } from '@shared/project';
import type { Task } from '@shared/tasks';

/** The corrections a person is making to a parsed intent, before they are sent. */
export interface IntentDraft {
  task: Task;
  target: string | null;
  horizon: number | null;
  k: number | null;
  date: string | null;
  /** Forecast of one of several series side by side: the value read, or null for all of them combined. */
  series?: { column: string; value: string | null };
}

export function draftFrom(intent: Intent): IntentDraft {
  return {
    task: intent.task,
    target: intent.target,
    horizon: intent.horizon,
    k: intent.k,
    date: intent.date,
    ...(intent.series ? { series: { column: intent.series.column, value: intent.series.value } } : {}),
  };
}

/** Only what changed goes to `stage:confirm` (an unchanged field would needlessly re-run stages). */
export function intentEdits(intent: Intent, draft: IntentDraft): StageEdits {
  const edits: StageEdits = {};
  if (draft.task !== intent.task) edits.task = draft.task;
  if ((draft.target ?? null) !== (intent.target ?? null)) edits.target = draft.target;
  if ((draft.horizon ?? null) !== (intent.horizon ?? null)) edits.horizon = draft.horizon;
  if ((draft.k ?? null) !== (intent.k ?? null)) edits.k = draft.k;
  if ((draft.date ?? null) !== (intent.date ?? null)) edits.date = draft.date;
  if (draft.series && draft.series.value !== (intent.series?.value ?? null)) edits.series = draft.series;
  return edits;
}

/** Tasks that predict a column (and so need a target). */
export const NEEDS_TARGET: ReadonlySet<Task> = new Set(['classification', 'regression', 'forecast']);
