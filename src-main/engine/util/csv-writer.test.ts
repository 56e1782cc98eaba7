import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  csvCell,
  CsvWriter,
  escapeFormula,
  formulaRisk,
  unescapeCell,
  writeCsvFile,
  type CsvValue,
} from './csv-writer';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'automl-csv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Labels people really use that a spreadsheet shows as typed: never escaped. */
const KEPT = ['-10.000)', '-', '--', '---', '- ', '-1e5', '-3.5', '+4', '+1e3', '-.5', 'ok', "'abc", "'", '1-2', 'a=b'];
/** Cells a spreadsheet would run as a formula. */
const ESCAPED = [
  '+ve',
  '@home',
  "=cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '-A1',
  '-sum(1,2)',
  '--x',
  '\tx',
  '\rx',
  '=1+1',
  "'=x",
  "''+ve",
];

describe('the one escaping rule', () => {
  it('leaves labels, dashes and numbers as they are', () => {
    for (const v of KEPT) expect([v, formulaRisk(v)]).toEqual([v, false]);
    expect(KEPT.map(escapeFormula)).toEqual(KEPT);
  });

  it('escapes what a spreadsheet would run', () => {
    for (const v of ESCAPED) expect([v, escapeFormula(v)]).toEqual([v, `'${v}`]);
  });

  it('is reversible: unescapeCell gives back every value exactly', () => {
    for (const v of [...KEPT, ...ESCAPED, '', "'-A1", "''", "'@"]) expect(unescapeCell(escapeFormula(v))).toBe(v);
  });

  it('never touches numbers', () => {
    expect([-1.5, -1e5, Number.NEGATIVE_INFINITY, NaN, 0, 10n, true].map(csvCell)).toEqual([
      '-1.5',
      '-100000',
      '-Infinity',
      '',
      '0',
      '10',
      'true',
    ]);
  });

  it('quotes per RFC 4180 and a CSV reader gets the cells back', async () => {
    const rows = [
      ['a,b', 'say "hi"', 'two\nlines', 'cr\rhere'],
      ['-10.000)', '=1+1', -2.5, null],
    ];
    const path = join(dir, 'x.csv');
    const stats = await writeCsvFile(path, ['c1', 'c2', 'c3', 'c4'], rows);
    expect(stats).toEqual({ rows: 2, escapedCells: 1 });
    const parsed = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;
    expect(parsed).toEqual([
      ['c1', 'c2', 'c3', 'c4'],
      ['a,b', 'say "hi"', 'two\nlines', 'cr\rhere'],
      ['-10.000)', "'=1+1", '-2.5', ''],
    ]);
  });

  it('writes the same file column by column as row by row', async () => {
    // Labels repeat (escaped ones too), a column mixes text and numbers, numbers take every form String gives, and
    // one column has more distinct texts than a batch remembers.
    const base = [...KEPT, ...ESCAPED, 'a,b', 'say "hi"', null, 'café', '東京', '=Zürich', 'x'.repeat(40), 'é,"ü"\n'];
    const labels = [...base, ...base, ...base];
    const special = [
      ...[-0, Infinity, -Infinity, 1e21, 5e-7, 2 ** 53 + 2, Number.MIN_VALUE, 0.1 + 0.2, NaN],
      ...[-0.0000012345678901234567, -Number.MAX_VALUE, -2.2250738585072014e-308, -1.2345678901234567e-7],
    ];
    const numbers = Float64Array.from(labels, (_, i) =>
      i < special.length ? special[i] : i % 5 === 0 ? NaN : i / 7 - 3,
    );
    const mixed = labels.map((l, i) => (i % 2 ? l : i % 3 ? i / 3 : i % 4 === 0));
    const many = 6000;
    const distinct = Array.from({ length: many }, (_, i) => (i % 7 === 0 ? `=cell ${i}` : `cell ${i}`));
    const rows = (from: number, to: number): CsvValue[][] =>
      Array.from({ length: to - from }, (_, k) => {
        const i = from + k;
        return [labels[i % labels.length], numbers[i % labels.length], mixed[i % labels.length], distinct[i]];
      });
    const header = ['label', 'x', 'mixed', 'distinct'];
    const byRow = join(dir, 'rows.csv');
    const byColumn = join(dir, 'columns.csv');
    const a = await writeCsvFile(byRow, header, rows(0, many));
    const w = await CsvWriter.open(byColumn, header);
    for (const [from, to] of [
      [0, 1000],
      [1000, many],
    ]) {
      const part = rows(from, to);
      const numeric = Float64Array.from(part, (r) => r[1] as number);
      await w.columns([part.map((r) => r[0]), numeric, part.map((r) => r[2]), part.map((r) => r[3])], to - from);
    }
    const b = await w.close();
    expect(readFileSync(byColumn, 'utf8')).toBe(readFileSync(byRow, 'utf8'));
    expect(b).toEqual(a);
    expect(a.escapedCells).toBeGreaterThan(many / 7);
  });

  it('writes under a temporary name: nothing at the final path until close, nothing left after abort', async () => {
    const path = join(dir, 'out.csv');
    const w = await CsvWriter.open(path, ['a']);
    for (let i = 0; i < 20_000; i++) await w.row([`row ${i}`]);
    expect(existsSync(path)).toBe(false);
    await w.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(20_002);
    const w2 = await CsvWriter.open(join(dir, 'gone.csv'), ['a']);
    await w2.row(['x']);
    await w2.abort();
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });
});
