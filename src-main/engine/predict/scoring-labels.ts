/**
 * Class labels outside the scoring graph. A classifier's model.onnx ends `ArgMax -> LabelEncoder (class index ->
 * label) -> prediction`, so onnxruntime makes one string per row, onnxruntime-node turns each into a JS string and
 * a scoring thread clones them all to the main thread. Scoring runs the graph without that LabelEncoder: its
 * `prediction` output is the class index (int64), and the labels, read from the LabelEncoder itself, are looked up in
 * JS (readPredictions), which gives the same strings. Measured (bench/.data/ortlabels.ts, bench/predict's model, two
 * scoring threads, 8192-row batches, CPU per row, 4 alternating rounds): 3.76 µs with the labels in the graph,
 * 3.40 µs without (0.90x).
 */
import { onnx } from 'onnx-proto';

/** The ONNX-ML operator domain. */
export const ML = 'ai.onnx.ml';
type Node = onnx.INodeProto;

/** What the graph's `prediction` output means once the labels are outside it: index k is `labels[k]`, any other
 * index `other` (the LabelEncoder's default_string). */
export interface PredictionLabels {
  labels: string[];
  other: string;
}

/** An ONNX int64 attribute value (a number, or a Long from onnx-proto) as a number. */
export const num = (v: number | { toString(): string }): number => (typeof v === 'number' ? v : Number(v.toString()));

/**
 * The model without the LabelEncoder that makes its `prediction` output, and the labels it held; null when
 * `prediction` is not made that way (regression, another producer's graph) or the encoder is not a plain
 * index -> label table.
 */
export function labelsOutside(model: onnx.ModelProto): { model: onnx.ModelProto; labels: PredictionLabels } | null {
  const graph = model.graph;
  const output = graph?.output?.find((o) => o.name === 'prediction');
  const nodes = graph?.node ?? [];
  const encoder = nodes.find((n) => n.output?.includes('prediction'));
  if (!graph || !output || !encoder || encoder.opType !== 'LabelEncoder' || encoder.domain !== ML) return null;
  if (encoder.output?.length !== 1 || encoder.input?.length !== 1) return null;
  const attr = (name: string): onnx.IAttributeProto | undefined => encoder.attribute?.find((a) => a.name === name);
  const known = new Set(['keys_int64s', 'values_strings', 'default_string']);
  if (encoder.attribute?.some((a) => !known.has(a.name ?? ''))) return null;
  const keys = (attr('keys_int64s')?.ints ?? []).map(num);
  const decoder = new TextDecoder();
  const values = (attr('values_strings')?.strings ?? []).map((s) => decoder.decode(s));
  // Keys 0..K-1 in order, as the export writes them: index k is values[k].
  if (!keys.length || keys.length !== values.length || keys.some((k, i) => k !== i)) return null;
  const dflt = attr('default_string');
  const other = dflt?.s ? decoder.decode(dflt.s) : '_Unused';
  // The index must come from an ArgMax that feeds nothing else (then the graph can output it as it is).
  const index = encoder.input[0];
  const argmax = nodes.find((n) => n.output?.includes(index));
  const readers = nodes.filter((n) => n.input?.includes(index));
  const isOutput = graph.output?.some((o) => o.name === index);
  if (!argmax || argmax.opType !== 'ArgMax' || argmax.domain || readers.length !== 1 || isOutput) return null;
  const renamed: Node = { ...argmax, output: (argmax.output ?? []).map((o) => (o === index ? 'prediction' : o)) };
  const out = onnx.ModelProto.create({
    ...model,
    graph: {
      ...graph,
      node: nodes.filter((n) => n !== encoder).map((n) => (n === argmax ? renamed : n)),
      output: graph.output?.map((o) =>
        o === output
          ? { ...o, type: { tensorType: { ...o.type?.tensorType, elemType: onnx.TensorProto.DataType.INT64 } } }
          : o,
      ),
    },
  });
  return { model: out, labels: { labels: values, other } };
}

/** Numbers of a tensor proto (raw little-endian bytes or the typed fields), or null for another type. */
export function tensorValues(t: onnx.ITensorProto): number[] | null {
  const raw = t.rawData && t.rawData.length ? t.rawData : null;
  // A fresh, aligned copy: protobufjs hands out Buffer views into a larger pool (Buffer#slice does not copy).
  const copy = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer;
  if (t.dataType === onnx.TensorProto.DataType.DOUBLE)
    return raw ? Array.from(new Float64Array(copy(raw))) : (t.doubleData ?? []).map(Number);
  if (t.dataType === onnx.TensorProto.DataType.FLOAT)
    return raw ? Array.from(new Float32Array(copy(raw))) : (t.floatData ?? []).map(Number);
  if (t.dataType === onnx.TensorProto.DataType.INT64) {
    return raw ? Array.from(new BigInt64Array(copy(raw)), Number) : (t.int64Data ?? []).map(num);
  }
  return null;
}

/** The model in `bytes`, or null when they are not one. */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto | null {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch {
    return null;
  }
}
