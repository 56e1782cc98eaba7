import type { Task } from '@shared/tasks';
import type { ColumnMatch, GoalColumn } from './target-match';
import { cueFor, type TaskCue } from './task-cues';

/** Strong associations between columns and the columns the profile warned about, from goal-context.ts. */
export interface ColumnFacts {
  /** Pairs of columns that (nearly) determine each other (Cramér's V ≥ .98). */
  related?: Array<{ a: string; b: string }>;
  /** Columns the profile flagged as possibly leaking the target. */
  leaks?: string[];
  rows?: number;
}

/** True for whole numbers few and close together (at most 7 levels, codes): a class rather than a quantity. */
export function looksLikeCodes(col: GoalColumn, counting: boolean): boolean {
  const distinct = col.distinct ?? Infinity;
  if (distinct <= 2) return true;
  if (counting || distinct > 7) return false;
  const values = (col.topValues ?? []).map(Number);
  if (values.some((v) => !Number.isInteger(v))) return false;
  return col.min === undefined || col.max === undefined || col.max - col.min <= 20;
}

/** Classification or regression for a column, from its kind and values and from the wording. */
export function supervisedTask(col: GoalColumn, cues: TaskCue[], counting: boolean): Task {
  if (col.kind === 'categorical' || col.kind === 'boolean' || col.kind === 'text') return 'classification';
  if (col.kind === 'numeric') {
    // "how far / how long / how old …" asks a magnitude as "how many" does: years of schooling 12..18 (AER
    // CollegeDistance's `education`, 7 levels) are a number there, not 7 classes.
    const measuring = counting || /^how /.test(cueFor(cues, 'regression')?.match ?? '');
    if (looksLikeCodes(col, measuring)) return 'classification';
    const distinct = col.distinct ?? Infinity;
    if (!counting && distinct <= 20 && cueFor(cues, 'classification') && !cueFor(cues, 'regression'))
      return 'classification';
    return 'regression';
  }
  return lexicalTask(cues);
}

/** Without column facts: whichever of the classification/regression wordings is stronger. */
export function lexicalTask(cues: TaskCue[]): Task {
  const c = cueFor(cues, 'classification')?.strength ?? 0;
  const r = cueFor(cues, 'regression')?.strength ?? 0;
  return r > c ? 'regression' : 'classification';
}

/** What kind of answer the wording asks for: a class ("is it", "which", "detect"), a number ("how much"), or either. */
export function wantedAnswer(cues: TaskCue[], counting: boolean): 'class' | 'number' | 'either' {
  if (counting) return 'number';
  const c = cueFor(cues, 'classification')?.strength ?? 0;
  const r = cueFor(cues, 'regression')?.strength ?? 0;
  if (c > r) return 'class';
  if (r > c) return 'number';
  return 'either';
}

/**
 * Weighs matches by how sensible each column is as the target: a type that fits the wording (no regression on a
 * 0/1 count because its name matched "is it spam"), not an identifier-like or leaking column, and not a column that
 * merely encodes another matching one (a batch folder `fraud-2` beside the clean label `fraud`).
 */
export function weighFit(
  matches: ColumnMatch[],
  cues: TaskCue[],
  counting: boolean,
  facts: ColumnFacts,
): ColumnMatch[] {
  const wanted = wantedAnswer(cues, counting);
  const out = matches.map((m) => {
    let f = 1;
    const col = m.column;
    const numeric = col.kind === 'numeric' && !looksLikeCodes(col, counting);
    const classy = col.kind === 'categorical' || col.kind === 'boolean' || (col.kind === 'numeric' && !numeric);
    if (col.kind && wanted === 'class' && numeric) f *= 0.7;
    if (col.kind && wanted === 'number' && classy && col.kind !== 'numeric') f *= counting ? 0.7 : 0.8;
    // Fewer than ~10 rows a class on average: more an identifier than an outcome. 51 states over 1005 US cities
    // (maps::us.cities) average 20 a class and are a fine outcome.
    const many = (col.distinct ?? 0) > 50 && (facts.rows === undefined || (col.distinct ?? 0) > 0.1 * facts.rows);
    if (col.kind === 'categorical' && many) f *= 0.6;
    if (facts.leaks?.includes(col.name)) f *= 0.85;
    return { ...m, score: m.score > 0 ? m.score * f : m.score };
  });
  for (const pair of facts.related ?? []) {
    const a = out.find((m) => m.column.name === pair.a);
    const b = out.find((m) => m.column.name === pair.b);
    if (!a || !b || a.score <= 0 || b.score <= 0) continue;
    const [finer, coarser] = (a.column.distinct ?? 0) > (b.column.distinct ?? 0) ? [a, b] : [b, a];
    if ((finer.column.distinct ?? 0) === (coarser.column.distinct ?? 0)) continue;
    finer.score *= 0.8;
    finer.why = `${finer.why}; it only encodes \`${coarser.column.name}\``;
  }
  return out.sort((x, y) => y.score - x.score);
}
