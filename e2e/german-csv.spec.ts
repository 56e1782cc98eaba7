import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { Wizard } from './pages/wizard';

/** Issue 18.4: a German Excel export (Windows-1252, `;`, decimal commas) imports as numbers, and the preview says so. */
const EXCEL_DE = readFileSync(join(__dirname, '../src-main/engine/ingest/fixtures/excel-de.csv'));

test('German CSV: decimal commas read as numbers, with a note in the preview', async ({ page, app }) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.setGoal('predict the Umsatz');
  await w.confirm('PARSE_INTENT');

  await page.getByTestId('file-input').setInputFiles({ name: 'umsatz.csv', mimeType: 'text/csv', buffer: EXCEL_DE });
  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  const preview = page.getByTestId('dataset-preview');
  await expect(preview.getByTestId('dataset-rows')).toContainText('6 rows');
  await expect(preview.getByTestId('import-note')).toContainText(
    "Numbers in 'Größe (m²)', 'Preis (€)', 'Menge', 'Umsatz' are written with a decimal comma",
  );
  // The grid shows the numbers read ("1.234,56" is 1234.56) and text as written.
  await expect(preview).toContainText('1234.56');
  await expect(preview).toContainText('Müller, Hans');
  await expect(preview).toContainText('Tisch; rund');
  await w.shot('01-german-csv');
});
