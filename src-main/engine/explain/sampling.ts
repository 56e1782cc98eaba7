/**
 * The approximate explainer for models without an exact method (MLP, naive Bayes, ensembles and stacks that mix
 * families): permutation sampling of Shapley values over raw columns (Štrumbelj & Kononenko 2014), with antithetic
 * pairs (a permutation and its reverse) each started from one background row. Every background row starts one pair,
 * so the contributions of a row add up exactly to its output minus the background's mean output (local accuracy
 * holds; only the split between columns is estimated). The model is evaluated by the app's one predictor on rows
 * that mix the explained row's values with a background row's.
 */
import type { ColumnData, Columns, InputSpec } from '../pipeline/types';
import { seededRandom } from '../util/rng';

/** Model output on n rows: n × outputs, row-major. */
export type OutputFn = (cols: Columns, n: number) => Float64Array;

export interface SamplingResult {
  base: Float64Array;
  values: Float64Array;
  stderr: Float64Array;
  permutations: number;
}

function emptyLike(c: ColumnData, n: number): ColumnData {
  return c instanceof Float64Array ? new Float64Array(n) : new Array<string | null>(n).fill(null);
}

function shuffle(rand: () => number, G: number): Int32Array {
  const p = Int32Array.from({ length: G }, (_, i) => i);
  for (let i = G - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

export function samplingShap(
  f: OutputFn,
  outputs: number,
  inputs: InputSpec[],
  x: Columns,
  n: number,
  background: Columns,
  B: number,
  seed: number,
): SamplingResult {
  const G = inputs.length;
  const O = outputs;
  const names = inputs.map((i) => i.name);
  const bgOut = f(background, B);
  const base = new Float64Array(O);
  for (let b = 0; b < B; b++) for (let o = 0; o < O; o++) base[o] += bgOut[b * O + o] / B;
  const values = new Float64Array(n * O * G);
  const stderr = new Float64Array(n * O * G);
  const chains = 2 * B;
  const len = chains * (G + 1);
  const rand = seededRandom(seed);
  const batch: Columns = {};
  for (const name of names) batch[name] = emptyLike(x[name], len);
  const perms: Int32Array[] = new Array(chains);
  // Per player: the sum of pair means, and of squared half-differences within pairs (the standard error).
  const pairSum = new Float64Array(O * G);
  const pairSq = new Float64Array(O * G);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < B; j++) {
      const p = shuffle(rand, G);
      perms[2 * j] = p;
      perms[2 * j + 1] = p.slice().reverse();
    }
    // Chain h starts at background row h >> 1 and takes the row's columns one by one in perms[h] order.
    names.forEach((name, g) => {
      const src = x[name];
      const bg = background[name];
      const dst = batch[name];
      for (let h = 0; h < chains; h++) {
        const perm = perms[h];
        let at = 0;
        while (perm[at] !== g) at++;
        const b = h >> 1;
        const q0 = h * (G + 1);
        for (let k = 0; k <= G; k++) {
          // After k steps the first k players of the permutation come from the row.
          const fromRow = at < k;
          if (dst instanceof Float64Array) dst[q0 + k] = fromRow ? (src as Float64Array)[r] : (bg as Float64Array)[b];
          else dst[q0 + k] = fromRow ? (src as Array<string | null>)[r] : (bg as Array<string | null>)[b];
        }
      }
    });
    const out = f(batch, len);
    pairSum.fill(0);
    pairSq.fill(0);
    for (let j = 0; j < B; j++) {
      // The two chains of a pair share their background row: half their difference is permutation noise only.
      const chain = [new Float64Array(O * G), new Float64Array(O * G)];
      [2 * j, 2 * j + 1].forEach((h, c) => {
        const q0 = h * (G + 1);
        for (let k = 1; k <= G; k++) {
          const g = perms[h][k - 1];
          for (let o = 0; o < O; o++) chain[c][o * G + g] += out[(q0 + k) * O + o] - out[(q0 + k - 1) * O + o];
        }
      });
      for (let i = 0; i < O * G; i++) {
        pairSum[i] += 0.5 * (chain[0][i] + chain[1][i]);
        const half = 0.5 * (chain[0][i] - chain[1][i]);
        pairSq[i] += half * half;
      }
    }
    for (let i = 0; i < O * G; i++) {
      values[r * O * G + i] = pairSum[i] / B;
      // Conservative: antithetic chains vary less together than two independent ones.
      stderr[r * O * G + i] = Math.sqrt(pairSq[i]) / B;
    }
  }
  return { base, values, stderr, permutations: chains };
}
