import type { StageEdits } from '@shared/channels';
import type { ModelSelection } from '@shared/project';

export interface SelectionDraft {
  selected: string[];
  budgetSeconds: number;
}

export function draftFromSelection(sel: ModelSelection): SelectionDraft {
  return { selected: sel.candidates.filter((c) => c.selected).map((c) => c.family), budgetSeconds: sel.budgetSeconds };
}

/** Models and budget edits for `stage:confirm`; only what differs from the proposal. */
export function selectionEdits(sel: ModelSelection, draft: SelectionDraft): StageEdits {
  const edits: StageEdits = {};
  const before = sel.candidates
    .filter((c) => c.selected)
    .map((c) => c.family)
    .sort()
    .join(',');
  if ([...draft.selected].sort().join(',') !== before)
    edits.models = sel.candidates.map((c) => c.family).filter((f) => draft.selected.includes(f));
  if (Math.round(draft.budgetSeconds) !== Math.round(sel.budgetSeconds))
    edits.budgetSeconds = Math.round(draft.budgetSeconds);
  return edits;
}

export const BUDGET_MIN = 10;
export const BUDGET_MAX = 1800;

export function clampBudget(seconds: number): number {
  return Math.min(BUDGET_MAX, Math.max(BUDGET_MIN, Math.round(Number.isFinite(seconds) ? seconds : BUDGET_MIN)));
}
