import { expect, type Page } from '@playwright/test';
import type { StageId } from '../../src-shared/stages';

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
    await this.page.screenshot({ path: `${this.shotsDir}/${name}.png`, fullPage: true });
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
}
