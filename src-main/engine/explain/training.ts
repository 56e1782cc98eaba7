/**
 * Explanations made when training ends, for the best model: the background (from the training rows) kept as
 * explainer.json so predictions can be explained later and away from the project, and the summary over held-out
 * rows (importance with direction, beeswarm, dependence, partial dependence, a few rows in full) for the Review
 * screen and the report.
 */
import type { ModelExplanations } from '@shared/explain';
import type { Frame } from '../frame/load-frame';
import type { Columns, FittedPipeline } from '../pipeline/types';
import { buildBackground } from './background';
import { explainerCheck } from './check';
import type { ExplainerFile } from './explainer-file';
import { explainModel } from './insights';
import { takeRows } from './rows';

export interface TrainingExplanation {
  explanations: ModelExplanations;
  explainer: ExplainerFile;
}

/** The pipeline's input columns of a frame (every row). */
function inputColumns(p: FittedPipeline, frame: Frame): Columns {
  const cols: Columns = {};
  for (const { name } of p.inputs) {
    const c = frame.get(name);
    cols[name] = c ? c.values : new Array<string | null>(frame.nRows).fill(null);
  }
  return cols;
}

export function explainTraining(
  p: FittedPipeline,
  frame: Frame,
  split: { train: Int32Array; test: Int32Array },
  opts: {
    modelId: string;
    seed: number;
    signal?: AbortSignal;
    deadline?: number;
    actual?: (row: number) => string | null;
  },
): TrainingExplanation {
  const all = inputColumns(p, frame);
  const background = buildBackground(p, takeRows(p.inputs, all, split.train), split.train.length, {
    seed: opts.seed,
  });
  const heldOut = takeRows(p.inputs, all, split.test);
  const explanations = explainModel(p, background, heldOut, split.test.length, {
    modelId: opts.modelId,
    seed: opts.seed,
    signal: opts.signal,
    deadline: opts.deadline,
    rowIds: split.test,
    ...(opts.actual ? { actual: (i: number) => opts.actual?.(split.test[i]) ?? null } : {}),
  });
  const check = explainerCheck(p, background, heldOut, split.test);
  return {
    explanations: compact(explanations),
    explainer: { formatVersion: 1, pipeline: p, background, ...(check ? { check } : {}) },
  };
}

/** Six significant digits are plenty for charts and keep the project file small. */
const round = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);

function compact(m: ModelExplanations): ModelExplanations {
  const r = (a: number[]) => a.map(round);
  const rn = (a: Array<number | null>) => a.map((v) => (v === null ? null : round(v)));
  return {
    ...m,
    beeswarm: m.beeswarm.map((b) => ({ ...b, effects: r(b.effects), color: rn(b.color) })),
    dependence: m.dependence.map((d) =>
      d.kind === 'numeric'
        ? {
            ...d,
            effects: r(d.effects),
            interaction: d.interaction ? { ...d.interaction, color: rn(d.interaction.color) } : null,
          }
        : d,
    ),
    partialDependence: m.partialDependence.map((pd) => ({ ...pd, average: r(pd.average), ice: pd.ice.map(r) })),
  };
}
