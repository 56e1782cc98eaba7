import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import JSZip from 'jszip';
import type { StageId } from '../../src-shared/stages';

/** Where the data of a run comes from: a bundled sample, or a file uploaded through the drop zone. */
export type DataChoice = { sample: string } | { file: { name: string; text: string } };

/** Takes the screenshots of one step (e.g. in light and in dark). */
export type Shooter = (name: string) => Promise<void>;

/** Page object for the wizard: the e2e specs speak in steps, not selectors. */
export class Wizard {
  constructor(
    readonly page: Page,
    private readonly shotsDir: string,
  ) {}

  async open(url: string) {
    await this.page.goto(url);
    await expect(this.page.getByTestId('goal-input')).toBeVisible();
  }

  async shot(name: string) {
    await this.page.screenshot({ path: `${this.shotsDir}/${name}.png`, fullPage: true, animations: 'disabled' });
  }

  /** The page in the light theme, then in the dark one; the theme is light again afterwards. */
  async shotBothThemes(name: string) {
    const html = this.page.locator('html');
    const toggle = this.page.getByTestId('theme-toggle');
    if ((await html.getAttribute('data-theme')) === 'dark') await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await this.shot(`${name}-light`);
    await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await this.shot(`${name}-dark`);
    await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'light');
  }

  stage(stage: StageId) {
    return this.page.getByTestId(`stage-${stage}`);
  }

  async waitForStatus(stage: StageId, status: string | RegExp, timeout = 60_000) {
    await expect(this.stage(stage)).toHaveAttribute('data-status', status, { timeout });
  }

  async setGoal(goal: string) {
    await this.page.getByTestId('goal-input').fill(goal);
    await this.page.getByTestId('goal-submit').click();
    await this.waitForStatus('PARSE_INTENT', 'waiting_confirmation');
  }

  async confirm(stage: StageId) {
    await this.waitForStatus(stage, 'waiting_confirmation');
    await this.page.getByTestId(`confirm-${stage}`).click();
  }

  /**
   * Goal → data → profile → (plan, when the task has one) → models with a short budget → review. `shots`: save a
   * screenshot of each step (true), none (false), or hand each step to a function (which also sees training live).
   */
  async runToReview(goal: string, data: DataChoice, budget: string, shots: boolean | Shooter = true) {
    const page = this.page;
    const shot = (name: string) =>
      typeof shots === 'function' ? shots(name) : shots ? this.shot(name) : Promise.resolve();
    await this.setGoal(goal);
    await shot('01-goal');
    await this.confirm('PARSE_INTENT');
    if ('sample' in data) await page.getByTestId(`sample-${data.sample}`).click();
    else
      await page
        .getByTestId('file-input')
        .setInputFiles({ name: data.file.name, mimeType: 'text/csv', buffer: Buffer.from(data.file.text) });
    await this.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
    await shot('02-data');
    await this.confirm('DATA_SOURCE');
    await this.waitForStatus('PROFILE_DATA', 'waiting_confirmation');
    await shot('03-profile');
    await this.confirm('PROFILE_DATA');
    await this.waitForStatus('PREPROCESS', /waiting_confirmation|skipped|done/, 60_000);
    if ((await this.stage('PREPROCESS').getAttribute('data-status')) === 'waiting_confirmation') {
      await shot('04-preprocess');
      await this.confirm('PREPROCESS');
    }
    await this.waitForStatus('MODEL_SELECT', /waiting_confirmation|skipped|done/, 60_000);
    if ((await this.stage('MODEL_SELECT').getAttribute('data-status')) === 'waiting_confirmation') {
      const input = page.getByTestId('budget-input');
      if (await input.count()) await input.fill(budget);
      await shot('05-models');
      await page.getByTestId('confirm-MODEL_SELECT').click();
      if (typeof shots === 'function') {
        // Training, live: the first finished model on the board (short runs may already be in review).
        await expect(
          page
            .getByTestId('leaderboard')
            .locator('tbody tr[data-status="done"]')
            .first()
            .or(page.getByTestId('review')),
        ).toBeVisible({ timeout: 60_000 });
        if (await page.getByTestId('leaderboard').count()) await shots('05b-training');
      }
    }
    await this.waitForStatus('REVIEW_EDIT', 'waiting_confirmation', 120_000);
    await expect(page.getByTestId('review')).toBeVisible();
    await shot('06-review');
  }

  /** Confirms the review and opens the Export step (the register choice loads with it). */
  async toExport() {
    await this.confirm('REVIEW_EDIT');
    await expect(this.page.getByTestId('export-button')).toBeVisible();
  }

  /** Drags across a chart from one fraction of its width to another (a zoom on line and scatter charts). */
  async dragAcross(chart: Locator, from: number, to: number) {
    const box = (await chart.boundingBox())!;
    const y = box.y + box.height * 0.5;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 5 });
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** On the Predict screen: scores the first `rows` rows of a bundled sample with a registered model. */
  async predictSampleRows(modelId: string, sample: string, rows: number) {
    await this.page.getByTestId('nav-models').click();
    await this.page.getByTestId(`registry-predict-${modelId}`).click();
    const lines = readFileSync(resolve(__dirname, `../../resources/samples/${sample}.csv`), 'utf8').split('\n');
    await this.page.getByTestId('predict-file-input').setInputFiles({
      name: 'new.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.slice(0, rows + 1).join('\n') + '\n'),
    });
    await this.page.getByTestId('predict-run').click();
    await expect(this.page.getByTestId('predict-rows')).toContainText(`${rows} rows`);
  }

  /** Exports and returns the zip's path and its entry names. */
  async exportZip(): Promise<{ zipPath: string; names: string[]; zip: JSZip }> {
    await this.page.getByTestId('export-button').click();
    await this.waitForStatus('EXPORT', 'done', 120_000);
    const zipPath = (await this.page.getByTestId('export-path').textContent())!.trim();
    const zip = await JSZip.loadAsync(await readFile(zipPath));
    return { zipPath, names: Object.keys(zip.files), zip };
  }
}
