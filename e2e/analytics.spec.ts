import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

test('forecast: daily births, 30 days ahead, chart in the review', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('forecast births for the next 30 days', { sample: 'us-births-daily' }, '15');
  const forecast = page
    .locator('[data-testid^="chart-task-"][data-kind="line"], [data-testid="chart-forecast"]')
    .first();
  await expect(forecast).toBeVisible();
  await expect(forecast).toContainText(/forecast/i);
  await expect(page.getByTestId('best-model')).toContainText(/MASE|MAE|RMSE/);
});

test('segments: penguins in 3 groups', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('segment the penguins into 3 groups', { sample: 'penguins' }, '10');
  await expect(page.getByTestId('segments')).toHaveAttribute('data-count', '3');
  for (const i of [0, 1, 2]) await expect(page.getByTestId(`segment-${i}`)).toContainText(/rows/);
  await expect(page.getByTestId('segment-3')).toHaveCount(0);
  await expect(page.getByTestId('best-model')).toContainText(/silhouette/i);
});
