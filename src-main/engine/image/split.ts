import { seededRandom } from '../util/rng';

export function shuffle<T>(items: T[], rand: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Stratified split: each class sends round(fraction · n_k) of its rows to validation, at least one when the
 * class has two or more rows and never all of them. Returns row indices.
 */
export function stratifiedSplit(y: number[], fraction: number, seed = 42): { train: number[]; valid: number[] } {
  // Seeded so the split is reproducible.
  const rand = seededRandom(seed);
  const byClass = new Map<number, number[]>();
  // Loops, not spreads: a copy per row was quadratic, and push(...rows) overflows the call stack past ~125k rows.
  y.forEach((label, i) => {
    const rows = byClass.get(label);
    if (rows) rows.push(i);
    else byClass.set(label, [i]);
  });
  const train: number[] = [];
  const valid: number[] = [];
  for (const idx of byClass.values()) {
    const s = shuffle(idx, rand);
    const k = s.length < 2 ? 0 : Math.min(s.length - 1, Math.max(1, Math.round(s.length * fraction)));
    for (let j = 0; j < s.length; j++) (j < k ? valid : train).push(s[j]);
  }
  return { train: train.sort((a, b) => a - b), valid: valid.sort((a, b) => a - b) };
}
