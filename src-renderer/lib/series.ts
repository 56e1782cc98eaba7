/**
 * A capped series for live curves. When it is full it keeps every other point and doubles its
 * stride, so memory stays bounded however long a run goes, while the curve keeps its whole shape
 * (old points thinned, newest always present).
 */
export interface CappedSeries {
  steps: number[];
  values: number[];
  /** Only every `stride`-th incoming point is stored. */
  stride: number;
  /** Points seen so far (stored or not). */
  seen: number;
  /** The latest point, always kept so the line ends where the run is. */
  last: { step: number; value: number } | null;
}

export function emptySeries(): CappedSeries {
  return { steps: [], values: [], stride: 1, seen: 0, last: null };
}

/** Returns a new series with the point added (input untouched, so stores can compare by reference). */
export function pushPoint(s: CappedSeries, step: number, value: number, cap = 400): CappedSeries {
  const seen = s.seen + 1;
  const last = { step, value };
  if ((seen - 1) % s.stride !== 0) return { ...s, seen, last };
  let steps = [...s.steps, step];
  let values = [...s.values, value];
  let stride = s.stride;
  if (steps.length > cap) {
    steps = steps.filter((_, i) => i % 2 === 0);
    values = values.filter((_, i) => i % 2 === 0);
    stride *= 2;
  }
  return { steps, values, stride, seen, last };
}

/** Points to draw: the stored ones plus the latest point when it was not stored. */
export function seriesPoints(s: CappedSeries): { steps: number[]; values: number[] } {
  if (!s.last || s.steps[s.steps.length - 1] === s.last.step) return { steps: s.steps, values: s.values };
  return { steps: [...s.steps, s.last.step], values: [...s.values, s.last.value] };
}
