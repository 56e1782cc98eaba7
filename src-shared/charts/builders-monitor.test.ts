import { describe, expect, it } from 'vitest';
import type { BatchSummary, FeatureDrift } from '../monitor';
import { driftSpec } from './builders-monitor';
import { renderChartSvg } from './render';
import { chartTable } from './table';
import { allText, byClass, findAll, parseXml } from './xml-lite';

const feature = (f: string, psi: number, extra: Partial<FeatureDrift> = {}): FeatureDrift => ({
  feature: f,
  kind: 'numeric',
  psi,
  missingRate: 0,
  trainingMissingRate: 0,
  level: 'ok',
  reasons: [],
  ...extra,
});
// Only the fields driftSpec reads: a diamonds batch with bigger stones, a new cut and depth often empty.
const batch = (at: number, drift: FeatureDrift[]) => ({ role: 'champion', at, drift }) as unknown as BatchSummary;

describe('driftSpec', () => {
  it('shows unseen categories and emptier columns that the PSI cannot see, coloured by their level', () => {
    const spec = driftSpec(
      ['carat', 'cut', 'depth', 'table'],
      [
        batch(Date.UTC(2026, 11, 7, 22), [
          feature('carat', 0.01),
          feature('cut', 0.01, { kind: 'categorical' }),
          feature('depth', 0),
          feature('table', 0),
        ]),
        batch(Date.UTC(2026, 11, 7, 23), [
          feature('carat', 1.29, { level: 'alert' }),
          feature('cut', 0, { kind: 'categorical', unseenShare: 0.2, level: 'alert' }),
          feature('depth', 0, { missingRate: 0.16, level: 'alert' }),
          feature('table', 0),
        ]),
      ],
      0.25,
    );
    expect(spec.cellNotes).toEqual([
      [null, null],
      [null, '20% new'],
      [null, '+16% empty'],
      [null, null],
    ]);
    // Before, cut and depth read 0.00 in the palest colour beside 'carat 1.29' while their alerts were open.
    expect(spec.colorValues?.map((r) => r[1])).toEqual([0.5, 0.5, 0.5, 0]);
    const words = findAll(parseXml(renderChartSvg(spec)), byClass('cell')).map(allText);
    // Each cell's text: its tooltip, then what is printed in it.
    expect(words).toContain('cut × 12-07 23:00: 0.00 (20% new)20% new');
    expect(words).toContain('depth × 12-07 23:00: 0.00 (+16% empty)+16% empty');
    expect(words).toContain('carat × 12-07 23:00: 1.291.29');
    // The chart's Table view says the same.
    expect(chartTable(spec).rows[1]).toEqual(['cut', '0.01', '0.00 (20% new)']);
  });
});
