/**
 * Tree ensembles. ai.onnx.ml TreeEnsembleRegressor (opset 3) walks the trees in double precision
 * (double input, thresholds as a double tensor, BRANCH_LT, missing_value_tracks_true = missingLeft), but its
 * output is float32. To keep leaf values exact, each tree gets its own output target whose value is the
 * leaf's local index (exact in float32); leaf values are then gathered from a double table and summed in
 * double. This keeps regression values and probabilities within ~1e-15 of predict.ts instead of float32
 * rounding (~0.01 on targets in the hundreds of thousands).
 *
 * Trees go through the graph in chunks so the [N, trees] intermediates stay small, and a tree whose leaves
 * feed only one output (every boosted tree: one tree per class per round) gathers one value, not a vector
 * of zeros, so a 10-class model costs 10x less than a naive [N, trees, classes] gather.
 */
import type { Tree, TreeModel } from '../pipeline/types';
import { doubleTensor, GraphBuilder, ML, T } from './graph-builder';

/** Trees per TreeEnsembleRegressor node: bounds the [N, chunk] intermediates. */
const CHUNK = 128;

/** The one output a tree's leaves feed, -1 when it feeds several (0 when it feeds none). */
function soleOutput(tree: Tree, O: number): number {
  let found = -1;
  tree.left.forEach((left, i) => {
    if (left !== -1) return;
    tree.values[i].forEach((v, o) => {
      if (v === 0) return;
      found = found === -1 || found === o ? o : -2;
    });
  });
  if (found === -2 || O === 0) return -1;
  return found === -1 ? 0 : found;
}

function checkTree(tree: Tree, t: number, F: number, O: number): void {
  tree.left.forEach((left, i) => {
    if (left !== -1 && (tree.feature[i] < 0 || tree.feature[i] >= F)) {
      throw new Error(`tree ${t} node ${i} splits on feature ${tree.feature[i]} of ${F}`);
    }
    if (left === -1 && tree.values[i]?.length !== O)
      throw new Error(`tree ${t} leaf ${i} has ${tree.values[i]?.length ?? 0} values for ${O} outputs`);
  });
}

/** [N,F] -> [N, trees.length] leaf indices (as float32, exact) of each tree. */
function leafIndices(g: GraphBuilder, X: string, trees: Tree[]): string {
  const a = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    thresholds: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    missingTrue: [] as number[],
    leafTree: [] as number[],
    leafNode: [] as number[],
    leafIndex: [] as number[],
  };
  trees.forEach((tree, t) => {
    let leaves = 0;
    tree.left.forEach((left, i) => {
      const leaf = left === -1;
      a.treeIds.push(t);
      a.nodeIds.push(i);
      a.featureIds.push(leaf ? 0 : tree.feature[i]);
      a.modes.push(leaf ? 'LEAF' : 'BRANCH_LT');
      a.thresholds.push(leaf ? 0 : tree.threshold[i]);
      a.trueIds.push(leaf ? 0 : left);
      a.falseIds.push(leaf ? 0 : tree.right[i]);
      a.missingTrue.push(!leaf && tree.missingLeft[i] ? 1 : 0);
      if (leaf) {
        a.leafTree.push(t);
        a.leafNode.push(i);
        a.leafIndex.push(leaves++);
      }
    });
  });
  return g.node(
    'TreeEnsembleRegressor',
    [X],
    {
      n_targets: trees.length,
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
      target_weights_as_tensor: { t: doubleTensor(a.leafIndex, [a.leafIndex.length]) },
    },
    { domain: ML },
  );
}

/** Global row in a leaf table: local leaf index + the tree's offset. */
function globalLeaf(g: GraphBuilder, ids: string, offsets: number[]): string {
  return g.node('Add', [
    g.node('Cast', [ids], { to: T.INT64 }),
    g.constInt64(offsets, [offsets.length], 'leaf_offsets'),
  ]);
}

/** Sum over a chunk of trees that each feed one output: gather scalars, then route them to their outputs. */
function scalarChunk(g: GraphBuilder, X: string, trees: Tree[], outputs: number[], O: number): string {
  const offsets: number[] = [];
  const table: number[] = [];
  trees.forEach((tree, t) => {
    offsets.push(table.length);
    tree.left.forEach((left, i) => {
      if (left === -1) table.push(tree.values[i][outputs[t]]);
    });
  });
  const vals = g.node(
    'Gather',
    [g.constDouble(table, [table.length], 'leaf_values'), globalLeaf(g, leafIndices(g, X, trees), offsets)],
    { axis: 0 },
  );
  if (O === 1) return g.node('ReduceSum', [vals, g.constInt64([1], [1])], { keepdims: 1 });
  const route = new Array<number>(trees.length * O).fill(0);
  outputs.forEach((o, t) => (route[t * O + o] = 1));
  return g.node('MatMul', [vals, g.constDouble(route, [trees.length, O], 'route')]);
}

/** Sum over a chunk of trees with vector leaves (e.g. class proportions): gather [N, trees, O], sum over trees. */
function vectorChunk(g: GraphBuilder, X: string, trees: Tree[], O: number): string {
  const offsets: number[] = [];
  const table: number[] = [];
  trees.forEach((tree) => {
    offsets.push(table.length / O);
    tree.left.forEach((left, i) => {
      if (left === -1) table.push(...tree.values[i]);
    });
  });
  const vals = g.node(
    'Gather',
    [g.constDouble(table, [table.length / O, O], 'leaf_values'), globalLeaf(g, leafIndices(g, X, trees), offsets)],
    { axis: 0 },
  );
  return g.node('ReduceSum', [vals, g.constInt64([1], [1])], { keepdims: 0 });
}

/** [N,F] double features -> [N,O] double raw scores: baseScore + sum over trees, or the plain mean. */
export function treeRaw(g: GraphBuilder, X: string, m: TreeModel, F: number): string {
  const O = m.baseScore.length;
  const Tn = m.trees.length;
  m.trees.forEach((tree, t) => checkTree(tree, t, F, O));
  const base = (): string => g.constDouble(m.baseScore, [O], 'base_score');
  if (Tn === 0) return m.aggregate === 'mean' ? g.zerosRows(X, O) : g.node('Add', [g.zerosRows(X, O), base()]);
  const sole = m.trees.map((tree) => soleOutput(tree, O));
  const scalar = m.trees.filter((_, t) => sole[t] >= 0);
  const scalarOut = sole.filter((o) => o >= 0);
  const vector = m.trees.filter((_, t) => sole[t] < 0);
  const parts: string[] = [];
  for (let i = 0; i < scalar.length; i += CHUNK)
    parts.push(scalarChunk(g, X, scalar.slice(i, i + CHUNK), scalarOut.slice(i, i + CHUNK), O));
  const vectorChunkSize = Math.max(1, Math.floor((4 * CHUNK) / O));
  for (let i = 0; i < vector.length; i += vectorChunkSize)
    parts.push(vectorChunk(g, X, vector.slice(i, i + vectorChunkSize), O));
  const sum = parts.reduce((acc, p) => g.node('Add', [acc, p]));
  // Forests: the plain mean (baseScore ignored), as sum * (1 / count) like the trainer computes it.
  if (m.aggregate === 'mean') return g.node('Mul', [sum, g.constDouble([1 / Tn], [1], 'inv_count')]);
  return g.node('Add', [base(), sum]);
}
