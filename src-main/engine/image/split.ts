/** Small seeded PRNG (mulberry32) so splits and MLP initialisation are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const rand = rng(seed);
  const byClass = new Map<number, number[]>();
  y.forEach((label, i) => byClass.set(label, [...(byClass.get(label) ?? []), i]));
  const train: number[] = [];
  const valid: number[] = [];
  for (const idx of byClass.values()) {
    const s = shuffle(idx, rand);
    const k = s.length < 2 ? 0 : Math.min(s.length - 1, Math.max(1, Math.round(s.length * fraction)));
    valid.push(...s.slice(0, k));
    train.push(...s.slice(k));
  }
  return { train: train.sort((a, b) => a - b), valid: valid.sort((a, b) => a - b) };
}
