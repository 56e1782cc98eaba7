import { describe, expect, it } from 'vitest';
import type { LeaderboardRow } from '../project';
import { classBalanceSpec, columnSpec, correlationSpec, missingnessSpec, targetSpec } from './builders-profile';
import {
  confusionSpec,
  curveSpec,
  importanceSpec,
  leaderboardSpec,
  predictedActualSpec,
  residualSpec,
  rocSpec,
} from './builders-review';
import { decimate } from './decimate';
import { formatAlike } from './scale';
import { readDiagnostics } from './diagnostics';
import { renderChartSvg } from './render';
import { formatNumber, niceDomain } from './scale';
import { allText, byClass, findAll, parseXml } from './xml-lite';

const row = (modelId: string, rmse: number, status: LeaderboardRow['status'] = 'done'): LeaderboardRow => ({
  modelId,
  family: 'ridge',
  label: modelId,
  params: {},
  metrics: { rmse, r2: 1 / rmse },
  fitSeconds: 1,
  status,
});

describe('chart builders', () => {
  it('leaderboard sorts best first by the metric direction and highlights the best', () => {
    const spec = leaderboardSpec([row('b', 5), row('a', 3), row('c', 4), row('x', 1, 'failed')], 'rmse');
    expect(spec.bars.map((b) => b.label)).toEqual(['a', 'c', 'b']);
    expect(spec.bars.filter((b) => b.highlight).map((b) => b.label)).toEqual(['a']);
    const byR2 = leaderboardSpec([row('b', 5), row('a', 3)], 'r2');
    expect(byR2.bars[0].label).toBe('a');
    const svg = parseXml(renderChartSvg(spec));
    expect(findAll(svg, byClass('bar'))).toHaveLength(3);
    const many = leaderboardSpec(
      Array.from({ length: 40 }, (_, i) => row(`m${i}`, 10 + i)),
      'rmse',
      'm39',
      5,
    );
    expect(many.bars.map((b) => b.label)).toEqual(['m0', 'm1', 'm2', 'm3', 'm39']);
    expect(many.subtitle).toContain('best 5 of 40');
    // Close runs: the bars and their labels show the distance from the best (from zero), as the axis says; the
    // run's own score is in its note (the tooltip).
    const close = leaderboardSpec([row('b', 3.68), row('a', 3.56), row('c', 3.7)], 'rmse', null, 12, 'price');
    expect(close.bars.map((b) => [b.label, Number(b.value.toFixed(2)), b.valueText, b.note])).toEqual([
      ['a', 0, 'best', 'RMSE 3.560 · 1.0 s to fit'],
      ['b', 0.12, '0.1200', 'RMSE 3.680 · 1.0 s to fit'],
      ['c', 0.14, '0.1400', 'RMSE 3.700 · 1.0 s to fit'],
    ]);
    expect(close.subtitle).toBe('RMSE above the best (3.560)');
    expect(close.x).toMatchObject({ label: 'Worse than the best by', unit: 'price' });
    // Found on an image run whose two heads tied at 67.6%: no "behind the best" axis from -100% to 100%, the scores.
    const tie = leaderboardSpec([row('a', 3.56), row('b', 3.56)], 'rmse');
    expect(tie.bars.map((b) => b.value)).toEqual([3.56, 3.56]);
    expect(tie.x?.label).toBe('RMSE');
    const zeros = parseXml(renderChartSvg({ ...tie, bars: tie.bars.map((b) => ({ ...b, value: 0 })) }));
    expect(allText(zeros)).not.toMatch(/[-−]1/);
  });

  it('confusion matrix colours by row rate and prints counts', () => {
    const spec = confusionSpec(
      ['no', 'yes'],
      [
        [90, 10],
        [5, 5],
      ],
    );
    expect(spec.colorValues).toEqual([
      [0.9, 0.1],
      [0.5, 0.5],
    ]);
    expect(spec.subtitle).toContain('95 of 110');
    const svg = parseXml(renderChartSvg(spec));
    expect(findAll(svg, byClass('cell')).map((c) => c.attrs['data-value'])).toEqual(['90', '10', '5', '5']);
    expect(findAll(svg, byClass('axis-title-x')).map(allText)).toEqual(['Predicted']);
  });

  it('correlation matrix is symmetric with a unit diagonal', () => {
    const spec = correlationSpec({
      correlations: [
        { a: 'x', b: 'y', method: 'pearson', value: 0.8 },
        { a: 'y', b: 'z', method: 'pearson', value: -0.4 },
      ],
    });
    expect(spec.rows).toEqual(['x', 'y', 'z']);
    expect(spec.values).toEqual([
      [1, 0.8, null],
      [0.8, 1, -0.4],
      [null, -0.4, 1],
    ]);
  });

  it('shows one association per pair whatever order the measures come in, with a colour key', () => {
    const pearsonFirst = [
      { a: 'carat', b: 'price', method: 'pearson' as const, value: 0.7 },
      { a: 'price', b: 'carat', method: 'spearman' as const, value: 0.91 },
      { a: 'cut', b: 'color', method: 'cramers_v' as const, value: 0.2 },
    ];
    for (const correlations of [pearsonFirst, [...pearsonFirst].reverse()]) {
      const spec = correlationSpec({ correlations });
      const i = spec.rows.indexOf('carat');
      const j = spec.rows.indexOf('price');
      expect(spec.values[i][j]).toBe(0.91);
      expect(spec.values[j][i]).toBe(0.91);
      expect(spec.subtitle).toBe(
        "Stronger of Pearson r and Spearman ρ; Cramér's V for categories; blank = weak or not measured",
      );
      const svg = parseXml(renderChartSvg(spec, { width: 640, height: 400 }));
      const legend = findAll(svg, byClass('color-legend'));
      expect(legend).toHaveLength(1);
      expect([legend[0].attrs['data-min'], legend[0].attrs['data-max']]).toEqual(['-1', '1']);
      expect(allText(legend[0])).toContain('Correlation');
    }
  });

  it('profile builders pick the right chart per column and skip clean columns', () => {
    expect(
      columnSpec({
        name: 'n',
        kind: 'numeric',
        dbType: 'DOUBLE',
        missing: 0,
        missingPct: 0,
        distinct: 9,
        histogram: { edges: [0, 1, 2], counts: [3, 4] },
      })?.kind,
    ).toBe('histogram');
    expect(
      columnSpec({
        name: 'c',
        kind: 'categorical',
        dbType: 'VARCHAR',
        missing: 0,
        missingPct: 0,
        distinct: 2,
        topValues: [{ value: 'a', count: 3 }],
      })?.kind,
    ).toBe('bar');
    expect(columnSpec({ name: 'id', kind: 'id', dbType: 'BIGINT', missing: 0, missingPct: 0, distinct: 9 })).toBeNull();
    const miss = missingnessSpec([
      { name: 'a', missingPct: 0 },
      { name: 'b', missingPct: 0.2 },
      { name: 'c', missingPct: 0.5 },
    ]);
    expect(miss.bars.map((b) => b.label)).toEqual(['c', 'b']);
    // One gap in 2,700 rows is not "0%".
    const one = missingnessSpec([{ name: 'age', missingPct: 1 / 2700, missing: 1 }]);
    expect(one.bars[0].valueText).toBe('<0.1%');
    expect(miss.bars[0].valueText).toBeUndefined();
    const t = targetSpec({
      column: 'y',
      kind: 'classes',
      classes: [
        { value: 'a', count: 90 },
        { value: 'b', count: 10 },
      ],
      imbalanceRatio: 9,
    });
    expect(t?.subtitle).toContain('9.0×');
    const many = classBalanceSpec(
      'c',
      Array.from({ length: 25 }, (_, i) => ({ value: `v${i}`, count: 25 - i })),
    );
    expect(many.bars).toHaveLength(21);
    expect(many.bars[20]).toEqual({ label: '5 more', value: 15 });
  });

  it('regression and ROC builders compute residuals and fix the unit square', () => {
    const res = residualSpec([1, 2, 3], [1.5, 2, 2]);
    expect(res.points.y).toEqual([0.5, 0, -1]);
    expect(res.hline).toBe(0);
    const pva = predictedActualSpec([1, 2], [3, 4]);
    expect(pva.points).toEqual({ x: [3, 4], y: [1, 2] });
    const roc = rocSpec([{ fpr: [0, 0.2, 1], tpr: [0, 0.7, 1], auc: 0.81 }]);
    expect(roc.series[0].name).toContain('AUC 0.810');
    expect([roc.x?.min, roc.x?.max, roc.y?.min, roc.y?.max]).toEqual([0, 1, 0, 1]);
  });

  it('importance keeps the top N by magnitude; curves are decimated', () => {
    const imp = importanceSpec(
      Array.from({ length: 30 }, (_, i) => ({ feature: `f${i}`, importance: i % 2 ? -i : i })),
      5,
    );
    expect(imp.bars.map((b) => b.label)).toEqual(['f29', 'f28', 'f27', 'f26', 'f25']);
    const mixed = importanceSpec([
      { feature: 'a', importance: 4.59 },
      { feature: 'b', importance: 2.518 },
      { feature: 'c', importance: 0.4147 },
    ]);
    expect(mixed.bars.map((b) => b.valueText)).toEqual(['4.590', '2.518', '0.415']);
    expect(formatAlike([1234.5, 12, 0.5])).toEqual(['1235', '12', '1']);
    expect(formatAlike([0.0123, 0.00045])).toEqual(['0.01230', '0.00045']);
    const steps = Array.from({ length: 5000 }, (_, i) => i);
    const curve = curveSpec([{ name: 'gbm', steps, values: steps.map((s) => 1 / (s + 1)) }], 'rmse', 'Tree', 200);
    expect(curve.series[0].x).toHaveLength(200);
    expect(curve.series[0].x[199]).toBe(4999);
  });
});

describe('readDiagnostics', () => {
  it('reads one or many curves and ignores malformed parts', () => {
    const d = readDiagnostics({
      roc: { fpr: [0, 1], tpr: [0, 1], auc: 0.5 },
      pr: [{ recall: [0, 1], precision: [1, 0.5], label: 'yes' }, { recall: 'bad' }],
      predVsActual: { predicted: [1], actual: [2] },
    });
    expect(d.roc).toHaveLength(1);
    expect(d.roc[0].auc).toBe(0.5);
    expect(d.pr.map((c) => c.label)).toEqual(['yes']);
    expect(d.residuals).toEqual({ predicted: [1], actual: [2] });
    expect(readDiagnostics(undefined)).toEqual({
      roc: [],
      pr: [],
      residuals: undefined,
      forecast: undefined,
      charts: [],
    });
  });

  it("reads the trainer's point-object form: binary, per-class, regression points and ready-made charts", () => {
    const binary = readDiagnostics({
      kind: 'binary',
      positive: 'yes',
      roc: [
        { fpr: 0, tpr: 0 },
        { fpr: 0, tpr: 1 },
        { fpr: 1, tpr: 1 },
      ],
      pr: [
        { recall: 0.5, precision: 1 },
        { recall: 1, precision: 0.5 },
      ],
    });
    expect(binary.roc).toEqual([{ fpr: [0, 0, 1], tpr: [0, 1, 1], auc: 1, label: 'yes' }]);
    expect(binary.pr[0].ap).toBeCloseTo(0.75);
    const multi = readDiagnostics({
      kind: 'multiclass',
      perClass: [
        {
          class: 'a',
          roc: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
          pr: [],
        },
        {
          class: 'b',
          roc: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
      ],
    });
    expect(multi.roc.map((c) => [c.label, c.auc])).toEqual([
      ['a', 0.5],
      ['b', 0.5],
    ]);
    const reg = readDiagnostics({
      kind: 'regression',
      predictedVsActual: [{ predicted: 1, actual: 2 }],
      residuals: [{ predicted: 1, residual: 5 }],
    });
    expect(reg.residuals).toEqual({ predicted: [1], actual: [2] });
    expect(readDiagnostics({ residuals: [{ predicted: 1, residual: 0.5 }] }).residuals).toEqual({
      predicted: [1],
      actual: [1.5],
    });
    const charts = readDiagnostics({
      charts: [
        { title: 'Sizes', spec: { kind: 'bar', bars: [{ label: 'a', value: 1 }] } },
        { title: 'bad', spec: { kind: 'pie' } },
        { title: 'bad2', spec: { kind: 'line', series: [{ x: 'no' }] } },
      ],
    });
    expect(charts.charts.map((c) => c.title)).toEqual(['Sizes']);
  });
});

describe('scales and formats', () => {
  it('nice domains and labels', () => {
    expect(niceDomain(0.13, 0.87, 5).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceDomain(3, 3).ticks.length).toBeGreaterThan(1);
    expect(formatNumber(0.1234, 'percent')).toBe('12.3%');
    expect(formatNumber(1234567)).toBe('1.23M');
    expect(formatNumber(25000, 'auto', 5000)).toBe('25k');
    expect(formatNumber(0.5, 'auto', 0.1)).toBe('0.5');
    expect(formatNumber(NaN)).toBe('–');
  });

  it('decimate keeps ends, the cap and spikes', () => {
    const x = Array.from({ length: 1000 }, (_, i) => i);
    const y = x.map((i) => (i === 500 ? 100 : 1));
    const d = decimate(x, y, 50);
    expect(d.x).toHaveLength(50);
    expect(d.x[0]).toBe(0);
    expect(d.x[49]).toBe(999);
    expect(d.y).toContain(100);
  });
});

describe('chartTable (show as table)', () => {
  it('lists the numbers of every kind of chart', async () => {
    const { chartTable } = await import('./table');
    expect(
      chartTable({
        kind: 'bar',
        bars: [
          { label: 'a', value: 1.5 },
          { label: 'b', value: 2, valueText: '2 of 3' },
        ],
      }),
    ).toEqual({
      columns: ['', 'Value'],
      rows: [
        ['a', '1.5'],
        ['b', '2 of 3'],
      ],
      omitted: 0,
    });
    const line = chartTable({
      kind: 'line',
      x: { label: 'Day' },
      series: [{ name: 'forecast', x: [1, 2], y: [10, 12], lower: [8, 9], upper: [12, 15] }],
    });
    expect(line.columns).toEqual(['Series', 'Day', 'y', 'Low', 'High']);
    expect(line.rows[1]).toEqual(['forecast', '2', '12', '9', '15']);
    const heat = chartTable({ kind: 'heatmap', rows: ['r'], cols: ['c1', 'c2'], values: [[0.5, null]] });
    expect(heat.rows).toEqual([['r', '0.5', '–']]);
    const many = chartTable({ kind: 'scatter', points: { x: [1, 2, 3], y: [4, 5, 6] } }, 2);
    expect(many).toMatchObject({
      rows: [
        ['1', '4'],
        ['2', '5'],
      ],
      omitted: 1,
    });
    const fall = chartTable({
      kind: 'waterfall',
      base: { label: 'average', value: 10 },
      steps: [
        { label: 'rooms', delta: 2 },
        { label: 'crime', delta: -1 },
      ],
      total: { label: 'prediction', value: 11 },
    });
    expect(fall.rows.map((r) => r[2])).toEqual(['10', '12', '11', '11']);
  });
});
