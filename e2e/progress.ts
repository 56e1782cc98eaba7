import { expect, type Locator } from '@playwright/test';

/** Waits until a job's progress card shows a measured fraction of at least `min` (and the job still runs). */
export async function waitForFraction(card: Locator, min: number, timeout = 60_000): Promise<number> {
  let seen = 0;
  await expect
    .poll(
      async () => {
        seen = Number((await card.getAttribute('data-fraction').catch(() => null)) || 0);
        return seen;
      },
      { timeout, intervals: [50] },
    )
    .toBeGreaterThanOrEqual(min);
  return seen;
}
