import { describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { makeRng } from '../models/trees/rng';
import { datetimePart, predictPipeline, transformFeatures } from './predict';
import { halvingSum, sparseHalvingSum } from './tfidf-rows';
import { tokenize } from './text-terms';
import type { FeatureStep, FittedModel, SinglePipeline } from './types';

function single(
  steps: FeatureStep[],
  width: number,
  model: FittedModel,
  task: SinglePipeline['task'] = 'regression',
): SinglePipeline {
  return {
    kind: 'single',
    task,
    target: 'y',
    classes: task === 'binary' ? ['no', 'yes'] : task === 'multiclass' ? ['a', 'b', 'c'] : undefined,
    inputs: [...new Set(steps.map((s) => s.column))].map((name) => ({ name, kind: 'numeric' as const })),
    steps,
    featureNames: Array.from({ length: width }, (_, i) => `f${i}`),
    model,
  };
}
const identity = (F: number): FittedModel => ({
  family: 'linear',
  coef: [new Array(F).fill(0)],
  intercept: [0],
  link: 'identity',
});

describe('transformFeatures', () => {
  it('centres and scales; a missing value takes `impute` (centred units); indicator marks NaN', () => {
    const p = single(
      [{ kind: 'numeric', column: 'x', impute: 2, center: 1, scale: 2, indicator: true }],
      2,
      identity(2),
    );
    expect(Array.from(transformFeatures(p, { x: Float64Array.from([1, NaN, 4]) }, 3))).toEqual([0, 0, 1, 1, 1.5, 0]);
  });

  it('one-hot, ordinal and target encodings treat null, "" and unseen values alike', () => {
    const cats = ['a', 'b'];
    const steps: FeatureStep[] = [
      { kind: 'onehot', column: 'c', categories: cats },
      { kind: 'ordinal', column: 'c', categories: cats },
      { kind: 'target', column: 'c', categories: cats, values: [[10], [20]], fallback: [15] },
    ];
    const X = transformFeatures(single(steps, 4, identity(4)), { c: ['b', null, '', 'zzz', 'a'] }, 5);
    expect(Array.from(X)).toEqual([0, 1, 1, 20, 0, 0, -1, 15, 0, 0, -1, 15, 0, 0, -1, 15, 1, 0, 0, 10]);
  });

  it('datetime parts are UTC with Monday = 0, NaN stays NaN', () => {
    const leap = Date.UTC(2024, 1, 29, 13, 5); // Thursday 29 Feb 2024, 13:05
    expect(['year', 'month', 'day', 'dayofweek', 'hour'].map((p) => datetimePart(leap, p))).toEqual([
      2024, 2, 29, 3, 13,
    ]);
    expect(datetimePart(Date.UTC(1969, 11, 31, 23), 'year')).toBe(1969);
    expect(datetimePart(Date.UTC(2023, 0, 1), 'dayofweek')).toBe(6); // a Sunday
    expect(datetimePart(86_400_000 * 1.5, 'epoch_days')).toBe(1.5);
    expect(datetimePart(NaN, 'month')).toBeNaN();
  });

  it('tf-idf counts lower-cased ASCII word n-grams and L2-normalises', () => {
    expect(tokenize('Not GOOD, good! café')).toEqual(['not', 'good', 'good', 'caf']);
    expect(tokenize('snake_case x2')).toEqual(['snake_case', 'x2']);
    const step: FeatureStep = {
      kind: 'tfidf',
      column: 't',
      vocabulary: ['good', 'not good', 'bad'],
      idf: [1, 2, 5],
      ngram: [1, 2],
    };
    const X = transformFeatures(single([step], 3, identity(3)), { t: ['Not GOOD, good!', null] }, 2);
    // tf good = 2, "not good" = 1 -> [2, 2, 0] / sqrt(8); an empty document stays all zero.
    expect(Array.from(X).map((v) => +v.toFixed(12))).toEqual([0.707106781187, 0.707106781187, 0, 0, 0, 0]);
  });
});

describe('predictPipeline', () => {
  const step: FeatureStep = { kind: 'numeric', column: 'x', impute: 0, center: 0, scale: 1, indicator: false };
  const dt: FeatureStep = { kind: 'datetime', column: 'd', parts: ['hour'] };

  it('walks trees with missing-value directions and adds the base score', () => {
    // Split on the hour (NaN when the date is missing): < 12 -> 1, else -> 5; NaN goes left.
    const model: FittedModel = {
      family: 'gradient_boosting',
      trees: [
        {
          feature: [0, 0, 0],
          threshold: [12, 0, 0],
          missingLeft: [true, false, false],
          left: [1, -1, -1],
          right: [2, -1, -1],
          values: [[0], [1], [5]],
        },
      ],
      aggregate: 'sum',
      baseScore: [100],
      link: 'identity',
    };
    const d = Float64Array.from([Date.UTC(2020, 0, 1, 3), Date.UTC(2020, 0, 1, 12), NaN]);
    expect(predictPipeline(single([dt], 1, model), { d }).prediction).toEqual([101, 105, 101]);
  });

  it('binary: one logistic output expands to [1 - p, p]; the label is the argmax', () => {
    const p = single([step], 1, { family: 'logistic', coef: [[1]], intercept: [0], link: 'logistic' }, 'binary');
    const r = predictPipeline(p, { x: Float64Array.from([-2, 0, 3]) });
    expect(r.prediction).toEqual(['no', 'no', 'yes']);
    expect(r.probabilities?.[1]).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
    expect(r.probabilities?.[2]).toBe(0.5); // a tie picks the first class
  });

  it('ensembles average member outputs with their weights', () => {
    const a = single([step], 1, { family: 'linear', coef: [[2]], intercept: [0], link: 'identity' });
    const b = single([step], 1, { family: 'linear', coef: [[0]], intercept: [10], link: 'identity' });
    const e = {
      kind: 'ensemble' as const,
      task: 'regression' as const,
      target: 'y',
      inputs: a.inputs,
      members: [
        { weight: 0.75, pipeline: a },
        { weight: 0.25, pipeline: b },
      ],
    };
    expect(predictPipeline(e, { x: Float64Array.from([4]) }).prediction).toEqual([8.5]);
  });

  it('names a missing column and rejects inconsistent feature counts', () => {
    const p = single([step], 1, identity(1));
    expect(() => predictPipeline(p, { y: Float64Array.from([1]) })).toThrow(/Column 'x' is missing/);
    try {
      predictPipeline({ ...p, featureNames: ['a', 'b'] }, { x: Float64Array.from([1]) });
      expect.unreachable();
    } catch (e) {
      expect((e as CodedError).code).toBe('invalid-input');
    }
  });
});

describe('sparseHalvingSum', () => {
  it('adds the non-zero entries in halvingSum order: the same bits as the dense sum', () => {
    const rng = makeRng(3);
    for (const len of [1, 2, 3, 7, 64, 1000, 30_011]) {
      for (let trial = 0; trial < 20; trial++) {
        const dense = new Float64Array(2 ** Math.ceil(Math.log2(Math.max(len, 1))) || 1);
        // Up to 40 positions, or up to 3,000 (deep trees; the norm of a long text over a 30,000-term vocabulary).
        const count = 1 + Math.floor(rng() * (trial % 2 ? 40 : 3000));
        const at = [...new Set(Array.from({ length: count }, () => Math.floor(rng() * len)))];
        const v = at.map(() => rng() ** 2 * 10 ** Math.floor(rng() * 8 - 4));
        at.forEach((j, i) => (dense[j] = v[i]));
        expect(sparseHalvingSum(at, v)).toBe(halvingSum(dense, len));
      }
    }
  });
});
