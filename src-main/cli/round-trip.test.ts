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
    for (const r of hold) {
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
