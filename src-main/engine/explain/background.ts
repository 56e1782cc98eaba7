/**
 * Builds the background of an explanation from the training rows: tree covers and linear feature means for every
 * single pipeline of the model, and (only when part of the model is explained by sampling) a few training rows.
 */
import type { Columns, FittedPipeline } from '../pipeline/types';
import { transformFeatures } from '../pipeline/predict';
import { treeCover } from './covers';
import { linearMeans } from './linear-shap';
import { singlesOf } from './singles';
import { needsSampling, pipelineOutput } from './explain';
import { sampleRows, storeColumns, takeRows } from './rows';
import type { ExplainBackground, SingleBackground } from './types';

export interface BackgroundOptions {
  seed?: number;
  /** Rows used for covers and means (a seeded sample above this). Default 100,000. */
  maxRows?: number;
  /** Training rows kept for the sampling estimator. Default 50. */
  sampleRows?: number;
}

export function buildBackground(
  p: FittedPipeline,
  train: Columns,
  n: number,
  opts: BackgroundOptions = {},
): ExplainBackground {
  const seed = opts.seed ?? 0;
  const rows = sampleRows(n, opts.maxRows ?? 100_000, seed);
  const cols = rows.length === n ? train : takeRows(p.inputs, train, rows);
  const m = rows.length;
  const singles: SingleBackground[] = singlesOf(p).map((s) => {
    const model = s.model;
    if ('trees' in model) {
      const F = s.featureNames.length;
      const X = transformFeatures(s, cols, m);
      return { covers: model.trees.map((t) => treeCover(t, X, m, F)) };
    }
    if ('coef' in model) {
      const F = s.featureNames.length;
      return { means: linearMeans(model, transformFeatures(s, cols, m), m, F) };
    }
    return {};
  });
  const bg: ExplainBackground = { formatVersion: 1, rows: m, singles, seed };
  if (needsSampling(p)) {
    // Background rows the model gives an output for (a linear member outputs nothing for a row missing a date part).
    const out = pipelineOutput(p)(cols, m);
    const O = out.length / Math.max(m, 1);
    const usable = Int32Array.from({ length: m }, (_, r) => r).filter((r) => {
      for (let o = 0; o < O; o++) if (!Number.isFinite(out[r * O + o])) return false;
      return true;
    });
    const pick = Array.from(sampleRows(usable.length, opts.sampleRows ?? 50, seed + 1), (i) => usable[i]);
    bg.sample = { columns: storeColumns(takeRows(p.inputs, cols, pick)), rows: pick.length };
  }
  return bg;
}
