import type { DataProfile } from '@shared/project';
import type { GoalColumn } from './target-match';
import { INTEGER_TYPE } from './goal-context';
import { looksLikeYear } from './target-values';
import { splitName } from './words';

/** Column names people give the thing they want predicted (split into words, singular). */
const TARGET_WORDS = new Set([
  'target',
  'label',
  'class',
  'y',
  'outcome',
  'result',
  'response',
  'churn',
  'churned',
  'exited',
  'attrition',
  'survived',
  'survival',
  'price',
  'saleprice',
  'sale',
  'sales',
  'default',
  'fraud',
  'diagnosis',
  'species',
  'quality',
  'status',
  'category',
  'rating',
  'score',
  'spam',
  'sentiment',
  'medv',
  'cmedv',
  'charges',
  'salary',
  'wage',
  'income',
  'revenue',
  'demand',
  'approved',
  'purchased',
  'converted',
  'clicked',
  'progression',
  'disease',
  'stroke',
  'diabetes',
  'cancer',
  'malignant',
  'loan_status',
  'defaulted',
  'subscribed',
  'deposit',
  'left',
  // Decisions and take-up, as economists' tables name their response (AER HMDA `deny`, SwissLabor `participation`).
  'deny',
  'denied',
  'accepted',
  'rejected',
  'admitted',
  'admit',
  'participation',
]);

/** A column that could be a target, with the facts used to rank it. */
export interface TargetCandidate extends GoalColumn {
  missingPct?: number;
  position: number;
  total: number;
}

/**
 * Ranks columns as likely targets: a target-like name counts most (the whole name more than one of its words:
 * `survived` over `passengerClass`), then the conventional places of the response: the last column, or the first
 * one when it holds a few classes (R's tables put the response first: AER CreditCard `card`, HMDA `deny`, carData
 * TitanicSurvival `survived` after the names), then being something a model can predict (few classes or numeric).
 * IDs, dates (a yearly index included), years (`year`, `dxyr`, whole numbers 1800-2100), free text and constants
 * never qualify.
 */
export function rankTargets(cols: TargetCandidate[]): Array<{ name: string; score: number }> {
  const usable = cols.filter(
    (c) => !['id', 'datetime', 'text', 'constant'].includes(c.kind ?? '') && !c.timeIndex && !looksLikeYear(c),
  );
  const first = usable.length ? Math.min(...usable.map((c) => c.position)) : -1;
  return usable
    .map((c) => {
      const words = splitName(c.name);
      const few = c.kind === 'boolean' || (c.kind === 'categorical' && (c.distinct ?? 99) <= 20);
      let score = 0;
      if (TARGET_WORDS.has(c.name.toLowerCase())) score += 0.5;
      else if (words.some((w) => TARGET_WORDS.has(w))) score += 0.3;
      if (c.position === c.total - 1) score += 0.25;
      if (c.position === first) score += few ? 0.1 : -0.1;
      if (few) score += 0.1;
      if (c.kind === 'categorical' && (c.distinct ?? 0) > 50) score -= 0.3;
      if ((c.missingPct ?? 0) > 0.2) score -= 0.3;
      return { name: c.name, score };
    })
    .sort((a, b) => b.score - a.score);
}

/** The likeliest target column of a profiled table, or null when nothing qualifies. */
export function suggestTarget(profile: DataProfile): string | null {
  const total = profile.columns.length;
  const ranked = rankTargets(
    profile.columns.map((c, position) => ({
      name: c.name,
      kind: c.kind,
      distinct: c.distinct,
      missingPct: c.missingPct,
      topValues: c.topValues?.map((v) => v.value),
      ...(c.min !== undefined && c.max !== undefined ? { min: c.min, max: c.max } : {}),
      integer: INTEGER_TYPE.test(c.dbType),
      position,
      total,
    })),
  );
  return ranked.length && ranked[0].score > 0 ? ranked[0].name : null;
}
