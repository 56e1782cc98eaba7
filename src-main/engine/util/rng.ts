/**
 * Deterministic pseudo-random numbers (mulberry32): small, fast and good enough for splits, seeding
 * k-means, initial weights and test fixtures. The same seed always gives the same sequence, so results
 * do not change between runs. Returns a function yielding numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
