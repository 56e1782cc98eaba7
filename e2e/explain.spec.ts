import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

test('explanations: the review explains the model and any held-out row', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('predict the price', { sample: 'boston-housing' }, '15', false);

  const card = page.getByTestId('explanations');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('chart-shap-summary')).toHaveAttribute('data-kind', 'beeswarm');
  await expect(page.getByTestId('chart-shap-waterfall')).toHaveAttribute('data-kind', 'waterfall');
  await card.scrollIntoViewIfNeeded();
  await w.shot('01-review-explanations');

  // Another held-out row: the waterfall ends at that row's prediction.
  const select = page.getByTestId('explain-row-select');
  const second = await select.locator('option').nth(1);
  const label = (await second.textContent()) ?? '';
  await select.selectOption({ index: 1 });
  const predicted = /predicted ([^,]+)/.exec(label)?.[1] ?? '';
  await expect(page.getByTestId('chart-shap-waterfall')).toContainText(predicted.slice(0, 4));
  await page.getByRole('button', { name: 'Average per column' }).click();
  await expect(page.getByTestId('chart-shap-summary')).toHaveAttribute('data-kind', 'bar');
  await w.shot('02-review-row');
});
