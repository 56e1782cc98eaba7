import type { TargetTransform } from './types';

/**
 * The prediction from a model's raw output on a transformed target (types.ts TargetTransform), in place:
 * factor * exp(min(max(r, low), high)) - shift. The ONNX writer builds the same Max, Min, Exp, Mul, Sub.
 */
export function invertTarget(t: TargetTransform, raw: Float64Array): Float64Array {
  for (let i = 0; i < raw.length; i++)
    raw[i] = t.factor * Math.exp(Math.min(Math.max(raw[i], t.low), t.high)) - t.shift;
  return raw;
}

/** A single pipeline's regression output with its target transform undone (as is without one). */
export function untransformed(t: TargetTransform | undefined, raw: Float64Array): Float64Array {
  return t ? invertTarget(t, raw) : raw;
}
