import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/**
 * Long column names at a 1280-px window (session 11: us-employment's `professional_and_business_services` widened
 * the goal fields past the card and the page scrolled sideways; BEPS' `economic.cond.household` pushed the plan's
 * Why column out of view).
 */
test.use({ viewport: { width: 1280, height: 900 } });

const NAMES = [
  'professional_and_business_services',
  'transportation_and_warehousing_employment',
  'economic.cond.household.previous.year',
  'leisure_and_hospitality_services',
];

test('long column names: no sideways scroll on the profile, the plan shows every reason', async ({ page, app }) => {
  const rows = Array.from({ length: 80 }, (_, i) =>
    [i % 3 ? 'low' : 'high', ...NAMES.map((_, j) => ((i * (j + 3)) % 17) + j / 10)].join(','),
  );
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.setGoal('predict the level');
  await w.confirm('PARSE_INTENT');
  await page.getByTestId('file-input').setInputFiles({
    name: 'wide-names.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`level,${NAMES.join(',')}\n${rows.join('\n')}\n`),
  });
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await w.confirm('DATA_SOURCE');
  await w.waitForStatus('PROFILE_DATA', 'waiting_confirmation');
  // An expression string: page code here is typed without the DOM (page-globals.d.ts).
  const sideways = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(await sideways()).toBeLessThanOrEqual(0);
  await w.confirm('PROFILE_DATA');
  await w.waitForStatus('PREPROCESS', 'waiting_confirmation');
  expect(await sideways()).toBeLessThanOrEqual(0);
  const reason = page.getByTestId(`plan-row-${NAMES[2]}`).locator('.reason');
  const box = (await reason.boundingBox())!;
  const table = (await page.getByTestId('plan-table').locator('xpath=..').boundingBox())!;
  // The Why cell of the longest name sits inside the table's scroll box, not past its right edge.
  expect(box.x + box.width).toBeLessThanOrEqual(table.x + table.width + 1);
  await w.shot('plan');
});
