import { describe, expect, it } from 'vitest';
import { fixturePipelines, type FixtureTask } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { predictPipeline, transformFeatures } from '../pipeline/predict';
import { meanRows, stackFeatures } from '../pipeline/stack-combine';
import type { FittedPipeline, LinearModel, SinglePipeline, StackPipeline } from '../pipeline/types';
import { modelRaw } from '../models/predict-model';
import { buildBackground } from './background';
import { shapleyByEnumeration } from './brute-force';
import { explainPlan, explainRows, pipelineOutput } from './explain';
import { takeRows } from './rows';
import { samplingShap } from './sampling';
import type { Explanation } from './types';

const train = makeTable(200, 11);
const test = makeTable(40, 12, true);

/** The output an explanation must add up to, from the app's predictors (not from the explainer). */
function explainedOutput(p: FittedPipeline, e: Explanation): Float64Array {
  if (e.method === 'tree' || e.method === 'linear') {
    const s = p as SinglePipeline;
    const raw = modelRaw(s.model, transformFeatures(s, test.cols, test.n), test.n, s.featureNames.length);
    const O = raw.length / test.n;
    if (s.task !== 'binary' || O === 1) return raw;
    const soft = s.model.family !== 'naive_bayes' && s.model.link === 'softmax';
    return Float64Array.from({ length: test.n }, (_, r) => raw[r * 2 + 1] - (soft ? raw[r * 2] : 0));
  }
  return pipelineOutput(p)(test.cols, test.n);
}

function worstLocalAccuracy(p: FittedPipeline, e: Explanation): { worst: number; finite: number } {
  const want = explainedOutput(p, e);
  const O = e.outputs.length;
  const G = e.columns.length;
  let worst = 0;
  let finite = 0;
  for (let r = 0; r < e.n; r++) {
    for (let o = 0; o < O; o++) {
      const w = want[r * O + o];
      if (!Number.isFinite(w)) continue; // a linear model predicts nothing for a row with a missing date part
      finite++;
      let sum = e.base[o];
      for (let g = 0; g < G; g++) sum += e.values[(r * O + o) * G + g];
      worst = Math.max(worst, Math.abs(sum - w));
    }
  }
  return { worst, finite };
}

describe('explainRows: local accuracy for every family', () => {
  for (const task of ['regression', 'binary', 'multiclass'] as FixtureTask[]) {
    for (const [name, p] of Object.entries(fixturePipelines(train, task))) {
      it(`${task} ${name}`, () => {
        const bg = buildBackground(p, train.cols, train.n, { sampleRows: 12 });
        const e = explainRows(p, bg, test.cols);
        const plan = explainPlan(p);
        expect(e.method).toBe(plan.method);
        expect(e.exact).toBe(plan.method !== 'sampling');
        expect(e.outputs.length).toBe(task === 'multiclass' ? 3 : 1);
        const { worst, finite } = worstLocalAccuracy(p, e);
        expect(finite).toBeGreaterThan(e.n * 0.5);
        expect(worst).toBeLessThanOrEqual(1e-9);
        if (e.method === 'sampling') expect(e.sampling?.permutations).toBe(24);
      });
    }
  }

  it('says which method and scale each family gets', () => {
    const reg = fixturePipelines(train, 'regression');
    const bin = fixturePipelines(train, 'binary');
    const multi = fixturePipelines(train, 'multiclass');
    expect(explainPlan(reg.gradient_boosting)).toEqual({ method: 'tree', scale: 'value', exact: true });
    expect(explainPlan(bin.gradient_boosting)).toEqual({ method: 'tree', scale: 'log-odds', exact: true });
    expect(explainPlan(multi.gradient_boosting)).toEqual({ method: 'tree', scale: 'logit', exact: true });
    expect(explainPlan(bin.random_forest)).toEqual({ method: 'tree', scale: 'probability', exact: true });
    expect(explainPlan(bin.logistic)).toEqual({ method: 'linear', scale: 'log-odds', exact: true });
    expect(explainPlan(bin.mlp)).toEqual({ method: 'sampling', scale: 'probability', exact: false });
    expect(explainPlan(bin.naive_bayes_gaussian).method).toBe('sampling');
    // The fixture ensembles mix in an MLP: sampled on their own output.
    expect(explainPlan(reg.ensemble).method).toBe('sampling');
  });
});

describe('buildBackground', () => {
  it('for a sampled model scores a quarter more candidate rows than it keeps, more only when too few are usable', () => {
    let sampled = 0;
    for (const task of ['regression', 'binary', 'multiclass'] as FixtureTask[]) {
      for (const p of Object.values(fixturePipelines(train, task))) {
        if (explainPlan(p).method !== 'sampling') continue;
        sampled++;
        const bg = buildBackground(p, train.cols, train.n, { sampleRows: 12 });
        expect(bg.sample?.rows).toBe(12);
        const out = pipelineOutput(p)(train.cols, train.n);
        const O = out.length / train.n;
        const usable = Array.from({ length: train.n }, (_, r) => out.subarray(r * O, r * O + O).every(Number.isFinite));
        // Candidates are the seeded sample of 15, then 48, then all 200 training rows.
        if (usable.every(Boolean)) expect(bg.rows).toBe(15);
        else expect([15, 48, 200]).toContain(bg.rows);
      }
    }
    expect(sampled).toBeGreaterThan(0);
  });

  it('computes covers from at most 10,000 training rows by default', () => {
    const big = makeTable(12_000, 21);
    const p = fixturePipelines(train, 'regression').gradient_boosting;
    expect(explainPlan(p).method).toBe('tree');
    expect(buildBackground(p, big.cols, big.n).rows).toBe(10_000);
  });
});

describe('exactness beyond trees', () => {
  it('a regression ensemble of exact members is their weighted sum, exact', () => {
    const all = fixturePipelines(train, 'regression');
    const members = [all.ridge, all.gradient_boosting, all.random_forest] as SinglePipeline[];
    const p: FittedPipeline = {
      kind: 'ensemble',
      task: 'regression',
      target: 'y',
      inputs: members[0].inputs,
      members: members.map((pipeline, i) => ({ weight: [0.5, 0.3, 0.2][i], pipeline })),
    };
    expect(explainPlan(p)).toEqual({ method: 'weighted-sum', scale: 'value', exact: true });
    const e = explainRows(p, buildBackground(p, train.cols, train.n), test.cols);
    expect(worstLocalAccuracy(p, e).worst).toBeLessThanOrEqual(1e-9);
  });

  it('a classifier ensemble of forests (one with its classes re-ordered) is exact on the probability', () => {
    const multi = fixturePipelines(train, 'multiclass');
    const ens = multi.ensemble as Extract<FittedPipeline, { kind: 'ensemble' }>;
    const forests = ens.members.filter((m) => m.pipeline.model.family === 'random_forest');
    expect(forests.length).toBe(1);
    const p: FittedPipeline = {
      ...ens,
      members: [
        { weight: 0.6, pipeline: multi.random_forest as SinglePipeline },
        { weight: 0.4, pipeline: forests[0].pipeline },
      ],
    };
    expect(explainPlan(p)).toEqual({ method: 'weighted-sum', scale: 'probability', exact: true });
    const e = explainRows(p, buildBackground(p, train.cols, train.n), test.cols);
    expect(worstLocalAccuracy(p, e).worst).toBeLessThanOrEqual(1e-9);
  });

  it('stacks of exact bases are exact on the combiner margin (regression value; multiclass softmax scores)', () => {
    for (const task of ['regression', 'multiclass'] as const) {
      const all = fixturePipelines(train, task);
      const stack = all.stack as StackPipeline;
      const exactParts = (
        task === 'regression'
          ? [all.ridge, all.gradient_boosting, all.random_forest]
          : [all.random_forest, all.extra_trees]
      ) as SinglePipeline[];
      const bases = [{ pipelines: [exactParts[0]] }, { pipelines: exactParts.slice(1) }];
      const w = task === 'multiclass' ? 3 : 1;
      const p: StackPipeline = {
        ...stack,
        bases,
        combiner: {
          ...stack.combiner,
          coef: stack.combiner.coef.map((row) => row.slice(0, bases.length * w)),
        },
      };
      const plan = explainPlan(p);
      expect(plan).toEqual({ method: 'weighted-sum', scale: task === 'regression' ? 'value' : 'logit', exact: true });
      const e = explainRows(p, buildBackground(p, train.cols, train.n), test.cols);
      // The combiner's margin from the app's predictor of each base (stack-combine.ts), before the link.
      const outs = bases.map((b) =>
        meanRows(
          b.pipelines.map((s) => {
            const pred = predictPipeline(s, test.cols);
            return task === 'regression'
              ? Float64Array.from(pred.prediction, Number)
              : (pred.probabilities as Float64Array);
          }),
        ),
      );
      const { Z, q } = stackFeatures(outs, test.n, task, w === 1 ? 0 : 3);
      const O = e.outputs.length;
      const G = e.columns.length;
      let worst = 0;
      for (let r = 0; r < test.n; r++)
        for (let o = 0; o < O; o++) {
          let margin = p.combiner.intercept[o];
          for (let j = 0; j < q; j++) margin += p.combiner.coef[o][j] * Z[r * q + j];
          let sum = e.base[o];
          for (let g = 0; g < G; g++) sum += e.values[(r * O + o) * G + g];
          if (Number.isFinite(margin)) worst = Math.max(worst, Math.abs(sum - margin));
        }
      expect(worst).toBeLessThanOrEqual(1e-9);
    }
  });

  /** Training rows with every input present (linear fixtures output NaN for a missing date). */
  const complete = (t: typeof train) =>
    Array.from({ length: t.n }, (_, i) => i).filter((i) =>
      Object.values(t.cols).every((c) => (c instanceof Float64Array ? !Number.isNaN(c[i]) : c[i] !== null)),
    );

  it('linear SHAP equals brute-force interventional Shapley values (polynomial terms included)', () => {
    for (const name of ['ridge', 'polynomial']) {
      const p = fixturePipelines(train, 'regression')[name] as SinglePipeline;
      // Background: 30 complete training rows; brute force averages over exactly those rows.
      const bgCols = takeRows(p.inputs, train.cols, complete(train).slice(0, 30));
      const bg = buildBackground(p, bgCols, 30);
      const probe = takeRows(p.inputs, test.cols, complete(test).slice(0, 4));
      const e = explainRows(p, bg, probe);
      const G = p.inputs.length;
      const f = pipelineOutput(p);
      for (let r = 0; r < 4; r++) {
        const value = (mask: number) => {
          // Columns in the coalition come from the row, the others from each background row in turn.
          const mixed = takeRows(
            p.inputs,
            bgCols,
            Array.from({ length: 30 }, (_, i) => i),
          );
          p.inputs.forEach(({ name: col }, g) => {
            if (!(mask & (1 << g))) return;
            const dst = mixed[col];
            const v = probe[col][r];
            for (let i = 0; i < 30; i++) dst[i] = v as never;
          });
          return f(mixed, 30).reduce((a, b) => a + b, 0) / 30;
        };
        const want = shapleyByEnumeration(G, value);
        for (let g = 0; g < G; g++) expect(Math.abs(e.values[r * G + g] - want[g])).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('one-hot, TF-IDF, spline, datetime and indicator features add up to their column', () => {
    const p = fixturePipelines(train, 'regression').linear as SinglePipeline;
    const m = p.model as LinearModel;
    const bg = buildBackground(p, train.cols, train.n);
    const e = explainRows(p, bg, test.cols);
    const F = p.featureNames.length;
    const X = transformFeatures(p, test.cols, test.n);
    const means = bg.singles[0].means as number[];
    const G = p.inputs.length;
    for (const col of ['color', 'note', 'x1', 'when', 'flag']) {
      const g = p.inputs.findIndex((i) => i.name === col);
      const feats = p.featureNames.flatMap((f, j) => (f.startsWith(`${col}:`) ? [j] : []));
      expect(feats.length).toBeGreaterThan(1);
      for (let r = 0; r < test.n; r++) {
        const want = feats.reduce((a, j) => a + m.coef[0][j] * (X[r * F + j] - means[j]), 0);
        const got = e.values[r * G + g];
        if (Number.isNaN(want)) expect(got).toBeNaN();
        else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('sampling gives the exact values of an additive model', () => {
    // Every permutation measures the same marginal change of an additive model, so the estimate is exact.
    const p = fixturePipelines(train, 'regression').ridge as SinglePipeline;
    const B = 16;
    const bgCols = takeRows(p.inputs, train.cols, complete(train).slice(0, B));
    const probe = takeRows(p.inputs, test.cols, complete(test).slice(0, 5));
    const exact = explainRows(p, buildBackground(p, bgCols, B), probe);
    const sampled = samplingShap(pipelineOutput(p), 1, p.inputs, probe, 5, bgCols, B, 3);
    expect(Math.abs(sampled.base[0] - exact.base[0])).toBeLessThanOrEqual(1e-9);
    exact.values.forEach((v, i) => expect(Math.abs(sampled.values[i] - v)).toBeLessThanOrEqual(1e-9));
    expect(Math.max(...sampled.stderr)).toBeLessThan(1e-9);
  });
});
