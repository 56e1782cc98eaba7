/**
 * A log-scale member of a regression ensemble or stack (pipeline TargetTransform: value = factor * exp(clip(r)) -
 * shift) explained on the value, so the whole model's explanation stays a sum of exact parts.
 *
 * Its TreeSHAP or linear SHAP values phi_g add up, with its base b (the average raw output over the background), to
 * its raw output r = b + d on the log scale. The value is not additive in them, so each row's phi are rescaled by one
 * factor, the secant slope of the inverse transform between b and r (the Rescale rule of DeepLIFT, Shrikumar et al.
 * 2017, which SHAP's DeepExplainer applies to non-linear links):
 *
 *   value base  B    = value(b)                       = factor * exp(clip(b)) - shift
 *   value phi_g      = s * phi_g,  s = (value(r) - value(b)) / (r - b)
 *
 * so the member's value contributions add up to value(r) - B exactly (efficiency), keep each column's sign and share
 * of the log-scale explanation, are zero for a column the member ignores, and are the log-scale ones times the
 * derivative factor * exp(b) when r is near b. s is computed as factor * exp(clip(b)) * expm1(clip(r) - clip(b)) / d,
 * accurate for small d. The base is the member's value at its average log output, a geometric mean with Duan's
 * smearing, not the average of its values (that has no additive split); the gap is Jensen's, a few percent of the
 * value when the log predictions spread by a few tenths (explain.md). The notebook's explanation cell applies the same
 * rule (export/notebook/cells-explain.ts).
 */
import type { TargetTransform } from '../pipeline/types';
import type { ShapResult } from './tree-shap';

const clip = (t: TargetTransform, r: number): number => Math.min(Math.max(r, t.low), t.high);

/** The slope s for a row whose log-scale contributions add up to d, around the log-scale base b. */
export function secantSlope(t: TargetTransform, b: number, d: number): number {
  const cb = clip(t, b);
  const atBase = t.factor * Math.exp(cb);
  if (d === 0) return atBase;
  const r = b + d;
  const cr = clip(t, r);
  // Neither end clipped: the change on the log scale is d itself (no rounding from b + d - b).
  const delta = cr === r && cb === b ? d : cr - cb;
  return (atBase * Math.expm1(delta)) / d;
}

/** `r` (one output: regression) of a member with transform `t`, on the value scale; n rows, G players. */
export function onValueScale(t: TargetTransform, r: ShapResult, n: number, G: number): ShapResult {
  const b = r.base[0];
  const values = new Float64Array(n * G);
  for (let row = 0; row < n; row++) {
    let d = 0;
    for (let g = 0; g < G; g++) d += r.values[row * G + g];
    const s = secantSlope(t, b, d);
    for (let g = 0; g < G; g++) values[row * G + g] = s * r.values[row * G + g];
  }
  return { base: Float64Array.of(t.factor * Math.exp(clip(t, b)) - t.shift), values };
}
