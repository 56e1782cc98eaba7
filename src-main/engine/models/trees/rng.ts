import { seededRandom } from '../../util/rng';

/** The run's seeded PRNG for tree fits: the one mulberry32 (util/rng.ts), with seed 0 mapped to 0x9e3779b9. */
export function makeRng(seed: number): () => number {
  return seededRandom(seed >>> 0 || 0x9e3779b9);
}
