/**
 * explainer.json: what it takes to explain a model's predictions away from the project (in a bundle and beside a
 * registry version): the fitted pipeline (its trees, coefficients and preprocessing) and the background statistics
 * (tree covers, feature means, and a few training rows only when the model is explained by sampling). A file a person
 * hands over may be damaged or altered: it is checked against a schema before use, and anything wrong is one coded
 * message.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BUNDLE_FILES } from '../artifacts/files';
import { CodedError } from '@shared/errors';
import { pipelineSchema } from '../pipeline/pipeline-schema';
import { stepWidth } from '../pipeline/predict';
import type { FittedPipeline, SinglePipeline, Tree } from '../pipeline/types';
import { linearWidth } from './linear-shap';
import { singlesOf } from './singles';
import type { ExplainBackground, SingleBackground } from './types';

/**
 * A few held-out rows explained exactly, so the notebook can recompute them from the stored trees and coefficients
 * and compare (check.ts makes it; notebook/cells-explain.ts reads it).
 */
export interface ExplainerCheck {
  /** Row positions in the training data file (the split's test rows). */
  rows: number[];
  /**
   * Per single pipeline (index in singles order): the raw column (player) of each of its features, and the feature
   * rows it computed from the checked rows, row-major rows × features (null = missing).
   */
  features: Array<{ single: number; players: number[]; values: Array<number | null> }>;
  /** The app's contributions per row, output and column ((r * outputs + o) * columns + g), and the base values. */
  values: number[];
  base: number[];
}

export interface ExplainerFile {
  formatVersion: 1;
  pipeline: FittedPipeline;
  background: ExplainBackground;
  check?: ExplainerCheck;
}

const cells = z.union([z.array(z.number().nullable()), z.array(z.string().nullable())]);

const backgroundSchema = z.object({
  formatVersion: z.literal(1),
  rows: z.number(),
  singles: z.array(
    z.object({ covers: z.array(z.array(z.number())).optional(), means: z.array(z.number()).optional() }),
  ),
  sample: z.object({ columns: z.record(z.string(), cells), rows: z.number() }).optional(),
  seed: z.number(),
}) satisfies z.ZodType<ExplainBackground>;

const fileSchema = z.object({
  formatVersion: z.literal(1),
  pipeline: pipelineSchema,
  background: backgroundSchema,
  check: z
    .object({
      rows: z.array(z.number()),
      features: z.array(
        z.object({ single: z.number(), players: z.array(z.number()), values: z.array(z.number().nullable()) }),
      ),
      values: z.array(z.number()),
      base: z.array(z.number()),
    })
    .optional(),
}) satisfies z.ZodType<ExplainerFile>;

export function damagedExplainer(): CodedError {
  return new CodedError(
    'invalid-input',
    "The model's explanation data (explainer.json) is damaged or does not belong to this model. Export the model again.",
  );
}

/** Parses and checks explainer.json text; `modelInputs` (model.json's feature names) must match the pipeline's. */
export function parseExplainerFile(text: string, modelInputs?: string[]): ExplainerFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damagedExplainer();
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw damagedExplainer();
  const file = parsed.data;
  const singles = singlesOf(file.pipeline);
  if (singles.length !== file.background.singles.length) throw damagedExplainer();
  singles.forEach((s, i) => {
    if (!wellFormed(s, file.background.singles[i])) throw damagedExplainer();
  });
  if (modelInputs) {
    const names = file.pipeline.inputs.map((i) => i.name);
    if (names.length !== modelInputs.length || names.some((n, i) => n !== modelInputs[i])) throw damagedExplainer();
  }
  return file;
}

/** A tree whose arrays agree, whose children are in range and reached once each from the root (no cycle). */
function wellFormedTree(t: Tree, F: number, outputs: number, cover: number[] | undefined): boolean {
  const N = t.left.length;
  if (N === 0 || [t.feature, t.threshold, t.missingLeft, t.right, t.values].some((a) => a.length !== N)) return false;
  if (cover && cover.length !== N) return false;
  const seen = new Uint8Array(N);
  const stack = [0];
  while (stack.length) {
    const n = stack.pop() as number;
    if (seen[n]) return false;
    seen[n] = 1;
    if (t.left[n] === -1) {
      if (t.values[n].length < outputs) return false;
      continue;
    }
    const l = t.left[n];
    const r = t.right[n];
    const f = t.feature[n];
    if (![l, r, f].every(Number.isInteger) || l <= 0 || r <= 0 || l >= N || r >= N || f < 0 || f >= F) return false;
    stack.push(l, r);
  }
  return true;
}

/** The parts of a single pipeline the explainer and the predictor walk, checked against each other. */
function wellFormed(s: SinglePipeline, bg: SingleBackground): boolean {
  const F = s.featureNames.length;
  if (s.steps.reduce((a, st) => a + stepWidth(st), 0) !== F) return false;
  const m = s.model;
  if ('trees' in m) {
    if (bg.covers && bg.covers.length !== m.trees.length) return false;
    return m.trees.every((t, i) => wellFormedTree(t, F, m.baseScore.length, bg.covers?.[i]));
  }
  if ('coef' in m) {
    const W = linearWidth(m, F);
    if (m.coef.some((row) => row.length !== W) || m.intercept.length !== m.coef.length) return false;
    return !bg.means || bg.means.length === W;
  }
  return true;
}

/** explainer.json beside a registry version's or an unpacked bundle's model.json, checked against its inputs. */
export async function readExplainer(dir: string, modelInputs: string[]): Promise<ExplainerFile> {
  let text: string;
  try {
    text = await readFile(join(dir, BUNDLE_FILES.explainer), 'utf8');
  } catch {
    throw new CodedError(
      'model-not-found',
      'This model was exported without explanation data (explainer.json). Export it again from its project to explain its predictions.',
    );
  }
  return parseExplainerFile(text, modelInputs);
}
