import { describe, expect, it } from 'vitest';
import type { PreprocessPlan } from '@shared/project';
import { predictPipeline } from '../pipeline/predict';
import type { SinglePipeline } from '../pipeline/types';
import { makeFrame } from '../frame/load-frame';
import { fitFeatures, type TargetInfo } from './fit-steps';
import { featureMatrix, trainMatrix } from './train-matrix';

const frame = makeFrame([
  { name: 'num', kind: 'numeric', values: Float64Array.from([1, 2, NaN, 4, 5, 6, 7, 8]) },
  { name: 'cat', kind: 'categorical', values: ['a', 'b', 'a', null, 'b', 'a', 'c', 'a'] },
  {
    name: 'when',
    kind: 'datetime',
    values: Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 2, 13), NaN, 0, 0, 0, 0, 0]),
  },
  {
    name: 'txt',
    kind: 'text',
    values: ['good film', 'bad film', 'good good', null, 'bad', 'good film', 'film', 'bad bad'],
  },
  { name: 'y', kind: 'numeric', values: Float64Array.from([1, 0, 1, 0, 0, 1, 1, 0]) },
]);
const target: TargetInfo = { kind: 'binary', y: frame.get('y')?.values as Float64Array, nClasses: 2 };
const col = (
  name: string,
  kind: 'numeric' | 'categorical' | 'datetime' | 'text',
  encode: 'none' | 'onehot' | 'target' | 'tfidf' | 'datetime_parts' = 'none',
) =>
  ({
    name,
    kind,
    role: kind === 'text' ? 'text' : 'feature',
    impute: 'mean',
    encode,
    scale: 'standard',
    reason: '',
  }) as const;
const plan: PreprocessPlan = {
  columns: [
    col('num', 'numeric'),
    col('cat', 'categorical', 'onehot'),
    col('when', 'datetime', 'datetime_parts'),
    col('txt', 'text', 'tfidf'),
  ],
  validation: { kind: 'holdout', testFraction: 0.2, stratified: true },
  classWeights: false,
  warnings: [],
};
const trainRows = Int32Array.from([0, 1, 2, 3, 4, 5]);

describe('preprocessing', () => {
  it('fits numeric impute/centre/scale on the training rows only, impute in centred units', () => {
    const f = fitFeatures(frame, plan, target, trainRows, 'linear');
    const num = f.steps.find((s) => s.kind === 'numeric');
    // Training rows hold 1, 2, 4, 5, 6 (rows 6, 7 are not seen): mean 3.6.
    expect(num).toMatchObject({ center: 3.6, impute: 0, indicator: true });
    expect(f.featureNames.slice(0, 2)).toEqual(['num', 'num_missing']);
    const m = featureMatrix(frame, f, Int32Array.from([2]));
    expect(m.X[0]).toBe(0);
    expect(m.X[1]).toBe(1);
  });

  it('one-hot for linear style, target-ordered ordinal codes for trees', () => {
    const lin = fitFeatures(frame, plan, target, trainRows, 'linear');
    expect(lin.steps.find((s) => s.column === 'cat')).toEqual({
      kind: 'onehot',
      column: 'cat',
      categories: ['a', 'b'],
    });
    const tree = fitFeatures(frame, plan, target, trainRows, 'tree');
    // mean y: b = 0 (rows 1, 4), a = 1 (rows 0, 2, 5): b sorts first.
    expect(tree.steps.find((s) => s.column === 'cat')).toEqual({
      kind: 'ordinal',
      column: 'cat',
      categories: ['b', 'a'],
    });
    const num = tree.steps.find((s) => s.kind === 'numeric');
    expect(num).toMatchObject({ center: 0, scale: 1 });
  });

  it('target encoding is smoothed toward the prior and cross-fitted on training rows', () => {
    const tePlan: PreprocessPlan = { ...plan, columns: [col('cat', 'categorical', 'target')] };
    const f = fitFeatures(frame, tePlan, target, trainRows, 'linear');
    const step = f.steps[0];
    if (step.kind !== 'target') throw new Error('expected a target step');
    // prior = 3/6; a: 3 of 3 → (3 + 10 * 0.5) / 13.
    expect(step.values[step.categories.indexOf('a')][0]).toBeCloseTo(8 / 13, 12);
    expect(step.fallback).toEqual([0.5]);
    const train = trainMatrix(frame, f, target, trainRows);
    const plain = featureMatrix(frame, f, trainRows);
    expect(Array.from(train.X)).not.toEqual(Array.from(plain.X));
  });

  it('spline basis: knots are interior quantiles in standardised units; features are max(0, z - knot)', () => {
    const f = fitFeatures(frame, plan, target, trainRows, 'linear', { splineKnots: 3 });
    const num = f.steps.find((s) => s.kind === 'numeric');
    const sp = f.steps.find((s) => s.kind === 'spline');
    if (sp?.kind !== 'spline' || num?.kind !== 'numeric') throw new Error('expected numeric and spline steps');
    expect(f.steps.map((s) => s.kind).slice(0, 2)).toEqual(['numeric', 'spline']);
    // Training values 1, 2, 4, 5, 6: quartiles 2, 4, 5 (numpy linear interpolation), standardised like the numeric step.
    expect(sp.knots.map((k) => k * num.scale + num.center)).toEqual([2, 4, 5].map((v) => expect.closeTo(v, 12)));
    expect(f.featureNames.slice(2, 5)).toEqual(['num_spline1', 'num_spline2', 'num_spline3']);
    const m = featureMatrix(frame, f, Int32Array.from([6]));
    const z = (7 - num.center) / num.scale;
    expect(Array.from(m.X.subarray(2, 5))).toEqual(sp.knots.map((k) => Math.max(0, z - k)));
    // Trees never get a spline; a column with fewer than 5 distinct training values neither.
    expect(
      fitFeatures(frame, plan, target, trainRows, 'tree', { splineKnots: 3 }).steps.some((s) => s.kind === 'spline'),
    ).toBe(false);
    const few = fitFeatures(frame, plan, target, Int32Array.from([0, 1, 3, 4]), 'linear', { splineKnots: 3 });
    expect(few.steps.some((s) => s.kind === 'spline')).toBe(false);
  });

  it('agrees with the shipped pipeline evaluator (predict.ts) on every step kind', () => {
    const f = fitFeatures(frame, plan, target, trainRows, 'linear', { splineKnots: 3 });
    const m = featureMatrix(
      frame,
      f,
      Int32Array.from({ length: 8 }, (_, i) => i),
    );
    expect(f.steps.map((s) => s.kind)).toEqual(['numeric', 'spline', 'onehot', 'numeric', 'tfidf']);
    expect(fitFeatures(frame, plan, target, trainRows, 'tree').steps.map((s) => s.kind)).toEqual([
      'numeric',
      'ordinal',
      'datetime',
      'tfidf',
    ]);
    // A linear model that reads feature j alone reproduces column j through predictPipeline.
    const cols = Object.fromEntries(frame.columns.map((c) => [c.name, c.values]));
    for (let j = 0; j < m.p; j++) {
      const coef = new Array<number>(m.p).fill(0);
      coef[j] = 1;
      const p: SinglePipeline = {
        kind: 'single',
        task: 'regression',
        target: 'y',
        inputs: f.inputs,
        steps: f.steps,
        featureNames: f.featureNames,
        model: { family: 'linear', coef: [coef], intercept: [0], link: 'identity' },
      };
      const got = predictPipeline(p, cols).prediction as number[];
      for (let r = 0; r < 8; r++) expect(got[r]).toBeCloseTo(m.X[r * m.p + j], 12);
    }
  });
});
