import type { ColumnProfile, DataProfile } from '@shared/project';
import type { Period } from './horizon';
import type { ColumnFacts } from './target-fit';
import type { GoalColumn } from './target-match';

/** What the goal parser may know about the data; everything is optional so a bare sentence parses too. */
export interface GoalContext extends ColumnFacts {
  columns: GoalColumn[];
  rows?: number;
  /** Spacing of the data's date column, used to express a horizon in the data's own periods. */
  period?: Period | null;
}

/** Two categorical columns this associated determine each other: one may merely encode the other. */
const SAME_INFORMATION = 0.98;
/** DuckDB's whole-number types (TINYINT ... HUGEINT, UBIGINT): the file held no fractions in that column. */
export const INTEGER_TYPE = /^U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?$/i;
const LEAK_WARNING = /^Possible leakage: '(.+?)' predicts the target/;

/** What the goal parser reads of a profile; a full DataProfile is one. */
export interface GoalProfile {
  rows: number;
  columns: Array<
    Pick<ColumnProfile, 'name' | 'kind' | 'distinct' | 'missingPct' | 'topValues' | 'period' | 'min' | 'max'> &
      Partial<Pick<ColumnProfile, 'dbType'>>
  >;
  correlations: DataProfile['correlations'];
  warnings: string[];
}

/**
 * Builds the parser's context from a profile: the columns with a few values each, the period of the first dated
 * column, pairs of columns that carry the same information and the columns the profile warned may leak.
 */
export function goalContextFromProfile(profile: GoalProfile): GoalContext {
  // A date column's spacing, else a yearly index's (whole-number years the profile found in order).
  const period =
    (profile.columns.find((c) => c.kind === 'datetime' && c.period) ?? profile.columns.find((c) => c.period))?.period ??
    null;
  return {
    rows: profile.rows,
    period,
    columns: profile.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      distinct: c.distinct,
      ...(c.dbType ? { integer: INTEGER_TYPE.test(c.dbType) } : {}),
      ...(c.kind !== 'datetime' && c.period ? { timeIndex: true } : {}),
      ...(c.topValues ? { topValues: c.topValues.map((v) => v.value) } : {}),
      ...(c.min !== undefined && c.max !== undefined ? { min: c.min, max: c.max } : {}),
    })),
    related: profile.correlations
      .filter((c) => c.method === 'cramers_v' && c.value >= SAME_INFORMATION)
      .map((c) => ({ a: c.a, b: c.b })),
    leaks: profile.warnings.flatMap((w) => LEAK_WARNING.exec(w)?.[1] ?? []),
  };
}
