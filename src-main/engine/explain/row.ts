/** One row of an Explanation as a RowExplanation (what the screens, the report and the CLI show). */
import type { RowExplanation } from '@shared/explain';
import type { Explanation } from './types';

/**
 * Row `r`, output `o` of `e`; `cells` are the row's values as read (text, null = empty), in `e.columns` order.
 * Contributions are sorted by |effect|, largest first (ties keep column order).
 */
export function rowExplanation(e: Explanation, r: number, o: number, cells: Array<string | null>): RowExplanation {
  const O = e.outputs.length;
  const G = e.columns.length;
  const at = (r * O + o) * G;
  const contributions = e.columns.map((column, g) => ({ column, value: cells[g] ?? null, effect: e.values[at + g] }));
  contributions.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  const value = contributions.reduce((s, c) => s + c.effect, e.base[o]);
  return {
    method: e.method,
    exact: e.exact,
    scale: e.scale,
    ...(e.sampling ? { sampling: e.sampling } : {}),
    output: e.outputs[o],
    base: e.base[o],
    value,
    contributions,
  };
}
