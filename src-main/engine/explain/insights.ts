/**
 * What drives a model over many rows, for the Review screen and the report: explains a sample of held-out rows and
 * summarises the contributions (mean |effect| with a direction, a beeswarm, dependence of the top columns with the
 * column each interacts with most), plus partial dependence / ICE curves from the app's predictor.
 */
import {
  MIN_PATTERN_ROWS,
  type ExplainedExample,
  type ExplanationDependence,
  type ModelExplanations,
  type PartialDependence,
} from '@shared/explain';
import { CodedError } from '@shared/errors';
import { numericColumn, predictPipeline, stringColumn } from '../pipeline/predict';
import type { Columns, FittedPipeline, InputKind } from '../pipeline/types';
import { budgetNow } from '../util/budget-clock';
import { explainedOutputs, explainRows, needsSampling, pipelineOutput } from './explain';
import { rowExplanation } from './row';
import { sampleRows } from '../util/sample-rows';
import { cellTexts, takeRows } from './rows';
import type { ExplainBackground, StoredColumns } from './types';

export interface InsightOptions {
  modelId: string;
  /** Held-out rows explained (a seeded sample above it). Default 200 (100 when the model is sampled). */
  rows?: number;
  seed?: number;
  signal?: AbortSignal;
  /**
   * When to be done by, on the training budget clock (util/budget-clock.ts `budgetNow()`): fewer rows are explained
   * (at least 10 by an exact method, at least one by sampling) and partial dependence is left out if need be.
   */
  deadline?: number;
  /** Held-out rows explained in full for the waterfall of a chosen row. Default 30. */
  examples?: number;
  /** The data row of each held-out row (0-based), and its actual target as text: for the examples. */
  rowIds?: ArrayLike<number>;
  actual?: (heldOutIndex: number) => string | null;
}

/** Fewest background rows the sampling estimator is cut to when time is short. */
const MIN_BACKGROUND = 5;
/** Rows a sampled model's output is timed on when that is cheap (see explainModel). */
const PROBE_BATCH = 200;
const BEESWARM = 10;
const DEPENDENCE = 4;
const PD_GRID = 20;
const PD_ROWS = 100;
const ICE = 15;
const CATEGORIES = 10;

const ordered = (kind: InputKind) => kind === 'numeric' || kind === 'boolean' || kind === 'datetime';

/** Ranks of the finite values scaled to 0..1 (ties share their mean rank); null for missing. */
function ranks01(x: Float64Array): Array<number | null> {
  const idx = Array.from(x.keys()).filter((i) => Number.isFinite(x[i]));
  idx.sort((a, b) => x[a] - x[b]);
  const out: Array<number | null> = Array.from(x, () => null);
  const last = Math.max(1, idx.length - 1);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++;
    for (let k = i; k <= j; k++) out[idx[k]] = (i + j) / 2 / last;
    i = j + 1;
  }
  return out;
}

function correlation(a: ArrayLike<number | null>, b: ArrayLike<number>): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < b.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const va = n * saa - sa * sa;
  const vb = n * sbb - sb * sb;
  return n > 2 && va > 0 && vb > 0 ? (n * sab - sa * sb) / Math.sqrt(va * vb) : 0;
}

/** φ minus its running mean along x (the column's own main effect), so what is left is what other columns add. */
function residualAfterMainEffect(x: Float64Array, phi: Float64Array): Float64Array {
  const idx = Array.from(x.keys()).filter((i) => Number.isFinite(x[i]));
  idx.sort((a, b) => x[a] - x[b]);
  const out = new Float64Array(phi.length).fill(NaN);
  const w = Math.max(3, Math.round(idx.length / 10));
  for (let k = 0; k < idx.length; k++) {
    const lo = Math.max(0, k - w);
    const hi = Math.min(idx.length, k + w + 1);
    let s = 0;
    for (let j = lo; j < hi; j++) s += phi[idx[j]];
    out[idx[k]] = phi[idx[k]] - s / (hi - lo);
  }
  return out;
}

export function explainModel(
  p: FittedPipeline,
  bg: ExplainBackground,
  heldOut: Columns,
  heldOutRows: number,
  opts: InsightOptions,
): ModelExplanations {
  const seed = opts.seed ?? 0;
  const sampled = bg.sample !== undefined;
  let n = Math.min(heldOutRows, opts.rows ?? (sampled ? 100 : 200));
  if (n === 0) throw new CodedError('dataset-empty', 'There are no held-out rows to explain the model on.');
  // With a deadline: time a few rows, then explain as many as fit in about half the time left. Exact methods are
  // cheap per row (at least 10 are explained); a sampled model (a stack, an MLP) can take seconds per row, so its
  // cost is read from its output's and it is explained over as few as one row, with fewer background rows if need be.
  let perOutput = 0;
  if (opts.deadline !== undefined) {
    const deadline = opts.deadline;
    const exact = !needsSampling(p);
    const k = Math.min(5, n);
    const probe = takeRows(p.inputs, heldOut, sampleRows(heldOutRows, k, seed + 5));
    let t = budgetNow();
    pipelineOutput(p)(probe, k);
    perOutput = (budgetNow() - t) / k;
    // Sampling scores its mixed rows in batches of thousands, where a row costs a fraction of its share of the first
    // (cold) 5-row call (a stack of bagged members: 4 ms a row there, 0.6-0.9 ms in batches of 200-1,000): time a
    // larger batch, as large as fits in a tenth of the time left (up to PROBE_BATCH rows).
    const m = Math.min(PROBE_BATCH, Math.floor((0.1 * (deadline - budgetNow())) / Math.max(perOutput, 1e-4)));
    if (!exact && m >= 20) {
      const big = takeRows(
        p.inputs,
        heldOut,
        Int32Array.from({ length: m }, (_, i) => i % heldOutRows),
      );
      t = budgetNow();
      pipelineOutput(p)(big, m);
      perOutput = Math.min(perOutput, (budgetNow() - t) / m);
    }
    // Sampling scores 2 x (background rows) x (columns + 1) mixed rows per explained row: with an expensive model
    // (a stack, text read through thousands of terms) fewer background rows, so that the rows the charts need
    // (MIN_PATTERN_ROWS; one at the least) fit in half the time left. More rows over fewer background rows: the
    // person sees how columns move predictions over rows, and each row's estimate stays unbiased.
    if (!exact && bg.sample) {
      const perBackgroundRow = 2 * (p.inputs.length + 1) * Math.max(perOutput, 1e-4);
      const fit = Math.floor((0.5 * (deadline - budgetNow())) / perBackgroundRow / Math.min(n, MIN_PATTERN_ROWS));
      const rows = Math.max(Math.min(MIN_BACKGROUND, bg.sample.rows), Math.min(bg.sample.rows, fit));
      if (rows < bg.sample.rows) bg = fewerBackgroundRows(bg, rows, seed + 13);
    }
    // Sampling's cost per row follows from the output's, and when several rows could fit, one row is timed (the
    // sampler's own work on each mixed row is not in the output's time: a cheap model is explained slower than its
    // outputs say); an exact method is timed.
    let perRow = bg.sample ? 2 * bg.sample.rows * (p.inputs.length + 1) * perOutput : 0;
    if (!exact && perRow < 0.1 * (deadline - budgetNow())) {
      t = budgetNow();
      explainRows(p, bg, takeRows(p.inputs, probe, Int32Array.of(0)));
      perRow = Math.max(perRow, budgetNow() - t);
      // Its cost is linear in the background rows: fewer (down to MIN_BACKGROUND) when the charts' rows do not fit.
      const room = 0.5 * (deadline - budgetNow());
      const want = Math.min(n, MIN_PATTERN_ROWS);
      if (bg.sample && perRow * want > room && bg.sample.rows > MIN_BACKGROUND) {
        const rows = Math.max(MIN_BACKGROUND, Math.floor((bg.sample.rows * room) / (perRow * want)));
        perRow *= rows / bg.sample.rows;
        bg = fewerBackgroundRows(bg, rows, seed + 13);
      }
    }
    if (exact) {
      explainRows(p, bg, takeRows(p.inputs, probe, Int32Array.of(0)));
      // The first call prepared the trees (kept for the next calls): the cost per row is timed on a second one.
      t = budgetNow();
      explainRows(p, bg, probe);
      perRow = (budgetNow() - t) / k;
    }
    perRow = Math.max(1e-3, perRow);
    const fit = Math.floor((0.5 * (deadline - budgetNow())) / perRow);
    n = Math.max(exact ? Math.min(10, n) : 1, Math.min(n, fit));
  }
  const pick = sampleRows(heldOutRows, n, seed + 7);
  const cols = takeRows(p.inputs, heldOut, pick);
  const e = explainRows(p, bg, cols);
  const check = () => {
    if (opts.signal?.aborted) throw new CodedError('cancelled', 'Explaining the model was cancelled.');
  };
  check();
  const outputs = explainedOutputs(p);
  // Multiclass: the class predicted most often among these rows; binary: the positive class.
  let o = 0;
  if (p.task === 'multiclass') {
    const pred = predictPipeline(p, cols).prediction;
    const counts = outputs.map((c) => pred.filter((v) => v === c).length);
    o = counts.indexOf(Math.max(...counts));
  }
  const O = outputs.length;
  const G = p.inputs.length;
  const examples = exampleRows(p, e, cols, o, pick, opts);
  const phi = p.inputs.map((_, g) => Float64Array.from({ length: n }, (_, r) => e.values[(r * O + o) * G + g]));
  const values = p.inputs.map(({ name, kind }) => (ordered(kind) ? numericColumn(cols[name]) : null));
  const texts = p.inputs.map(({ name }) => stringColumn(cols[name]));
  const rank = values.map((v) => (v ? ranks01(v) : null));
  const meanAbs = phi.map((f) => f.reduce((a, v) => a + (Number.isFinite(v) ? Math.abs(v) : 0), 0) / n);
  const order = p.inputs.map((_, g) => g).sort((a, b) => meanAbs[b] - meanAbs[a]);
  const columns = order.map((g) => {
    const r = rank[g];
    const c = r ? correlation(r, phi[g]) : 0;
    return {
      column: p.inputs[g].name,
      meanAbs: meanAbs[g],
      direction: r ? (c > 0.3 ? ('up' as const) : c < -0.3 ? ('down' as const) : ('mixed' as const)) : null,
    };
  });
  const beeswarm = order.slice(0, BEESWARM).map((g) => ({
    column: p.inputs[g].name,
    effects: Array.from(phi[g]),
    color: rank[g] ?? Array.from({ length: n }, () => null),
  }));
  const top =
    n < MIN_PATTERN_ROWS ? [] : order.filter((g) => p.inputs[g].kind !== 'text' && meanAbs[g] > 0).slice(0, DEPENDENCE);
  const dependence: ExplanationDependence[] = top.map((g) => {
    const { name, kind } = p.inputs[g];
    const v = values[g];
    if (!v) return { kind: 'categorical', column: name, categories: categoryEffects(texts[g], phi[g]) };
    const resid = residualAfterMainEffect(v, phi[g]);
    let best = -1;
    let bestScore = 0.1;
    p.inputs.forEach((_, j) => {
      const rj = rank[j];
      if (j === g || !rj) return;
      const score = Math.abs(correlation(rj, resid));
      if (score > bestScore) {
        best = j;
        bestScore = score;
      }
    });
    return {
      kind: 'numeric',
      column: name,
      ...(kind === 'datetime' ? { date: true } : {}),
      x: Array.from(v, (a) => (Number.isFinite(a) ? a : null)),
      effects: Array.from(phi[g]),
      interaction: best >= 0 ? { column: p.inputs[best].name, color: rank[best] as Array<number | null> } : null,
    };
  });
  check();
  const f = pipelineOutput(p);
  // Partial dependence scores every grid value for every row: fewer rows when the deadline is near, none at the end.
  let pdRows = Math.min(n, PD_ROWS);
  if (opts.deadline !== undefined && top.length)
    pdRows = Math.min(
      pdRows,
      Math.floor((0.9 * (opts.deadline - budgetNow())) / (Math.max(perOutput, 1e-3) * PD_GRID * top.length)),
    );
  const pdCols = takeRows(p.inputs, cols, sampleRows(n, Math.max(pdRows, 0), seed + 11));
  const partialDependence =
    pdRows >= Math.min(n, 10) ? top.map((g) => partialDependence1(p, f, pdCols, g, o, values[g] !== null)) : [];
  return {
    formatVersion: 1,
    modelId: opts.modelId,
    target: p.target,
    output: outputs[o],
    how: {
      method: e.method,
      exact: e.exact,
      scale: e.scale,
      ...(e.sampling ? { sampling: e.sampling } : {}),
    },
    rows: n,
    base: e.base[o],
    columns,
    beeswarm,
    dependence,
    partialDependence,
    examples,
  };
}

/** The background with a seeded subset of `rows` of its sampled rows (the sampling estimator's cost is linear in them). */
function fewerBackgroundRows(bg: ExplainBackground, rows: number, seed: number): ExplainBackground {
  if (!bg.sample) return bg;
  const pick = sampleRows(bg.sample.rows, rows, seed);
  const columns: StoredColumns = {};
  for (const [name, c] of Object.entries(bg.sample.columns)) {
    const values: ReadonlyArray<number | string | null> = c;
    columns[name] = Array.from(pick, (r) => values[r]) as StoredColumns[string];
  }
  return { ...bg, sample: { columns, rows: pick.length } };
}

/** The first explained rows (already a seeded sample) in full, with the prediction as the model states it. */
function exampleRows(
  p: FittedPipeline,
  e: ReturnType<typeof explainRows>,
  cols: Columns,
  o: number,
  pick: Int32Array,
  opts: InsightOptions,
): ExplainedExample[] {
  const k = Math.min(opts.examples ?? 30, pick.length);
  const some = takeRows(
    p.inputs,
    cols,
    Int32Array.from({ length: k }, (_, i) => i),
  );
  const pred = predictPipeline(p, some).prediction;
  const cells = cellTexts(p.inputs, some, k);
  // A multiclass row is explained for the class it was predicted as (not the class the summary charts follow): "Row
  // 119: predicted science" showed why the probability of 'perl' fell.
  const outputs = explainedOutputs(p);
  const own = (i: number) => (p.task === 'multiclass' ? outputs.indexOf(String(pred[i])) : -1);
  return Array.from({ length: k }, (_, i) => ({
    row: opts.rowIds ? opts.rowIds[pick[i]] : pick[i],
    prediction: String(pred[i]),
    actual: opts.actual ? opts.actual(pick[i]) : null,
    explanation: rowExplanation(e, i, own(i) >= 0 ? own(i) : o, cells[i]),
  }));
}

/**
 * Mean effect per category (the most frequent ones; two or more left over as one "N others" bar, a single one under
 * its own name), missing as "(empty)".
 */
export function categoryEffects(v: Array<string | null>, phi: Float64Array) {
  const by = new Map<string, { sum: number; rows: number }>();
  v.forEach((c, i) => {
    const key = c === null || c === '' ? '(empty)' : c;
    const a = by.get(key) ?? { sum: 0, rows: 0 };
    a.sum += phi[i];
    a.rows += 1;
    by.set(key, a);
  });
  const all = [...by.entries()].sort((a, b) => b[1].rows - a[1].rows);
  const kept = all.length > CATEGORIES + 1 ? CATEGORIES : all.length;
  const shown = all.slice(0, kept);
  const rest = all.slice(kept).reduce((a, [, s]) => ({ sum: a.sum + s.sum, rows: a.rows + s.rows }), {
    sum: 0,
    rows: 0,
  });
  const out = shown.map(([label, s]) => ({ label, meanEffect: s.sum / s.rows, rows: s.rows }));
  if (rest.rows) out.push({ label: `${all.length - kept} others`, meanEffect: rest.sum / rest.rows, rows: rest.rows });
  return out.sort((a, b) => b.meanEffect - a.meanEffect);
}

/** Average (and per-row) output as column g takes each grid value, the rest of each row kept. */
function partialDependence1(
  p: FittedPipeline,
  f: (cols: Columns, n: number) => Float64Array,
  cols: Columns,
  g: number,
  o: number,
  numeric: boolean,
): PartialDependence {
  const { name, kind } = p.inputs[g];
  const n = cols[name].length;
  const O = explainedOutputs(p).length;
  let grid: number[] = [];
  let labels: string[] | undefined;
  if (numeric) {
    const v = Array.from(numericColumn(cols[name]))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const q = new Set<number>();
    for (let i = 0; i < PD_GRID && v.length; i++) q.add(v[Math.round((i / (PD_GRID - 1)) * (v.length - 1))]);
    grid = [...q];
  } else {
    const counts = new Map<string, number>();
    for (const c of stringColumn(cols[name])) if (c !== null && c !== '') counts.set(c, (counts.get(c) ?? 0) + 1);
    labels = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, CATEGORIES)
      .map(([c]) => c);
    grid = labels.map((_, i) => i);
  }
  // One batch: every row repeated once per grid value.
  const G = grid.length;
  const batch: Columns = {};
  for (const input of p.inputs) {
    const c = cols[input.name];
    if (input.name === name) {
      batch[name] = numeric
        ? Float64Array.from({ length: n * G }, (_, k) => grid[Math.floor(k / n)])
        : Array.from({ length: n * G }, (_, k) => (labels as string[])[Math.floor(k / n)]);
    } else
      batch[input.name] =
        c instanceof Float64Array
          ? Float64Array.from({ length: n * G }, (_, k) => c[k % n])
          : Array.from({ length: n * G }, (_, k) => c[k % n]);
  }
  const out = f(batch, n * G);
  const at = (gi: number, r: number) => out[(gi * n + r) * O + o];
  const average = grid.map((_, gi) => {
    let s = 0;
    let c = 0;
    for (let r = 0; r < n; r++) {
      const v = at(gi, r);
      if (Number.isFinite(v)) {
        s += v;
        c++;
      }
    }
    return c ? s / c : NaN;
  });
  const ice = Array.from({ length: Math.min(ICE, n) }, (_, r) => grid.map((_, gi) => at(gi, r)));
  return {
    column: name,
    scale: p.task === 'regression' ? 'value' : 'probability',
    kind: numeric ? 'numeric' : 'categorical',
    ...(kind === 'datetime' ? { date: true } : {}),
    grid,
    ...(labels ? { labels } : {}),
    average,
    ice,
  };
}
