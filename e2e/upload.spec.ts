import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/** 300k rows, about 6 MB: six 1 MB chunks over the bridge. */
function bigCsv(rows: number): Buffer {
  const lines = ['id,size,rooms,price'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(50 + (i % 200)).toFixed(1)},${1 + (i % 6)},${100000 + i * 3}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

test('upload: a 6 MB CSV from a browser tab goes in chunks with progress and arrives byte for byte', async ({
  page,
  app,
}) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.setGoal('predict the price');
  await w.confirm('PARSE_INTENT');

  const csv = bigCsv(300_000);
  const started = Date.now();
  await page.getByTestId('file-input').setInputFiles({ name: 'houses big.csv', mimeType: 'text/csv', buffer: csv });
  await expect(page.getByTestId('drop-zone-progress')).toBeVisible();
  await w.shot('01-uploading');
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation', 120_000);
  console.log(`upload + import of ${(csv.length / 2 ** 20).toFixed(1)} MB: ${Date.now() - started} ms`);
  await expect(page.getByTestId('dataset-rows')).toContainText('300,000 rows');
  await w.shot('02-imported');

  // The bytes that reached the host are the person's file exactly.
  const uploads = join(app.dataDir, 'uploads');
  const [folder] = readdirSync(uploads);
  expect(readFileSync(join(uploads, folder, 'houses big.csv')).equals(csv)).toBe(true);
});
