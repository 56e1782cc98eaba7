import JSZip from 'jszip';
import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';
import type { Page } from '@playwright/test';

/** Drops a file on the page at `selector`, as a file manager would (a real DataTransfer with a File in it). */
async function dropFile(page: Page, selector: string, name: string, content: string | number[]) {
  const bytes = typeof content === 'string' ? [...Buffer.from(content)] : content;
  // A string: the spec is typechecked without the DOM library, the page has it.
  const dataTransfer = await page.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(${JSON.stringify(bytes)})], ${JSON.stringify(name)})); return dt; })()`,
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

async function bundleBytes(): Promise<number[]> {
  const zip = new JSZip();
  zip.file('model.json', JSON.stringify({ task: 'regression' }));
  zip.file('model.onnx', 'not really onnx');
  return [...(await zip.generateAsync({ type: 'uint8array' }))];
}

test('desktop manners in a browser tab: shortcuts, ? overlay, ☰ menu, files dropped on the window', async ({
  page,
  app,
}) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);

  // `?` is text in the goal box, and the overlay everywhere else.
  await page.getByTestId('goal-input').fill('what is this?');
  await expect(page.getByTestId('shortcuts-overlay')).toHaveCount(0);
  await page.getByTestId('goal-input').fill('');
  await page.locator('h1').click();
  await page.keyboard.press('Shift+?');
  const overlay = page.getByTestId('shortcuts-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('New project');
  await expect(overlay).toContainText('Ctrl+Shift+O');
  await w.shot('01-shortcuts-light');
  await page.keyboard.press('Escape');
  await expect(overlay).toHaveCount(0);

  // Shortcuts and the menu run the same commands.
  await page.keyboard.press('Control+Shift+L');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('Control+3');
  await expect(page.getByTestId('models-screen')).toBeVisible();
  await page.getByTestId('command-menu-button').click();
  await expect(page.getByTestId('command-menu')).toBeVisible();
  await w.shot('02-menu-dark');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-menu')).toHaveCount(0);
  await page.getByTestId('command-menu-button').click();
  await page.getByTestId('command-go.predict').click();
  await expect(page.getByTestId('predict-screen')).toBeVisible();
  await page.keyboard.press('Shift+?');
  await w.shot('03-shortcuts-dark');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+L');

  // Open model bundle… from the menu picks a zip and selects it for Predict.
  await page.getByTestId('command-menu-button').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('command-bundle.open').click();
  await (
    await chooser
  ).setFiles({ name: 'model.zip', mimeType: 'application/zip', buffer: Buffer.from(await bundleBytes()) });
  await expect(page.getByTestId('predict-use-bundle')).toBeChecked();
  await expect(page.getByTestId('predict-bundle-name')).toContainText('model.zip');

  // A bundle dropped anywhere on the window goes to Predict too; a CSV starts a project named after it.
  await page.getByTestId('nav-home').click();
  await dropFile(page, 'h1', 'other-model.zip', await bundleBytes());
  await expect(page.getByTestId('predict-bundle-name')).toContainText('other-model.zip');
  await page.getByTestId('nav-home').click();
  await dropFile(page, 'h1', 'shop sales.csv', 'day,sales,price\n1,10,2.5\n2,12,2.5\n3,9,2.0\n4,15,3.0\n');
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await expect(page.getByTestId('nav-project')).toHaveText('shop sales');
  await expect(page.getByTestId('dataset-rows')).toContainText('4 rows');
  await w.shot('04-dropped-csv');
});
