/**
 * Scores over several seeded splits (index.ts --splits N): on a small set one 20% test split is a few dozen rows (one
 * row of sonar's 42 is 2.4%), so a single split cannot tell a better model from a lucky one. The app and the default
 * peers are scored on the same N splits (the fixed split and random_state 1..N-1, drawn as prepare.py drew the
 * fixed one); this summarises them.
 */

/** Per-split scores of one set: the app and each default peer, aligned by split. */
export interface SplitScores {
  app: number[];
  hgb: number[];
  linear: number[];
  xgb: number[];
}

export const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;

/** Sample standard deviation (0 for one value). */
export function sd(v: number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
}

export interface SplitSummary {
  /** The default peer with the best mean over the splits. */
  bestPeer: 'hgb' | 'linear' | 'xgb';
  /** Mean and standard error of the paired per-split difference app - best peer. */
  diff: { mean: number; se: number };
  /** (mean app - mean best peer) / |mean best peer|. */
  relative: number;
  /** Splits on which the app is at or above the best peer (by mean). */
  atOrAbove: number;
}

export function summarise(s: SplitScores): SplitSummary {
  const peers = (['hgb', 'linear', 'xgb'] as const).map((p) => ({ p, m: mean(s[p]) }));
  const { p: bestPeer, m: peerMean } = peers.reduce((a, b) => (b.m > a.m ? b : a));
  const d = s.app.map((a, i) => a - s[bestPeer][i]);
  return {
    bestPeer,
    diff: { mean: mean(d), se: sd(d) / Math.sqrt(d.length) },
    relative: (mean(s.app) - peerMean) / Math.abs(peerMean),
    atOrAbove: d.filter((x) => x >= -1e-12).length,
  };
}

const ms = (v: number[]): string => `${mean(v).toFixed(4)} ± ${sd(v).toFixed(4)}`;

/** One row of the seeded-splits table. */
export function splitRow(name: string, metric: string, s: SplitScores): string {
  const sum = summarise(s);
  const label = { hgb: 'HGB', linear: 'LR/Ridge', xgb: 'XGB' }[sum.bestPeer];
  return [
    name.padEnd(14),
    metric.padEnd(4),
    String(s.app.length).padStart(2),
    ms(s.app),
    ms(s.hgb),
    ms(s.linear),
    ms(s.xgb),
    `${label} ${(sum.relative * 100).toFixed(1)}%`,
    `${sum.diff.mean.toFixed(4)} ± ${sum.diff.se.toFixed(4)}`,
    `${sum.atOrAbove} of ${s.app.length}`,
  ].join(' | ');
}

export const SPLIT_HEADER = [
  'dataset'.padEnd(14),
  'mtr ',
  ' N',
  'app mean ± sd  ',
  'sk-HGB         ',
  'LR/Rdg         ',
  'XGB            ',
  'app vs best default (by mean)',
  'paired app - best: mean ± se',
  'app >= best',
].join(' | ');
