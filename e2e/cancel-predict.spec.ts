import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { filesUnder, writeLines } from './big-files';
import { waitForFraction } from './progress';
import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

const BOSTON = resolve(__dirname, '../resources/samples/boston-housing.csv');

/**
 * Rows to score that take the predict job seconds: the Boston sample's 506 rows over and over (`rows` in all),
 * written to a temporary file. Nothing in the app is slowed down for the test.
 */
async function writeBigCsv(path: string, rows: number): Promise<void> {
  const [header, ...lines] = readFileSync(BOSTON, 'utf8').trim().split('\n');
  await writeLines(
    path,
    (function* () {
      yield header;
      for (let i = 0; i < rows; i++) yield lines[i % lines.length];
    })(),
  );
}

test('cancel a prediction mid-way: no partial output, nothing logged, the next prediction works', async ({
  page,
  app,
}) => {
  test.setTimeout(480_000);
  const scratch = mkdtempSync(join(tmpdir(), 'automl-cancel-predict-'));
  try {
    const big = join(scratch, 'many-houses.csv');
    await writeBigCsv(big, 1_500_000);

    // A registered model: the Boston sample, ridge only, a short budget, exported.
    const w = new Wizard(page, app.shotsDir);
    await w.open(app.url);
    await w.setGoal('predict the price');
    await w.confirm('PARSE_INTENT');
    await page.getByTestId('sample-boston-housing').click();
    await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
    await w.confirm('DATA_SOURCE');
    await w.waitForStatus('PROFILE_DATA', 'waiting_confirmation');
    await w.confirm('PROFILE_DATA');
    await w.waitForStatus('PREPROCESS', /waiting_confirmation|skipped|done/, 60_000);
    if ((await w.stage('PREPROCESS').getAttribute('data-status')) === 'waiting_confirmation')
      await w.confirm('PREPROCESS');
    await w.waitForStatus('MODEL_SELECT', 'waiting_confirmation', 60_000);
    const boxes = page.getByTestId('model-candidates').locator('input[type="checkbox"]');
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i);
      if (((await box.getAttribute('data-testid')) === 'model-ridge') !== (await box.isChecked())) await box.click();
    }
    await page.getByTestId('budget-input').fill('5');
    await page.getByTestId('confirm-MODEL_SELECT').click();
    await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 240_000);
    await w.toExport();
    await w.exportZip();

    const predictions = join(app.dataDir, 'predictions');
    const monitor = join(app.dataDir, 'monitor');
    /** The prediction log's batch files (data/monitor/<model>/rows/b<time>-<id>.{in,out}.parquet). */
    const loggedRows = () => filesUnder(monitor).filter((f) => /[\\/]rows[\\/]/.test(f));
    expect(loggedRows()).toEqual([]);

    // Score the big file; cancel once the bar shows measured progress, before the end.
    await page.getByTestId('nav-models').click();
    await page.getByTestId('registry-predict-price-regression').click();
    await page.getByTestId('predict-file-input').setInputFiles(big);
    await expect(page.getByTestId('predict-drop')).toContainText('many-houses.csv', { timeout: 120_000 });
    await page.getByTestId('predict-run').click();
    const card = page.getByTestId('predict-progress');
    const fraction = await waitForFraction(card, 0.01, 120_000);
    expect(fraction).toBeLessThan(1);
    await w.shot('01-predicting');
    await page.getByTestId('predict-cancel').click();
    await expect(card).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('predict-run')).toBeEnabled();
    // No result and no error for a cancel the person asked for: a notice says it was cancelled and nothing was kept.
    await expect(page.getByTestId('predict-rows')).toHaveCount(0);
    const notice = page.getByTestId('predict-cancelled');
    await expect(notice).toContainText('Prediction was cancelled');
    await expect(notice).toContainText('No predictions were written and nothing was logged.');
    await expect(notice).toHaveAttribute('data-code', 'cancelled');
    await expect(page.locator('.error-panel')).toHaveCount(1);
    await w.shot('02-cancelled');

    // Nothing of the cancelled run stays, now or a moment later (a worker still writing would show here): no
    // predictions file, partial or whole, and no batch in the prediction log.
    for (let i = 0; i < 5; i++) {
      expect(filesUnder(predictions)).toEqual([]);
      expect(loggedRows()).toEqual([]);
      await page.waitForTimeout(400);
    }

    // The app goes on: the next prediction runs to the end and writes its file (the notice goes with it).
    await w.predictSampleRows('price-regression', 'boston-housing', 5);
    await expect(notice).toHaveCount(0);
    const written = filesUnder(predictions);
    expect(written).toHaveLength(1);
    const csv = readFileSync(join(predictions, written[0]), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(6);
    expect(csv.slice(1).every((line) => Number.isFinite(Number(line.split(',').pop())))).toBe(true);
    await w.shot('03-next-prediction');
    // Its batch is the log's only one: the cancelled run logged nothing.
    expect(loggedRows()).toHaveLength(2);
    await page.getByTestId('nav-models').click();
    await page.getByTestId('registry-monitor-price-regression').click();
    await expect(page.getByTestId('monitor-summary')).toContainText('1 batch');
    await expect(page.getByTestId('monitor-summary')).toContainText('5 rows');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
