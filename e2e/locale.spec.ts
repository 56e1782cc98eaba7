import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

// The browser says German: numbers on the screens and in the report read with decimal commas.
test.use({ locale: 'de-DE' });

test('locale: a German browser shows decimal commas on the screens, in a chart read as a table and in the report', async ({
  page,
  app,
}) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('predict the price', { sample: 'boston-housing' }, '5', false);
  const metrics = page.getByTestId('review-metrics');
  // "RMSE (price) 3,516 2,027": a comma before the decimals, never a point.
  await expect(metrics).toContainText(/RMSE \(price\)\s*\d+,\d{3}/);
  await expect(metrics).not.toContainText(/\d\.\d{3}\b/);
  await w.shot('01-review-de');
  // Durations in German words: the fit times read "0,4 Sek.", never "0.4 s".
  await expect(page.getByTestId('review-leaderboard')).toContainText(/\d+,\d Sek\./);
  await expect(page.getByTestId('review-leaderboard')).not.toContainText(/\d\.\d s\b/);
  // Any chart reads as a table: the leaderboard's bars, with the same numbers, also with commas.
  await page.getByTestId('chart-leaderboard-as-table').click();
  const table = page.getByTestId('chart-leaderboard-table');
  await expect(table).toBeVisible();
  // The best bar comes first ('best' when the runs are close and the bars show the gap to it, else its score; which
  // model wins depends on the run); the numbers are written with commas.
  await expect(table.locator('tbody tr').first()).toContainText(/best|\d+,\d+/);
  await expect(table.locator('tbody')).toContainText(/\d+,\d{3,4}/);
  await expect(table.locator('tbody')).not.toContainText(/\d\.\d{3}/);
  await expect(page.getByTestId('chart-leaderboard')).toBeHidden();
  await table.scrollIntoViewIfNeeded();
  await w.shot('02-leaderboard-as-table');
  await page.getByTestId('chart-leaderboard-as-table').click();
  await expect(page.getByTestId('chart-leaderboard')).toBeVisible();
  await w.toExport();
  const { zip } = await w.exportZip();
  const report = await zip.file('report.html')!.async('string');
  expect(report).toMatch(/<td[^>]*>\d+,\d{4}<\/td>/);
  expect(report).not.toMatch(/<td[^>]*>\d+\.\d{4}<\/td>/);
  expect(report).toMatch(/trained in \d+,\d Sek\./);
});
