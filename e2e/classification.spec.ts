import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

test('classification: change the target and drop a column at the gates', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.setGoal('predict the species');
  await w.confirm('PARSE_INTENT');
  await page.getByTestId('sample-penguins').click();
  await w.confirm('DATA_SOURCE');

  // The person wants the sex, not the species: a binary target.
  await w.waitForStatus('PROFILE_DATA', 'waiting_confirmation');
  await expect(page.getByTestId('intent-target')).toHaveValue('species');
  await page.getByTestId('intent-target').selectOption('sex');
  await page.getByTestId('confirm-PROFILE_DATA').click();
  // The profile runs again for the new target, and shows its distribution before going on.
  await expect(page.getByTestId('summary-cards')).toContainText('sex', { timeout: 60_000 });
  await w.confirm('PROFILE_DATA');
  await w.waitForStatus('PREPROCESS', 'waiting_confirmation', 90_000);
  await expect(page.getByTestId('plan-row-sex')).toContainText(/target/i);

  // ...and drops the island column.
  await page.getByTestId('use-island').uncheck();
  await page.getByTestId('confirm-PREPROCESS').click();
  await w.waitForStatus('MODEL_SELECT', 'waiting_confirmation', 60_000);
  await w.shot('01-models');
  await page.getByTestId('budget-input').fill('10');
  await page.getByTestId('confirm-MODEL_SELECT').click();

  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 180_000);
  await expect(page.getByTestId('review-metrics')).toContainText(/accuracy/i);
  await expect(page.getByTestId('review')).toContainText(/female/);
  await w.shot('02-review');

  // Issue 18: zoom a curve (the ROC curve), then read it as a table.
  const roc = page.getByTestId('chart-roc');
  await roc.scrollIntoViewIfNeeded();
  await expect(roc).not.toHaveAttribute('data-zoomed', 'true');
  const ticks = await roc.locator('.tick-x text').allTextContents();
  await w.dragAcross(roc, 0.3, 0.6);
  await expect(roc).toHaveAttribute('data-zoomed', 'true');
  const [from, to] = (await roc.getAttribute('data-x-range'))!.split(',').map(Number);
  expect(to - from).toBeLessThan(0.6);
  expect(await roc.locator('.tick-x text').allTextContents()).not.toEqual(ticks);
  await w.shot('03-roc-zoomed');
  await page.getByTestId('chart-roc-zoom-reset').click();
  await expect(roc).not.toHaveAttribute('data-zoomed', 'true');
  await page.getByTestId('chart-roc-as-table').click();
  const table = page.getByTestId('chart-roc-table');
  await expect(table).toBeVisible();
  expect(await table.locator('tbody tr').count()).toBeGreaterThan(2);
  await expect(table.locator('tbody tr').first()).toContainText(/\d/);

  const state = await page.evaluate(async () => {
    const projects = await window.api.invoke('project:list', {});
    if (!projects.ok) throw new Error(projects.error.message);
    const got = await window.api.invoke('project:get', { projectId: projects.value[0].id });
    if (!got.ok) throw new Error(got.error.message);
    return got.value;
  });
  expect(state.intent?.target).toBe('sex');
  expect(state.plan?.columns.find((c) => c.name === 'island')?.role).toBe('drop');
  expect(state.training?.task ?? state.intent?.task).toBe('classification');
});
