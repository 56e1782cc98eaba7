import { describe, expect, it } from 'vitest';
import type { ModelExplanations, PartialDependence, RowExplanation } from '../explain';
import { partialDependenceSpec, waterfallSentence, waterfallSpec } from './builders-explain';
import type { BarSpec } from './spec';

const model = {
  formatVersion: 1,
  modelId: 'm',
  target: 'read3',
  output: 'read3',
  how: { method: 'tree', exact: true, scale: 'value' },
  rows: 100,
  base: 615,
  columns: [],
  beeswarm: [],
  dependence: [],
  partialDependence: [],
  examples: [],
} as ModelExplanations;

const byLunch = (average: number[], scale: PartialDependence['scale'] = 'value'): BarSpec =>
  partialDependenceSpec(
    { column: 'lunch3', scale, kind: 'categorical', grid: [0, 1], labels: ['non-free', 'free'], average, ice: [] },
    model,
  ) as BarSpec;

describe('partial dependence of a category', () => {
  it('draws predictions far from zero from their middle, printing the predictions themselves', () => {
    // AER STAR reading scores: 623.2 and 610.5 drawn from zero looked like two equal bars.
    const spec = byLunch([623.2, 610.5]);
    expect(spec.bars.map((b) => b.value)).toEqual([expect.closeTo(6.35, 6), expect.closeTo(-6.35, 6)]);
    expect(spec.bars.map((b) => b.valueText)).toEqual(['623.2', '610.5']);
    expect(spec.x?.label).toBe('Predicted read3 above or below 616.9');
  });

  it('keeps bars from zero for probabilities and for values whose spread shows from zero', () => {
    expect(byLunch([0.9, 0.85], 'probability').bars.map((b) => b.value)).toEqual([0.9, 0.85]);
    expect(byLunch([30, 12]).bars.map((b) => b.value)).toEqual([30, 12]);
    expect(byLunch([-4, 6]).bars.map((b) => b.valueText)).toEqual([undefined, undefined]);
  });
});

describe('why one row (waterfall)', () => {
  // ggplot2 mpg's 'suv' probability: the ends read "23.1% = 23.1% suv", the sentence 0.231 and +0.1478.
  const row: RowExplanation = {
    method: 'sampling',
    exact: false,
    scale: 'probability',
    output: 'suv',
    base: 0.231,
    value: 0.6273,
    contributions: [
      { column: 'cty', value: '11', effect: 0.1478 },
      { column: 'hwy', value: '15', effect: 0.2485 },
    ],
  };

  it('prints probabilities once, in percent, at the ends and in the sentence', () => {
    const spec = waterfallSpec(row);
    expect(spec.base.note).toBe('suv');
    expect(spec.total.note).toBe('suv');
    expect(waterfallSentence(row)).toBe(
      "The model starts from the average probability of 'suv' (23.1%) and each bar shows how much one column of this row moved it: cty = 11 moved it most (+14.8%), ending at 62.7%.",
    );
  });
});
