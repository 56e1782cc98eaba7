import { COMBINATION_MEMBERS, FORECAST_METHODS, averagePaths } from '../../src-main/engine/forecast/methods';
import { detectSeasonality, viewOf } from '../../src-main/engine/forecast/seasonality';
import { mase } from './score';
import { loadSeries } from '../../src-main/engine/forecast/series';
import type { ForecastPath } from '../../src-main/engine/forecast/types';

/** Each of the app's candidate methods fitted alone on the training file, scored on the holdout (MASE). */
export async function holdoutByCandidate(
  trainCsv: string,
  h: number,
  test: Array<number | null>,
  scale: number,
): Promise<{ mase: Record<string, number>; paths: Map<string, Float64Array> }> {
  const train = await loadSeries(trainCsv, 'date', 'value');
  const season = detectSeasonality(train.y, train.freq);
  const view = viewOf(train, season);
  const out: Record<string, number> = {};
  const paths = new Map<string, ForecastPath>();
  const means = new Map<string, Float64Array>();
  const signal = new AbortController().signal;
  const score = (pred: ArrayLike<number>): number => mase(test, pred, scale);
  for (const method of FORECAST_METHODS.filter((m) => m.applies(view))) {
    try {
      const t0 = Date.now();
      const p = method.fit(view, signal);
      const path = method.forecast(p, view, h);
      paths.set(method.family, path);
      means.set(method.family, path.mean);
      out[method.family] = score(path.mean);
      console.error(
        `    ${method.family}: ${JSON.stringify(method.describe(p))} ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    } catch (e) {
      console.error(`    ${method.family} failed: ${e instanceof Error ? e.message : String(e)}`);
      out[method.family] = NaN;
    }
  }
  if (COMBINATION_MEMBERS.every((f) => paths.has(f))) {
    const c = averagePaths(COMBINATION_MEMBERS.map((f) => paths.get(f)!)).mean;
    out.combination = score(c);
    means.set('combination', c);
  }
  return { mase: out, paths: means };
}
