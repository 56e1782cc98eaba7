import { onnx } from 'onnx-proto';

/** ONNX element types used by the pipeline writer. */
export const T = onnx.TensorProto.DataType;

/** Opsets the writer targets. Kept at ai.onnx 17 / ai.onnx.ml 3 so Debian's onnx 1.12 checker accepts the files. */
export const OPSETS = { onnx: 17, ml: 3, microsoft: 1 } as const;
export const ML = 'ai.onnx.ml';
export const MS = 'com.microsoft';

/** An attribute value; numbers are ints unless wrapped with `float()`. */
export type AttrValue =
  | { f: number }
  | number
  | string
  | { floats: number[] }
  | { ints: number[] }
  | { strings: string[] }
  | { t: onnx.ITensorProto };

const utf8 = new TextEncoder();

function toAttr(name: string, v: AttrValue): onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: A.INT, i: v };
  if (typeof v === 'string') return { name, type: A.STRING, s: utf8.encode(v) };
  if ('f' in v) return { name, type: A.FLOAT, f: v.f };
  if ('floats' in v) return { name, type: A.FLOATS, floats: v.floats };
  if ('ints' in v) return { name, type: A.INTS, ints: v.ints };
  if ('strings' in v) return { name, type: A.STRINGS, strings: v.strings.map((s) => utf8.encode(s)) };
  return { name, type: A.TENSOR, t: v.t };
}

/** A dimension: a fixed size or a symbolic name such as 'N'. */
export type Dim = number | string;

/** A typed graph input/output; string dims are symbolic (e.g. the batch size). */
export function valueInfo(name: string, elemType: number, dims: Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Little-endian bytes of a typed array (ONNX raw_data is always little-endian; so is every platform Node runs on). */
function rawBytes(a: Float64Array | BigInt64Array | Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}

/** Double-precision constant tensor proto (used both as initializer and as attribute). */
export function doubleTensor(values: ArrayLike<number>, dims: number[], name = ''): onnx.ITensorProto {
  return { name, dims, dataType: T.DOUBLE, rawData: rawBytes(Float64Array.from(values)) };
}

/**
 * Builds one ONNX graph. Internal value names come from `fresh()` and never collide with the
 * graph inputs, which are raw column names and may be any string.
 */
export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  readonly inputs: onnx.IValueInfoProto[] = [];
  readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }

  /** A new unique value name with a readable hint. */
  fresh(hint: string): string {
    let name = `${hint}_${this.counter++}`;
    while (this.used.has(name)) name = `_${name}`;
    this.used.add(name);
    return name;
  }

  addInput(name: string, elemType: number, dims: Dim[]): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  addOutput(name: string, elemType: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds a node; returns its output names (`nOut` fresh names unless `outputs` is given). */
  nodeN(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    opts: { domain?: string; nOut?: number; outputs?: string[] } = {},
  ): string[] {
    const outs = opts.outputs ?? Array.from({ length: opts.nOut ?? 1 }, () => this.fresh(opType.toLowerCase()));
    for (const o of outs) this.used.add(o);
    this.nodes.push({
      opType,
      domain: opts.domain ?? '',
      input: inputs,
      output: outs,
      name: this.fresh(`n_${opType}`),
      attribute: Object.entries(attrs).map(([k, v]) => toAttr(k, v)),
    });
    return outs;
  }

  /** Single-output node. */
  node(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    opts: { domain?: string; output?: string } = {},
  ): string {
    return this.nodeN(opType, inputs, attrs, {
      domain: opts.domain,
      outputs: opts.output ? [opts.output] : undefined,
    })[0];
  }

  constDouble(values: ArrayLike<number>, dims: number[], hint = 'c'): string {
    const name = this.fresh(hint);
    this.initializers.push(doubleTensor(values, dims, name));
    return name;
  }

  constInt64(values: ArrayLike<number>, dims: number[], hint = 'i'): string {
    const name = this.fresh(hint);
    const a = BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
    this.initializers.push({ name, dims, dataType: T.INT64, rawData: rawBytes(a) });
    return name;
  }

  constString(values: string[], dims: number[], hint = 's'): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, dataType: T.STRING, stringData: values.map((v) => utf8.encode(v)) });
    return name;
  }

  /**
   * Column sums of a [height, N] double matrix in the fixed order of predict.ts's halvingSum: zero-pad to a
   * power of two, then repeatedly add the bottom half onto the top half. Each step is a plain elementwise Add,
   * so the result is bit-identical to the JS loop (a ReduceSum adds in an order of the runtime's choosing).
   * Halves along the first axis are contiguous blocks, which keeps this cheap; slicing or transposing doubles
   * along the last axis is 10-50x slower in onnxruntime.
   */
  halvingColumnSum(mT: string, height: number, n: string): string {
    if (height === 0) return this.node('Reshape', [this.zerosRows(n, 1), this.constInt64([-1], [1])]);
    let len = 1;
    while (len < height) len *= 2;
    let cur = len === height ? mT : this.node('Pad', [mT, this.constInt64([0, 0, len - height, 0], [4])]);
    const i64 = (v: number): string => this.constInt64([v], [1]);
    while (len > 1) {
      const h = len / 2;
      cur = this.node('Add', [
        this.node('Slice', [cur, i64(0), i64(h), i64(0)]),
        this.node('Slice', [cur, i64(h), i64(len), i64(0)]),
      ]);
      len = h;
    }
    return this.node('Reshape', [cur, this.constInt64([-1], [1])]);
  }

  /** [N, width] double zeros, N taken from the first dimension of `like`. */
  zerosRows(like: string, width: number): string {
    const n = this.node('Slice', [this.node('Shape', [like]), this.constInt64([0], [1]), this.constInt64([1], [1])]);
    const shape = this.node('Concat', [n, this.constInt64([width], [1])], { axis: 0 });
    return this.node('ConstantOfShape', [shape], { value: { t: { dims: [1], dataType: T.DOUBLE, doubleData: [0] } } });
  }

  /** Serialises a complete model. `metadata` becomes ModelProto.metadata_props. */
  toBytes(opts: {
    graphName: string;
    producer?: string;
    producerVersion?: string;
    docString?: string;
    metadata?: Record<string, string>;
  }): Uint8Array {
    const usesMs = this.nodes.some((n) => n.domain === MS);
    const opsetImport: onnx.IOperatorSetIdProto[] = [
      { domain: '', version: OPSETS.onnx },
      { domain: ML, version: OPSETS.ml },
    ];
    if (usesMs) opsetImport.push({ domain: MS, version: OPSETS.microsoft });
    const model: onnx.IModelProto = {
      irVersion: 8,
      opsetImport,
      producerName: opts.producer ?? 'automl-desktop',
      producerVersion: opts.producerVersion ?? '',
      docString: opts.docString ?? '',
      metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: opts.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    return onnx.ModelProto.encode(model).finish();
  }
}
