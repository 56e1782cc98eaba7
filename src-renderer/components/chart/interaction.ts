import type { ChartMark, PlotArea } from '@shared/charts';

/** How close (SVG pixels) a pointer must be to a point to show its tooltip. */
export const POINT_RADIUS = 24;

/**
 * The mark under a pointer at (x, y) in SVG pixels: a bar or cell whose box holds the pointer, else a point. `nearest`
 * takes the nearest point within `radius`; `x` (lines) takes the points nearest along x within `radius` and, among
 * them, the one nearest in y, so a line answers anywhere above or below it. Null when nothing is near.
 */
export function markAt(
  marks: ChartMark[],
  x: number,
  y: number,
  snap: 'x' | 'nearest' = 'nearest',
  radius = POINT_RADIUS,
): number | null {
  let minDx = Infinity;
  for (const m of marks) {
    const b = m.box;
    if (b && x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height) return marks.indexOf(m);
    if (!b) minDx = Math.min(minDx, Math.abs(m.x - x));
  }
  if (minDx > radius) return null;
  let best: number | null = null;
  let bestD = Infinity;
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    if (m.box) continue;
    const dx = Math.abs(m.x - x);
    // `x`: points within half a pixel of the nearest column count as that column; the nearest in y wins.
    const d = snap === 'x' ? (dx <= minDx + 0.5 ? Math.abs(m.y - y) : Infinity) : Math.hypot(dx, m.y - y);
    if (d < bestD && (snap === 'x' || d <= radius)) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Keyboard order: series by series (in the order they first appear), left to right within each. */
export function readingOrder(marks: ChartMark[]): number[] {
  const seriesRank = new Map<string, number>();
  for (const m of marks) if (!seriesRank.has(m.series ?? '')) seriesRank.set(m.series ?? '', seriesRank.size);
  return marks
    .map((_, i) => i)
    .sort((a, b) => {
      const sa = seriesRank.get(marks[a].series ?? '') ?? 0;
      const sb = seriesRank.get(marks[b].series ?? '') ?? 0;
      // Bars, cells and rows keep the renderer's order (rows top to bottom); points go left to right.
      if (sa !== sb) return sa - sb;
      return marks[a].box || marks[b].box ? a - b : marks[a].x - marks[b].x || a - b;
    });
}

export type StepKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/**
 * The mark the keyboard moves to from `current` (an index into `marks`; null = none yet). Left and right step
 * through the reading order; up and down jump to the nearest point (by x) of the previous or next series, or step
 * like left and right when there is one series (bars, cells).
 */
export function stepMark(marks: ChartMark[], order: number[], current: number | null, key: StepKey): number | null {
  if (!order.length) return null;
  const at = current === null ? -1 : order.indexOf(current);
  if (key === 'Home') return order[0];
  if (key === 'End') return order[order.length - 1];
  if (at < 0) return order[0];
  const series = [...new Set(order.map((i) => marks[i].series ?? ''))];
  const vertical = key === 'ArrowUp' || key === 'ArrowDown';
  if (!vertical || series.length < 2) {
    const forward = key === 'ArrowRight' || key === 'ArrowDown';
    return order[Math.max(0, Math.min(order.length - 1, at + (forward ? 1 : -1)))];
  }
  const s = series.indexOf(marks[order[at]].series ?? '');
  const target = series[(s + (key === 'ArrowDown' ? 1 : -1) + series.length) % series.length];
  let best = order[at];
  let bestD = Infinity;
  for (const i of order) {
    if ((marks[i].series ?? '') !== target) continue;
    const d = Math.abs(marks[i].x - marks[order[at]].x);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Narrowest range zoom can reach, as a share of the whole. */
const MIN_SPAN = 1 / 400;

function fit(lo: number, hi: number, full: [number, number]): [number, number] | null {
  const span = Math.max(hi - lo, (full[1] - full[0]) * MIN_SPAN);
  if (span >= full[1] - full[0]) return null;
  const a = Math.min(Math.max(lo, full[0]), full[1] - span);
  return [a, a + span];
}

/**
 * Zooms `current` (null = the whole `full` range) by `factor` (below 1 zooms in) around `centre` (data units).
 * Null means the whole range is shown again.
 */
export function zoomRange(
  current: [number, number] | null,
  full: [number, number],
  factor: number,
  centre?: number,
): [number, number] | null {
  const [lo, hi] = current ?? full;
  const c = centre ?? (lo + hi) / 2;
  return fit(c - (c - lo) * factor, c + (hi - c) * factor, full);
}

/** Moves a zoomed range by `share` of its width (negative = left), staying inside `full`. */
export function panRange(
  current: [number, number] | null,
  full: [number, number],
  share: number,
): [number, number] | null {
  if (!current) return null;
  const d = (current[1] - current[0]) * share;
  return fit(current[0] + d, current[1] + d, full);
}

/** The x range (data units) between two pointer positions over the plot; null when the plot has no x domain. */
export function rangeFromPixels(plot: PlotArea, a: number, b: number): [number, number] | null {
  if (!plot.xDomain) return null;
  const [d0, d1] = plot.xDomain;
  const toData = (p: number) =>
    d0 + ((Math.min(plot.right, Math.max(plot.left, p)) - plot.left) / (plot.right - plot.left || 1)) * (d1 - d0);
  const lo = toData(Math.min(a, b));
  const hi = toData(Math.max(a, b));
  return hi > lo ? [lo, hi] : null;
}

/** The data x under a pointer position (for zooming around the pointer). */
export function dataX(plot: PlotArea, p: number): number | undefined {
  if (!plot.xDomain) return undefined;
  const [d0, d1] = plot.xDomain;
  return d0 + ((p - plot.left) / (plot.right - plot.left || 1)) * (d1 - d0);
}
