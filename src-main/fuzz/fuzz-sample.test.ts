import { describe, expect, it } from 'vitest';
import { runFuzz, summarise } from './runner';

/**
 * The CI sample of the fuzz suite: a fixed seed, 48 malformed inputs over ingest, profile, image ingest and
 * predict at the `sample` sizes (every path, inputs that cost milliseconds: 400 columns rather than 10,000, an
 * 4 MB bomb entry rather than 48 MB). Every case must end in success or an error in the app's words, within
 * time and memory. The sizes people send run in `npm run fuzz -- --minutes 30` (see docs/engineering/robustness.md).
 */
const CASES = 48;

describe('fuzz sample (fixed seed)', () => {
  it('ends every case in success or a coded error, with no crash, hang or runaway memory', async () => {
    const outcomes = await runFuzz({
      seed: 20_261_206,
      cases: CASES,
      scale: 'sample',
      caseMs: 20_000,
      maxHeapMb: 1024,
    });
    const report = summarise(outcomes);
    expect(outcomes).toHaveLength(CASES);
    const findings = outcomes.filter((o) => o.status !== 'ok' && o.status !== 'coded');
    expect(findings, report).toEqual([]);
    // Both ends are exercised: files that import and files refused in plain words.
    expect(outcomes.filter((o) => o.status === 'ok').length, report).toBeGreaterThan(5);
    expect(outcomes.filter((o) => o.status === 'coded').length, report).toBeGreaterThan(20);
    expect(new Set(outcomes.map((o) => o.recipe[0])).size, report).toBeGreaterThanOrEqual(7);
    expect(Math.max(...outcomes.map((o) => o.rssMb ?? 0)), report).toBeLessThan(1024);
  }, 120_000);
});
