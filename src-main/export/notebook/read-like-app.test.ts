/**
 * The notebook's read_table on a person's own CSV (SOURCE_FORMAT) against the app's import of the same file: the
 * German Excel fixture (Windows-1252, `;`, decimal commas, dots grouping thousands, dd.mm.yyyy) and the French one
 * (UTF-8 with BOM, no-break spaces grouping thousands, dd/mm/yyyy) read to the same values, cell by cell.
 * One Python process, a few seconds.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '@shared/project';
import { ingestFile } from '../../engine/ingest/ingest-file';
import { dataPathCode, importsCell } from './cells-setup';
import { planOf } from './test-support';

const run = promisify(execFile);
const FIXTURES = resolve(__dirname, '../../engine/ingest/fixtures');

/** Python printing the table read_table reads from `file`, as JSON lists of cells (dates as yyyy-mm-dd). */
function script(dataset: DatasetInfo, file: string): string {
  const code = (cell: { source: string[] }): string => cell.source.join('');
  const text = dataset.columns.filter((c) => c.dbType === 'VARCHAR').map((c) => c.name);
  return [
    code(importsCell(false)),
    dataPathCode({
      dataFileName: file,
      dataInBundle: false,
      source: { name: dataset.originalName, format: dataset.textFormat!, columns: dataset.columns.map((c) => c.name) },
      task: 'forecast',
      target: null,
      plan: planOf([], ''),
      pipeline: null,
      split: { testIndices: [], seed: 0, testFraction: 0 },
      metrics: {},
    }),
    'import json',
    `df = read_table(DATA_PATH, text_columns=${JSON.stringify(text)})`,
    'def cell(v):',
    '    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT: return None',
    "    if isinstance(v, pd.Timestamp): return v.strftime('%Y-%m-%d')",
    '    return v.item() if hasattr(v, "item") else v',
    "print(json.dumps({'columns': list(df.columns), 'rows': [[cell(v) for v in row] for row in df.itertuples(index=False)]}))",
  ].join('\n');
}

/** The app's preview cell as the value Python should hold: numbers as numbers, the rest as written. */
function expected(dataset: DatasetInfo): Array<Array<string | number | null>> {
  const numeric = dataset.columns.map((c) => c.dbType === 'DOUBLE' || c.dbType === 'BIGINT');
  return dataset.sample.map((row) => row.map((v, i) => (v === null ? null : numeric[i] ? Number(v) : v)));
}

describe.each([
  { fixture: 'excel-de.csv', comma: ['Größe (m²)', 'Preis (€)', 'Umsatz'], encoding: 'windows-1252', delimiter: ';' },
  { fixture: 'excel-fr.csv', comma: ['Prix unitaire', 'Quantité', 'Montant'], encoding: 'utf-8-bom', delimiter: ';' },
  // Formatted numbers: "$59,222.00", "1,071", "5.5%" (a US export), "59.222,00 €", "2,75 %" (a German one).
  { fixture: 'formatted-us.csv', comma: [], formatted: ['sqft', 'price', 'down'], encoding: 'utf-8', delimiter: ',' },
  {
    fixture: 'formatted-de.csv',
    comma: ['Fläche (m²)', 'Zins'],
    formatted: ['Kaufpreis', 'Provision'],
    encoding: 'utf-8',
    delimiter: ';',
  },
  // Accounting: currency codes ("USD 8,019.25", "0.50 EUR") and negatives in parentheses ("USD (100.25)", "(1,517)").
  {
    fixture: 'formatted-accounting.csv',
    comma: [],
    formatted: ['opening', 'change', 'fee', 'margin'],
    encoding: 'utf-8',
    delimiter: ',',
  },
  {
    fixture: 'formatted-accounting-de.csv',
    comma: [],
    formatted: ['Saldo', 'Änderung', 'Gebühr'],
    encoding: 'utf-8',
    delimiter: ';',
  },
  // A web table saved as TSV: commas grouping thousands beside "980", "−1.2%", "−12.5" (the minus sign U+2212).
  {
    fixture: 'formatted-web.tsv',
    comma: [],
    formatted: ['Area (km²)', 'Growth', 'Record low (°C)'],
    encoding: 'utf-8',
    delimiter: '\t',
  },
])("read_table reads $fixture as the app's import did", ({ fixture, comma, formatted, encoding, delimiter }) => {
  let dir: string;
  let dataset: DatasetInfo;
  let read: { columns: string[]; rows: Array<Array<string | number | null>> };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'read-like-app-'));
    dataset = await ingestFile(join(FIXTURES, fixture), join(dir, 'project'));
    const py = join(dir, 'read.py');
    await writeFile(py, script(dataset, join(FIXTURES, fixture)));
    const { stdout } = await run('/usr/bin/python3', [py], { timeout: 60_000 });
    read = JSON.parse(stdout) as typeof read;
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records how the file was read', () => {
    expect(dataset.textFormat).toMatchObject({ delimiter, encoding, header: true });
    expect(dataset.textFormat!.decimalCommas).toEqual(expect.arrayContaining(comma));
    expect(Object.keys(dataset.textFormat!.numberFormats ?? {})).toEqual(formatted ?? []);
    for (const c of formatted ?? []) expect(dataset.columns.find((d) => d.name === c)?.dbType).toMatch(/DOUBLE|BIGINT/);
    expect(Object.keys(dataset.textFormat!.dateFormats)).toHaveLength(1);
  });

  it("points DATA_PATH at the person's file when the bundle has no data.csv", async () => {
    const code = await readFile(join(dir, 'read.py'), 'utf8');
    expect(code).toMatch(/^# The data was too big for the bundle: put your file ".*" beside this notebook/m);
    expect(code).toContain(`DATA_PATH = ${JSON.stringify(join(FIXTURES, fixture))}`);
    expect(code).toMatch(/^DATA_IN_BUNDLE = False$/m);
  });

  it('reads the same column names and every cell to the same value', () => {
    expect(read.columns).toEqual(dataset.columns.map((c) => c.name));
    expect(read.rows).toEqual(expected(dataset));
  });
});
