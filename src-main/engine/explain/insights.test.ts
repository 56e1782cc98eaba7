import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '@shared/charts';
import {
  dependenceSpec,
  partialDependenceSpec,
  summaryBarSpec,
  summarySpec,
  waterfallSpec,
} from '@shared/charts/builders-explain';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { buildBackground } from './background';
import { explainRows } from './explain';
import { categoryEffects, explainModel } from './insights';
import { rowExplanation } from './row';

const train = makeTable(200, 21);
const held = makeTable(150, 22);

describe('categoryEffects', () => {
  // Found on Forbes2000's 27 categories: the dependence chart had a bar called "1 others".
  it('names a single left-over category and groups two or more as "N others"', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `c${i}`);
    const v = eleven.flatMap((c, i) => Array<string>(20 - i).fill(c));
    const labels = categoryEffects(v, new Float64Array(v.length).fill(1)).map((c) => c.label);
    expect(labels).toHaveLength(11);
    expect(labels).toContain('c10');
    const twelve = [...v, 'c11'];
    const grouped = categoryEffects(twelve, new Float64Array(twelve.length).fill(1));
    expect(grouped.map((c) => c.label)).toContain('2 others');
    expect(grouped.find((c) => c.label === '2 others')?.rows).toBe(11);
  });
});

describe('explainModel', () => {
  it('summarises a boosted regression: the strongest columns first, x1 pushes up, its curve rises', () => {
    const p = fixturePipelines(train, 'regression').gradient_boosting;
    const bg = buildBackground(p, train.cols, train.n);
    const m = explainModel(p, bg, held.cols, held.n, { modelId: 'gbm-1' });
    expect(m.rows).toBe(150);
    expect(m.how).toEqual({ method: 'tree', exact: true, scale: 'value' });
    expect(m.columns.map((c) => c.column).slice(0, 3)).toContain('x1');
    expect(m.columns.find((c) => c.column === 'x1')?.direction).toBe('up');
    for (let i = 1; i < m.columns.length; i++)
      expect(m.columns[i - 1].meanAbs).toBeGreaterThanOrEqual(m.columns[i].meanAbs);
    expect(m.beeswarm[0].effects.length).toBe(150);
    const pd = m.partialDependence.find((d) => d.column === 'x1');
    expect(pd?.kind).toBe('numeric');
    expect((pd as { average: number[] }).average.at(-1)).toBeGreaterThan((pd as { average: number[] }).average[0]);
    const color = m.dependence.find((d) => d.column === 'color');
    if (color?.kind === 'categorical') {
      const red = color.categories.find((c) => c.label === 'red');
      const blue = color.categories.find((c) => c.label === 'blue');
      expect(red!.meanEffect).toBeGreaterThan(blue!.meanEffect);
    }
    // Every chart renders.
    const specs = [
      summarySpec(m),
      summaryBarSpec(m),
      ...m.dependence.map((d) => dependenceSpec(d, m)),
      ...m.partialDependence.map((d) => partialDependenceSpec(d, m)),
    ];
    for (const s of specs) expect(renderChartSvg(s)).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });

  it('a multiclass model is summarised for its most predicted class; a sampled one says so', () => {
    const p = fixturePipelines(train, 'multiclass').mlp;
    const bg = buildBackground(p, train.cols, train.n, { sampleRows: 10 });
    const m = explainModel(p, bg, held.cols, held.n, { modelId: 'mlp-1', rows: 30 });
    expect(['low', 'mid', 'high']).toContain(m.output);
    expect(m.how.method).toBe('sampling');
    expect(m.how.sampling).toEqual({ permutations: 20, background: 10, seed: 0 });
    expect(m.partialDependence.every((d) => d.scale === 'probability')).toBe(true);
    // Each example row is explained for the class it was predicted as, whatever class the summary follows.
    expect(m.examples.length).toBeGreaterThan(0);
    for (const ex of m.examples) expect(ex.explanation.output).toBe(ex.prediction);
    expect(new Set(m.examples.map((ex) => ex.prediction)).size).toBeGreaterThan(1);
  });

  it('draws no dependence or partial-dependence curve through fewer than ten rows', () => {
    const p = fixturePipelines(train, 'regression').gradient_boosting;
    const bg = buildBackground(p, train.cols, train.n);
    const few = explainModel(p, bg, held.cols, held.n, { modelId: 'gbm-1', rows: 3 });
    expect(few.rows).toBe(3);
    expect(few.dependence).toEqual([]);
    expect(few.partialDependence).toEqual([]);
    expect(few.examples.length).toBe(3);
    const ten = explainModel(p, bg, held.cols, held.n, { modelId: 'gbm-1', rows: 10 });
    expect(ten.dependence.length).toBeGreaterThan(0);
    expect(ten.partialDependence.length).toBeGreaterThan(0);
  });

  it('a row explanation draws a waterfall that ends at the prediction', () => {
    const p = fixturePipelines(train, 'binary').gradient_boosting;
    const e = explainRows(p, buildBackground(p, train.cols, train.n), held.cols);
    const cells = p.inputs.map(({ name }) => {
      const c = held.cols[name];
      const v = c[3];
      return v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v);
    });
    const row = rowExplanation(e, 3, 0, cells);
    expect(row.output).toBe('yes');
    expect(row.scale).toBe('log-odds');
    expect(Math.abs(row.contributions[0].effect)).toBeGreaterThanOrEqual(Math.abs(row.contributions[1].effect));
    const spec = waterfallSpec(row, 4);
    expect(spec.steps.length).toBe(5);
    const end = spec.steps.reduce((a, s) => a + s.delta, spec.base.value);
    expect(Math.abs(end - spec.total.value)).toBeLessThan(1e-9);
    expect(spec.total.note).toMatch(/^= \d+(\.\d)?% yes$/);
    const svg = renderChartSvg(spec, { width: 560, height: 320 });
    expect(svg.match(/class="waterfall-step/g)?.length).toBe(5);
  });
});
