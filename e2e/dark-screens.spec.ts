import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/** Issue 18: every screen in dark mode, saved for looking at (contrast problems are fixed where seen). */
test('dark mode: every step and screen', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await w.shot('00-home');
  await w.runToReview('predict the species of penguin', { sample: 'penguins' }, '10', true);
  await w.toExport();
  await w.shot('07-export');
  await w.exportZip();
  await w.shot('08-exported');
  await page.getByTestId('nav-predict').click();
  await expect(page.getByTestId('predict-screen')).toBeVisible();
  await w.shot('09-predict');
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('models-screen')).toBeVisible();
  await w.shot('10-models');
});
