const { chromium } = require('playwright-core');
const fs = require('fs');
const [url, file, goal, budget, prefix] = process.argv.slice(2);
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const shot = (n) => page.screenshot({ path: `/tmp/fresh/shots/${prefix}-${n}.png`, fullPage: true });
  const status = (s) => page.getByTestId(`stage-${s}`).getAttribute('data-status');
  const waitStatus = async (s, re, t = 600000) => { const t0 = Date.now(); while (Date.now() - t0 < t) { const v = await status(s); if (re.test(v || '')) return v; await page.waitForTimeout(500); } throw new Error(`timeout ${s}`); };
  try {
    await page.goto(url);
    await page.getByTestId('goal-input').fill(goal);
    await page.getByTestId('goal-submit').click();
    await waitStatus('PARSE_INTENT', /waiting_confirmation/);
    await shot('01-goal');
    await page.getByTestId('confirm-PARSE_INTENT').click();
    await page.getByTestId('file-input').setInputFiles(file);
    await waitStatus('DATA_SOURCE', /waiting_confirmation|failed|error/);
    await shot('02-data');
    if ((await status('DATA_SOURCE')) !== 'waiting_confirmation') throw new Error('data failed');
    await page.getByTestId('confirm-DATA_SOURCE').click();
    await waitStatus('PROFILE_DATA', /waiting_confirmation/);
    await shot('03-profile');
    await page.getByTestId('confirm-PROFILE_DATA').click();
    const pre = await waitStatus('PREPROCESS', /waiting_confirmation|skipped|done/);
    if (pre === 'waiting_confirmation') { await shot('04-preprocess'); await page.getByTestId('confirm-PREPROCESS').click(); }
    const ms = await waitStatus('MODEL_SELECT', /waiting_confirmation|skipped|done/);
    if (ms === 'waiting_confirmation') {
      const input = page.getByTestId('budget-input'); if (await input.count()) await input.fill(budget);
      await shot('05-models'); await page.getByTestId('confirm-MODEL_SELECT').click();
    }
    await page.waitForTimeout(15000); await shot('05b-training');
    await waitStatus('REVIEW_EDIT', /waiting_confirmation/, 1200000);
    await shot('06-review');
    await page.getByTestId('confirm-REVIEW_EDIT').click();
    await page.getByTestId('export-button').click();
    await waitStatus('EXPORT', /done|failed/, 600000);
    await shot('07-export');
    const zip = await page.getByTestId('export-path').textContent().catch(() => '');
    console.log('zip', zip);
  } catch (e) { console.log('ERR', e.message); await shot('99-error'); }
  await browser.close();
})();
