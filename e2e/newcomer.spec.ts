import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

test('newcomer: sample housing data → eight stages → live metrics → exported zip', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.shot('01-home');

  await w.setGoal('predict the price');
  await w.shot('02-goal');
  await w.confirm('PARSE_INTENT');

  await page.getByTestId('sample-boston-housing').click();
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await w.shot('03-data');
  await w.confirm('DATA_SOURCE');

  await w.waitForStatus('PROFILE_DATA', 'waiting_confirmation');
  await expect(page.getByText('price').first()).toBeVisible();
  await w.shot('04-profile');
  await w.confirm('PROFILE_DATA');

  await w.waitForStatus('PREPROCESS', 'waiting_confirmation');
  await w.shot('05-preprocess');
  await w.confirm('PREPROCESS');

  await w.waitForStatus('MODEL_SELECT', 'waiting_confirmation');
  const budget = page.getByTestId('budget-input');
  if (await budget.count()) await budget.fill('15');
  await w.shot('06-models');
  await page.getByTestId('confirm-MODEL_SELECT').click();

  // Metrics arrive live: the leaderboard fills while training is still running.
  await w.waitForStatus('TRAIN', 'running');
  await expect(page.getByTestId('train-progress')).toBeVisible();
  await expect(page.getByTestId('leaderboard').locator('tbody tr').first()).toBeVisible({ timeout: 90_000 });
  await w.shot('07-training');

  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 180_000);
  await expect(page.getByTestId('review-metrics')).toContainText(/rmse|r2|R²/i);
  await w.shot('08-review');
  await w.confirm('REVIEW_EDIT');

  await page.getByTestId('export-button').click();
  await w.waitForStatus('EXPORT', 'done', 120_000);
  const zipPath = (await page.getByTestId('export-path').textContent())!.trim();
  await w.shot('09-export');
  expect(existsSync(zipPath)).toBe(true);
  const zip = await JSZip.loadAsync(await readFile(zipPath));
  const names = Object.keys(zip.files);
  for (const f of ['model.onnx', 'model.json', 'report.html', 'notebook.ipynb', 'predictions.csv'])
    expect(names).toContain(f);
  const modelJson = JSON.parse(await zip.file('model.json')!.async('string'));
  expect(modelJson.target).toBe('price');
});
