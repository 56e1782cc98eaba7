import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage';

describe('collectGarbage', () => {
  it('frees a large array nothing refers to any more, at once', async () => {
    const ref = ((): WeakRef<Float64Array> => new WeakRef(new Float64Array(4_000_000)))();
    // A WeakRef's target stays alive until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });
});
