/**
 * Scores selection rules on the dumps written by index.ts (each candidate's backtest folds and holdout
 * forecast), without refitting: how the automatic choice would do under each rule, per set.
 *   npx tsx --tsconfig tsconfig.node.json bench/forecast/rules.ts [--set=tuning|validation] [--detail=RULE]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_SETS } from './datasets';
import { DUMP, type SeriesDump } from './index';
import { summary, type ScoredSeries } from './report';
import { mase } from './score';

interface Cand {
  family: string;
  preds: number[][];
  actuals: Array<Array<number | null>>;
  scales: number[];
  holdout: number[];
  fold: number[];
  mean: number;
}

function foldMase(preds: number[][], actuals: Array<Array<number | null>>, scales: number[]): number[] {
  return preds.map((p, f) => {
    let s = 0;
    let c = 0;
    actuals[f].forEach((a, j) => {
      if (a === null) return;
      s += Math.abs(a - p[j]);
      c++;
    });
    return s / Math.max(1, c) / scales[f];
  });
}

function cands(d: SeriesDump): Map<string, Cand> {
  const out = new Map<string, Cand>();
  for (const [family, c] of Object.entries(d.candidates)) {
    const fold = foldMase(c.preds, c.actuals, c.scales);
    out.set(family, { family, ...c, fold, mean: fold.reduce((a, b) => a + b, 0) / Math.max(1, fold.length) });
  }
  return out;
}

type Agg = 'mean' | 'median';
function combine(list: Cand[], agg: Agg, family: string): Cand {
  const op = (v: number[]): number => {
    if (agg === 'mean') return v.reduce((a, b) => a + b, 0) / v.length;
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const a = list[0];
  const preds = a.preds.map((fold, f) => fold.map((_, j) => op(list.map((c) => c.preds[f][j]))));
  const holdout = a.holdout.map((_, j) => op(list.map((c) => c.holdout[j])));
  const fold = foldMase(preds, a.actuals, a.scales);
  return {
    family,
    preds,
    actuals: a.actuals,
    scales: a.scales,
    holdout,
    fold,
    mean: fold.reduce((x, y) => x + y, 0) / Math.max(1, fold.length),
  };
}

const pick = (c: Map<string, Cand>, fams: string[]): Cand[] => fams.map((f) => c.get(f)).filter((x): x is Cand => !!x);
const lowest = (list: Cand[]): Cand => list.reduce((a, b) => (b.mean < a.mean - 1e-12 ? b : a));

type Rule = (c: Map<string, Cand>, d: SeriesDump) => Cand;

/** One candidate per structure: the `family~variant` entries replace the family's own entry. */
function structures(c: Map<string, Cand>, families: string[]): Cand[] {
  const out: Cand[] = [];
  for (const f of families) {
    const variants = [...c.values()].filter((x) => x.family.startsWith(`${f}~`));
    if (variants.length > 0) out.push(...variants);
    else if (c.has(f)) out.push(c.get(f)!);
  }
  return out;
}
const variant = (c: Map<string, Cand>, f: string, v: string): Cand | undefined => c.get(`${f}~${v}`) ?? c.get(f);
const hasFolds = (x: Cand): boolean => x.fold.length > 0;

/** Candidates within `k` times the best backtest MASE, combined by `agg`. */
function pool(list: Cand[], k: number, agg: Agg, name: string): Cand {
  const withFolds = list.filter(hasFolds);
  if (withFolds.length === 0) return combine(list, agg, name);
  const best = lowest(withFolds).mean;
  const kept = withFolds.filter((x) => x.mean <= k * best + 1e-12);
  return kept.length === 1 ? kept[0] : combine(kept, agg, name);
}

const STAT = ['ets', 'arima', 'theta'];
const ALL_STAT = ['ets', 'arima', 'theta', 'dhr', 'seasonal_naive'];
const SINGLES = ['seasonal_naive', 'theta', 'gbm_lags', 'dhr', 'ets', 'arima'];
const rules: Record<string, Rule> = {
  // The app's own choice, as recorded in the dump.
  app: (c, d) => ({ ...c.get(d.app.method)!, family: d.app.method }),
  // The rule before this change: lowest backtest among the singles, the combination and the mean of the two
  // best singles.
  before: (c) => {
    const singles = pick(c, SINGLES).filter(hasFolds);
    const list = [...singles, ...pick(c, ['combination']).filter(hasFolds)];
    if (singles.length >= 2) {
      const top2 = [...singles].sort((a, b) => a.mean - b.mean).slice(0, 2);
      list.push(combine(top2, 'mean', 'ensemble'));
    }
    return list.length > 0 ? lowest(list) : c.get('combination')!;
  },
  current: (c) => lowest([...c.values()].filter((x) => hasFolds(x) && !x.family.includes('~'))),
  comb: (c) => combine(pick(c, STAT), 'mean', 'comb'),
  median3: (c) => combine(pick(c, STAT), 'median', 'median3'),
  combDamped: (c) =>
    combine([variant(c, 'ets', 'Ad')!, c.get('arima')!, c.get('theta')!].filter(Boolean), 'mean', 'combD'),
  combDampedRaw: (c) =>
    combine([variant(c, 'ets', 'Ad')!, variant(c, 'arima', 'raw')!, c.get('theta')!].filter(Boolean), 'mean', 'combDR'),
  bestStat: (c) => lowest(pick(c, ALL_STAT).filter(hasFolds)),
  ...Object.fromEntries(
    [1.1, 1.25, 1.5, 2].flatMap((k) =>
      (['mean', 'median'] as const).flatMap((agg) => [
        [`pool${k}${agg}`, (c: Map<string, Cand>) => pool(structures(c, ALL_STAT), k, agg, `pool`)],
        [`poolS${k}${agg}`, (c: Map<string, Cand>) => pool(structures(c, STAT), k, agg, `poolS`)],
        [`poolG${k}${agg}`, (c: Map<string, Cand>) => pool(structures(c, [...ALL_STAT, 'gbm_lags']), k, agg, `poolG`)],
      ]),
    ),
  ),
  // Shrink to the combination unless a candidate beats it clearly (mean MASE ratio) and in every fold.
  ...Object.fromEntries(
    [0.7, 0.8, 0.9].map((k) => [
      `shrink${k}`,
      (c: Map<string, Cand>) => {
        const comb = combine(pick(c, STAT), 'mean', 'comb');
        if (comb.fold.length === 0) return comb;
        const best = lowest([...c.values()].filter((x) => hasFolds(x) && x.family !== 'ensemble'));
        const clear = best.mean < k * comb.mean && best.fold.every((v, f) => v <= comb.fold[f]);
        return clear ? best : comb;
      },
    ]),
  ),
};

/** The same candidates with the mean backtest MASE weighting fold f (oldest first) by weight(f, folds). */
function reweight(c: Map<string, Cand>, weight: (f: number, k: number) => number): Map<string, Cand> {
  const out = new Map<string, Cand>();
  for (const [k, x] of c) {
    const w = x.fold.map((_, f) => weight(f, x.fold.length));
    const sw = w.reduce((a, b) => a + b, 0);
    out.set(k, { ...x, mean: sw > 0 ? x.fold.reduce((a, v, f) => a + w[f] * v, 0) / sw : NaN });
  }
  return out;
}
const WEIGHTS: Record<string, (f: number, k: number) => number> = {
  last: (f, k) => (f === k - 1 ? 1 : 0),
  linear: (f) => f + 1,
  last2: (f, k) => (f >= k - 2 ? 1 : 0),
};
for (const [wn, w] of Object.entries(WEIGHTS))
  for (const base of ['current', 'bestStat', 'poolG1.1median', 'pool1.25median', 'poolG1.5mean', 'pool1.5median']) {
    const r = rules[base];
    rules[`${base}@${wn}`] = (c, d) => r(reweight(c, w), d);
  }

/**
 * A model-confidence-set pool: the structures not clearly worse than the best across the folds (the paired
 * fold differences' mean is under `c` standard errors, or the mean is within `k` of the best), combined by `agg`.
 */
function confidencePool(list: Cand[], c: number, k: number, agg: Agg, name: string): Cand {
  const withFolds = list.filter(hasFolds);
  if (withFolds.length === 0) return combine(list, agg, name);
  const best = lowest(withFolds);
  const kept = withFolds.filter((x) => {
    if (x === best || x.mean <= k * best.mean + 1e-12) return true;
    const d = x.fold.map((v, f) => v - best.fold[f]);
    if (d.length < 2) return false;
    const md = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - md) ** 2, 0) / (d.length - 1));
    return md <= (c * sd) / Math.sqrt(d.length);
  });
  return kept.length === 1 ? kept[0] : combine(kept, agg, name);
}
const APP_POOL = ['seasonal_naive', 'theta', 'gbm_lags', 'ets', 'arima'];
for (const c of [0.5, 1, 1.5, 2, 3])
  for (const k of [1, 1.1])
    for (const agg of ['mean', 'median'] as const)
      rules[`mcs${c}k${k}${agg}`] = (x) => confidencePool(structures(x, APP_POOL), c, k, agg, 'mcs');

/** Trees guard: gbm_lags counts only when it beats seasonal naive in every fold (`all`) or in `share` of them. */
function treesGuard(c: Map<string, Cand>, share: number, k: number, onlyAlone: boolean, agg: Agg = 'median'): Cand {
  const list = structures(c, APP_POOL);
  const sn = c.get('seasonal_naive');
  const g = c.get('gbm_lags');
  const base = pool(list, k, agg, 'pool');
  if (!g || !sn || !hasFolds(g)) return base;
  const wins = g.fold.filter((v, f) => v < sn.fold[f]).length / g.fold.length;
  if (wins >= share) return base;
  if (onlyAlone && base.family !== 'gbm_lags') return base;
  return pool(
    list.filter((x) => x.family !== 'gbm_lags'),
    k,
    agg,
    'pool',
  );
}
for (const share of [0.6, 0.8, 1]) {
  rules[`trees${share}`] = (c) => treesGuard(c, share, 1.1, false);
  rules[`treesAlone${share}`] = (c) => treesGuard(c, share, 1.1, true);
}
/** Any single structure alone only when it beats seasonal naive in every fold; else the statistical pool. */
rules.aloneBeatsNaive = (c) => {
  const list = structures(c, APP_POOL);
  const base = pool(list, 1.1, 'median', 'pool');
  const sn = c.get('seasonal_naive');
  if (!sn || base.family === 'pool' || base.family === 'seasonal_naive') return base;
  if (base.fold.every((v, f) => v < sn.fold[f])) return base;
  const rest = list.filter((x) => x !== base && hasFolds(x));
  return rest.length > 0 ? combine([base, lowest(rest)], 'mean', 'pool') : base;
};
rules.treesPaired = (c) => {
  const list = structures(c, APP_POOL);
  const base = pool(list, 1.1, 'median', 'pool');
  if (base.family !== 'gbm_lags') return base;
  const rest = list.filter((x) => x.family !== 'gbm_lags' && hasFolds(x));
  return combine([base, lowest(rest)], 'mean', 'pool');
};

/**
 * The ETS linear and damped trends as one structure, their mean (`replace`), or that mean as a third structure
 * beside them; then the app's pool (trees only when they beat seasonal naive in every fold).
 */
function withTrendMean(c: Map<string, Cand>, replace: boolean): Map<string, Cand> {
  const a = c.get('ets~A');
  const d = c.get('ets~Ad');
  if (!a || !d) return c;
  const out = new Map(c);
  if (replace) {
    out.delete('ets~A');
    out.delete('ets~Ad');
  }
  out.set('ets~mean', combine([a, d], 'mean', 'ets~mean'));
  return out;
}
rules.trendMean = (c) => treesGuard(withTrendMean(c, true), 1, 1.1, false);
rules.trendMeanAdd = (c) => treesGuard(withTrendMean(c, false), 1, 1.1, false);

/** Only each family's best-backtest structure enters the pool (near-copies of one model count once). */
function familyBest(c: Map<string, Cand>): Map<string, Cand> {
  const out = new Map<string, Cand>();
  for (const [k, x] of c) {
    const fam = k.split('~')[0];
    if (!k.includes('~')) {
      if (![...c.keys()].some((o) => o.startsWith(`${fam}~`))) out.set(k, x);
      continue;
    }
    const best = [...c.entries()]
      .filter(([o]) => o.startsWith(`${fam}~`))
      .reduce((a, b) => (b[1].mean < a[1].mean ? b : a));
    if (best[0] === k) out.set(k, x);
  }
  return out;
}
rules.familyBest = (c) => treesGuard(familyBest(c), 1, 1.1, false);
// The same pool combined by its mean (the app's rule since session 6).
rules.familyMean = (c) => treesGuard(familyBest(c), 1, 1.1, false, 'mean');
// ... with trees that fail the guard still allowed into a pool, only not alone.
rules.treesAloneMean = (c) => treesGuard(familyBest(c), 1, 1.1, true, 'mean');

// Short series: the ETS+ARIMA+Theta mean (or a wide pool) below `n` points, else the app's rule.
for (const n of [40, 50, 60, 80, 100, 150]) {
  rules[`short${n}comb`] = (c, d) => (d.n < n ? combine(pick(c, STAT), 'mean', 'comb') : rules.treesAloneMean(c, d));
  rules[`short${n}pool2`] = (c, d) =>
    d.n < n ? pool(structures(c, ALL_STAT), 2, 'mean', 'pool') : rules.treesAloneMean(c, d);
}

// The same with the app's pool (each family's best structure) widened to 2x, statistical families only or with trees.
for (const n of [50, 60, 80]) {
  rules[`short${n}fam2`] = (c, d) =>
    d.n < n
      ? pool(structures(familyBest(c), ['seasonal_naive', 'theta', 'ets', 'arima']), 2, 'mean', 'pool')
      : rules.treesAloneMean(c, d);
  rules[`short${n}fam2g`] = (c, d) =>
    d.n < n ? pool(structures(familyBest(c), APP_POOL), 2, 'mean', 'pool') : rules.treesAloneMean(c, d);
}

// Session 9: boosted trees left out of the choice: always, or on series without a season (the app's seasonal-naive
// season is 1), or below n points.
const seasonOf = (d: SeriesDump): number => Number(d.candidates.seasonal_naive?.describe.season ?? 1);
const withoutTrees = (c: Map<string, Cand>): Map<string, Cand> =>
  new Map([...c].filter(([k]) => !k.startsWith('gbm_lags')));
rules.noTrees = (c, d) => rules.short60pool2(withoutTrees(c), d);
rules.noTreesM1 = (c, d) => rules.short60pool2(seasonOf(d) <= 1 ? withoutTrees(c) : c, d);
for (const n of [100, 150, 200, 300])
  rules[`noTreesM1under${n}`] = (c, d) => rules.short60pool2(seasonOf(d) <= 1 && d.n < n ? withoutTrees(c) : c, d);
rules.noTreesM1comb100 = (c, d) => (d.n < 100 ? combine(pick(c, STAT), 'mean', 'comb') : rules.noTreesM1(c, d));

// Few folds: the ETS+ARIMA+Theta mean or median (the M3/M4 combination) below k folds, else the app's rule.
const foldsOf = (c: Map<string, Cand>): number => Math.max(0, ...[...c.values()].map((x) => x.fold.length));
for (const k of [2, 3, 4, 5])
  for (const agg of ['mean', 'median'] as const)
    rules[`few${k}${agg}`] = (c, d) => (foldsOf(c) < k ? combine(pick(c, STAT), agg, 'comb') : rules.noTreesM1(c, d));
for (const n of [60, 80, 100, 150])
  rules[`noTreesM1median3under${n}`] = (c, d) =>
    d.n < n ? combine(pick(c, STAT), 'median', 'comb') : rules.noTreesM1(c, d);

// The short-series pool's threshold again, on the app's rule of session 9 (no trees without a season).
for (const n of [50, 80, 100, 120])
  for (const k of [1.5, 2, 3])
    rules[`nt${n}pool${k}`] = (c, d) =>
      d.n < n ? pool(structures(c, ALL_STAT), k, 'mean', 'pool') : rules.noTreesM1(c, d);

/** The same candidates scored by another summary of their fold MASEs than the mean (median, trimmed mean, max). */
function rescore(c: Map<string, Cand>, summary: (fold: number[]) => number): Map<string, Cand> {
  const out = new Map<string, Cand>();
  for (const [k, x] of c) out.set(k, { ...x, mean: x.fold.length > 0 ? summary(x.fold) : NaN });
  return out;
}
const sorted = (v: number[]): number[] => [...v].sort((a, b) => a - b);
const SUMMARIES: Record<string, (fold: number[]) => number> = {
  median: (v) => {
    const s = sorted(v);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  },
  trim: (v) => {
    const s = sorted(v);
    const t = s.length >= 4 ? s.slice(1, -1) : s;
    return t.reduce((a, b) => a + b, 0) / t.length;
  },
  max: (v) => Math.max(...v),
  geo: (v) => Math.exp(v.reduce((a, b) => a + Math.log(Math.max(b, 1e-9)), 0) / v.length),
  rms: (v) => Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length),
};
for (const [wn, w] of Object.entries(WEIGHTS))
  rules[`treesAloneMean@fold-${wn}`] = (c, d) => rules.treesAloneMean(reweight(c, w), d);
for (const [sn, f] of Object.entries(SUMMARIES))
  rules[`treesAloneMean@${sn}`] = (c, d) => rules.treesAloneMean(rescore(c, f), d);

/** Candidates scored with each fold's absolute errors weighted by step (`w(j, h)`), scaled as MASE. */
function stepWeighted(c: Map<string, Cand>, w: (j: number, h: number) => number): Map<string, Cand> {
  const out = new Map<string, Cand>();
  for (const [k, x] of c) {
    const fold = x.preds.map((p, f) => {
      let s = 0;
      let sw = 0;
      x.actuals[f].forEach((a, j) => {
        if (a === null) return;
        const wj = w(j, p.length);
        s += wj * Math.abs(a - p[j]);
        sw += wj;
      });
      return s / Math.max(1e-12, sw) / x.scales[f];
    });
    out.set(k, { ...x, fold, mean: fold.length > 0 ? fold.reduce((a, b) => a + b, 0) / fold.length : NaN });
  }
  return out;
}
const STEP_WEIGHTS: Record<string, (j: number, h: number) => number> = {
  late: (j, h) => (j + 1) / h,
  lateHalf: (j, h) => (j >= h / 2 ? 1 : 0),
  early: (j, h) => (h - j) / h,
  sqrt: (j, h) => Math.sqrt((j + 1) / h),
};
for (const [wn, w] of Object.entries(STEP_WEIGHTS))
  rules[`treesAloneMean@${wn}`] = (c, d) => rules.treesAloneMean(stepWeighted(c, w), d);

/**
 * The app's pool blended with `anchor` (theta, or the ETS+ARIMA+Theta combination) at weight `w`, unless the
 * anchor's backtest is over `k` times the best: a robust method as a stabiliser of a pool chosen on noisy folds.
 */
function anchored(c: Map<string, Cand>, d: SeriesDump, anchor: string, k: number, w: number): Cand {
  const base = rules.treesAloneMean(c, d);
  const a = c.get(anchor);
  const withFolds = [...c.values()].filter(hasFolds);
  if (!a || !hasFolds(a) || withFolds.length === 0 || base.family === anchor) return base;
  if (a.mean > k * lowest(withFolds).mean) return base;
  const mix = (p: number[], q: number[]): number[] => p.map((v, j) => (1 - w) * v + w * q[j]);
  const preds = base.preds.map((p, f) => mix(p, a.preds[f]));
  const fold = foldMase(preds, base.actuals, base.scales);
  return {
    ...base,
    family: 'anchored',
    preds,
    holdout: mix(base.holdout, a.holdout),
    fold,
    mean: fold.reduce((x, y) => x + y, 0) / fold.length,
  };
}
for (const anchor of ['theta', 'combination'])
  for (const k of [1.2, 1.5, 100])
    for (const w of [0.25, 0.5]) rules[`anchor-${anchor}-${k}-${w}`] = (c, d) => anchored(c, d, anchor, k, w);

const GRID = process.argv.includes('--grid');
if (GRID) {
  for (const k of Object.keys(rules)) delete rules[k];
  const fams: Record<string, string[]> = {
    S: STAT,
    A: ALL_STAT,
    G: [...ALL_STAT, 'gbm_lags'],
    SG: [...STAT, 'gbm_lags'],
    SD: [...STAT, 'dhr'],
    SGN: [...STAT, 'gbm_lags', 'seasonal_naive'],
  };
  for (const [fn, fl] of Object.entries(fams))
    for (const k of [1, 1.05, 1.1, 1.2, 1.3, 1.5, 2, 3, 100])
      for (const agg of ['mean', 'median'] as const)
        rules[`${fn}:${k}:${agg}`] = (c) => pool(structures(c, fl), k, agg, `pool${fn}`);
}

function main(): void {
  const args = process.argv.slice(2);
  const setArg = args.find((a) => a.startsWith('--set='))?.slice('--set='.length);
  const detail = args.find((a) => a.startsWith('--detail='))?.slice('--detail='.length);
  if (!existsSync(DUMP)) throw new Error('Run index.ts first: no dumps.');
  const dumps = readdirSync(DUMP)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(DUMP, f), 'utf8')) as SeriesDump)
    .filter((d) => !setArg || d.set === setArg);
  for (const [name, rule] of Object.entries(rules)) {
    for (const set of BENCH_SETS) {
      const part = dumps.filter((d) => d.set === set);
      if (part.length === 0) continue;
      const scored: ScoredSeries[] = part.map((d) => {
        const cs = cands(d);
        // No fold fitted (a tiny series): every rule falls back on the app's AICc choice.
        const noFolds = [...cs.values()].every((x) => x.fold.length === 0);
        const chosen = noFolds ? { ...cs.get(d.app.method)!, family: d.app.method } : rule(cs, d);
        return { ...d, app: { mase: mase(d.test, chosen.holdout, d.scale), method: chosen.family } };
      });
      console.log(`${name.padEnd(12)} ${set.padEnd(10)} ${summary(scored)}`);
      if (detail === name)
        for (const s of scored) {
          const best = Math.min(...s.peers.map((p) => p.mase).filter(Number.isFinite));
          console.log(
            `    ${s.name.padEnd(20)} ${s.app.mase.toFixed(3)} ${s.app.method.padEnd(14)} best ${best.toFixed(3)} ratio ${(s.app.mase / best).toFixed(3)}`,
          );
        }
    }
  }
}

main();
