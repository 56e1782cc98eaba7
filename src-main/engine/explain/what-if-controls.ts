/**
 * The what-if form's controls for a model's inputs: categories the model was fitted with (its one-hot, ordinal and
 * target-encoding steps; the training profile's frequent values otherwise), true/false, numbers with the training
 * range from the profile (whole numbers when the column was stored as integers), dates with their range, free text.
 */
import type { WhatIfControl } from '@shared/explain';
import type { ColumnProfile, DataProfile } from '@shared/project';
import type { FittedPipeline } from '../pipeline/types';
import { singlesOf } from './singles';

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;

/** Categories some step of the model was fitted with, per column (first seen order). */
function fittedCategories(p: FittedPipeline): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const s of singlesOf(p))
    for (const step of s.steps) {
      if (step.kind !== 'onehot' && step.kind !== 'ordinal' && step.kind !== 'target') continue;
      const seen = out.get(step.column) ?? new Set<string>();
      step.categories.forEach((c) => seen.add(c));
      out.set(step.column, seen);
    }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

export function whatIfControls(p: FittedPipeline, profile?: DataProfile): WhatIfControl[] {
  const categories = fittedCategories(p);
  const columns = new Map((profile?.columns ?? []).map((c) => [c.name, c]));
  return p.inputs.map(({ name: column, kind }): WhatIfControl => {
    const prof = columns.get(column);
    const control = controlOf(column, kind, prof, categories);
    return prof?.written !== undefined ? { ...control, written: prof.written } : control;
  });
}

function controlOf(
  column: string,
  kind: FittedPipeline['inputs'][number]['kind'],
  prof: ColumnProfile | undefined,
  categories: Map<string, string[]>,
): WhatIfControl {
  if (kind === 'boolean') return { column, kind: 'boolean' };
  if (kind === 'numeric') {
    const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : undefined);
    const min = finite(prof?.min);
    const max = finite(prof?.max);
    return {
      column,
      kind: 'number',
      ...(min !== undefined && max !== undefined && min < max ? { min, max } : {}),
      integer: INTEGER_TYPES.test(prof?.dbType ?? ''),
    };
  }
  if (kind === 'datetime')
    return {
      column,
      kind: 'date',
      ...(prof?.dateMin ? { min: prof.dateMin.slice(0, 10) } : {}),
      ...(prof?.dateMax ? { max: prof.dateMax.slice(0, 10) } : {}),
    };
  if (kind === 'categorical') {
    const known = categories.get(column) ?? prof?.topValues?.map((t) => t.value) ?? [];
    if (known.length > 0)
      return {
        column,
        kind: 'choice',
        options: [...known].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
      };
  }
  return { column, kind: 'text' };
}
