import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

const MALFORMED = ['a,b,c', '1,2,3', '4,5', '6,7,8,9,10', '"unterminated,1,2', '11,12,13'].join('\n');

test('bad input: a malformed CSV gets a clear message and the project survives', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.setGoal('predict c');
  await w.confirm('PARSE_INTENT');

  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(MALFORMED) });
  await w.waitForStatus('DATA_SOURCE', 'failed');
  const panel = page.getByTestId('error-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(/line \d+/i);
  await w.shot('01-malformed');

  // The project is not lost: reload the app, it reopens where it was, error and all.
  await page.reload();
  await w.waitForStatus('DATA_SOURCE', 'failed');
  await expect(w.stage('PARSE_INTENT')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('error-panel')).toContainText(/line 3/);

  // A good file afterwards works in the same project.
  await page.getByTestId('sample-boston-housing').click();
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await w.shot('02-recovered');
});
