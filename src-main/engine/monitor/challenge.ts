/**
 * Champion vs challenger on the same labelled rows: both models score the file, the metric is computed on the
 * rows whose outcome both can be judged on, and the challenger wins only when better by the person's margin.
 */
import type { ChallengeScore } from '@shared/monitor';
import { LOWER_IS_BETTER, type MetricName } from '@shared/tasks';
import { computeMetrics } from '../metrics';
import type { ModelJson } from '../pipeline/model-json';
import type { Predictions } from '../pipeline/types';
import { scoreFile } from '../predict/score-file';
import { openTable } from '../predict/read-table';
import { columnFor } from '../predict/written-header';
import { CodedError } from '@shared/errors';

/** The metric of a model on a labelled file (null when no row can be judged). */
export async function scoreOn(
  model: { onnxPath: string; modelJson: ModelJson },
  path: string,
  outputPath: string,
  metric: MetricName,
): Promise<number | null> {
  const preds: Predictions[] = [];
  await scoreFile({
    onnxPath: model.onnxPath,
    modelJson: model.modelJson,
    inputPath: path,
    outputPath,
    watch: { inputs: () => undefined, predictions: (p) => preds.push(p) },
  });
  const truth = await targetColumn(path, model.modelJson.targetWritten ?? model.modelJson.target ?? '');
  const classes = model.modelJson.classes;
  const yt: number[] = [];
  const out: number[] = [];
  let row = 0;
  for (const p of preds) {
    const C = classes?.length ?? 0;
    for (let r = 0; r < p.prediction.length; r++, row++) {
      const t = truth[row];
      if (t === null || t.trim() === '') continue;
      if (classes) {
        const y = classes.indexOf(t.trim());
        if (y < 0 || !p.probabilities) continue;
        yt.push(y);
        for (let c = 0; c < C; c++) out.push(p.probabilities[r * C + c]);
      } else {
        const y = Number(t);
        const v = Number(p.prediction[r]);
        if (!Number.isFinite(y) || !Number.isFinite(v)) continue;
        yt.push(y);
        out.push(v);
      }
    }
  }
  if (!yt.length) return null;
  const m = computeMetrics(classes ? 'classification' : 'regression', yt, Float64Array.from(out), classes?.length ?? 0);
  return m[metric] ?? null;
}

/**
 * The outcomes of a labelled file, found by the target's name as the training file wrote it ('price' beside 'Price',
 * which the app calls 'price_1'), in whatever order or company the new file holds it.
 */
async function targetColumn(path: string, target: string): Promise<Array<string | null>> {
  const table = await openTable(path);
  try {
    const column = columnFor(table, target);
    if (column === undefined)
      throw new CodedError(
        'column-missing',
        `The new data has no column '${target}' with the true values to compare the models on. Columns found: ${table.written.join(', ')}.`,
        { column: target, available: table.written },
      );
    const stream = await table.read([{ name: column, as: 'cell' }]);
    const out: Array<string | null> = [];
    for (;;) {
      const b = await stream.next(65_536);
      if (!b) break;
      for (const v of b.columns[0] as Array<string | null>) out.push(v);
    }
    return out;
  } finally {
    table.close();
  }
}

/** Relative improvement of the challenger over the champion, in percent (positive: better). */
export function improvementPct(metric: MetricName, champion: number, challenger: number): number {
  const d = LOWER_IS_BETTER.has(metric) ? champion - challenger : challenger - champion;
  return (d / Math.max(Math.abs(champion), 1e-12)) * 100;
}

/** The decision and its reason in plain words. */
export function decide(
  metric: MetricName,
  champion: ChallengeScore,
  challenger: ChallengeScore,
  marginPct: number,
): { promoted: boolean; reason: string } {
  if (champion.window === null || challenger.window === null)
    return {
      promoted: false,
      reason: 'The recent labelled rows could not be scored by both models, so nothing was promoted.',
    };
  const gain = improvementPct(metric, champion.window, challenger.window);
  const fmt = (x: number) => x.toPrecision(4);
  const on = `${metric} ${fmt(challenger.window)} vs ${fmt(champion.window)} on the recent labelled rows`;
  return gain >= marginPct
    ? {
        promoted: true,
        reason: `Challenger v${challenger.version} is ${gain.toFixed(1)}% better (${on}), past the ${marginPct}% margin: promoted.`,
      }
    : {
        promoted: false,
        reason: `Challenger v${challenger.version} is ${gain >= 0 ? `only ${gain.toFixed(1)}% better` : `${(-gain).toFixed(1)}% worse`} (${on}); the margin is ${marginPct}%: kept as a candidate, v${champion.version} stays active.`,
      };
}
