import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/** Issue 18.1: every point has a tooltip (pointer and keyboard), long series zoom and pan, legends toggle. */
test('charts: hover a forecast point, step with the keyboard, zoom the curve, hide a series', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.runToReview('forecast births for the next 30 days', { sample: 'us-births-daily' }, '15', false);
  const chart = page.locator('[data-testid^="chart-"][data-kind="line"]').filter({ hasText: 'Forecast' }).first();
  await expect(chart).toBeVisible();
  const id = (await chart.getAttribute('data-testid'))!;
  await chart.scrollIntoViewIfNeeded();
  const tooltip = page.getByTestId(`${id}-tooltip`);
  // It opens on the recent history and the forecast; "Show all" brings back years of history, and + zooms again.
  await expect(chart).toHaveAttribute('data-zoomed', 'true');
  const firstTick = async () => (await chart.locator('.tick-x text').first().textContent())!;
  const focused = await firstTick();
  await page.getByTestId(`${id}-zoom-reset`).click();
  await expect(chart).not.toHaveAttribute('data-zoomed', 'true');
  // ISO dates compare as text: the whole history starts months earlier.
  expect((await firstTick()) < focused).toBe(true);
  await w.shot('00-whole-history');
  await chart.focus();
  await page.keyboard.press('End');
  await expect(tooltip).toContainText('Forecast');
  // + zooms around the point the keyboard is on, which stays on it.
  for (let i = 0; i < 5; i++) await page.keyboard.press('+');
  await expect(chart).toHaveAttribute('data-zoomed', 'true');
  await expect(tooltip).toContainText('Forecast');
  await page.keyboard.press('Escape');

  // Hover the middle of the forecast line: its value, its date and its interval.
  const line = chart.locator('g.series[data-name="Forecast"] path:not(.band)');
  const box = (await line.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // The pointer may sit between points vertically; walk down the line's middle column until a point answers.
  for (let dy = 0; dy < box.height && !(await tooltip.isVisible()); dy += 6)
    await page.mouse.move(box.x + box.width / 2, box.y + dy);
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('Forecast');
  await expect(tooltip).toContainText(/Interval: \d{1,2},\d{3} to \d{1,2},\d{3}/);
  await expect(tooltip).toContainText(/Date: \d{4}-\d\d-\d\d/);
  await w.shot('01-hover-forecast');

  // Keyboard: focus the chart, End goes to the last forecast day; Left steps back one day.
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();
  await chart.focus();
  await page.keyboard.press('End');
  await expect(tooltip).toContainText('Forecast');
  const last = await tooltip.innerText();
  await page.keyboard.press('ArrowLeft');
  await expect(tooltip).not.toHaveText(last);
  await expect(tooltip).toContainText('Interval');
  // 0 shows everything again (the focus stays on its point); Home goes to the first day of history.
  await page.keyboard.press('0');
  await expect(tooltip).toContainText('Interval');
  await page.keyboard.press('Home');
  await expect(tooltip).toContainText('History');
  await page.keyboard.press('Escape');
  await expect(tooltip).toBeHidden();

  // Zoom: from the whole history, drag across the right third of the plot; the x ticks span a shorter stretch.
  await expect(chart).not.toHaveAttribute('data-zoomed', 'true');
  const ticksBefore = await chart.locator('.tick-x text').allTextContents();
  await w.dragAcross(chart, 0.62, 0.95);
  await expect(chart).toHaveAttribute('data-zoomed', 'true');
  const [from, to] = (await chart.getAttribute('data-x-range'))!.split(',').map(Number);
  const span = (to - from) / 86_400_000;
  expect(span).toBeGreaterThan(5);
  expect(await chart.locator('.tick-x text').allTextContents()).not.toEqual(ticksBefore);
  await w.shot('02-zoomed');
  // Pan left with Shift+←, then zoom out with − and back to everything with 0.
  await chart.focus();
  await page.keyboard.press('Shift+ArrowLeft');
  const [from2] = (await chart.getAttribute('data-x-range'))!.split(',').map(Number);
  expect(from2).toBeLessThan(from);
  await page.getByTestId(`${id}-zoom-reset`).click();
  await expect(chart).not.toHaveAttribute('data-zoomed', 'true');
  await chart.focus();
  await page.keyboard.press('+');
  await expect(chart).toHaveAttribute('data-zoomed', 'true');
  await page.keyboard.press('0');
  await expect(chart).not.toHaveAttribute('data-zoomed', 'true');

  // Legend toggles: hiding History leaves the forecast (and the y axis fits it alone); the last one cannot be hidden.
  const history = page.getByTestId(`${id}-legend-History`);
  await expect(history).toHaveAttribute('aria-pressed', 'true');
  await history.click();
  await expect(history).toHaveAttribute('aria-pressed', 'false');
  await expect(chart.locator('g.series[data-name="History"]')).toHaveCount(0);
  await expect(chart.locator('g.series[data-name="Forecast"]')).toHaveCount(1);
  await expect(page.getByTestId(`${id}-legend-Forecast`)).toBeDisabled();
  await w.shot('03-history-hidden');
  await history.click();
  await expect(chart.locator('g.series[data-name="History"]')).toHaveCount(1);

  // Dark mode: the same chart, its tooltip and legend.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await chart.focus();
  await page.keyboard.press('End');
  await w.shot('04-dark-keyboard-tooltip');
});
