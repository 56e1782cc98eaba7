import type { StageEdits } from '@shared/channels';
import type { ColumnPlan } from '@shared/project';

export type ColumnDraft = Pick<ColumnPlan, 'role' | 'impute' | 'encode' | 'scale'>;
export type PlanDraft = Record<string, ColumnDraft>;

export function draftFromPlan(columns: ColumnPlan[]): PlanDraft {
  return Object.fromEntries(
    columns.map((c) => [c.name, { role: c.role, impute: c.impute, encode: c.encode, scale: c.scale }]),
  );
}

/**
 * What the person changed, as `stage:confirm` edits: newly dropped columns go to `drop`, every other
 * change to `columns` (only the fields that differ). Empty when nothing changed.
 */
export function planEdits(columns: ColumnPlan[], draft: PlanDraft): StageEdits {
  const drop: string[] = [];
  const changed: NonNullable<StageEdits['columns']> = {};
  for (const c of columns) {
    const d = draft[c.name];
    if (!d) continue;
    if (d.role === 'drop' && c.role !== 'drop') {
      drop.push(c.name);
      continue;
    }
    const diff: Record<string, string> = {};
    for (const key of ['role', 'impute', 'encode', 'scale'] as const) if (d[key] !== c[key]) diff[key] = d[key];
    if (Object.keys(diff).length) changed[c.name] = diff;
  }
  const edits: StageEdits = {};
  if (drop.length) edits.drop = drop;
  if (Object.keys(changed).length) edits.columns = changed;
  return edits;
}
