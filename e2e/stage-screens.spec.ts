import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/**
 * Issue 18: every stage in the light and the dark theme, saved for looking at (e2e-screens/<test>/NN-step-light.png and
 * -dark.png). Each test asserts the step is really showing before its picture is taken.
 */
test('screens: a table from goal to monitor, light and dark', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.shotBothThemes('00-home');
  // The budget's echo follows what is typed, before the box loses focus.
  await w.setGoal('predict the price');
  await w.shotBothThemes('01-goal');
  await w.confirm('PARSE_INTENT');
  await page.getByTestId('sample-boston-housing').click();
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await w.shotBothThemes('02-data');
  await w.confirm('DATA_SOURCE');
  await w.waitForStatus('PROFILE_DATA', 'waiting_confirmation');
  await w.shotBothThemes('03-profile');
  await w.confirm('PROFILE_DATA');
  await w.waitForStatus('PREPROCESS', 'waiting_confirmation');
  await w.shotBothThemes('04-plan');
  await w.confirm('PREPROCESS');
  await w.waitForStatus('MODEL_SELECT', 'waiting_confirmation');
  const budget = page.getByTestId('budget-input');
  await budget.fill('');
  await budget.pressSequentially('75');
  await expect(budget).toBeFocused();
  await expect(page.getByTestId('budget-echo')).toContainText('1 min 15 s');
  await budget.fill('12');
  await w.shotBothThemes('05-models');
  await page.getByTestId('confirm-MODEL_SELECT').click();
  await expect(page.getByTestId('leaderboard').locator('tbody tr[data-status="done"]').first()).toBeVisible({
    timeout: 60_000,
  });
  await w.shotBothThemes('06-training-live');
  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 120_000);
  await expect(page.getByTestId('review-leaderboard')).toBeVisible();
  await expect(page.getByTestId('chart-shap-summary')).toBeVisible();
  await w.shotBothThemes('07-review-leaderboard-explain');
  await w.toExport();
  await w.shotBothThemes('08-export');
  await w.exportZip();
  await w.shotBothThemes('09-exported');

  // Predict five new rows with the registered model; the first row's "why" and its what-if fields.
  await w.predictSampleRows('price-regression', 'boston-housing', 5);
  await expect(page.getByTestId('chart-why-waterfall')).toBeVisible();
  await expect(page.getByTestId('what-if')).toBeVisible();
  await w.shotBothThemes('10-predict');
  await page.getByTestId('nav-models').click();
  await w.shotBothThemes('11-models');
  await page.getByTestId('registry-monitor-price-regression').click();
  await expect(page.getByTestId('monitor-summary')).toContainText('1 batch');
  await w.shotBothThemes('12-monitor');
});

test('screens: forecast, image and segment reviews, light and dark', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  const shoot = (prefix: string) => (name: string) => w.shotBothThemes(`${prefix}-${name}`);
  await w.open(app.url);
  await w.runToReview('forecast births for the next 30 days', { sample: 'us-births-daily' }, '10', shoot('forecast'));
  await expect(page.locator('[data-testid^="chart-"][data-kind="line"]').filter({ hasText: 'Forecast' })).toBeVisible();

  await page.getByTestId('nav-home').click();
  await w.setGoal('classify these clothing photos');
  await w.confirm('PARSE_INTENT');
  await page.getByTestId('sample-fashion-images').click();
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await w.shotBothThemes('images-02-data');
  await w.confirm('DATA_SOURCE');
  await w.confirm('PROFILE_DATA');
  await w.waitForStatus('MODEL_SELECT', 'waiting_confirmation');
  await page.getByTestId('budget-input').fill('10');
  await page.getByTestId('confirm-MODEL_SELECT').click();
  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 120_000);
  await expect(page.getByTestId('chart-confusion')).toBeVisible();
  await w.shotBothThemes('images-07-review');

  await page.getByTestId('nav-home').click();
  await w.runToReview('segment the penguins into 3 groups', { sample: 'penguins' }, '10', false);
  await expect(page.getByTestId('segments')).toHaveAttribute('data-count', '3');
  await w.shotBothThemes('segments-07-review');
});
