/**
 * Feature steps as ONNX nodes. Every step reads its raw input ([N,1] double or string) and yields an
 * [N, width] double block; the blocks are concatenated into the model's feature matrix.
 * Semantics mirror pipeline/predict.ts exactly (see its header comment).
 */
import type { FeatureStep, InputKind, SinglePipeline } from '../pipeline/types';
import { stepWidth } from '../pipeline/predict';
import { datetimeParts } from './datetime-to-onnx';
import { tfidfBlock } from './tfidf-to-onnx';
import { GraphBuilder, ML, T } from './graph-builder';
import { onnxInputType } from './input-types';

/** A key that no real cell holds: stands in for "" and duplicate categories, which must never match. */
const NEVER = (i: number): string => `\u0000never-${i}`;

/** Categories with "" and later duplicates replaced by unmatchable keys, so each value maps to its first index. */
export function matchableCategories(categories: string[]): string[] {
  const seen = new Set<string>();
  return categories.map((c, i) => {
    if (c === '' || seen.has(c)) return NEVER(i);
    seen.add(c);
    return c;
  });
}

/** String [N,1] -> int64 [N,1] index of the first matching category, `missing` when none matches. */
export function categoryLookup(g: GraphBuilder, x: string, categories: string[], missing: number): string {
  const keys = matchableCategories(categories);
  // A sentinel key keeps the encoder valid when there are no categories at all.
  return g.node(
    'LabelEncoder',
    [x],
    {
      keys_strings: { strings: [...keys, NEVER(-1)] },
      values_int64s: { ints: [...keys.map((_, i) => i), missing] },
      default_int64: missing,
    },
    { domain: ML },
  );
}

function reshapeCols(g: GraphBuilder, x: string, width: number): string {
  return g.node('Reshape', [x, g.constInt64([-1, width], [2])]);
}

/** (isNaN(x) ? impute : x - center) / scale, the numeric and spline steps' z; also returns the IsNaN mask. */
function standardised(
  g: GraphBuilder,
  s: { center: number; impute: number; scale: number },
  x: string,
): { z: string; nan: string } {
  const nan = g.node('IsNaN', [x]);
  const centred = g.node('Sub', [x, g.constDouble([s.center], [1], 'center')]);
  const filled = g.node('Where', [nan, g.constDouble([s.impute], [1], 'impute'), centred]);
  return { z: g.node('Div', [filled, g.constDouble([s.scale], [1], 'scale')]), nan };
}

function stepBlock(g: GraphBuilder, s: FeatureStep, x: string): string {
  switch (s.kind) {
    case 'numeric': {
      const { z, nan } = standardised(g, s, x);
      if (!s.indicator) return z;
      return g.node('Concat', [z, g.node('Cast', [nan], { to: T.DOUBLE })], { axis: 1 });
    }
    case 'spline': {
      // [N,1] - [K] broadcasts to [N,K]; Relu is max(0, .) exactly.
      const { z } = standardised(g, s, x);
      return g.node('Relu', [g.node('Sub', [z, g.constDouble(s.knots, [s.knots.length], 'knots')])]);
    }
    case 'onehot': {
      const K = s.categories.length;
      if (K === 0) return g.zerosRows(x, 0);
      // zeros=1: an unseen value (and "" = missing, never a key) encodes as all zeros.
      const oh = g.node(
        'OneHotEncoder',
        [x],
        { cats_strings: { strings: matchableCategories(s.categories) }, zeros: 1 },
        { domain: ML },
      );
      return g.node('Cast', [reshapeCols(g, oh, K)], { to: T.DOUBLE });
    }
    case 'ordinal':
      return g.node('Cast', [categoryLookup(g, x, s.categories, -1)], { to: T.DOUBLE });
    case 'target': {
      const K = s.categories.length;
      const O = s.fallback.length;
      const table = g.constDouble([...s.values.slice(0, K).flat(), ...s.fallback], [K + 1, O], 'target_table');
      const rows = g.node('Gather', [table, categoryLookup(g, x, s.categories, K)], { axis: 0 });
      return reshapeCols(g, rows, O);
    }
    case 'datetime':
      return datetimeParts(g, x, s.parts);
    case 'tfidf':
      return tfidfBlock(g, x, s);
  }
}

/** Steps that read a double input; the others read strings. */
const NUMERIC_STEPS = new Set<FeatureStep['kind']>(['numeric', 'spline', 'datetime']);

/** The [N, F] double feature matrix of one single pipeline. `inputs` maps column names to graph inputs. */
export function featureMatrix(
  g: GraphBuilder,
  p: SinglePipeline,
  inputs: Map<string, string>,
  kinds?: Map<string, InputKind>,
): string {
  const blocks: string[] = [];
  for (const s of p.steps) {
    const x = inputs.get(s.column);
    if (x === undefined) throw new Error(`step reads column '${s.column}' that is not among the pipeline inputs`);
    const kind = kinds?.get(s.column);
    if (kind && NUMERIC_STEPS.has(s.kind) !== (onnxInputType(kind) === 'double')) {
      throw new Error(`a ${s.kind} step reads column '${s.column}', whose kind is ${kind}`);
    }
    if (stepWidth(s) > 0) blocks.push(stepBlock(g, s, x));
  }
  if (blocks.length === 0) throw new Error('the pipeline produces no features');
  return blocks.length === 1 ? blocks[0] : g.node('Concat', blocks, { axis: 1 });
}
