/**
 * Explanations made when training ends, for the best model: the background (from the training rows) kept as
 * explainer.json so predictions can be explained later and away from the project, and the summary over held-out
 * rows (importance with direction, beeswarm, dependence, partial dependence, a few rows in full) for the Review
 * screen and the report. `explainerFor` makes explainer.json later for another model of the project (the one the
 * person chose, at export) from the project's data file and split.
 */
import type { ModelExplanations } from '@shared/explain';
import { loadFrame, type Frame } from '../frame/load-frame';
import type { Columns, FittedPipeline, InputKind } from '../pipeline/types';
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
  const explainer = explainerFile(p, all, split, opts.seed);
  const heldOut = takeRows(p.inputs, all, split.test);
  const explanations = explainModel(p, explainer.background, heldOut, split.test.length, {
    modelId: opts.modelId,
    seed: opts.seed,
    signal: opts.signal,
    deadline: opts.deadline,
    rowIds: split.test,
    ...(opts.actual ? { actual: (i: number) => opts.actual?.(split.test[i]) ?? null } : {}),
  });
  return { explanations: compact(explanations), explainer };
}

/** explainer.json of `p`: the background from the training rows, the check from the first test rows. */
function explainerFile(
  p: FittedPipeline,
  all: Columns,
  split: { train: Int32Array; test: Int32Array },
  seed: number,
): ExplainerFile {
  const background = buildBackground(p, takeRows(p.inputs, all, split.train), split.train.length, { seed });
  const check = explainerCheck(p, background, takeRows(p.inputs, all, split.test), split.test);
  return { formatVersion: 1, pipeline: p, background, ...(check ? { check } : {}) };
}

/**
 * explainer.json for a model of a project that was not explained at training: the data file's rows with a target
 * value outside `testIndices` are its training rows (as at training), the test rows give the check.
 */
export async function explainerFor(
  p: FittedPipeline,
  dataPath: string,
  split: { testIndices: number[]; seed: number },
): Promise<ExplainerFile> {
  const kinds: Record<string, InputKind> = Object.fromEntries(p.inputs.map((i) => [i.name, i.kind]));
  kinds[p.target] = p.task === 'regression' ? 'numeric' : 'categorical';
  const frame = await loadFrame(dataPath, { columns: [...p.inputs.map((i) => i.name), p.target], kinds });
  const y = frame.get(p.target)?.values;
  const labelled = (r: number): boolean =>
    !y || (y instanceof Float64Array ? !Number.isNaN(y[r]) : y[r] !== null && y[r] !== '');
  const test = Int32Array.from(split.testIndices.filter((r) => r < frame.nRows));
  const held = new Set(test);
  const train = Int32Array.from({ length: frame.nRows }, (_, r) => r).filter((r) => !held.has(r) && labelled(r));
  return explainerFile(p, inputColumns(p, frame), { train, test }, split.seed);
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
