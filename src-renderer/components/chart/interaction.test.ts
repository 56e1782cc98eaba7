import { renderChart, type ChartMark } from '@shared/charts';
import { describe, expect, it } from 'vitest';
import { markAt, panRange, rangeFromPixels, readingOrder, stepMark, zoomRange } from './interaction';

const pt = (x: number, y: number, series?: string): ChartMark => ({ x, y, series, lines: [`${series} ${x}`] });

describe('chart interaction', () => {
  it('finds the bar under the pointer and the nearest point within reach', () => {
    const marks: ChartMark[] = [
      { x: 10, y: 50, box: { x: 0, y: 0, width: 20, height: 100 }, lines: ['a'] },
      pt(100, 100),
      pt(130, 100),
    ];
    expect(markAt(marks, 5, 90)).toBe(0);
    expect(markAt(marks, 112, 104)).toBe(1);
    expect(markAt(marks, 120, 100)).toBe(2);
    expect(markAt(marks, 300, 300)).toBeNull();
  });

  it('steps left and right within a series and up and down to the nearest point of the next series', () => {
    const marks = [pt(10, 0, 'a'), pt(30, 0, 'b'), pt(20, 0, 'a'), pt(12, 5, 'b')];
    const order = readingOrder(marks);
    expect(order).toEqual([0, 2, 3, 1]);
    expect(stepMark(marks, order, null, 'ArrowRight')).toBe(0);
    expect(stepMark(marks, order, 0, 'ArrowRight')).toBe(2);
    expect(stepMark(marks, order, 2, 'ArrowDown')).toBe(3); // x 20 → nearest b point is x 12 (not 30)
    expect(stepMark(marks, order, 3, 'ArrowUp')).toBe(0);
    expect(stepMark(marks, order, 0, 'End')).toBe(1);
    expect(stepMark(marks, order, 0, 'ArrowLeft')).toBe(0);
  });

  it('zooms around a centre, pans inside the data and returns null when everything is shown', () => {
    const full: [number, number] = [0, 100];
    expect(zoomRange(null, full, 0.5)).toEqual([25, 75]);
    expect(zoomRange(null, full, 0.5, 90)).toEqual([45, 95]);
    expect(zoomRange([25, 75], full, 4)).toBeNull();
    expect(panRange([25, 75], full, 0.25)).toEqual([37.5, 87.5]);
    expect(panRange([40, 90], full, 0.5)).toEqual([50, 100]);
    expect(panRange(null, full, 0.5)).toBeNull();
    // Never narrower than 1/400 of the data.
    const tiny = zoomRange([50, 50.01], full, 0.5)!;
    expect(tiny[1] - tiny[0]).toBeCloseTo(0.25, 6);
  });

  it('turns a drag over the plot into a data range through the renderer’s own scale', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const chart = renderChart(
      { kind: 'line', series: [{ name: 'a', x: xs, y: xs.map((v) => v * v) }] },
      { width: 600, height: 300 },
    );
    const plot = chart.plot!;
    expect(plot.xExtent).toEqual([0, 99]);
    const r = rangeFromPixels(plot, plot.left, (plot.left + plot.right) / 2)!;
    expect(r[0]).toBeCloseTo(plot.xDomain![0], 6);
    expect(r[1]).toBeCloseTo((plot.xDomain![0] + plot.xDomain![1]) / 2, 6);
    // The zoomed drawing shows only that range and its marks.
    const zoomed = renderChart(
      { kind: 'line', series: [{ name: 'a', x: xs, y: xs.map((v) => v * v) }] },
      { width: 600, height: 300, view: { xRange: [10, 20] } },
    );
    expect(zoomed.marks).toHaveLength(11);
    expect(zoomed.plot!.xDomain).toEqual([10, 20]);
    expect(zoomed.marks.every((m) => m.x >= zoomed.plot!.left - 0.01 && m.x <= zoomed.plot!.right + 0.01)).toBe(true);
  });
});

describe('lines snap along x', () => {
  it('answers above or below a line with the point of the nearest column, nearest in y among series', () => {
    const marks = [pt(0, 100, 'a'), pt(100, 100, 'a'), pt(100, 20, 'b'), pt(200, 50, 'a')];
    expect(markAt(marks, 90, 10, 'x', 60)).toBe(2);
    expect(markAt(marks, 90, 95, 'x', 60)).toBe(1);
    expect(markAt(marks, 160, 300, 'x', 60)).toBe(3);
    expect(markAt(marks, 140, 300, 'x', 30)).toBeNull();
    expect(markAt(marks, 90, 10, 'nearest', 24)).toBe(2);
    expect(markAt(marks, 60, 10, 'nearest', 24)).toBeNull();
  });
});
