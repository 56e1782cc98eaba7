import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesUnder, writeLines } from './big-files';
import { waitForFraction } from './progress';
import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/**
 * A table big enough that profiling it takes seconds and exporting it (its 35 MB copy goes into the bundle) longer:
 * 300,000 rows of 20 columns, seeded, written to a temporary folder. Nothing in the app is slowed down for the test.
 */
async function writeBigCsv(path: string): Promise<void> {
  const colours = ['red', 'green', 'blue', 'amber', 'violet', 'teal', 'grey'];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const head = ['id'];
  for (let c = 0; c < 20; c++) head.push(c % 4 === 3 ? `cat_${c}` : `x_${c}`);
  head.push('churned');
  await writeLines(
    path,
    (function* () {
      yield head.join(',');
      for (let i = 0; i < 300_000; i++) {
        const row: Array<string | number> = [i];
        let score = 0;
        for (let c = 0; c < 20; c++) {
          if (c % 4 === 3) row.push(colours[Math.floor(rnd() * 7)]);
          else {
            const v = Math.round(rnd() * 10_000) / 100;
            if (c < 3) score += v;
            row.push(v);
          }
        }
        row.push(score + rnd() * 60 > 180 ? 'yes' : 'no');
        yield row.join(',');
      }
    })(),
  );
}

test('cancel a profile and an export mid-way: determinate bars, no partial files, the app goes on', async ({
  page,
  app,
}) => {
  test.setTimeout(480_000);
  const scratch = mkdtempSync(join(tmpdir(), 'automl-cancel-jobs-'));
  try {
    const csv = join(scratch, 'customers.csv');
    await writeBigCsv(csv);
    const w = new Wizard(page, app.shotsDir);
    await w.open(app.url);
    await w.setGoal('predict churned');
    await w.confirm('PARSE_INTENT');
    await page.getByTestId('file-input').setInputFiles(csv);

    // The import reports the copy and DuckDB's share of the rows read.
    const importing = page.getByTestId('running-DATA_SOURCE');
    await waitForFraction(importing, 0.1, 120_000);
    await expect(importing.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
    await w.shot('01-importing');
    await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation', 120_000);
    await expect(page.getByTestId('dataset-rows')).toHaveText('300,000 rows');

    // Profile: cancelled once it has measured work done, before it ends.
    await w.confirm('DATA_SOURCE');
    const profiling = page.getByTestId('running-PROFILE_DATA');
    const atCancel = await waitForFraction(profiling, 0.03);
    expect(atCancel).toBeLessThan(1);
    await page.getByTestId('cancel-PROFILE_DATA').click();
    await w.waitForStatus('PROFILE_DATA', 'failed', 30_000);
    await expect(page.locator('.stage[data-stage="PROFILE_DATA"]')).toContainText('was cancelled');
    await w.shot('02-profile-cancelled');

    // The app goes on: the profile runs again to the end, then the model is trained (one quick family).
    await page.getByTestId('retry-PROFILE_DATA').click();
    await w.waitForStatus('PROFILE_DATA', 'waiting_confirmation', 120_000);
    await w.confirm('PROFILE_DATA');
    await w.waitForStatus('PREPROCESS', /waiting_confirmation|skipped|done/, 60_000);
    if ((await w.stage('PREPROCESS').getAttribute('data-status')) === 'waiting_confirmation')
      await w.confirm('PREPROCESS');
    await w.waitForStatus('MODEL_SELECT', 'waiting_confirmation', 60_000);
    const boxes = page.getByTestId('model-candidates').locator('input[type="checkbox"]');
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i);
      const family = (await box.getAttribute('data-testid')) ?? '';
      if ((family === 'model-logistic') !== (await box.isChecked())) await box.click();
    }
    await expect(page.getByTestId('model-logistic')).toBeChecked();
    await page.getByTestId('budget-input').fill('10');
    await page.getByTestId('confirm-MODEL_SELECT').click();
    await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 240_000);
    await w.toExport();

    // Export: the bar moves through the data copy; cancelled mid-way, before the zip is in place.
    const exportsDir = join(app.dataDir, 'exports');
    const [projectId] = readdirSync(join(app.dataDir, 'projects'));
    const staging = join(app.dataDir, 'projects', projectId, 'artifacts', 'export');
    await page.getByTestId('export-button').click();
    const exporting = page.getByTestId('running-EXPORT');
    await waitForFraction(exporting, 0.22, 120_000);
    await w.shotBothThemes('03-export-progress');
    expect(Number(await exporting.getAttribute('data-fraction'))).toBeLessThan(1);
    await page.getByTestId('cancel-EXPORT').click();
    await w.waitForStatus('EXPORT', 'failed', 30_000);
    const exportStep = page.locator('.stage[data-stage="EXPORT"]');
    await expect(exportStep).toContainText('was cancelled');
    await expect(exportStep.locator('.error-panel')).toHaveCount(1);
    await w.shot('04-export-cancelled');
    // No zip, no temporary file beside it, nothing staged in the project, no model version registered.
    expect(filesUnder(exportsDir)).toEqual([]);
    expect(existsSync(staging)).toBe(false);
    expect(filesUnder(join(app.dataDir, 'models')).filter((f) => f.endsWith('model.onnx'))).toEqual([]);

    // And the app goes on: the same export runs to the end.
    await page.getByTestId('export-button').click();
    await w.waitForStatus('EXPORT', 'done', 240_000);
    const zipPath = (await page.getByTestId('export-path').textContent())!.trim();
    expect(filesUnder(exportsDir)).toEqual([zipPath.split(/[\\/]/).pop()]);
    expect(statSync(zipPath).size).toBeGreaterThan(1 << 20);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
