/**
 * Standardised numeric columns in one block for scoring. The export writes each numeric step as four nodes on its
 * own [N,1] column, `(IsNaN(x) ? impute : x - center) / scale` (onnx/steps-to-onnx.ts), and concatenates the
 * columns' blocks into the feature matrix: 10 numeric columns make 41 onnxruntime kernels per batch. Scoring runs
 * each run of such columns as the same four operations on their [N,k] concatenation, with [1,k] constants: every
 * cell goes through the same double operations, so the feature matrix is bit-identical. Measured (bench/predict's
 * model: 10 columns, 100 depth-6 trees; one thread, 8192-row batches of its rows, 6 alternating rounds): 0.96x the
 * CPU per row of the graph with one block per column (3.18 -> 3.05 µs).
 */
import { onnx } from 'onnx-proto';
import { tensorValues } from './scoring-labels';

const T = onnx.TensorProto.DataType;
type Node = onnx.INodeProto;

/** One standardised column: its input and constants, and the four nodes that compute it. */
interface Standardised {
  x: string;
  center: number;
  impute: number;
  scale: number;
  nodes: Node[];
}

/**
 * The model with each run of two or more standardised input columns inside a Concat computed as one block, or
 * null when it has none (then it is scored as it is).
 */
export function fusedColumns(model: onnx.ModelProto): onnx.ModelProto | null {
  const graph = model.graph;
  if (!graph?.node) return null;
  const producer = new Map<string, Node>();
  const readers = new Map<string, number>();
  for (const n of graph.node) {
    for (const o of n.output ?? []) producer.set(o, n);
    for (const i of n.input ?? []) readers.set(i, (readers.get(i) ?? 0) + 1);
  }
  // Graph outputs read values too: a value that is also an output must stay.
  for (const o of graph.output ?? []) if (o.name) readers.set(o.name, (readers.get(o.name) ?? 0) + 1);
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const scalar = (name: string | undefined | null): number | null => {
    const t = name ? inits.get(name) : undefined;
    const v = t?.dataType === T.DOUBLE ? tensorValues(t) : null;
    return v?.length === 1 && (t?.dims ?? []).every((d) => Number(d) === 1) ? v[0] : null;
  };
  // Graph inputs of [N,1] doubles: the columns a block may concatenate.
  const columns = new Set(
    (graph.input ?? [])
      .filter((i) => {
        const t = i.type?.tensorType;
        const dims = t?.shape?.dim ?? [];
        return t?.elemType === T.DOUBLE && dims.length === 2 && Number(dims[1].dimValue) === 1;
      })
      .map((i) => i.name ?? ''),
  );
  const made = (value: string | undefined | null, op: string): Node | null => {
    const n = value ? producer.get(value) : undefined;
    return n && n.opType === op && !n.domain && readers.get(value ?? '') === 1 ? n : null;
  };
  /** The standardised column `value` is, when it is one read only by its Concat. */
  const standardised = (value: string): Standardised | null => {
    const div = made(value, 'Div');
    const where = made(div?.input?.[0], 'Where');
    const nan = made(where?.input?.[0], 'IsNaN');
    const sub = made(where?.input?.[2], 'Sub');
    const x = nan?.input?.[0];
    if (!div || !where || !nan || !sub || !x || !columns.has(x) || sub.input?.[0] !== x) return null;
    const center = scalar(sub.input?.[1]);
    const impute = scalar(where.input?.[1]);
    const scale = scalar(div.input?.[1]);
    if (center === null || impute === null || scale === null) return null;
    return { x, center, impute, scale, nodes: [nan, sub, where, div] };
  };
  const dropped = new Set<Node>();
  const replaced = new Map<Node, Node[]>();
  const constants: onnx.ITensorProto[] = [];
  let blocks = 0;
  for (const concat of graph.node) {
    const axis = concat.attribute?.find((a) => a.name === 'axis')?.i;
    if (concat.opType !== 'Concat' || concat.domain || Number(axis) !== 1 || !concat.input) continue;
    const parts = concat.input.map(standardised);
    const inputs: string[] = [];
    const nodes: Node[] = [];
    for (let i = 0; i < parts.length;) {
      let j = i;
      while (j < parts.length && parts[j]) j++;
      if (j - i < 2) {
        inputs.push(concat.input[i]);
        i = Math.max(j, i + 1);
        continue;
      }
      const run = parts.slice(i, j) as Standardised[];
      const whole = run.length === parts.length;
      const b = `scoring_block_${blocks++}`;
      const out = whole ? (concat.output?.[0] ?? `${b}_z`) : `${b}_z`;
      const constant = (name: string, values: number[]): string => {
        constants.push({
          name: `${b}_${name}`,
          dims: [1, values.length],
          dataType: T.DOUBLE,
          rawData: new Uint8Array(Float64Array.from(values).buffer),
        });
        return `${b}_${name}`;
      };
      const [center, impute, scale] = (['center', 'impute', 'scale'] as const).map((k) =>
        constant(
          k,
          run.map((s) => s[k]),
        ),
      );
      const axis = { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 };
      nodes.push(
        node(
          'Concat',
          run.map((s) => s.x),
          `${b}_x`,
          [axis],
        ),
        node('IsNaN', [`${b}_x`], `${b}_nan`),
        node('Sub', [`${b}_x`, center], `${b}_centred`),
        node('Where', [`${b}_nan`, impute, `${b}_centred`], `${b}_filled`),
        node('Div', [`${b}_filled`, scale], out),
      );
      for (const s of run) for (const n of s.nodes) dropped.add(n);
      inputs.push(out);
      i = j;
    }
    if (!nodes.length) continue;
    replaced.set(concat, inputs.length === 1 ? nodes : [...nodes, { ...concat, input: inputs }]);
  }
  if (!replaced.size) return null;
  // A block takes its Concat's place: its inputs are graph inputs, its output is read after the Concat.
  const nodes = graph.node.flatMap((n) => (dropped.has(n) ? [] : (replaced.get(n) ?? [n])));
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  return onnx.ModelProto.create({
    ...model,
    graph: {
      ...graph,
      node: nodes,
      initializer: [...(graph.initializer ?? []).filter((t) => used.has(t.name ?? '')), ...constants],
    },
  });
}

function node(opType: string, input: string[], output: string, attribute?: onnx.IAttributeProto[]): Node {
  return { opType, domain: '', input, output: [output], name: output, ...(attribute ? { attribute } : {}) };
}
