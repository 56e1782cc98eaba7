/**
 * Tree ensembles. ai.onnx.ml TreeEnsembleRegressor (opset 3) walks the trees in double precision
 * (double input, thresholds as a double tensor, BRANCH_LT, missing_value_tracks_true = missingLeft), but its
 * output is float32. To keep leaf values exact, each tree gets its own output target whose value is the
 * leaf's local index (exact in float32); the leaf values are then gathered from a double table and summed
 * over trees, as predict.ts does. This keeps regression values and probabilities bit-close to the
 * reference instead of within float32 rounding (which is ~0.01 on targets in the hundreds of thousands).
 */
import type { TreeModel } from '../pipeline/types';
import { doubleTensor, GraphBuilder, ML, T } from './graph-builder';

interface TreeArrays {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  thresholds: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  leafTree: number[];
  leafNode: number[];
  leafWeight: number[];
}

function flatten(m: TreeModel, F: number): { a: TreeArrays; leafOffsets: number[]; table: number[] } {
  const O = m.baseScore.length;
  const a: TreeArrays = {
    treeIds: [], nodeIds: [], featureIds: [], modes: [], thresholds: [], trueIds: [], falseIds: [],
    missingTrue: [], leafTree: [], leafNode: [], leafWeight: [],
  };
  const leafOffsets: number[] = [];
  const table: number[] = [];
  m.trees.forEach((tree, t) => {
    leafOffsets.push(table.length / O);
    let leaves = 0;
    tree.left.forEach((left, i) => {
      const leaf = left === -1;
      if (!leaf && (tree.feature[i] < 0 || tree.feature[i] >= F)) {
        throw new Error(`tree ${t} node ${i} splits on feature ${tree.feature[i]} of ${F}`);
      }
      a.treeIds.push(t);
      a.nodeIds.push(i);
      a.featureIds.push(leaf ? 0 : tree.feature[i]);
      a.modes.push(leaf ? 'LEAF' : 'BRANCH_LT');
      a.thresholds.push(leaf ? 0 : tree.threshold[i]);
      a.trueIds.push(leaf ? 0 : left);
      a.falseIds.push(leaf ? 0 : tree.right[i]);
      a.missingTrue.push(!leaf && tree.missingLeft[i] ? 1 : 0);
      if (leaf) {
        const v = tree.values[i];
        if (!v || v.length !== O) throw new Error(`tree ${t} leaf ${i} has ${v?.length ?? 0} values for ${O} outputs`);
        a.leafTree.push(t);
        a.leafNode.push(i);
        a.leafWeight.push(leaves++);
        table.push(...v);
      }
    });
  });
  return { a, leafOffsets, table };
}

/** [N,F] double features -> [N,O] double raw scores: baseScore + sum over trees, or the plain mean. */
export function treeRaw(g: GraphBuilder, X: string, m: TreeModel, F: number): string {
  const O = m.baseScore.length;
  const Tn = m.trees.length;
  const base = (): string => g.constDouble(m.baseScore, [O], 'base_score');
  if (Tn === 0) return m.aggregate === 'mean' ? g.zerosRows(X, O) : g.node('Add', [g.zerosRows(X, O), base()]);
  const { a, leafOffsets, table } = flatten(m, F);
  const leafIds = g.node(
    'TreeEnsembleRegressor',
    [X],
    {
      n_targets: Tn,
      aggregate_function: 'SUM',
      post_transform: 'NONE',
      nodes_treeids: { ints: a.treeIds },
      nodes_nodeids: { ints: a.nodeIds },
      nodes_featureids: { ints: a.featureIds },
      nodes_modes: { strings: a.modes },
      nodes_values_as_tensor: { t: doubleTensor(a.thresholds, [a.thresholds.length]) },
      nodes_truenodeids: { ints: a.trueIds },
      nodes_falsenodeids: { ints: a.falseIds },
      nodes_missing_value_tracks_true: { ints: a.missingTrue },
      target_treeids: { ints: a.leafTree },
      target_nodeids: { ints: a.leafNode },
      target_ids: { ints: a.leafTree },
      target_weights_as_tensor: { t: doubleTensor(a.leafWeight, [a.leafWeight.length]) },
    },
    { domain: ML },
  );
  const global = g.node('Add', [g.node('Cast', [leafIds], { to: T.INT64 }), g.constInt64(leafOffsets, [Tn], 'leaf_offsets')]);
  const values = g.node('Gather', [g.constDouble(table, [table.length / O, O], 'leaf_values'), global], { axis: 0 });
  const sum = g.node('ReduceSum', [values, g.constInt64([1], [1])], { keepdims: 0 });
  // Forests: the plain mean (baseScore ignored), as sum * (1 / count) like the trainer computes it.
  if (m.aggregate === 'mean') return g.node('Mul', [sum, g.constDouble([1 / Tn], [1], 'inv_count')]);
  return g.node('Add', [base(), sum]);
}
