import { join } from 'node:path';
import { expect, test } from './fixtures';
import { automl, ROOT } from './pages/cli';
import { Wizard } from './pages/wizard';

const NEW_ROWS =
  'crime_rate,residential_zoned_pct,industrial_pct,near_river,nox,rooms,built_before_1940_pct,distance_to_jobs,highway_access,tax_rate,pupil_teacher_ratio,lower_status_pct\n' +
  '0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,4.98\n0.1,0,8,0,0.5,5.0,90,2,4,400,20,25\n';

test('registry in the UI: two versions → roll back → predict by model id → delete', async ({ page, app }) => {
  // Two trainings of the same question make two versions of one registry model (same data folder as the app).
  for (let i = 0; i < 2; i++) {
    automl(app.dataDir, [
      'run',
      join(ROOT, 'resources/samples/boston-housing.csv'),
      '--goal',
      'predict the price',
      '--budget',
      '6',
      '--out',
      join(app.dataDir, `v${i}.zip`),
    ]);
  }
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await page.getByTestId('nav-models').click();
  const model = page.getByTestId('registry-model-price-regression');
  await expect(model).toBeVisible();
  await expect(model).toContainText('v2');
  await expect(model).toContainText('v1');

  // Roll back to version 1: it becomes the active one.
  await page.getByTestId('activate-price-regression-1').click();
  await expect(page.getByTestId('activate-price-regression-2')).toBeVisible();
  await w.shot('01-rolled-back');
  const active = await page.evaluate(async () => {
    const r = await window.api.invoke('models:list', {});
    return r.ok ? r.value.find((m) => m.modelId === 'price-regression')?.activeVersion : null;
  });
  expect(active).toBe(1);

  // Predict by model id.
  await page.getByTestId('registry-predict-price-regression').click();
  await expect(page.getByTestId('predict-screen')).toBeVisible();
  await page
    .getByTestId('predict-file-input')
    .setInputFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(NEW_ROWS) });
  await page.getByTestId('predict-run').click();
  await expect(page.getByTestId('predict-rows')).toContainText('2 rows');
  await w.shot('02-predicted');

  // Delete it.
  await page.getByTestId('nav-models').click();
  await page.getByTestId('registry-delete-price-regression').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('registry-model-price-regression')).toHaveCount(0);
});
