import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from '@shared/project';
import { t } from '../../strings';
import { columnSummary } from './ColumnTable';

const numeric = (mean: number, std: number, min: number, max: number): ColumnProfile => ({
  name: 'x',
  kind: 'numeric',
  dbType: 'DOUBLE',
  missing: 0,
  missingPct: 0,
  distinct: 100,
  mean,
  std,
  min,
  max,
});

describe('columnSummary', () => {
  it('writes the numbers of one line in one style', () => {
    // Before: "mean 9649 ± 1127 · 6675 – 12.85k" (only the maximum abbreviated).
    expect(columnSummary(numeric(9649, 1127, 6675, 12_850))).toBe(
      `${t.profile.mean('9.65k')} ± 1.13k · 6.67k – 12.85k`,
    );
    expect(columnSummary(numeric(5.5, 1.25, 0, 9.75))).toBe(`${t.profile.mean('5.5')} ± 1.25 · 0 – 9.75`);
    expect(columnSummary({ ...numeric(3, 0, 3, 3), std: Number.NaN })).toBe(`${t.profile.mean('3')} ± – · 3 – 3`);
  });
});

describe('budget echo', () => {
  it('says the unit, and the minutes only when the seconds alone say less', () => {
    expect(t.models.budgetEcho(10, '10 s')).toBe('s');
    expect(t.models.budgetEcho(75, '1 min 15 s')).toBe('s · 1 min 15 s');
  });
});
