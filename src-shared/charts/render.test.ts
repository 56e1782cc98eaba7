import { describe, expect, it } from 'vitest';
import { renderChart, renderChartSvg } from './render';
import type { ChartSpec } from './spec';
import { DARK } from './theme';
import { allText, byClass, findAll, parseXml, type XmlNode } from './xml-lite';

const parse = (spec: ChartSpec, opts = {}) => parseXml(renderChartSvg(spec, opts));
const rectOf = (g: XmlNode) => g.children.find((c) => c.name === 'rect')!;
const num = (n: XmlNode, a: string) => Number(n.attrs[a]);

describe('renderChartSvg', () => {
  it('draws one bar per datum, taller for larger values, with category labels', () => {
    const svg = parse({
      kind: 'bar',
      title: 'Sizes',
      bars: [
        { label: 'a', value: 10 },
        { label: 'b', value: 30 },
        { label: 'c', value: 20 },
      ],
    });
    expect(svg.name).toBe('svg');
    expect(svg.attrs.viewBox).toBe('0 0 480 300');
    const bars = findAll(svg, byClass('bar'));
    expect(bars).toHaveLength(3);
    const heights = bars.map((b) => num(rectOf(b), 'height'));
    expect(heights[1]).toBeGreaterThan(heights[2]);
    expect(heights[2]).toBeGreaterThan(heights[0]);
    expect(heights[1] / heights[0]).toBeCloseTo(3, 1);
    expect(bars.map((b) => allText(b))).toEqual(expect.arrayContaining([expect.stringContaining('a: 10')]));
    expect(findAll(svg, byClass('chart-title'))[0].text).toBe('Sizes');
  });

  it('puts nice, evenly spaced y ticks from zero past the largest value', () => {
    const svg = parse({
      kind: 'bar',
      bars: [
        { label: 'x', value: 97 },
        { label: 'y', value: 3 },
      ],
    });
    const labels = findAll(svg, byClass('tick-y')).map((t) => allText(t));
    expect(labels[0]).toBe('0');
    expect(Number(labels[labels.length - 1])).toBeGreaterThanOrEqual(97);
    const values = labels.map(Number);
    const steps = values.slice(1).map((v, i) => v - values[i]);
    expect(new Set(steps).size).toBe(1);
    expect([10, 20, 25, 50]).toContain(steps[0]);
  });

  it('escapes every piece of text and stays well-formed XML', () => {
    const evil = `<script>alert("x")</script> & 'quotes'`;
    const raw = renderChartSvg({
      kind: 'bar',
      title: evil,
      subtitle: evil,
      description: evil,
      x: { label: evil, unit: '<u>' },
      bars: [{ label: evil, value: 1, note: evil }],
      orientation: 'horizontal',
    });
    expect(raw).not.toContain('<script>');
    expect(raw).toContain('&lt;script&gt;');
    const svg = parseXml(raw);
    expect(svg.attrs['aria-label']).toBe(evil);
    expect(findAll(svg, (n) => n.name === 'desc')[0].text).toBe(evil);
    expect(findAll(svg, byClass('bar'))[0].attrs['data-label']).toBe(evil);
  });

  it('draws a histogram with one contiguous bar per bin and median marker', () => {
    const svg = parse({
      kind: 'histogram',
      edges: [0, 1, 2, 3, 4],
      counts: [1, 4, 2, 0],
      markers: [{ value: 1.5, label: 'median' }],
    });
    const rects = findAll(svg, byClass('bar')).map(rectOf);
    expect(rects).toHaveLength(4);
    const widths = rects.map((r) => num(r, 'width'));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(0.05);
    for (let i = 1; i < rects.length; i++) expect(num(rects[i], 'x')).toBeGreaterThan(num(rects[i - 1], 'x'));
    expect(num(rects[3], 'height')).toBe(0);
    expect(allText(findAll(svg, byClass('marker'))[0])).toBe('median');
  });

  it('ticks a count axis on whole numbers only, so no label is a rounded 2.5', () => {
    // Counts up to 13 on a short chart: the plain nice step is 2.5 (0, 2.5, 5, 7.5, ...), labelled "3", "8", "13".
    for (const spec of [
      { kind: 'histogram', edges: [0, 1, 2, 3], counts: [13, 4, 2], y: { label: 'Rows', format: 'integer' } },
      { kind: 'histogram', edges: [0, 1, 2, 3], counts: [13, 4, 2] },
      { kind: 'histogram', edges: [0, 1, 2], counts: [2, 1], y: { label: 'Rows', format: 'integer' } },
    ] satisfies ChartSpec[]) {
      const svg = parse(spec, { height: 220 });
      const ticks = findAll(svg, byClass('tick-y'));
      expect(ticks.length).toBeGreaterThan(1);
      const ys = ticks.map((t) => Number(t.children.find((c) => c.name === 'line')!.attrs.y1));
      const values = ticks.map((t) => Number(allText(t).replace(/,/g, '')));
      for (const v of values) expect(Number.isInteger(v)).toBe(true);
      // Equal steps in value are equal steps on the page: each label sits where its own value is drawn.
      const perRow = (ys[0] - ys[1]) / (values[1] - values[0]);
      for (let i = 1; i < ticks.length; i++) expect(ys[0] - ys[i]).toBeCloseTo(perRow * (values[i] - values[0]), 1);
    }
  });

  it('draws multi-series lines with a legend, an interval band and gaps at missing values', () => {
    const svg = parse({
      kind: 'line',
      series: [
        { name: 'train', x: [0, 1, 2, 3], y: [1, 0.8, NaN, 0.5] },
        {
          name: 'validation',
          x: [0, 1, 2, 3],
          y: [1.1, 0.9, 0.85, 0.8],
          lower: [1, 0.8, 0.7, 0.6],
          upper: [1.2, 1, 1, 1],
        },
      ],
    });
    const series = findAll(svg, byClass('series'));
    expect(series.map((s) => s.attrs['data-name'])).toEqual(['train', 'validation']);
    expect(findAll(svg, byClass('legend-item')).map(allText)).toEqual(['train', 'validation']);
    const trainPath = series[0].children.find((c) => c.name === 'path')!.attrs.d;
    expect(trainPath.match(/M/g)).toHaveLength(2);
    expect(findAll(series[1], byClass('band'))).toHaveLength(1);
  });

  it('draws a scatter with y = x diagonal on a shared domain', () => {
    const svg = parse({ kind: 'scatter', points: { x: [1, 2, 3, NaN], y: [2, 2.5, 10, 1] }, diagonal: true });
    expect(findAll(svg, byClass('point'))).toHaveLength(3);
    const xTicks = findAll(svg, byClass('tick-x')).map(allText).filter(Boolean);
    const yTicks = findAll(svg, byClass('tick-y')).map(allText);
    expect(xTicks[0]).toBe(yTicks[0]);
    expect(Number(xTicks[xTicks.length - 1])).toBeGreaterThanOrEqual(10);
    const d = findAll(svg, byClass('diagonal'))[0];
    // Going right along the diagonal goes up (smaller SVG y).
    expect(num(d, 'x2')).toBeGreaterThan(num(d, 'x1'));
    expect(num(d, 'y2')).toBeLessThan(num(d, 'y1'));
  });

  it('colours scatter points by group with a legend', () => {
    const svg = parse({ kind: 'scatter', points: { x: [1, 2, 3, 4], y: [1, 2, 3, NaN], group: ['a', 'b', 'a', 'b'] } });
    const groups = findAll(svg, byClass('points'));
    expect(groups.map((g) => [g.attrs['data-group'], g.attrs['data-points']])).toEqual([
      ['a', '2'],
      ['b', '1'],
    ]);
    expect(new Set(groups.map((g) => g.attrs.fill)).size).toBe(2);
    expect(findAll(svg, byClass('legend-item')).map(allText)).toEqual(['a', 'b']);
  });

  it('draws a heatmap cell per value, printing counts and shading by colour weight', () => {
    const svg = parse({
      kind: 'heatmap',
      rows: ['a', 'b'],
      cols: ['a', 'b'],
      values: [
        [50, 2],
        [5, 40],
      ],
      colorValues: [
        [0.96, 0.04],
        [0.11, 0.89],
      ],
      domain: [0, 1],
      showValues: true,
    });
    const cells = findAll(svg, byClass('cell'));
    expect(cells).toHaveLength(4);
    expect(cells.map((c) => findAll(c, (n) => n.name === 'text')[0]?.text)).toEqual(['50', '2', '5', '40']);
    const fill = (c: XmlNode) => parseInt(rectOf(c).attrs.fill.slice(1, 3), 16);
    // Light theme: higher weight → closer to the blue accent → less red.
    expect(fill(cells[0])).toBeLessThan(fill(cells[1]));
    expect(findAll(svg, byClass('row-label')).map(allText)).toEqual(['a', 'b']);
  });

  it('turns column labels only when they do not fit under a cell', () => {
    const names = (len: number) => Array.from({ length: 8 }, (_, i) => `${'c'.repeat(len)}${i}`);
    const values = Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => 0.5));
    const long = parse({ kind: 'heatmap', rows: names(14), cols: names(14), values }, { width: 900, height: 450 });
    expect(findAll(long, byClass('col-label')).every((l) => l.attrs.transform?.startsWith('rotate'))).toBe(true);
    const short = parse({ kind: 'heatmap', rows: names(1), cols: names(1), values }, { width: 900, height: 450 });
    expect(findAll(short, byClass('col-label')).some((l) => l.attrs.transform)).toBe(false);
  });

  it('keeps turned column labels of a many-class matrix far enough apart not to run together', () => {
    // 51 US states as in maps::us.cities: every other label at 40° overlapped its neighbour.
    const states = Array.from(
      { length: 51 },
      (_, i) => String.fromCharCode(65 + (i % 26)) + String.fromCharCode(65 + Math.floor(i / 26)),
    );
    const values = states.map((_, r) => states.map((_, c) => (r === c ? 5 : 0)));
    const svg = parse({ kind: 'heatmap', rows: states, cols: states, values }, { width: 420, height: 360 });
    const xs = findAll(svg, byClass('col-label')).map((l) => num(l, 'x'));
    expect(xs.length).toBeGreaterThan(5);
    expect(findAll(svg, byClass('col-label')).every((l) => l.attrs.transform?.startsWith('rotate'))).toBe(true);
    for (let i = 1; i < xs.length; i++)
      expect((xs[i] - xs[i - 1]) * Math.sin((40 * Math.PI) / 180)).toBeGreaterThan(12);
  });

  it('widens the columns of a tall, narrow grid (one drift batch) and keeps a square matrix square', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `input_${i}`);
    const drift = parse(
      { kind: 'heatmap', rows, cols: ['12-07 05:17'], values: rows.map(() => [1.57]), showValues: true },
      { width: 1100, height: 420 },
    );
    const [one] = findAll(drift, byClass('cell')).map(rectOf);
    expect(num(one, 'width')).toBeGreaterThan(2 * num(one, 'height'));
    // The value is printed in every cell (a thin stripe left no room for it).
    const printed = findAll(drift, byClass('cell')).filter((c) =>
      c.children.some((n) => n.name === 'text' && allText(n) === '1.57'),
    );
    expect(printed).toHaveLength(12);
    const square = parse(
      {
        kind: 'heatmap',
        rows: ['a', 'b', 'c'],
        cols: ['a', 'b', 'c'],
        values: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      },
      { width: 1100, height: 420 },
    );
    const [cell] = findAll(square, byClass('cell')).map(rectOf);
    expect(num(cell, 'width')).toBe(num(cell, 'height'));
  });

  it('writes every value of a waterfall in one precision', () => {
    const svg = parse(
      {
        kind: 'waterfall',
        base: { label: 'Average prediction', value: 22.74 },
        steps: [
          { label: 'a', delta: -3.088 },
          { label: 'b', delta: -0.8386 },
        ],
        total: { label: 'Prediction', value: 18.8134 },
      },
      { width: 800, height: 300 },
    );
    const words = allText(svg);
    for (const v of ['22.74', '−3.09', '−0.84', '18.81']) expect(words).toContain(v);
    expect(words).not.toContain('0.8386');
  });

  it('writes the longest row label whole when the label column was sized for it (diamonds: "clari…" for clarity)', () => {
    const rows = ['carat', 'clarity', 'color'];
    const swarm = allText(
      parse({
        kind: 'beeswarm',
        rows: rows.map((label) => ({ label, x: [1, -1], color: [0, 1] })),
        colorKey: { label: 'value', low: 'low', high: 'high' },
      }),
    );
    const fall = allText(
      parse({
        kind: 'waterfall',
        base: { label: 'avg', value: 1 },
        steps: [{ label: 'clarity = VS2', delta: 1 }],
        total: { label: 'row', value: 2 },
      }),
    );
    const bars = allText(
      parse({ kind: 'bar', orientation: 'horizontal', bars: rows.map((label) => ({ label, value: 1 })) }),
    );
    for (const words of [swarm, bars]) for (const r of rows) expect(words).toContain(r);
    expect(fall).toContain('clarity = VS2');
    expect(swarm + bars + fall).not.toContain('…');
  });

  it('honours size and theme, and says when there is no data', () => {
    const svg = parse({ kind: 'line', title: 'Empty', series: [] }, { width: 300, height: 200, theme: 'dark' });
    expect(svg.attrs.width).toBe('300');
    expect(findAll(svg, byClass('background'))[0].attrs.fill).toBe(DARK.background);
    expect(allText(findAll(svg, byClass('empty'))[0])).toBe('No data to show');
    expect(findAll(svg, byClass('series'))).toHaveLength(0);
  });

  it('stays well-formed for awkward inputs of every kind', () => {
    const specs: ChartSpec[] = [
      {
        kind: 'bar',
        bars: Array.from({ length: 40 }, (_, i) => ({ label: `a very long category name ${i}`, value: i - 20 })),
      },
      { kind: 'histogram', edges: [5, 5], counts: [3] },
      { kind: 'line', series: [{ name: 'one', x: [1], y: [Infinity] }] },
      {
        kind: 'line',
        series: [{ name: 'dates', x: [Date.UTC(2024, 0, 1), Date.UTC(2024, 2, 1)], y: [1, 2] }],
        x: { format: 'date' },
      },
      { kind: 'scatter', points: { x: [1e9, 2e9], y: [-1e-9, 1e-9] }, hline: 0 },
      { kind: 'heatmap', rows: Array.from({ length: 30 }, (_, i) => `r${i}`), cols: ['x'], values: [[null]] },
    ];
    for (const spec of specs) {
      const svg = parse(spec, { width: 200, height: 150 });
      expect(svg.name).toBe('svg');
      expect(renderChartSvg(spec)).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('labels dates on a date axis', () => {
    const svg = parse({
      kind: 'line',
      series: [{ name: 's', x: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 31)], y: [1, 2] }],
      x: { format: 'date' },
    });
    const labels = findAll(svg, byClass('tick-x')).map(allText).filter(Boolean);
    expect(labels.length).toBeGreaterThan(1);
    for (const l of labels) expect(l).toMatch(/^2024-0[12]-\d\d$/);
  });
});

describe('calendar ticks on long date axes', () => {
  const ticksOf = (xs: number[]) =>
    findAll(
      parse({ kind: 'line', series: [{ name: 's', x: xs, y: xs.map((_, i) => i) }], x: { format: 'date' } }),
      byClass('tick-x'),
    )
      .map(allText)
      .filter(Boolean);
  const months = (from: [number, number], n: number, every = 1) =>
    Array.from({ length: n }, (_, i) => Date.UTC(from[0], from[1] + i * every, 1));

  it('ticks monthly data on month starts, not on days a fixed count apart (us-employment: 2011-01-26, 2011-10-03)', () => {
    const labels = ticksOf(months([2011, 0], 60));
    expect(labels.length).toBeGreaterThan(2);
    for (const l of labels) expect(l).toMatch(/^\d{4}(-\d\d)?$/);
    expect(labels).toContain('2012');
  });

  it('ticks a year of daily data on month starts and a century of years on years', () => {
    const days = Array.from({ length: 365 }, (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000);
    const daily = ticksOf(days);
    expect(daily.length).toBeGreaterThan(2);
    for (const l of daily) expect(l).toMatch(/^2020-(01|03|05|07|09|11|02|04|06|08|10|12)$/);
    const years = ticksOf(months([1900, 0], 100, 12));
    for (const l of years) expect(l).toMatch(/^(19|20)\d\d$/);
    expect(years.map(Number).every((y) => y % 10 === 0 || y % 20 === 0 || y % 50 === 0)).toBe(true);
  });
});

describe('interactive drawing (marks, legend, view)', () => {
  const forecast = {
    kind: 'line' as const,
    series: [
      { name: 'History', x: [1, 2, 3], y: [10, 11, 12] },
      { name: 'Forecast', x: [4, 5], y: [13, 14], lower: [12, 12.5], upper: [14, 15.5], dashed: true },
    ],
    y: { label: 'Births' },
  };

  it('lists one mark per point with its value and interval, in the SVG’s pixels', () => {
    const r = renderChart(forecast, { width: 500, height: 300 });
    expect(r.marks).toHaveLength(5);
    const last = r.marks[4];
    expect(last.series).toBe('Forecast');
    expect(last.lines).toEqual(['Forecast', '5', 'Births: 14', 'Interval: 12.5 to 15.5']);
    expect(last.x).toBeCloseTo(r.plot!.right, 0);
    expect(r.legend.map((l) => [l.name, l.hidden])).toEqual([
      ['History', false],
      ['Forecast', false],
    ]);
  });

  it('groups the digits of both ends of an interval alike when it straddles 10,000', () => {
    const big = {
      ...forecast,
      series: [{ name: 'Forecast', x: [4, 5], y: [10_100, 10_627], lower: [9_500, 9_978], upper: [11_000, 11_277] }],
    };
    const tip = renderChart(big, { width: 500, height: 300 }).marks[1].lines;
    expect(tip).toEqual(['Forecast', '5', 'Births: 10,627', 'Interval: 9,978 to 11,277']);
  });

  it('hides a series (its colour kept), drops the SVG legend on request and leaves native tooltips out', () => {
    const all = renderChart(forecast, { width: 500, height: 300 });
    const r = renderChart(forecast, {
      width: 500,
      height: 300,
      nativeTooltips: false,
      view: { hidden: ['History'], legend: false },
    });
    expect(r.marks.every((m) => m.series === 'Forecast')).toBe(true);
    expect(r.legend.find((l) => l.name === 'Forecast')!.color).toBe(all.legend[1].color);
    expect(r.svg).not.toContain('legend-item');
    expect(r.svg).not.toContain('<title>Forecast');
    expect(r.svg).not.toContain('data-name="History"');
  });

  it('gives bars, bins and cells a box to rest on', () => {
    const bars = renderChart({ kind: 'bar', bars: [{ label: 'a', value: 2, note: 'best' }], y: { unit: 's' } });
    expect(bars.marks[0].lines).toEqual(['a', '2 s', 'best']);
    expect(bars.marks[0].box!.height).toBeGreaterThan(0);
    const heat = renderChart({ kind: 'heatmap', rows: ['r'], cols: ['c1', 'c2'], values: [[1, null]] });
    expect(heat.marks.map((m) => m.lines)).toEqual([
      ['r × c1', '1'],
      ['r × c2', '–'],
    ]);
  });
});
