import type { ColumnProfile, DataProfile } from '@shared/project';
import type { Period } from './horizon';
import type { GoalColumn } from './target-match';

/** What the goal parser may know about the data; everything is optional so a bare sentence parses too. */
export interface GoalContext {
  columns: GoalColumn[];
  rows?: number;
  /** Spacing of the data's date column, used to express a horizon in the data's own periods. */
  period?: Period | null;
}

/** What the goal parser reads of a profile; a full DataProfile is one. */
export interface GoalProfile {
  rows: number;
  columns: Array<
    Pick<ColumnProfile, 'name' | 'kind' | 'distinct' | 'missingPct' | 'topValues' | 'period' | 'min' | 'max'>
  >;
  correlations: DataProfile['correlations'];
  warnings: string[];
}

/** Builds the parser's context from a profile, taking the period from the first datetime column that has one. */
export function goalContextFromProfile(profile: GoalProfile): GoalContext {
  const period = profile.columns.find((c) => c.kind === 'datetime' && c.period)?.period ?? null;
  return {
    rows: profile.rows,
    period,
    columns: profile.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      distinct: c.distinct,
      ...(c.topValues ? { topValues: c.topValues.map((v) => v.value) } : {}),
    })),
  };
}
