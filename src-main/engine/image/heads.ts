import { softmaxRows } from '../util/softmax';

/** Rows of embeddings: n rows of d float32 values, row-major. */
export interface Rows {
  data: Float32Array;
  n: number;
  d: number;
}

/** A head as exported: logits = x·W + b with W [d×c] row-major (Gemm layout); the MLP adds a ReLU hidden layer. */
export type Head =
  | { kind: 'logistic'; d: number; c: number; W: Float32Array; b: Float32Array }
  | {
      kind: 'mlp';
      d: number;
      h: number;
      c: number;
      W1: Float32Array;
      b1: Float32Array;
      W2: Float32Array;
      b2: Float32Array;
    };

export function stackRows(rows: Float32Array[], d: number): Rows {
  const data = new Float32Array(rows.length * d);
  rows.forEach((r, i) => data.set(r, i * d));
  return { data, n: rows.length, d };
}

/** Dense layer in double precision: out[i,j] = Σk x[i,k] W[k,j] + b[j]. */
function dense(
  x: Float32Array | Float64Array,
  n: number,
  d: number,
  W: Float32Array,
  b: Float32Array,
  c: number,
): Float64Array {
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let j = 0; j < c; j++) out[o + j] = b[j];
    for (let k = 0; k < d; k++) {
      const v = x[i * d + k];
      if (v === 0) continue;
      const wk = k * c;
      for (let j = 0; j < c; j++) out[o + j] += v * W[wk + j];
    }
  }
  return out;
}

/** The in-app probabilities of a head on embeddings: what the exported graph must reproduce. */
export function headProbabilities(head: Head, x: Rows): Float64Array {
  if (head.kind === 'logistic') return softmaxRows(dense(x.data, x.n, x.d, head.W, head.b, head.c), x.n, head.c);
  const hidden = dense(x.data, x.n, x.d, head.W1, head.b1, head.h);
  // Round the hidden layer to float32 as ORT holds it, so the two routes agree closely.
  const h32 = new Float32Array(hidden.length);
  for (let i = 0; i < hidden.length; i++) h32[i] = Math.max(0, hidden[i]);
  return softmaxRows(dense(h32, x.n, head.h, head.W2, head.b2, head.c), x.n, head.c);
}

export function argmaxRows(p: Float64Array, n: number, c: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (p[i * c + j] > p[i * c + best]) best = j;
    out.push(best);
  }
  return out;
}

/** "Balanced" class weights n / (c · n_k), so rare classes count as much as common ones. */
export function balancedWeights(y: number[], c: number): number[] {
  const counts = new Array<number>(c).fill(0);
  for (const v of y) counts[v] += 1;
  return counts.map((k) => (k > 0 ? y.length / (c * k) : 0));
}
