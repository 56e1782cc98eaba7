import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/** Issue 18.2: after a run, more budget continues the search from the models already trained. */
test('continue with more budget: the search goes on from the models already trained', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('predict the price', { sample: 'boston-housing' }, '5', false);
  const board = page.getByTestId('review-leaderboard');
  expect(Number(await board.getAttribute('data-rows'))).toBeGreaterThan(1);
  const card = page.getByTestId('continue-training-card');
  await expect(card).toBeVisible();
  const trained = Number(/from the (\d+) models? trained/.exec(await card.innerText())![1]);
  expect(trained).toBeGreaterThan(1);
  const budget = page.getByTestId('continue-budget');
  await budget.fill('8');
  await budget.press('Enter');
  await card.scrollIntoViewIfNeeded();
  await w.shot('01-continue-card');

  await page.getByTestId('continue-training').click();
  await w.waitForStatus('TRAIN', /running|done/);
  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 120_000);
  // The review says where it started from, and holds more models than before.
  await expect(page.getByText(new RegExp(`Continued from ${trained} models of the previous run`))).toBeVisible();
  // The count of models, not the board's rows: at load 22, 8 s bought one more model (10 -> 11) and the board had 11
  // rows both times.
  const lede = page.getByText(/(\d+) models? trained in/);
  await expect(lede).toBeVisible();
  expect(Number(/(\d+) models? trained in/.exec(await lede.innerText())![1])).toBeGreaterThan(trained);
  await w.shot('02-continued-review');

  // The project moves on as usual: export works with the continued run's best model.
  await w.toExport();
  const { names } = await w.exportZip();
  expect(names).toContain('model.onnx');
});
