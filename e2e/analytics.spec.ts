import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/** Goal → sample → profile → (plan, when the task has one) → models with a short budget → review. */
async function runToReview(w: Wizard, goal: string, sampleId: string, budget: string) {
  const page = w.page;
  await w.setGoal(goal);
  await w.shot('01-goal');
  await w.confirm('PARSE_INTENT');
  await page.getByTestId(`sample-${sampleId}`).click();
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await w.shot('02-data');
  await w.confirm('DATA_SOURCE');
  await w.waitForStatus('PROFILE_DATA', 'waiting_confirmation');
  await w.shot('03-profile');
  await w.confirm('PROFILE_DATA');
  await w.waitForStatus('PREPROCESS', /waiting_confirmation|skipped|done/, 60_000);
  if ((await w.stage('PREPROCESS').getAttribute('data-status')) === 'waiting_confirmation') {
    await w.shot('04-preprocess');
    await w.confirm('PREPROCESS');
  }
  await w.waitForStatus('MODEL_SELECT', /waiting_confirmation|skipped|done/, 60_000);
  if ((await w.stage('MODEL_SELECT').getAttribute('data-status')) === 'waiting_confirmation') {
    const input = page.getByTestId('budget-input');
    if (await input.count()) await input.fill(budget);
    await w.shot('05-models');
    await page.getByTestId('confirm-MODEL_SELECT').click();
  }
  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 90_000);
  await expect(page.getByTestId('review')).toBeVisible();
  await w.shot('06-review');
}

test('forecast: daily births, 30 days ahead, chart in the review', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await runToReview(w, 'forecast births for the next 30 days', 'us-births-daily', '15');
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
  await runToReview(w, 'segment the penguins into 3 groups', 'penguins', '10');
  await expect(page.getByTestId('segments')).toHaveAttribute('data-count', '3');
  for (const i of [0, 1, 2]) await expect(page.getByTestId(`segment-${i}`)).toContainText(/rows/);
  await expect(page.getByTestId('segment-3')).toHaveCount(0);
  await expect(page.getByTestId('best-model')).toContainText(/silhouette/i);
});
