import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { automl } from './pages/cli';
import { Wizard } from './pages/wizard';

/** Deterministic churn rows (the generator of src-main/engine/monitor/fixtures/churn.ts, kept small here). */
function churnCsv(n: number, seed: number, opts: { shift?: number; flip?: number; outcome?: boolean } = {}): string {
  let a = seed >>> 0;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const lines = [opts.outcome === false ? 'tenure,spend,plan' : 'tenure,spend,plan,churned'];
  for (let i = 0; i < n; i++) {
    const tenure = Math.max(0, Math.round(24 + 8 * normal() + (opts.shift ?? 0)));
    const spend = Math.round((50 + 15 * normal()) * 100) / 100;
    const u = r();
    const plan = u < 0.5 ? 'basic' : u < 0.8 ? 'plus' : 'pro';
    const z = 1.5 - 0.08 * tenure + 0.01 * spend + (plan === 'pro' ? -0.8 : plan === 'plus' ? -0.3 : 0);
    let churned = r() < 1 / (1 + Math.exp(-z)) ? 'yes' : 'no';
    if (opts.flip && r() < opts.flip) churned = churned === 'yes' ? 'no' : 'yes';
    lines.push(opts.outcome === false ? `${tenure},${spend},${plan}` : `${tenure},${spend},${plan},${churned}`);
  }
  return lines.join('\n') + '\n';
}

test('monitor: predict two batches, outcomes, drift alert, retrain, promote, roll back', async ({ page, app }) => {
  const train = join(app.dataDir, 'churn.csv');
  writeFileSync(train, churnCsv(1500, 1));
  automl(app.dataDir, ['run', train, '--goal', 'predict churned', '--target', 'churned', '--budget', '6']);
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await page.getByTestId('nav-models').click();
  const modelId = await page.evaluate(async () => {
    const r = await window.api.invoke('models:list', {});
    return r.ok ? r.value[0].modelId : '';
  });
  expect(modelId).not.toBe('');

  const logged = async () =>
    page.evaluate(async (id) => {
      const r = await window.api.invoke('monitor:state', { modelId: id });
      return r.ok ? r.value.log.batches : 0;
    }, modelId);
  /** Scores a file on the Predict screen once it shows the file, and waits until `batches` are logged. */
  const predictFile = async (name: string, csv: string, batches: number) => {
    await page.getByTestId('nav-models').click();
    await page.getByTestId(`registry-predict-${modelId}`).click();
    await page
      .getByTestId('predict-file-input')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('predict-drop')).toContainText(name);
    await page.getByTestId('predict-run').click();
    await expect.poll(logged, { timeout: 60_000 }).toBe(batches);
    await expect(page.getByTestId('predict-rows')).toContainText(`${csv.trim().split('\n').length - 1} rows`);
    await expect(page.getByTestId('predict-monitor')).toContainText('Logged for monitoring');
  };

  // Two batches through the Predict screen: one like the training data, one with tenure moved by two years.
  const batches = [
    { name: 'march.csv', csv: churnCsv(600, 2) },
    { name: 'april.csv', csv: churnCsv(600, 3, { shift: 25, outcome: false }) },
  ];
  for (const [i, b] of batches.entries()) await predictFile(b.name, b.csv, i + 1);
  await expect(page.getByTestId('predict-monitor')).toContainText('new alert');

  // The Models screen shows the alert; the Monitor screen shows volume, drift and the alert.
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId(`registry-alerts-${modelId}`)).toBeVisible();
  await page.getByTestId(`registry-monitor-${modelId}`).click();
  await expect(page.getByTestId('monitor-screen')).toBeVisible();
  await expect(page.getByTestId('monitor-alert-drift')).toContainText("'tenure' has drifted");
  await expect(page.getByTestId('monitor-drift')).toBeVisible();
  await expect(page.getByTestId('monitor-summary')).toContainText('2 batches logged');

  // Outcomes of the first batch (the scored file with its outcome column): the live metric appears.
  await page
    .getByTestId('monitor-feedback-input')
    .setInputFiles({ name: 'march-outcomes.csv', mimeType: 'text/csv', buffer: Buffer.from(batches[0].csv) });
  await expect(page.getByTestId('monitor-feedback-report')).toContainText('outcomes matched a logged prediction');
  await expect(page.getByTestId('monitor-live-metric')).toContainText('Live');
  await w.shot('01-monitor');

  // Retrain on rows whose labels are mostly noise: the challenger is worse and is kept as a candidate.
  const noisy = churnCsv(600, 4, { flip: 0.5 }) + churnCsv(150, 5).split('\n').slice(1).join('\n');
  // A retrain shows its progress and can be cancelled: nothing is registered, version 1 stays active.
  await page
    .getByTestId('monitor-retrain-input')
    .setInputFiles({ name: 'may.csv', mimeType: 'text/csv', buffer: Buffer.from(noisy) });
  await expect(page.getByTestId('monitor-retrain-progress')).toBeVisible();
  await page.getByTestId('monitor-retrain-cancel').click();
  await expect(page.getByTestId('monitor-retrain-cancelled')).toContainText('No new version was registered');
  await expect(page.getByTestId('monitor-retrain-progress')).toHaveCount(0);
  const versions = await page.evaluate(async (id) => {
    const r = await window.api.invoke('models:list', {});
    return r.ok ? (r.value.find((m) => m.modelId === id)?.versions.map((v) => v.version) ?? []) : [];
  }, modelId);
  expect(versions).toEqual([1]);
  await page
    .getByTestId('monitor-retrain-input')
    .setInputFiles({ name: 'may.csv', mimeType: 'text/csv', buffer: Buffer.from(noisy) });
  await expect(page.getByTestId('monitor-challenge-reason')).toContainText(/kept as a candidate|promoted/, {
    timeout: 120_000,
  });
  await expect(page.getByTestId('monitor-challenges')).toBeVisible();
  await w.shot('02-challenger');

  // The person promotes version 2 anyway, then rolls back to version 1.
  const active = async () =>
    page.evaluate(async (id) => {
      const r = await window.api.invoke('monitor:state', { modelId: id });
      return r.ok ? r.value.activeVersion : 0;
    }, modelId);
  if ((await active()) === 1) {
    await page.getByTestId('monitor-activate-2').click();
    await expect(page.getByTestId('monitor-summary')).toContainText('Version 2 is active');
  }
  await page.getByTestId('monitor-activate-1').click();
  await expect(page.getByTestId('monitor-summary')).toContainText('Version 1 is active');
  await expect(page.getByTestId('monitor-history')).toContainText('rollback');
  expect(await active()).toBe(1);
  await w.shot('03-rolled-back');

  // Shadow mode: version 2 scores the next files beside version 1; the person gets version 1's predictions.
  await page.getByTestId('monitor-shadow-version').selectOption('2');
  await expect(page.getByTestId('monitor-shadow-version')).toHaveValue('2');
  const june = [churnCsv(400, 6), churnCsv(500, 7)];
  // Each file: the active version's batch and the shadow batch beside it.
  for (const [i, csv] of june.entries()) await predictFile(`june-${i}.csv`, csv, 4 + 2 * i);
  await page.getByTestId('nav-models').click();
  await page.getByTestId(`registry-monitor-${modelId}`).click();
  await expect(page.getByTestId('monitor-shadow-2')).toContainText('v2: 2 batches, 900 rows');
  // Outcomes for those rows: both versions' metric on the same rows.
  await page.getByTestId('monitor-feedback-input').setInputFiles({
    name: 'june-outcomes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(june[0] + june[1].split('\n').slice(1).join('\n')),
  });
  await expect(page.getByTestId('monitor-shadow-2')).toContainText('900 rows with outcomes: active');
  await page.getByTestId('monitor-shadow').scrollIntoViewIfNeeded();
  await w.shot('04-shadow');

  // A new version of the model exported from the command line: its report carries the model's monitoring history.
  const bundle = join(app.dataDir, 'v3.zip');
  automl(app.dataDir, [
    'run',
    train,
    '--goal',
    'predict churned',
    '--target',
    'churned',
    '--budget',
    '4',
    '--out',
    bundle,
  ]);
  const report = await (await JSZip.loadAsync(await readFile(bundle))).file('report.html')!.async('string');
  expect(report).toContain('Monitoring history');
  expect(report).toContain('&#39;tenure&#39; has drifted');
  expect(report).toMatch(/Shadow version 2: 900 rows scored beside the active version/);
  const view = await page.context().newPage();
  await view.setContent(report);
  await view.locator('#extra-1').screenshot({ path: join(app.shotsDir, '05-report-monitoring.png') });
  await view.close();
});
