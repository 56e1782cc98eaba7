import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

const CLASSES = ['ankle-boot', 'shirt', 'sneaker', 't-shirt', 'trouser'];
const SNEAKER = resolve(__dirname, '../resources/samples/images/fashion/sneaker/001.png');

test('images: clothing photos → heads trained on embeddings → try an image → export', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.setGoal('classify these clothing photos');
  await w.shot('01-goal');
  await w.confirm('PARSE_INTENT');

  await page.getByTestId('sample-fashion-images').click();
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await expect(page.getByTestId('image-classes')).toContainText('sneaker');
  await w.shot('02-data');
  await w.confirm('DATA_SOURCE');

  await w.waitForStatus('PROFILE_DATA', 'waiting_confirmation');
  await expect(page.getByTestId('summary-rows')).toContainText('120');
  await w.shot('03-profile');
  await w.confirm('PROFILE_DATA');

  // Images have no column plan: the conductor skips PREPROCESS and offers heads on embeddings.
  await w.waitForStatus('MODEL_SELECT', 'waiting_confirmation', 60_000);
  await expect(w.stage('PREPROCESS')).toHaveAttribute('data-status', 'skipped');
  await expect(page.getByTestId('model-candidates')).toBeVisible();
  await page.getByTestId('budget-input').fill('20');
  await w.shot('04-models');
  await page.getByTestId('confirm-MODEL_SELECT').click();

  await w.waitForStatus('TRAIN', 'running');
  // Heads train in seconds: the first leaderboard row, or already the review.
  await expect(page.getByTestId('leaderboard').locator('tbody tr').first().or(page.getByTestId('review'))).toBeVisible({
    timeout: 60_000,
  });
  await w.shot('05-training');
  await w.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 120_000);
  await expect(page.getByTestId('review-metrics')).toContainText(/accuracy/i);
  await expect(page.getByTestId('chart-confusion')).toBeVisible();
  await expect(page.getByTestId('class-metrics').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('most-confused')).toBeVisible();
  await w.shot('06-review');

  // Try an image: one of the bundled sneakers, uploaded as bytes (the Node host has no file paths).
  await page
    .getByTestId('try-image-input')
    .setInputFiles({ name: 'sneaker-001.png', mimeType: 'image/png', buffer: readFileSync(SNEAKER) });
  const prediction = page.getByTestId('try-image-prediction');
  await expect(prediction).toBeVisible({ timeout: 30_000 });
  const label = (await prediction.textContent())?.trim();
  expect(CLASSES).toContain(label);
  // Right in every run checked (4 of 4, ~98% sure): the heads separate sneakers cleanly.
  expect(label).toBe('sneaker');
  await expect(page.getByTestId('try-image-probabilities').locator('li')).toHaveCount(5);
  await expect(page.getByTestId('try-image-picture')).toBeVisible();
  await expect(page.getByTestId('try-image-unlike')).toHaveCount(0);
  await w.shot('07-try-image');

  // A picture of nothing the model knows (noise): the closest class is shown, with the caveat.
  const noise = Buffer.alloc(64 * 64 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
  const noisePng = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } })
    .png()
    .toBuffer();
  await page
    .getByTestId('try-image-input')
    .setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer: noisePng });
  await expect(page.getByTestId('try-image-unlike')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('try-image-unlike')).toContainText('unlike anything the model was trained on');
  await w.shot('07b-try-unlike-image');

  await w.confirm('REVIEW_EDIT');
  // The person leaves the report out this time; the model files always go in.
  await expect(page.getByTestId('include-report')).toBeChecked();
  await page.getByTestId('include-report').uncheck();
  await w.shot('08-export-setup');
  await page.getByTestId('export-button').click();
  await w.waitForStatus('EXPORT', 'done', 90_000);
  await w.shot('09-export');
  const zipPath = (await page.getByTestId('export-path').textContent())!.trim();
  expect(existsSync(zipPath)).toBe(true);
  const names = Object.keys((await JSZip.loadAsync(await readFile(zipPath))).files);
  expect(names).toContain('model.onnx');
  expect(names).toContain('model.json');
  expect(names).not.toContain('report.html');
});
