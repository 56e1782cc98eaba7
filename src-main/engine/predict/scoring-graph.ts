/**
 * A faster graph for scoring, equivalent to an exported model.onnx's tree ensembles (the file is never changed).
 *
 * The export (onnx/trees-to-onnx.ts) keeps to ai.onnx.ml opset 3 so Debian's onnx 1.12 checker and the notebook's
 * peers read it; opset 3's TreeEnsembleRegressor outputs float32, so each tree outputs its leaf's index, and the leaf
 * values are gathered from a double table and summed (exact). onnxruntime walks that graph at ~1.65x the CPU per row
 * of the same trees as one ai.onnx.ml opset 5 `TreeEnsemble` with double leaf weights (measured on 100 depth-6 trees,
 * 56-58 vs 34-35 ns per tree and row). Scoring reads model.onnx, replaces each chunk `TreeEnsembleRegressor (leaf
 * indices) -> Cast -> Add (offsets) -> Gather (leaf values) -> ReduceSum | MatMul (route to outputs)` by
 * `TreeEnsemble` nodes of a few trees each (GROUP_NODES) summing the same leaf values in double, and a Sum of them,
 * and runs that. Sums agree to rounding (the order of additions differs: a few ulps); leaves, thresholds and
 * missing-value directions are the same numbers. scoringGraph also takes the class labels out of the graph
 * (scoring-labels.ts).
 *
 * Anything else (a chunk of trees with vector leaves, an unknown shape, a model from another producer) leaves the
 * model as it is: `null`.
 */
import { onnx } from 'onnx-proto';
import { fusedColumns } from './scoring-columns';
import { decodeModel, labelsOutside, ML, num, tensorValues, type PredictionLabels } from './scoring-labels';

const T = onnx.TensorProto.DataType;
type Node = onnx.INodeProto;

function attr(n: Node, name: string): onnx.IAttributeProto | undefined {
  return n.attribute?.find((a) => a.name === name);
}
const ints = (n: Node, name: string): number[] => (attr(n, name)?.ints ?? []).map(num);
const text = (n: Node, name: string, dflt: string): string => {
  const s = attr(n, name)?.s;
  return s && s.length ? new TextDecoder().decode(s) : dflt;
};
const int = (n: Node, name: string): number | null => {
  const a = attr(n, name);
  return a?.i === undefined || a.i === null ? null : num(a.i);
};

/** The exported chunk starting at a leaf-index ensemble: its nodes, leaf value table, offsets and output routing. */
interface Chunk {
  nodes: Node[];
  /** Per tree of the chunk: its first row in `values`. */
  offsets: number[];
  values: number[];
  /** Output each tree feeds (0 when there is one output). */
  outputOf: number[];
  outputs: number;
  output: string;
}

/** Reads the chunk the export writes after `ens`, or null when the graph does not have exactly that shape. */
function readChunk(
  ens: Node,
  consumers: Map<string, Node[]>,
  inits: Map<string, onnx.ITensorProto>,
  trees: number,
): Chunk | null {
  const only = (name: string | undefined | null, op: string): Node | null => {
    const c = name ? consumers.get(name) : undefined;
    return c?.length === 1 && c[0].opType === op && !c[0].domain ? c[0] : null;
  };
  const constant = (name: string | undefined | null): number[] | null => {
    const t = name ? inits.get(name) : undefined;
    return t ? tensorValues(t) : null;
  };
  const cast = only(ens.output?.[0], 'Cast');
  if (!cast || int(cast, 'to') !== T.INT64) return null;
  const add = only(cast.output?.[0], 'Add');
  const offsets = add ? constant(add.input?.[1]) : null;
  if (!add || add.input?.[0] !== cast.output?.[0] || offsets?.length !== trees) return null;
  const gather = only(add.output?.[0], 'Gather');
  const table = gather ? inits.get(gather.input?.[0] ?? '') : undefined;
  const values = table ? tensorValues(table) : null;
  if (!gather || gather.input?.[1] !== add.output?.[0] || (int(gather, 'axis') ?? 0) !== 0) return null;
  // Vector leaves (a [leaves, outputs] table) are left to the exported graph.
  if (!table || !values || table.dims?.length !== 1 || table.dataType !== T.DOUBLE) return null;
  const next = consumers.get(gather.output?.[0] ?? '');
  if (next?.length !== 1 || next[0].domain) return null;
  const last = next[0];
  if (last.opType === 'ReduceSum') {
    const axes = constant(last.input?.[1]);
    if (axes?.length !== 1 || axes[0] !== 1 || int(last, 'keepdims') === 0) return null;
    return done([ens, cast, add, gather, last], new Array<number>(trees).fill(0), 1);
  }
  if (last.opType === 'MatMul' && last.input?.[0] === gather.output?.[0]) {
    const route = inits.get(last.input?.[1] ?? '');
    const r = route ? tensorValues(route) : null;
    const O = route?.dims?.length === 2 ? num(route.dims[1]) : 0;
    if (!r || O < 1 || r.length !== trees * O) return null;
    const outputOf: number[] = [];
    for (let t = 0; t < trees; t++) {
      const row = r.slice(t * O, (t + 1) * O);
      const o = row.indexOf(1);
      if (o < 0 || row.some((v, j) => j !== o && v !== 0)) return null;
      outputOf.push(o);
    }
    return done([ens, cast, add, gather, last], outputOf, O);
  }
  return null;

  function done(nodes: Node[], outputOf: number[], outputs: number): Chunk | null {
    const output = nodes[nodes.length - 1].output?.[0];
    return output && offsets && values ? { nodes, offsets, values, outputOf, outputs, output } : null;
  }
}

/**
 * Interior nodes per TreeEnsemble node of the scoring graph. onnxruntime walks each row through all the trees of
 * one node before the next row, so a large ensemble's nodes are fetched from the L2 cache on every row; in
 * groups of a few small trees (here ~4 depth-6 trees, ~4 KB of nodes) the group stays in L1 while the batch's
 * rows pass, and a Sum adds the groups' outputs. Measured on 100 depth-6 trees, 8192-row batches, one thread
 * (bench/predict's model; CPU per row, 5 alternating rounds, two runs): one node 3.71-3.73 µs; groups of 1 tree
 * 0.93x, 2 trees 0.90x, 4 trees 0.90x, 9 trees 0.92x, 17 trees 0.95x.
 */
const GROUP_NODES = 128;

/**
 * The chunk's trees as opset-5 TreeEnsemble nodes writing `chunk.output` (one, or groups of trees summed: see
 * GROUP_NODES), or null when a tree does not read as one.
 */
function treeEnsembles(ens: Node, chunk: Chunk): Node[] | null {
  const treeIds = ints(ens, 'nodes_treeids');
  const nodeIds = ints(ens, 'nodes_nodeids');
  const features = ints(ens, 'nodes_featureids');
  const decoder = new TextDecoder();
  const modes = (attr(ens, 'nodes_modes')?.strings ?? []).map((s) => decoder.decode(s));
  const thresholdsT = attr(ens, 'nodes_values_as_tensor')?.t;
  const thresholds = thresholdsT ? tensorValues(thresholdsT) : null;
  const trueIds = ints(ens, 'nodes_truenodeids');
  const falseIds = ints(ens, 'nodes_falsenodeids');
  const missing = ints(ens, 'nodes_missing_value_tracks_true');
  const leafTree = ints(ens, 'target_treeids');
  const leafNode = ints(ens, 'target_nodeids');
  const leafTarget = ints(ens, 'target_ids');
  const leafIndexT = attr(ens, 'target_weights_as_tensor')?.t;
  const leafIndex = leafIndexT ? tensorValues(leafIndexT) : null;
  const N = treeIds.length;
  if (!thresholds || !leafIndex || N === 0) return null;
  if ([nodeIds, features, modes, thresholds, trueIds, falseIds, missing].some((a) => a.length !== N)) return null;
  if (text(ens, 'aggregate_function', 'SUM') !== 'SUM' || text(ens, 'post_transform', 'NONE') !== 'NONE') return null;
  const trees = chunk.offsets.length;
  // Per tree: node id -> position in the arrays; leaf node id -> its leaf value's row in the table.
  const at = Array.from({ length: trees }, () => new Map<number, number>());
  for (let i = 0; i < N; i++) {
    const t = treeIds[i];
    if (t < 0 || t >= trees || at[t].has(nodeIds[i])) return null;
    at[t].set(nodeIds[i], i);
  }
  const leafRow = Array.from({ length: trees }, () => new Map<number, number>());
  for (let j = 0; j < leafTree.length; j++) {
    const t = leafTree[j];
    if (t < 0 || t >= trees || leafTarget[j] !== t) return null;
    const row = chunk.offsets[t] + leafIndex[j];
    if (!Number.isInteger(row) || row < 0 || row >= chunk.values.length) return null;
    leafRow[t].set(leafNode[j], row);
  }
  const out = {
    roots: [] as number[],
    features: [] as number[],
    splits: [] as number[],
    trueIds: [] as number[],
    trueLeaf: [] as number[],
    falseIds: [] as number[],
    falseLeaf: [] as number[],
    missing: [] as number[],
    leafTargets: [] as number[],
    leafWeights: [] as number[],
    /** Per tree: its first leaf (its leaves are consecutive, as its interior nodes are from roots[t]). */
    leafStarts: [] as number[],
  };
  for (let t = 0; t < trees; t++) {
    out.leafStarts.push(out.leafWeights.length);
    const pos = at[t];
    const root = pos.get(0);
    if (root === undefined) return null;
    // Interior nodes get consecutive ids in the new arrays (children after their parent), leaves their own.
    const interior = new Map<number, number>();
    const leaves = new Map<number, number>();
    const leafId = (node: number): number | null => {
      const row = leafRow[t].get(node);
      if (row === undefined) return null;
      if (!leaves.has(node)) {
        leaves.set(node, out.leafWeights.length);
        out.leafWeights.push(chunk.values[row]);
        out.leafTargets.push(chunk.outputOf[t]);
      }
      return leaves.get(node) ?? null;
    };
    if (modes[root] === 'LEAF') {
      // A one-leaf tree: a split whose both sides are that leaf (TreeEnsemble's roots are interior nodes).
      const leaf = leafId(0);
      if (leaf === null) return null;
      out.roots.push(out.features.length);
      out.features.push(0);
      out.splits.push(0);
      out.trueIds.push(leaf);
      out.trueLeaf.push(1);
      out.falseIds.push(leaf);
      out.falseLeaf.push(1);
      out.missing.push(0);
      continue;
    }
    out.roots.push(out.features.length);
    const queue = [0];
    interior.set(0, out.features.length);
    const slots: number[] = [];
    // Breadth-first: reserve each interior node's slot, then fill in its children once they have ids.
    for (let q = 0; q < queue.length; q++) {
      const i = pos.get(queue[q]);
      if (i === undefined || modes[i] !== 'BRANCH_LT') return null;
      slots.push(i);
      out.features.push(features[i]);
      out.splits.push(thresholds[i]);
      out.missing.push(missing[i] ? 1 : 0);
      out.trueIds.push(0);
      out.trueLeaf.push(0);
      out.falseIds.push(0);
      out.falseLeaf.push(0);
      for (const child of [trueIds[i], falseIds[i]]) {
        const c = pos.get(child);
        if (c === undefined) return null;
        if (modes[c] !== 'LEAF' && !interior.has(child)) {
          interior.set(child, out.roots[t] + queue.length);
          queue.push(child);
        }
      }
    }
    for (let q = 0; q < slots.length; q++) {
      const i = slots[q];
      const k = out.roots[t] + q;
      for (const [child, ids, leafFlags] of [
        [trueIds[i], out.trueIds, out.trueLeaf],
        [falseIds[i], out.falseIds, out.falseLeaf],
      ] as const) {
        const c = pos.get(child) as number;
        if (modes[c] === 'LEAF') {
          const leaf = leafId(child);
          if (leaf === null) return null;
          ids[k] = leaf;
          leafFlags[k] = 1;
        } else ids[k] = interior.get(child) as number;
      }
    }
  }
  const input = ens.input?.[0];
  if (!input) return null;
  // Groups of consecutive trees: [first tree, end tree).
  const groups: Array<[number, number]> = [];
  const nodesEnd = (t: number): number => (t + 1 < trees ? out.roots[t + 1] : out.features.length);
  for (let t = 0; t < trees; t++) {
    const last = groups[groups.length - 1];
    if (last && nodesEnd(t) - out.roots[last[0]] <= GROUP_NODES) last[1] = t + 1;
    else groups.push([t, t + 1]);
  }
  const outputs = groups.length === 1 ? [chunk.output] : groups.map((_, k) => `${chunk.output}_trees${k}`);
  const nodes = groups.map(([from, to], k) => {
    const n0 = out.roots[from];
    const n1 = nodesEnd(to - 1);
    const l0 = out.leafStarts[from];
    const l1 = to < trees ? out.leafStarts[to] : out.leafWeights.length;
    const nodes = <X>(a: X[]): X[] => a.slice(n0, n1);
    // Ids within the group: interior nodes from its first node, leaves from its first leaf.
    const ids = (a: number[], leaf: number[]): number[] => nodes(a).map((id, j) => id - (leaf[n0 + j] ? l0 : n0));
    return ensembleNode(`${ens.name ?? 'trees'}_v5${groups.length === 1 ? '' : `_${k}`}`, input, outputs[k], {
      outputs: chunk.outputs,
      roots: out.roots.slice(from, to).map((r) => r - n0),
      features: nodes(out.features),
      splits: nodes(out.splits),
      trueIds: ids(out.trueIds, out.trueLeaf),
      trueLeaf: nodes(out.trueLeaf),
      falseIds: ids(out.falseIds, out.falseLeaf),
      falseLeaf: nodes(out.falseLeaf),
      missing: nodes(out.missing),
      leafTargets: out.leafTargets.slice(l0, l1),
      leafWeights: out.leafWeights.slice(l0, l1),
    });
  });
  if (groups.length === 1) return nodes;
  return [
    ...nodes,
    { opType: 'Sum', domain: '', input: outputs, output: [chunk.output], name: `${ens.name ?? 'trees'}_sum` },
  ];
}

/** One opset-5 TreeEnsemble (sums, no transform) over the trees given as its attribute arrays. */
function ensembleNode(
  name: string,
  input: string,
  output: string,
  e: {
    outputs: number;
    roots: number[];
    features: number[];
    splits: number[];
    trueIds: number[];
    trueLeaf: number[];
    falseIds: number[];
    falseLeaf: number[];
    missing: number[];
    leafTargets: number[];
    leafWeights: number[];
  },
): Node {
  const tensor = (values: number[]): onnx.ITensorProto => ({
    dims: [values.length],
    dataType: T.DOUBLE,
    rawData: new Uint8Array(Float64Array.from(values).buffer),
  });
  const i = (name: string, v: number | number[]): onnx.IAttributeProto =>
    Array.isArray(v)
      ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v }
      : { name, type: onnx.AttributeProto.AttributeType.INT, i: v };
  const t = (name: string, v: onnx.ITensorProto): onnx.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.TENSOR,
    t: v,
  });
  return {
    opType: 'TreeEnsemble',
    domain: ML,
    input: [input],
    output: [output],
    name,
    attribute: [
      i('n_targets', e.outputs),
      i('aggregate_function', 1), // SUM
      i('post_transform', 0), // NONE
      i('tree_roots', e.roots),
      i('nodes_featureids', e.features),
      t('nodes_splits', tensor(e.splits)),
      // BRANCH_LT (1) everywhere: x < split goes to the true side, as in the export.
      t('nodes_modes', {
        dims: [e.features.length],
        dataType: T.UINT8,
        rawData: new Uint8Array(e.features.length).fill(1),
      }),
      i('nodes_truenodeids', e.trueIds),
      i('nodes_trueleafs', e.trueLeaf),
      i('nodes_falsenodeids', e.falseIds),
      i('nodes_falseleafs', e.falseLeaf),
      i('nodes_missing_value_tracks_true', e.missing),
      i('leaf_targetids', e.leafTargets),
      t('leaf_weights', tensor(e.leafWeights)),
    ],
  };
}

/**
 * model.onnx (bytes) with every exported tree chunk as opset-5 TreeEnsembles, or null when the model has no tree
 * chunk or one the rewrite does not recognise (then the model is scored as it is).
 */
export function fasterScoringGraph(bytes: Uint8Array): Uint8Array | null {
  const model = decodeModel(bytes);
  const trees = model ? treesRewritten(model) : null;
  return trees ? onnx.ModelProto.encode(trees).finish() : null;
}

/** The model with every exported tree chunk as opset-5 TreeEnsembles (fasterScoringGraph), or null. */
function treesRewritten(model: onnx.ModelProto): onnx.ModelProto | null {
  const graph = model.graph;
  const ml = model.opsetImport?.find((o) => o.domain === ML);
  if (!graph?.node || !ml || num(ml.version ?? 0) !== 3) return null;
  const consumers = new Map<string, Node[]>();
  for (const n of graph.node) for (const i of n.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  // Graph outputs consume values too: a chunk's intermediate that is also an output must stay.
  for (const o of graph.output ?? []) if (o.name) consumers.set(o.name, [...(consumers.get(o.name) ?? []), {}]);
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const replaced = new Map<Node, Node[] | null>();
  for (const n of graph.node) {
    if (n.domain !== ML || !n.opType?.startsWith('TreeEnsemble')) continue;
    if (n.opType !== 'TreeEnsembleRegressor') return null;
    const trees = int(n, 'n_targets');
    const chunk = trees ? readChunk(n, consumers, inits, trees) : null;
    const v5 = chunk ? treeEnsembles(n, chunk) : null;
    if (!chunk || !v5) return null;
    chunk.nodes.forEach((c, k) => replaced.set(c, k === chunk.nodes.length - 1 ? v5 : null));
  }
  if (!replaced.size) return null;
  // The new nodes take the place of their chunk's last node: their input is defined before the chunk, their output is
  // used after it, so the nodes stay in topological order.
  const nodes: Node[] = [];
  for (const n of graph.node) {
    const r = replaced.get(n);
    if (r === undefined) nodes.push(n);
    else if (r) nodes.push(...r);
  }
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  return onnx.ModelProto.create({
    ...model,
    opsetImport: (model.opsetImport ?? []).map((o) => (o.domain === ML ? { domain: ML, version: 5 } : o)),
    graph: { ...graph, node: nodes, initializer: (graph.initializer ?? []).filter((t) => used.has(t.name ?? '')) },
  });
}

/** The graph scoring runs: `labels` when its `prediction` output is a class index (scoring-labels.ts). */
export interface ScoringGraph {
  model: Uint8Array;
  labels?: PredictionLabels;
}

/**
 * The faster equivalent of model.onnx that scoring runs: its tree chunks rewritten (fasterScoringGraph), its
 * standardised numeric columns in blocks (scoring-columns.ts) and its class labels looked up outside the graph
 * (labelsOutside), each where it applies; null when none does.
 */
export function scoringGraph(bytes: Uint8Array): ScoringGraph | null {
  // Decoded and encoded once (each takes ~20-40 ms of CPU on a 100-tree model, at the start of every scoring).
  const model = decodeModel(bytes);
  if (!model) return null;
  const trees = treesRewritten(model);
  const faster = fusedColumns(trees ?? model) ?? trees;
  const outside = labelsOutside(faster ?? model);
  const scored = outside?.model ?? faster;
  return scored ? { model: onnx.ModelProto.encode(scored).finish(), labels: outside?.labels } : null;
}
