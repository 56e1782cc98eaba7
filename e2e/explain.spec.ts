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

  // Export (the model is registered with its explanation data), then predict new rows with it.
  await w.toExport();
  const { names } = await w.exportZip();
  expect(names).toContain('explainer.json');
  await w.predictSampleRows('price-regression', 'boston-housing', 5);

  // Why row 2 got its price: the waterfall ends at the predicted value shown beside it.
  const why = page.getByTestId('why-panel');
  await expect(page.getByTestId('chart-why-waterfall')).toHaveAttribute('data-kind', 'waterfall');
  await page.getByTestId('why-row-select').selectOption({ index: 1 });
  const before = (await page.getByTestId('why-prediction').textContent()) ?? '';
  await why.scrollIntoViewIfNeeded();
  await w.shot('03-predict-why');

  // What if the house had 9 rooms: the prediction and its explanation follow.
  await page.getByTestId('what-if-rooms').fill('9');
  await expect(page.getByTestId('why-prediction')).toContainText('rooms changed');
  await expect(page.getByTestId('why-prediction')).not.toHaveText(before);
  await expect(page.getByTestId('chart-why-waterfall')).toContainText('rooms = 9');
  // Typed controls: numbers have a slider over the training range (9 rooms is outside it); near_river is yes/no.
  await expect(page.getByTestId('what-if-rooms-slider')).toBeVisible();
  await expect(why).toContainText('Outside the training range');
  await expect(page.getByTestId('what-if-near_river').locator('option')).toHaveText(['(missing)', 'yes', 'no']);
  await page.getByTestId('what-if-highway_access-slider').fill('24');
  await expect(page.getByTestId('what-if-highway_access')).toHaveValue('24');
  await expect(page.getByTestId('why-prediction')).toContainText('rooms, highway_access changed');
  await expect(page.getByTestId('chart-why-waterfall')).toContainText('highway_access = 24');
  await page.getByTestId('what-if').scrollIntoViewIfNeeded();
  await w.shot('04-what-if');
});
