import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine, formulaRisk, unescapeCell } from '../engine/util/csv-writer';

/** Issue 13.1: labels, ids and values come back exactly as read through `automl run` and `automl predict`. */
const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/automl.js');
let dir: string;

function automl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, AUTOML_DATA_DIR: join(dir, 'data') }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const parse = (text: string): string[][] => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

/** Class labels a person might have: a band written with a minus, a sign, a formula, a negative number. */
const LABELS = ['-10.000)', '+ve', '=SUM(A1)', '-1'];
/** Places, one of them the level 'None' (a text column's 'None' is a value, not a gap). */
const PLACES = ['@home', '-', 'None', '--'];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('Build first: npm run build (npm test does it).');
  dir = mkdtempSync(join(tmpdir(), 'automl-roundtrip-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('values round-trip through run and predict', () => {
  it('labels starting with -, +, = and negative numbers come back as read (escaped cells only where documented)', async () => {
    const rows: string[][] = [];
    for (let i = 0; i < 240; i++) {
      const band = i % 4;
      // x decides the class; z is noise; place is a category; id has a leading zero; code is signed with zeros.
      rows.push([
        `0${i}`,
        String(band * 10 + (i % 7) / 10 - 15),
        String(((i * 37) % 11) - 5),
        PLACES[i % 4],
        `-00${i % 5}`,
        LABELS[band],
      ]);
    }
    const data = join(dir, 'bands.csv');
    writeFileSync(
      data,
      [csvLine(['id', 'x', 'z', 'place', 'code', 'band']), ...rows.map((r) => r.join(','))].join('\n') + '\n',
    );
    // The file itself holds the raw values (written without any escape), as a person's export would.
    expect(readFileSync(data, 'utf8')).toContain('\n00,-15,-5,@home,-000,-10.000)\n');

    const bundle = join(dir, 'bands.zip');
    const run = await automl([
      'run',
      data,
      '--target',
      'band',
      '--task',
      'classification',
      '--drop',
      'id',
      '--budget',
      '5',
      '--out',
      bundle,
    ]);
    expect(run.stderr).not.toMatch(/automl:/);
    expect(run.code).toBe(0);

    const zip = await JSZip.loadAsync(readFileSync(bundle));
    const modelJson = JSON.parse(await zip.file('model.json')!.async('string'));
    expect(modelJson.classes.sort()).toEqual([...LABELS].sort());
    expect(modelJson.csvEscaping).toMatch(/leading '/);

    // data.csv: every cell is the value as read; only formula-like text carries the documented escape.
    const [dataHead, ...dataRows] = parse(await zip.file('data.csv')!.async('string'));
    expect(dataHead).toEqual(['id', 'x', 'z', 'place', 'code', 'band']);
    dataRows.forEach((r, i) => {
      expect(r.map(unescapeCell)).toEqual(rows[i].map((v, j) => (j === 1 || j === 2 ? String(Number(v)) : v)));
      for (const cell of r) if (!formulaRisk(unescapeCell(cell))) expect(cell).toBe(unescapeCell(cell));
    });
    expect(dataRows.map((r) => r[5])).toContain('-10.000)');
    expect(dataRows.map((r) => r[3])).toEqual(expect.arrayContaining(["'@home", '-', '--', 'None']));
    expect(dataRows.map((r) => r[4])).toEqual(expect.arrayContaining(['-000', '-004']));

    // The bundle's holdout predictions: the id column first, exactly as written ('007'), to join back by; actual
    // labels equal the data's.
    const [holdHead, ...hold] = parse(await zip.file('predictions.csv')!.async('string'));
    expect(holdHead.slice(0, 4)).toEqual(['id', 'row', 'actual', 'prediction']);
    const rowCol = holdHead.indexOf('row');
    // `row` is documented (report, export screen) as 0-based among the data rows: the file's line row + 2.
    const lines = readFileSync(data, 'utf8').split('\n');
    expect(await zip.file('report.html')!.async('string')).toContain('line = row + 2');
    for (const r of hold) {
      expect(lines[Number(r[rowCol]) + 2 - 1]).toBe(rows[Number(r[rowCol])].join(','));
      expect(r[0]).toBe(rows[Number(r[rowCol])][0]);
      expect(unescapeCell(r[holdHead.indexOf('actual')])).toBe(rows[Number(r[rowCol])][5]);
    }

    // automl predict on the data as read: one row per input row; labels as read.
    const scored = join(dir, 'scored.csv');
    const pred = await automl(['predict', bundle, data, '--out', scored]);
    expect(pred.code).toBe(0);
    expect(pred.stderr).toMatch(/^Note: \d+ cells changed for spreadsheets\. .*leading '/m);
    const [predHead, ...predRows] = parse(readFileSync(scored, 'utf8'));
    expect(predHead).toEqual(['prediction', ...modelJson.classes.map((c: string) => `proba_${c}`).map(escapeHeader)]);
    expect(predRows).toHaveLength(rows.length);
    let right = 0;
    predRows.forEach((r, i) => {
      const label = unescapeCell(r[0]);
      expect(LABELS).toContain(label);
      // Labels a spreadsheet would not run are written exactly, with no escape at all.
      if (!formulaRisk(label)) expect(r[0]).toBe(label);
      if (label === rows[i][5]) right++;
    });
    expect(right / rows.length).toBeGreaterThan(0.9);
    expect(new Set(predRows.map((r) => r[0]))).toEqual(new Set(['-10.000)', "'+ve", "'=SUM(A1)", '-1']));

    // --keep: the input's id (and its place) first in each output row, as written, then the same predictions.
    const kept = join(dir, 'kept.csv');
    const withIds = await automl(['predict', bundle, data, '--keep', 'id,place', '--out', kept]);
    expect(withIds.code).toBe(0);
    const [keptHead, ...keptRows] = parse(readFileSync(kept, 'utf8'));
    expect(keptHead.slice(0, 3)).toEqual(['id', 'place', 'prediction']);
    expect(keptRows.map((r) => [r[0], unescapeCell(r[1])])).toEqual(rows.map((r) => [r[0], r[3]]));
    expect(keptRows.map((r) => r.slice(2))).toEqual(predRows);
    const unknown = await automl(['predict', bundle, data, '--keep', 'customer', '--out', kept]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(
      /^automl: There is no column 'customer' to keep in bands\.csv\. Columns found: id, x/,
    );
  });
});

function escapeHeader(name: string): string {
  return formulaRisk(name) ? `'${name}` : name;
}

/**
 * Names that differ only by case ("Price", "price"): the app calls the later one 'price_1' inside, and every output
 * the person reads calls it 'price' as the file writes it; predict finds it by that name in a new file.
 */
describe('a column whose name differs from another only by case', () => {
  it('is named as written in data.csv, model.json, the report and the notebook, and predict finds it so', async () => {
    // 'Price' the target; 'price' (per square metre) a feature; 'area' and 'city' the rest.
    const rows = ['Price,price,area,city'];
    for (let i = 0; i < 160; i++) {
      const area = 40 + ((i * 37) % 90);
      const perM2 = 3000 + ((i * 53) % 900);
      rows.push(`${area * perM2 + (i % 3) * 1000},${perM2},${area},${['Oslo', 'Bergen'][i % 2]}`);
    }
    writeFileSync(join(dir, 'homes.csv'), rows.join('\n') + '\n');
    const bundle = join(dir, 'homes.zip');
    const run = await automl(['run', join(dir, 'homes.csv'), '--target', 'Price', '--budget', '3', '--out', bundle]);
    expect(run.stderr).not.toMatch(/automl:/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("inside the app column 2 is called 'price_1'");

    const zip = await JSZip.loadAsync(readFileSync(bundle));
    const text = (name: string): Promise<string> => zip.file(name)!.async('string');
    expect((await text('data.csv')).split('\n')[0]).toBe('Price,price,area,city');
    const model = JSON.parse(await text('model.json')) as { features: Array<{ name: string; written?: string }> };
    expect(model.features.find((f) => f.name === 'price_1')?.written).toBe('price');
    // The report's tables say 'price'; 'price_1' only in the note that explains it and as model.onnx's input name,
    // mapped to the file's column (the Python snippet too).
    const report = await text('report.html');
    expect(report).toContain('<code>price</code>');
    expect(report).toContain('(the column <code>price</code> of the file)');
    expect(report).toContain('col = df[columns.get(i.name, i.name)]');
    expect(report.split('price_1')).toHaveLength(5);
    // The notebook reads the file with pandas, which tells 'Price' from 'price': it selects the written name.
    const notebook = await text('notebook.ipynb');
    expect(notebook).toMatch(/FEATURES = \[[^\]]*\\"price\\"/);
    expect(notebook).toContain('INPUT_COLUMNS = {\\"price_1\\": \\"price\\"}');
    expect(notebook.split('price_1')).toHaveLength(2);

    // A new file without the target has 'price' alone: DuckDB does not rename it, and the model finds it.
    writeFileSync(join(dir, 'new.csv'), rows.map((r) => r.split(',').slice(1).join(',')).join('\n') + '\n');
    const out = join(dir, 'pred.csv');
    const predict = await automl(['predict', bundle, join(dir, 'new.csv'), '--keep', 'price', '--out', out]);
    expect(predict.stderr).not.toMatch(/automl:/);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('price,prediction');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(161);
  }, 180_000);
});
