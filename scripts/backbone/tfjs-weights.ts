/** A weight from a tfjs weights manifest, kept in its stored (possibly quantised) form. */
export interface StoredWeight {
  name: string;
  shape: number[];
  /** For uint8-quantised weights: the raw bytes plus a 256-entry table that maps each byte to its float32 value. */
  q?: Uint8Array;
  lut?: Float32Array;
  /** For float32 weights. */
  f?: Float32Array;
}

/** The subset of a tfjs weights-manifest entry this converter reads. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number };
}

/**
 * Splits a concatenated weight buffer the way tfjs-core's decodeWeights does. The dequantisation table is
 * computed exactly as tfjs computes each value (double `v * scale + min`, rounded to float32), so the ONNX
 * weights equal the tfjs weights bit for bit.
 */
export function decodeWeights(specs: WeightSpec[], buffer: Uint8Array): Map<string, StoredWeight> {
  const out = new Map<string, StoredWeight>();
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    if (q) {
      if (q.dtype !== 'uint8' || q.min === undefined || q.scale === undefined) {
        throw new Error(`Unsupported quantisation ${q.dtype} for ${spec.name}: only uint8 with min/scale is handled.`);
      }
      const bytes = buffer.slice(offset, offset + size);
      const lut = new Float32Array(256);
      for (let v = 0; v < 256; v++) lut[v] = v * q.scale + q.min;
      out.set(spec.name, { name: spec.name, shape: spec.shape, q: bytes, lut });
      offset += size;
    } else {
      if (spec.dtype !== 'float32') throw new Error(`Unsupported weight dtype ${spec.dtype} for ${spec.name}.`);
      const f = new Float32Array(buffer.slice(offset, offset + size * 4).buffer);
      out.set(spec.name, { name: spec.name, shape: spec.shape, f });
      offset += size * 4;
    }
  }
  if (offset !== buffer.length)
    throw new Error(`Weight buffer has ${buffer.length} bytes, manifest describes ${offset}.`);
  return out;
}

/** Permutes a row-major tensor's elements (works for both the byte and the float forms). */
export function permute<T extends Uint8Array | Float32Array>(data: T, shape: number[], perm: number[]): T {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = strides(shape);
  const out = new (data.constructor as { new (n: number): T })(data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let d = 0; d < perm.length; d++) src += idx[d] * inStrides[perm[d]];
    out[o] = data[src];
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[d] += 1;
      if (idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}

/** The float32 values of a stored weight (for tests and for small tensors). */
export function toFloat(w: StoredWeight): Float32Array {
  if (w.f) return w.f;
  const q = w.q as Uint8Array;
  const lut = w.lut as Float32Array;
  return Float32Array.from(q, (v) => lut[v]);
}
