import { describe, expect, it } from 'vitest';
import { fixturePipelines, type FixtureTask } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { makeRng } from '../models/trees/rng';
import { featuresWithTextTail, predictPipeline, transformFeatures } from './predict';
import type { FeatureStep, FittedModel, FittedPipeline, Predictions, SinglePipeline, Tree } from './types';

/** Every value equal to the last bit (Object.is: NaN equals NaN, 0 differs from -0). */
function expectSameBits(a: Predictions, b: Predictions, what: string): void {
  expect(a.prediction, what).toEqual(b.prediction);
  a.prediction.forEach((v, i) => expect(Object.is(v, b.prediction[i]), `${what} row ${i}`).toBe(true));
  expect(a.probabilities?.length, what).toBe(b.probabilities?.length);
  const pa = a.probabilities ?? new Float64Array();
  const pb = b.probabilities ?? new Float64Array();
  const differ = Array.from(pa).filter((v, i) => !Object.is(v, pb[i])).length;
  expect(differ, what).toBe(0);
}

const singlesOf = (p: FittedPipeline): SinglePipeline[] =>
  p.kind === 'single'
    ? [p]
    : p.kind === 'ensemble'
      ? p.members.map((m) => m.pipeline)
      : p.bases.flatMap((b) => b.pipelines);

describe('sparse text path of predictPipeline', () => {
  const train = makeTable(300, 1);
  // More rows than one block of shared terms (predictPipeline scores ensembles and stacks 512 rows at a time).
  const test = makeTable(600, 2, true);

  it.each(['regression', 'binary', 'multiclass'] as FixtureTask[])(
    'every family, ensemble and stack (%s): the same bits as the dense matrix',
    (task) => {
      const pipelines = fixturePipelines(train, task);
      let withTail = 0;
      for (const [name, p] of Object.entries(pipelines)) {
        expectSameBits(predictPipeline(p, test.cols), predictPipeline(p, test.cols, 'dense'), `${task} ${name}`);
        for (const s of singlesOf(p)) if (featuresWithTextTail(s, test.cols, 2).tail) withTail++;
      }
      // The fixtures end with TF-IDF steps (word n-grams; char_wb + word for linear models and trees).
      expect(withTail).toBeGreaterThan(10);
    },
  );

  it('the tail holds exactly the non-zero text features of the dense matrix, columns ascending', () => {
    const p = fixturePipelines(train, 'binary').logistic as SinglePipeline;
    const m = featuresWithTextTail(p, test.cols, test.n);
    const F = p.featureNames.length;
    const X = transformFeatures(p, test.cols, test.n);
    const tail = m.tail;
    if (!tail) throw new Error('expected a text tail');
    expect(m.p + tail.p).toBe(F);
    let nonZero = 0;
    for (let r = 0; r < test.n; r++) {
      expect(Array.from(m.X.subarray(r * m.p, (r + 1) * m.p))).toEqual(Array.from(X.subarray(r * F, r * F + m.p)));
      const row = new Float64Array(tail.p);
      for (let q = tail.indptr[r]; q < tail.indptr[r + 1]; q++) {
        if (q > tail.indptr[r]) expect(tail.indices[q]).toBeGreaterThan(tail.indices[q - 1]);
        row[tail.indices[q]] = tail.values[q];
      }
      expect(Array.from(row)).toEqual(Array.from(X.subarray(r * F + m.p, (r + 1) * F)));
      nonZero += tail.indptr[r + 1] - tail.indptr[r];
    }
    expect(nonZero).toBeGreaterThan(test.n);
  });

  it('a 30,000-term vocabulary: linear, tree and MLP models score as on the dense matrix', () => {
    // Many terms, a few per text (low-numbered terms are frequent): most columns are zero in every row; some rows
    // are empty, some words are not in the vocabulary.
    const rng = makeRng(7);
    const vocabulary = Array.from({ length: 30_000 }, (_, i) => `w${i}`);
    const n = 300;
    const note = Array.from({ length: n }, (_, r) =>
      r % 37 === 0
        ? null
        : Array.from({ length: 1 + Math.floor(rng() * 40) }, () => `w${Math.floor(rng() ** 4 * 31_000)}`).join(' '),
    );
    const x = Float64Array.from({ length: n }, () => (rng() < 0.1 ? NaN : rng() * 10));
    const steps: FeatureStep[] = [
      { kind: 'numeric', column: 'x', impute: 0.5, center: 5, scale: 3, indicator: true },
      {
        kind: 'tfidf',
        column: 'note',
        vocabulary,
        idf: vocabulary.map(() => 1 + rng() * 4),
        ngram: [1, 1],
        sublinear: true,
      },
      {
        kind: 'tfidf',
        column: 'note',
        vocabulary: vocabulary.slice(0, 500),
        idf: vocabulary.slice(0, 500).map(() => 2),
        ngram: [1, 2],
      },
    ];
    const F = 2 + 30_000 + 500;
    // A tree splitting on text columns from both blocks and on the numeric one; leaves carry no feature.
    const tree = (seed: number): Tree => {
      const r = makeRng(seed);
      const feature: number[] = [];
      const threshold: number[] = [];
      const left: number[] = [];
      const right: number[] = [];
      const values: number[][] = [];
      const grow = (depth: number): number => {
        const i = feature.length;
        feature.push(0);
        threshold.push(0);
        left.push(-1);
        right.push(-1);
        values.push([r() - 0.5]);
        if (depth < 6) {
          const u = r();
          feature[i] = u < 0.2 ? 0 : u < 0.6 ? 2 + Math.floor(r() ** 4 * 30_000) : 30_002 + Math.floor(r() * 500);
          threshold[i] = feature[i] === 0 ? r() * 2 - 1 : r() * 0.3;
          left[i] = grow(depth + 1);
          right[i] = grow(depth + 1);
        }
        return i;
      };
      grow(0);
      return { feature, threshold, missingLeft: feature.map(() => r() < 0.5), left, right, values };
    };
    const models: FittedModel[] = [
      {
        family: 'logistic',
        coef: [Array.from({ length: F }, () => rng() * 2 - 1)],
        intercept: [0.25],
        link: 'logistic',
      },
      {
        family: 'gradient_boosting',
        trees: [1, 2, 3].map(tree),
        aggregate: 'sum',
        baseScore: [0.1],
        link: 'logistic',
      },
      {
        family: 'mlp',
        layers: [
          {
            weights: Array.from({ length: F }, () => [rng() - 0.5, rng() - 0.5]),
            bias: [0.1, -0.1],
            activation: 'relu',
          },
          { weights: [[1], [-1]], bias: [0], activation: 'linear' },
        ],
        link: 'logistic',
      },
    ];
    for (const model of models) {
      const p: SinglePipeline = {
        kind: 'single',
        task: 'binary',
        target: 'y',
        classes: ['a', 'b'],
        inputs: [
          { name: 'x', kind: 'numeric' },
          { name: 'note', kind: 'text' },
        ],
        steps,
        featureNames: Array.from({ length: F }, (_, i) => `f${i}`),
        model,
      };
      const cols = { x, note };
      const sparse = predictPipeline(p, cols);
      expectSameBits(sparse, predictPipeline(p, cols, 'dense'), model.family);
      expect(new Set(sparse.probabilities).size, model.family).toBeGreaterThan(20);
    }
  });
});
