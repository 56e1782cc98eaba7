import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { automl, ROOT } from './pages/cli';
import { Wizard } from './pages/wizard';
import { allText, byClass, findAll, parseXml } from '../src-shared/charts/xml-lite';

/** A small diamonds table: another dataset whose target is also called `price`. */
function diamondsCsv(rows = 240): string {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const cuts = ['Fair', 'Good', 'Very Good', 'Premium', 'Ideal'];
  const colors = ['D', 'E', 'F', 'G', 'H', 'I', 'J'];
  const lines = ['carat,cut,color,depth,table,price'];
  for (let i = 0; i < rows; i++) {
    const carat = 0.2 + 2.5 * rand() ** 1.5;
    const cut = Math.floor(rand() * cuts.length);
    const color = Math.floor(rand() * colors.length);
    const price = Math.round(3800 * carat ** 1.7 * (1 + 0.06 * cut) * (1 - 0.04 * color) * (0.9 + 0.2 * rand()));
    lines.push(
      [
        carat.toFixed(2),
        cuts[cut],
        colors[color],
        (58 + 6 * rand()).toFixed(1),
        (53 + 8 * rand()).toFixed(0),
        price,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

const NEW_HOUSES =
  'crime_rate,residential_zoned_pct,industrial_pct,near_river,nox,rooms,built_before_1940_pct,distance_to_jobs,highway_access,tax_rate,pupil_teacher_ratio,lower_status_pct\n' +
  '0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,4.98\n0.1,0,8,0,0.5,5.0,90,2,4,400,20,25\n';

/** The heat map's cells as "row × col" → value, read from the rendered SVG. */
async function heatmapCells(page: Page, testId: string): Promise<Record<string, number>> {
  return page.getByTestId(testId).evaluate((box) => {
    const svg = box.querySelector('svg')!;
    const rows = [...svg.querySelectorAll('.row-label')].map((t) => t.textContent ?? '');
    const cols = [...svg.querySelectorAll('.col-label')].map((t) => t.textContent ?? '');
    const out: Record<string, number> = {};
    for (const g of svg.querySelectorAll('g.cell')) {
      const v = g.getAttribute('data-value');
      if (v === null) continue;
      out[`${rows[Number(g.getAttribute('data-row'))]} × ${cols[Number(g.getAttribute('data-col'))]}`] = Number(v);
    }
    return out;
  });
}

/** The same, from the report's Correlations heat map (its inline SVG, read with the charts' strict XML reader). */
function reportCells(html: string): Record<string, number> {
  const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => parseXml(m[0]));
  const svg = svgs.find((s) => findAll(s, (n) => n.name === 'title').some((t) => allText(t) === 'Correlations'))!;
  const rows = findAll(svg, byClass('row-label')).map(allText);
  const cols = findAll(svg, byClass('col-label')).map(allText);
  const out: Record<string, number> = {};
  for (const g of findAll(svg, byClass('cell'))) {
    const v = g.attrs['data-value'];
    if (v === undefined) continue;
    out[`${rows[Number(g.attrs['data-row'])]} × ${cols[Number(g.attrs['data-col'])]}`] = Number(v);
  }
  return out;
}

test('two datasets with a `price` target are two models; a finished project reads back; report = screen', async ({
  page,
  app,
}) => {
  test.setTimeout(420_000);
  // A first housing model from the command line: the app's retrain of the same columns is offered as its version 2.
  const cli = automl(app.dataDir, [
    'run',
    join(ROOT, 'resources/samples/boston-housing.csv'),
    '--goal',
    'predict the price',
    '--budget',
    '5',
    '--out',
    join(app.dataDir, 'cli.zip'),
  ]);
  expect(cli).toContain('Registered as a new model: price-regression (version 1).');

  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('predict the price', { sample: 'boston-housing' }, '5', false);
  await w.toExport();
  await expect(page.getByTestId('register-version-price-regression')).toBeChecked();
  await expect(page.getByTestId('register-choice')).toContainText('A new version of price-regression (version 2)');
  await w.shot('01-export-offers-new-version');
  const houses = await w.exportZip();
  await expect(page.getByTestId('export-registered')).toContainText('Registered as version 2 of price-regression');
  // The browser build downloads the zip (in 1 MB chunks): the saved file is the exported one, byte for byte.
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('open-folder').click()]);
  expect(zipDownload.suggestedFilename()).toBe(basename(houses.zipPath));
  expect((await readFile(await zipDownload.path())).equals(await readFile(houses.zipPath))).toBe(true);
  await expect(page.getByTestId('open-folder')).toBeEnabled();

  // The finished project's review, read-only: nothing re-runs.
  await w.stage('REVIEW_EDIT').click();
  await expect(page.getByTestId('viewing-banner')).toBeVisible();
  await expect(page.getByTestId('panel-REVIEW_EDIT')).toBeVisible();
  await expect(page.getByTestId('review-metrics')).toContainText(/RMSE/);
  await expect(page.getByTestId('chart-predicted-actual')).toBeVisible();
  for (const s of ['TRAIN', 'REVIEW_EDIT', 'EXPORT'] as const)
    await expect(w.stage(s)).toHaveAttribute('data-status', 'done');
  await w.shot('02-review-read-only');

  // The profile too: the screen's correlation matrix is the report's, cell for cell.
  await w.stage('PROFILE_DATA').click();
  await expect(page.getByTestId('chart-correlations')).toBeVisible();
  await expect(page.getByTestId('chart-correlations').locator('.color-legend')).toHaveCount(1);
  await w.shot('03-profile-read-only');
  const screen = await heatmapCells(page, 'chart-correlations');
  const report = reportCells(await houses.zip.file('report.html')!.async('string'));
  expect(Object.keys(screen).length).toBeGreaterThan(10);
  expect(report).toEqual(screen);
  await page.getByTestId('back-to-current').click();
  await expect(page.getByTestId('export-result')).toBeVisible();

  // Another dataset whose target is also `price`: a new model, never a version of the housing one.
  await page.getByTestId('nav-home').click();
  await w.runToReview('predict the price', { file: { name: 'diamonds.csv', text: diamondsCsv() } }, '5', false);
  await w.toExport();
  await expect(page.getByTestId('register-new')).toBeChecked();
  await expect(page.getByTestId('register-version-price-regression')).toHaveCount(0);
  await w.shot('04-export-other-data-new-model');
  await w.exportZip();
  await expect(page.getByTestId('export-registered')).toContainText(
    'Registered as a new model, diamonds-price-regression',
  );

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('registry-model-price-regression')).toContainText('v2');
  await expect(page.getByTestId('registry-model-diamonds-price-regression')).toContainText('diamonds.csv');
  await expect(page.getByTestId('registry-scores-diamonds-price-regression')).toContainText('carat');
  await w.shot('05-models-two');

  // Predict: the housing rows fit the housing model only; results sit beside their inputs; download.
  await page.getByTestId('registry-predict-price-regression').click();
  await page
    .getByTestId('predict-file-input')
    .setInputFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(NEW_HOUSES) });
  await expect(page.getByTestId('predict-model-diamonds-price-regression')).toBeDisabled();
  await expect(page.getByTestId('predict-model-scores-diamonds-price-regression')).toContainText('no carat');
  await page.getByTestId('predict-run').click();
  await expect(page.getByTestId('predict-rows')).toContainText('2 rows');
  await expect(page.getByTestId('predict-preview')).toContainText('rooms');
  await expect(page.getByTestId('predict-preview')).toContainText('6.575');
  await w.shot('06-predict-beside-inputs');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('predict-open-folder').click(),
  ]);
  expect(download.suggestedFilename()).toBe('predictions.csv');

  // Recent projects say which data, which task, how it ended and when.
  await page.getByTestId('nav-home').click();
  const recent = page.getByTestId('recent-projects');
  await expect(recent).toContainText('boston-housing.csv');
  await expect(recent).toContainText('diamonds.csv');
  await expect(recent).toContainText('exported as price-regression v2');
  await expect(recent).toContainText('exported as diamonds-price-regression v1');
  await w.shot('07-recent-projects');
});

test('forecast export: the Export step lists exactly the files in the zip', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('forecast births for the next 30 days', { sample: 'us-births-daily' }, '5', false);
  await w.toExport();
  const promised = (await page.getByTestId('export-list').getAttribute('data-files'))!.split(',');
  expect(promised).toContain('forecast.csv');
  expect(promised).not.toContain('model.onnx');
  expect(promised).not.toContain('predictions.csv');
  await w.shot('01-export-list');
  const { names, zip } = await w.exportZip();
  expect([...names].sort()).toEqual([...promised].sort());
  expect((await page.getByTestId('export-files').getAttribute('data-files'))!.split(',')).toEqual(promised);
  // The report lists the same files.
  const report = await zip.file('report.html')!.async('string');
  for (const f of promised) expect(report).toContain(`<code>${f}</code>`);
  await expect(page.getByTestId('export-registered')).toContainText('Registered as a new model, births-forecast');
  await w.shot('02-exported');
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('registry-scores-births-forecast')).toContainText(
    'Continues a history of date and births',
  );
  await w.shot('03-models-forecast');
});

test('anomaly review shows the flagged rows with their scores and the columns that stand out', async ({
  page,
  app,
}) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('find unusual workers', { sample: 'cps-wages-1985' }, '5', false);
  const table = page.getByTestId('anomaly-table');
  await expect(table).toBeVisible();
  const flagged = Number(await table.getAttribute('data-flagged'));
  expect(flagged).toBeGreaterThan(0);
  await expect(table.locator('tbody tr')).toHaveCount(Math.min(50, flagged));
  await expect(table.locator('td.stands-out').first()).toBeVisible();
  await expect(page.getByTestId('anomaly-method')).toContainText(/agrees best|No row is flagged/);
  await w.shot('01-anomaly-review');
  await w.toExport();
  const { names } = await w.exportZip();
  expect(names).toContain('anomaly-scores.csv');
  await expect(page.getByTestId('export-registered')).toContainText('Registered as a new model');
});
