import { onnx } from 'onnx-proto';
import { valueInfo } from '../onnx/graph-builder';

/** ONNX element types used here. */
export const DT = onnx.TensorProto.DataType;

type AttrValue = number | string | number[] | string[] | { float: number } | { floats: number[] };

/** Builds one attribute; plain numbers are ints, `{ float }` marks a float. */
function makeAttr(name: string, v: AttrValue): onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: A.INT, i: v };
  if (typeof v === 'string') return { name, type: A.STRING, s: Buffer.from(v, 'utf8') };
  if (Array.isArray(v)) {
    if (v.length > 0 && typeof v[0] === 'string') {
      return { name, type: A.STRINGS, strings: (v as string[]).map((s) => Buffer.from(s, 'utf8')) };
    }
    return { name, type: A.INTS, ints: v as number[] };
  }
  if ('float' in v) return { name, type: A.FLOAT, f: v.float };
  return { name, type: A.FLOATS, floats: v.floats };
}

/** A small graph builder: unique names, initializers, nodes, typed inputs and outputs. */
export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  readonly inputs: onnx.IValueInfoProto[] = [];
  readonly outputs: onnx.IValueInfoProto[] = [];
  private counter = 0;

  constructor(private readonly prefix = '') {}

  fresh(hint: string): string {
    this.counter += 1;
    return `${this.prefix}${hint}_${this.counter}`;
  }

  /** Adds a node and returns its single output name (or the given output name). */
  op(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    output?: string,
    domain?: string,
  ): string {
    const out = output ?? this.fresh(opType.toLowerCase());
    this.nodes.push({
      opType,
      input: inputs,
      output: [out],
      name: this.fresh(`n_${opType}`),
      attribute: Object.entries(attrs).map(([k, v]) => makeAttr(k, v)),
      ...(domain ? { domain } : {}),
    });
    return out;
  }

  float(hint: string, dims: number[], data: Float32Array | number[]): string {
    const arr = data instanceof Float32Array ? data : Float32Array.from(data);
    return this.raw(hint, dims, DT.FLOAT, new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
  }

  int64(hint: string, dims: number[], data: number[]): string {
    const arr = BigInt64Array.from(data.map((v) => BigInt(v)));
    return this.raw(hint, dims, DT.INT64, new Uint8Array(arr.buffer));
  }

  uint8(hint: string, dims: number[], data: Uint8Array): string {
    return this.raw(hint, dims, DT.UINT8, data);
  }

  strings(hint: string, dims: number[], data: string[]): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, dataType: DT.STRING, stringData: data.map((s) => Buffer.from(s, 'utf8')) });
    return name;
  }

  private raw(hint: string, dims: number[], dataType: number, bytes: Uint8Array): string {
    const name = this.fresh(hint);
    // Copy: protobufjs keeps a reference and callers may reuse their buffers.
    this.initializers.push({ name, dims, dataType, rawData: Uint8Array.from(bytes) });
    return name;
  }

  addInput(name: string, elemType: number, dims: Array<number | string>): void {
    this.inputs.push(valueInfo(name, elemType, dims));
  }

  addOutput(name: string, elemType: number, dims: Array<number | string>): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  toGraph(name: string): onnx.IGraphProto {
    return { name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs };
  }
}

/** Opsets used by every model written here. */
export const OPSETS = [
  { domain: '', version: 13 },
  { domain: 'ai.onnx.ml', version: 2 },
];

/** Serialises a graph to ONNX bytes (IR 8). */
export function encodeModel(
  graph: onnx.IGraphProto,
  docString = '',
  metadata: Record<string, string> = {},
): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: OPSETS,
    producerName: 'automl-desktop',
    producerVersion: '0.1.0',
    docString,
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Reads an ONNX file back into its proto (for merging a backbone with a head). */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
