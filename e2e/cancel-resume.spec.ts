import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

test('cancel mid-training, then resume and finish, export and predict from the zip', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.setGoal('predict the price');
  await w.confirm('PARSE_INTENT');
  await page.getByTestId('sample-boston-housing').click();
  await w.confirm('DATA_SOURCE');
  await w.confirm('PROFILE_DATA');
  await w.confirm('PREPROCESS');
  await w.waitForStatus('MODEL_SELECT', 'waiting_confirmation');
  await page.getByTestId('budget-input').fill('25');
  await page.getByTestId('confirm-MODEL_SELECT').click();

  await w.waitForStatus('TRAIN', 'running');
  await expect(page.getByTestId('train-progress')).toBeVisible();
  // Cancel once the first model is on the leaderboard (live), mid-run.
  await expect(page.getByTestId('leaderboard').locator('tbody tr').first()).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('cancel-training').click();
  const dialogConfirm = page.getByTestId('dialog-confirm');
  if (await dialogConfirm.isVisible().catch(() => false)) await dialogConfirm.click();
  await w.waitForStatus('TRAIN', 'failed', 30_000);
  await w.shot('01-cancelled');

  // Resume and finish.
  await page.getByTestId('resume-training').click();
  await w.waitForStatus('TRAIN', 'running', 30_000);
  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 180_000);
  await w.confirm('REVIEW_EDIT');
  await page.getByTestId('export-button').click();
  await w.waitForStatus('EXPORT', 'done', 120_000);
  const zipPath = (await page.getByTestId('export-path').textContent())!.trim();
  await w.shot('02-exported');

  // Re-open the zip in the app to predict.
  const result = await page.evaluate(async (path) => {
    const csv =
      'crime_rate,residential_zoned_pct,industrial_pct,near_river,nox,rooms,built_before_1940_pct,distance_to_jobs,highway_access,tax_rate,pupil_teacher_ratio,lower_status_pct\n0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,4.98\n0.1,0,8,0,0.5,5.0,90,2,4,400,20,25\n';
    return window.api.invoke('predict:run', {
      source: { kind: 'bundle', path },
      input: { kind: 'upload', name: 'new.csv', base64: btoa(csv) },
    });
  }, zipPath);
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.value.rows).toBe(2);
  const [first, second] = result.value.preview.map((r) => Number(r[0]));
  expect(first).toBeGreaterThan(second); // the big, low-crime house is worth more
});
