import { DT, GraphBuilder, encodeModel } from '../../src-main/engine/image/onnx-build';
import { permute, type StoredWeight } from './tfjs-weights';

/** One layer of a Keras/tfjs layers-model topology (only the fields read here). */
export interface KerasLayer {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  inbound_nodes: Array<Array<[string, number, number, unknown]>>;
}

export interface ConvertOptions {
  /**
   * Keras layers that make up the graph output `embedding`, concatenated in this order: flat layers as they
   * are, 4-D layers through a global average pool (multi-level features). Conversion stops once all are built.
   */
  outputLayers: string[];
  /** Input height, width and channels (channels-last, as the tfjs model takes it). */
  inputShape: [number, number, number];
}

/** Shape of a tensor inside the graph: channels-first 4-D image tensors or 2-D feature rows. */
type Shape = { rank: 4; c: number; h: number; w: number } | { rank: 2; d: number };

/**
 * Converts a tfjs layers model (Keras 2 topology + decoded weights) to an ONNX graph.
 * Input `input` is float32 [N,H,W,C] exactly as the tfjs model takes it; output `embedding` is [N,D]
 * (the listed layers, 4-D ones globally average-pooled, concatenated).
 * The graph runs channels-first internally. Quantised weights stay uint8 in the file and are expanded by
 * Cast+Gather through a 256-entry float table (ORT folds these at load, then fuses Conv+BatchNormalization).
 */
export function convertLayersModel(
  layers: KerasLayer[],
  weights: Map<string, StoredWeight>,
  opts: ConvertOptions,
): { bytes: Uint8Array; embeddingDim: number } {
  const g = new GraphBuilder();
  const tensors = new Map<string, { name: string; shape: Shape }>();
  const [H, W, C] = opts.inputShape;
  g.addInput('input', DT.FLOAT, ['N', H, W, C]);
  let outShape: Shape | null = null;

  const wt = (layer: string, key: string, perm?: number[]): { name: string; shape: number[] } => {
    const w = weights.get(`${layer}/${key}`);
    if (!w) throw new Error(`Weight ${layer}/${key} is missing from the manifest.`);
    const shape = perm ? perm.map((p) => w.shape[p]) : w.shape;
    if (w.q && w.lut) {
      const q = perm ? permute(w.q, w.shape, perm) : w.q;
      const qName = g.uint8(`${layer}_${key}_q`, shape, q);
      const lut = g.float(`${layer}_${key}_lut`, [256], w.lut);
      const idx = g.op('Cast', [qName], { to: DT.INT32 });
      return { name: g.op('Gather', [lut, idx], { axis: 0 }), shape };
    }
    const f = perm ? permute(w.f as Float32Array, w.shape, perm) : (w.f as Float32Array);
    return { name: g.float(`${layer}_${key}`, shape, f), shape };
  };
  const ones = (n: number): string => g.float('ones', [n], new Float32Array(n).fill(1));
  const zeros = (n: number): string => g.float('zeros', [n], new Float32Array(n));
  const scalar = (v: number): string => g.float('scalar', [], [v]);

  for (const layer of layers) {
    const cfg = layer.config;
    const ins = (layer.inbound_nodes[0] ?? []).map(([src]) => {
      const t = tensors.get(src);
      if (!t) throw new Error(`Layer ${layer.name} reads ${src}, which was not converted.`);
      return t;
    });
    const x = ins[0];
    const as4 = (s: Shape | undefined): { c: number; h: number; w: number } => {
      if (!s || s.rank !== 4) throw new Error(`Layer ${layer.name} (${layer.class_name}) needs a 4-D input.`);
      return s;
    };
    let out: { name: string; shape: Shape };
    switch (layer.class_name) {
      case 'InputLayer':
        out = { name: g.op('Transpose', ['input'], { perm: [0, 3, 1, 2] }), shape: { rank: 4, c: C, h: H, w: W } };
        break;
      case 'ZeroPadding2D': {
        const [[t, b], [l, r]] = normalisePadding(cfg.padding);
        const s = as4(x.shape);
        const pads = g.int64('pads', [8], [0, 0, t, l, 0, 0, b, r]);
        out = { name: g.op('Pad', [x.name, pads]), shape: { rank: 4, c: s.c, h: s.h + t + b, w: s.w + l + r } };
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const s = as4(x.shape);
        const depthwise = layer.class_name === 'DepthwiseConv2D';
        // Keras kernels are [kh,kw,in,out] (depthwise: [kh,kw,in,mult]); ONNX wants [out,in/group,kh,kw].
        const k = wt(layer.name, depthwise ? 'depthwise_kernel' : 'kernel', depthwise ? [2, 3, 0, 1] : [3, 2, 0, 1]);
        const [kh, kw] = [k.shape[2], k.shape[3]];
        const outC = depthwise ? k.shape[0] * k.shape[1] : k.shape[0];
        const kernel = depthwise ? g.op('Reshape', [k.name, g.int64('shape', [4], [outC, 1, kh, kw])]) : k.name;
        const inputs = [x.name, kernel];
        if (cfg.use_bias) inputs.push(wt(layer.name, 'bias').name);
        const strides = pair(cfg.strides, 1);
        const dil = pair(cfg.dilation_rate, 1);
        const same = cfg.padding === 'same';
        const attrs = {
          kernel_shape: [kh, kw],
          strides,
          dilations: dil,
          group: depthwise ? s.c : 1,
          ...(same ? { auto_pad: 'SAME_UPPER' } : {}),
        };
        const y = g.op('Conv', inputs, attrs);
        const shape: Shape = {
          rank: 4,
          c: outC,
          h: outSize(s.h, kh, strides[0], dil[0], same),
          w: outSize(s.w, kw, strides[1], dil[1], same),
        };
        out = { name: activation(g, y, cfg.activation, layer.name), shape };
        break;
      }
      case 'BatchNormalization': {
        const s = as4(x.shape);
        const gamma = cfg.scale === false ? ones(s.c) : wt(layer.name, 'gamma').name;
        const beta = cfg.center === false ? zeros(s.c) : wt(layer.name, 'beta').name;
        const y = g.op(
          'BatchNormalization',
          [x.name, gamma, beta, wt(layer.name, 'moving_mean').name, wt(layer.name, 'moving_variance').name],
          { epsilon: { float: Number(cfg.epsilon ?? 1e-3) } },
        );
        out = { name: y, shape: s ? x.shape : x.shape };
        break;
      }
      case 'ReLU': {
        if (Number(cfg.negative_slope ?? 0) !== 0 || Number(cfg.threshold ?? 0) !== 0) {
          throw new Error(`ReLU ${layer.name}: leaky or thresholded ReLU is not supported.`);
        }
        const max = cfg.max_value;
        const y =
          max === null || max === undefined
            ? g.op('Relu', [x.name])
            : g.op('Clip', [x.name, scalar(0), scalar(Number(max))]);
        out = { name: y, shape: x.shape };
        break;
      }
      case 'Activation':
        out = { name: activation(g, x.name, cfg.activation, layer.name), shape: x.shape };
        break;
      case 'Add': {
        let acc = ins[0].name;
        for (const other of ins.slice(1)) acc = g.op('Add', [acc, other.name]);
        out = { name: acc, shape: x.shape };
        break;
      }
      case 'Concatenate': {
        const shapes = ins.map((t) => as4(t.shape));
        const axis = Number(cfg.axis ?? -1);
        if (axis !== -1 && axis !== 3)
          throw new Error(`Concatenate ${layer.name}: only the channel axis is supported.`);
        const c = shapes.reduce((a, s) => a + s.c, 0);
        out = {
          name: g.op(
            'Concat',
            ins.map((t) => t.name),
            { axis: 1 },
          ),
          shape: { rank: 4, c, h: shapes[0].h, w: shapes[0].w },
        };
        break;
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const s = as4(x.shape);
        const k = pair(cfg.pool_size, 2);
        const st = pair(cfg.strides ?? cfg.pool_size, 2);
        const same = cfg.padding === 'same';
        const op = layer.class_name === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool';
        const y = g.op(op, [x.name], { kernel_shape: k, strides: st, ...(same ? { auto_pad: 'SAME_UPPER' } : {}) });
        out = {
          name: y,
          shape: { rank: 4, c: s.c, h: outSize(s.h, k[0], st[0], 1, same), w: outSize(s.w, k[1], st[1], 1, same) },
        };
        break;
      }
      case 'GlobalAveragePooling2D': {
        const s = as4(x.shape);
        const y = g.op('Flatten', [g.op('GlobalAveragePool', [x.name])], { axis: 1 });
        out = { name: y, shape: { rank: 2, d: s.c } };
        break;
      }
      case 'Flatten': {
        const s = as4(x.shape);
        // Keras flattens channels-last; go back to NHWC first so the order matches for any spatial size.
        const nhwc = g.op('Transpose', [x.name], { perm: [0, 2, 3, 1] });
        out = { name: g.op('Flatten', [nhwc], { axis: 1 }), shape: { rank: 2, d: s.c * s.h * s.w } };
        break;
      }
      case 'Dense': {
        if (x.shape.rank !== 2) throw new Error(`Dense ${layer.name} needs a flat input.`);
        const k = wt(layer.name, 'kernel');
        const b = cfg.use_bias === false ? zeros(k.shape[1]) : wt(layer.name, 'bias').name;
        const y = g.op('Gemm', [x.name, k.name, b]);
        out = { name: activation(g, y, cfg.activation, layer.name), shape: { rank: 2, d: k.shape[1] } };
        break;
      }
      case 'Dropout':
        out = x;
        break;
      default:
        throw new Error(`Layer type ${layer.class_name} (${layer.name}) is not supported by this converter.`);
    }
    tensors.set(layer.name, out);
    if (opts.outputLayers.every((name) => tensors.has(name))) {
      const parts: string[] = [];
      let dim = 0;
      for (const name of opts.outputLayers) {
        const t = tensors.get(name) as { name: string; shape: Shape };
        if (t.shape.rank === 2) {
          parts.push(t.name);
          dim += t.shape.d;
        } else {
          parts.push(g.op('Flatten', [g.op('GlobalAveragePool', [t.name])], { axis: 1 }));
          dim += t.shape.c;
        }
      }
      g.op(parts.length > 1 ? 'Concat' : 'Identity', parts, parts.length > 1 ? { axis: 1 } : {}, 'embedding');
      outShape = { rank: 2, d: dim };
      break;
    }
  }
  if (!outShape) throw new Error(`Output layers ${opts.outputLayers.join(', ')} were not all found.`);
  const embeddingDim = (outShape as { d: number }).d;
  g.addOutput('embedding', DT.FLOAT, ['N', embeddingDim]);
  return { bytes: encodeModel(g.toGraph('backbone')), embeddingDim };
}

function activation(g: GraphBuilder, x: string, act: unknown, layer: string): string {
  switch (act ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return g.op('Relu', [x]);
    case 'softmax':
      return g.op('Softmax', [x], { axis: 1 });
    case 'sigmoid':
      return g.op('Sigmoid', [x]);
    default:
      throw new Error(`Activation ${String(act)} in ${layer} is not supported.`);
  }
}

function pair(v: unknown, fallback: number): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1] ?? v[0])];
  if (typeof v === 'number') return [v, v];
  return [fallback, fallback];
}

function normalisePadding(p: unknown): [[number, number], [number, number]] {
  if (typeof p === 'number')
    return [
      [p, p],
      [p, p],
    ];
  if (Array.isArray(p) && typeof p[0] === 'number')
    return [
      [p[0], p[0]],
      [Number(p[1]), Number(p[1])],
    ];
  if (Array.isArray(p)) return [pair(p[0], 0), pair(p[1], 0)];
  throw new Error('ZeroPadding2D padding has an unknown form.');
}

function outSize(n: number, k: number, s: number, d: number, same: boolean): number {
  if (same) return Math.ceil(n / s);
  return Math.floor((n - ((k - 1) * d + 1)) / s) + 1;
}
