import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

test('cancel mid-training, resume, stop and keep the best so far, export and predict from the zip', async ({
  page,
  app,
}) => {
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

  // Resume, then "stop and keep the best so far" once two models are in: they go on to Review.
  await page.getByTestId('resume-training').click();
  await w.waitForStatus('TRAIN', 'running', 30_000);
  await expect(page.getByTestId('leaderboard').locator('tbody tr')).not.toHaveCount(0, { timeout: 90_000 });
  await expect(page.getByTestId('stop-keep-training')).toBeEnabled({ timeout: 90_000 });
  await w.shot('01b-stop-and-keep');
  await page.getByTestId('stop-keep-training').click();
  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 180_000);
  await expect(page.getByTestId('panel-REVIEW_EDIT')).toContainText('stopped early');
  await w.confirm('REVIEW_EDIT');
  await page.getByTestId('export-button').click();
  await w.waitForStatus('EXPORT', 'done', 120_000);
  const zipPath = (await page.getByTestId('export-path').textContent())!.trim();
  await w.shot('02-exported');

  // Re-open the zip in the app to predict: the browser tab uploads both the zip and the rows in chunks.
  await page.getByTestId('nav-predict').click();
  await page.getByTestId('predict-bundle-input').setInputFiles(zipPath);
  await expect(page.getByTestId('predict-use-bundle')).toBeChecked();
  const csv =
    'crime_rate,residential_zoned_pct,industrial_pct,near_river,nox,rooms,built_before_1940_pct,distance_to_jobs,highway_access,tax_rate,pupil_teacher_ratio,lower_status_pct\n0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,4.98\n0.1,0,8,0,0.5,5.0,90,2,4,400,20,25\n';
  await page
    .getByTestId('predict-file-input')
    .setInputFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('predict-run').click();
  await expect(page.getByTestId('predict-rows')).toContainText('2 rows', { timeout: 60_000 });
  await w.shot('03-predicted');
  const outputPath = (await page.getByTestId('predict-output-path').textContent())!.trim();
  const [header, first, second] = readFileSync(outputPath, 'utf8').trim().split('\n');
  const at = header.split(',').indexOf('prediction');
  expect(at).toBeGreaterThanOrEqual(0);
  // The big, low-crime house is worth more.
  expect(Number(first.split(',')[at])).toBeGreaterThan(Number(second.split(',')[at]));
});
