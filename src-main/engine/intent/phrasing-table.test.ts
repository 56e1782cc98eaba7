import { describe, expect, it } from 'vitest';
import { CONFIDENT } from './parse-goal';
import { profiledDatasets, scorePhrasings } from './fixtures/phrasing-eval';
import { HELD_OUT } from './phrasing-heldout';
import { PHRASINGS } from './phrasing-table';

const tuning = scorePhrasings(PHRASINGS);
const held = scorePhrasings(HELD_OUT);

describe('phrasing table', () => {
  it('has at least 250 sentences over at least 25 datasets profiled for real', () => {
    const all = [...PHRASINGS, ...HELD_OUT];
    const profiled = new Set(profiledDatasets());
    expect(all.length).toBeGreaterThanOrEqual(250);
    expect(new Set(all.map((p) => p.data).filter((d) => profiled.has(d))).size).toBeGreaterThanOrEqual(25);
    expect(HELD_OUT.length).toBeGreaterThanOrEqual(100);
  });

  it('reads task and target right on at least 95% of the tuning part', () => {
    const misses = tuning.results
      .filter((r) => r.wrong)
      .map((r) => `${r.phrasing.data}: "${r.phrasing.goal}" -> ${r.wrong}`);
    expect(tuning.right / tuning.total, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('reads task and target right on at least 92% of the held-out part (its misses are never printed)', () => {
    expect(held.right / held.total).toBeGreaterThanOrEqual(0.92);
  });

  it('gives every reading a confidence, an explanation and weaker alternatives', () => {
    for (const { intent } of [...tuning.results, ...held.results]) {
      expect(intent.confidence).toBeGreaterThan(0);
      expect(intent.confidence).toBeLessThanOrEqual(1);
      expect(intent.explanation.length).toBeGreaterThan(10);
      for (const alt of intent.alternatives) expect(alt.confidence).toBeLessThan(intent.confidence);
      if (intent.confidence < CONFIDENT && intent.target) expect(intent.why).toBeTruthy();
    }
  });
});
