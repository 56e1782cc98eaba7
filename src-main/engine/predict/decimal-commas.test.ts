import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as encoding from '../ingest/encoding';
import { pipelineToOnnx } from '../onnx/pipeline-to-onnx';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { makeTable, type Table } from '../onnx/fixtures/synthetic-data';
import { buildModelJson } from '../pipeline/model-json';
import { openTable } from './read-table';
import { readableText } from './readable-text';
import { scoreFile } from './score-file';

// Counts the reads of a file's head (the real function runs).
vi.mock('../ingest/encoding', async (original) => {
  const real = await original<typeof import('../ingest/encoding')>();
  return { ...real, readTextHead: vi.fn(real.readTextHead) };
});

/**
 * Issue 18.4: a file to score written by German Excel (`;`, decimal commas, thousands dots) scores as its twin; so
 * does one whose numbers a spreadsheet formatted ("$1,234.5", "1.234,5 €", "22%").
 */
const dir = mkdtempSync(join(tmpdir(), 'score-commas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Digits grouped in threes by `mark`, the decimals after `point` ("1.234,5"); exponents keep `point` only. */
function grouped(v: number, mark: string, point: string): string {
  const s = String(v);
  if (s.includes('e')) return s.replace('.', point);
  const [int, frac] = s.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = (sign ? int.slice(1) : int).replace(/\B(?=(\d{3})+(?!\d))/g, mark);
  return `${sign}${digits}${frac === undefined ? '' : `${point}${frac}`}`;
}

/**
 * How the numbers are written: 'en' plain with decimal points, 'de' as German Excel (`;`, dots grouping thousands,
 * decimal commas), 'us$' and 'de€' formatted as money ("$1,234.5", "1.234,5 €") and counts with grouped thousands,
 * 'usd' and 'eur' as accounts write them: currency codes and negatives in parentheses ("USD (1,234.5)", "(1.234,5 EUR)").
 */
type Style = 'en' | 'de' | 'us$' | 'de€' | 'usd' | 'eur';
const STYLES: Style[] = ['en', 'de', 'us$', 'de€', 'usd', 'eur'];

/** The table as CSV in `style`. */
function write(t: Table, path: string, style: Style): void {
  const comma = style === 'de' || style === 'de€' || style === 'eur';
  const sep = comma ? ';' : ',';
  const count = (v: number): string => {
    if (style === 'en') return String(v);
    const g = comma ? grouped(v, '.', ',') : grouped(v, ',', '.');
    return comma ? g : `"${g}"`;
  };
  const money = (v: number): string => {
    const g = count(v);
    if (style === 'en' || style === 'de' || /e/.test(g)) return g;
    const plain = g.replace(/"/g, '');
    const [sign, digits] = plain.startsWith('-') ? ['-', plain.slice(1)] : ['', plain];
    if (style === 'usd') return `"USD ${sign ? `(${digits})` : digits}"`;
    if (style === 'eur') return sign ? `(${digits} EUR)` : `${digits} EUR`;
    return comma ? `${sign}${digits} €` : `"${sign}$${digits}"`;
  };
  const num = (v: number, as: (v: number) => string): string => (Number.isNaN(v) ? '' : as(v));
  const lines = [['x1', 'x 2', 'flag', 'color', 'city', 'when', 'note'].join(sep)];
  for (let i = 0; i < t.n; i++) {
    const c = t.cols;
    const flag = (c.flag as Float64Array)[i];
    const when = (c.when as Float64Array)[i];
    const text = (name: string): string => ((c[name] as Array<string | null>)[i] ?? '').replace(/[,;"\n]/g, ' ');
    lines.push(
      [
        num((c.x1 as Float64Array)[i], money),
        num((c['x 2'] as Float64Array)[i], count),
        Number.isNaN(flag) ? '' : flag ? 'yes' : 'no',
        text('color'),
        text('city'),
        Number.isNaN(when) ? '' : new Date(when).toISOString(),
        text('note'),
      ].join(sep),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('scoring a file written with decimal commas', () => {
  it('gives exactly the predictions of the same rows written with decimal points, or formatted', async () => {
    const train = makeTable(300, 1);
    const test = makeTable(400, 5, true);
    const p = fixturePipelines(train, 'regression').gradient_boosting;
    const onnxPath = join(dir, 'reg.onnx');
    writeFileSync(onnxPath, pipelineToOnnx(p));
    const modelJson = buildModelJson({
      appVersion: '0.1.0',
      task: 'regression',
      pipeline: p,
      family: 'test',
      trainingData: { rows: 300, columns: 7 },
      trainingSeconds: 1,
    });
    const out = new Map<Style, string>();
    for (const style of STYLES) {
      const input = join(dir, `${style}.csv`);
      write(test, input, style);
      await scoreFile({ onnxPath, modelJson, inputPath: input, outputPath: join(dir, `${style}-out.csv`), threads: 1 });
      out.set(style, readFileSync(join(dir, `${style}-out.csv`), 'utf8'));
    }
    // The files really hold grouped thousands, decimal commas and money.
    expect(readFileSync(join(dir, 'de.csv'), 'utf8')).toMatch(/;-?\d{1,3}\.\d{3},\d+;/);
    expect(readFileSync(join(dir, 'us$.csv'), 'utf8')).toMatch(/^"-?\$\d{1,3}(,\d{3})*(\.\d+)?",/m);
    expect(readFileSync(join(dir, 'de€.csv'), 'utf8')).toMatch(/^-?\d{1,3}(\.\d{3})*(,\d+)? €;/m);
    expect(readFileSync(join(dir, 'usd.csv'), 'utf8')).toMatch(/^"USD \(\d{1,3}(,\d{3})*(\.\d+)?\)",/m);
    expect(readFileSync(join(dir, 'eur.csv'), 'utf8')).toMatch(/^\(\d{1,3}(\.\d{3})*(,\d+)? EUR\);/m);
    expect(out.get('en')!.split('\n').length).toBe(test.n + 2);
    for (const style of STYLES) expect(out.get(style)).toBe(out.get('en'));

    // As the predict job scores them: the head readableText read judges how numbers are written; it is read once.
    const heads = vi.mocked(encoding.readTextHead);
    for (const style of ['de', 'us$'] as const) {
      heads.mockClear();
      const readable = await readableText(join(dir, `${style}.csv`));
      const outputPath = join(dir, `${style}-out-2.csv`);
      const inputHead = readable.head;
      await scoreFile({ onnxPath, modelJson, inputPath: readable.path, inputHead, outputPath, threads: 1 });
      expect(heads).toHaveBeenCalledTimes(1);
      expect(readFileSync(outputPath, 'utf8')).toBe(out.get('en'));
    }
  });

  it('reads "1.234,56" as 1234.56; a column mixing "1,5" and "1.5" is read neither way', async () => {
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'Preis;Menge\n1.234,56;3\n7,5;1.250\n-0,25;\n');
    const table = await openTable(path);
    try {
      const stream = await table.read([
        { name: 'Preis', as: 'number' },
        { name: 'Menge', as: 'number' },
      ]);
      const batch = await stream.next(10);
      const [preis, menge] = (batch?.columns ?? []).map((c) => (Array.isArray(c) ? [] : [...c.values]));
      expect(preis).toEqual([1234.56, 7.5, -0.25]);
      expect(menge).toEqual([3, 1250, NaN]);
    } finally {
      table.close();
    }
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Preis;Menge\n1,5;3\n1.5;4\n');
    const t2 = await openTable(bad);
    try {
      const batch = await (await t2.read([{ name: 'Preis', as: 'number' }])).next(10);
      const col = batch?.columns[0];
      // Ingest keeps such a column text; scoring names its first cell that is not a number instead of guessing.
      expect(col && !Array.isArray(col) ? col.bad : null).toEqual({ row: 0, text: '1,5' });
    } finally {
      t2.close();
    }
  });

  it('reads "22%" as 0.22 and "12,5 %" as 0.125; a cell in no format is named, not guessed', async () => {
    const read = async (name: string, csv: string, columns: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, csv);
      const table = await openTable(path);
      try {
        const batch = await (await table.read(columns.map((c) => ({ name: c, as: 'number' as const })))).next(1000);
        return (batch?.columns ?? []).map((c) => (Array.isArray(c) ? null : { values: [...c.values], bad: c.bad }));
      } finally {
        table.close();
      }
    };
    const us = await read('pct.csv', 'down,price\n22%,"$1,250"\n5.5%,$980\n,"-$3.50"\n', ['down', 'price']);
    expect(us.map((c) => c?.values)).toEqual([
      [0.22, 0.055, NaN],
      [1250, 980, -3.5],
    ]);
    // Accounting negatives and currency codes, before or after the number.
    const codes = await read('codes.csv', 'fee,down\n"USD 1,250.00",(2.5%)\n"USD (3.50)",5%\n', ['fee', 'down']);
    expect(codes.map((c) => c?.values)).toEqual([
      [1250, -3.5],
      [-0.025, 0.05],
    ]);
    const de = await read('pct-de.csv', 'Rabatt;Preis\n12,5 %;1.250,00 €\n3 %;7,50 €\n', ['Rabatt', 'Preis']);
    expect(de.map((c) => c?.values)).toEqual([
      [0.125, 0.03],
      [1250, 7.5],
    ]);
    // A web table saved as TSV, read as ingest reads it: "1,250" beside "980" is 1250, "−12.5" (U+2212) is -12.5.
    const web = await read('web.tsv', 'area\tlow\tgrowth\n1,250\t\u221212.5\t\u22121.5%\n980\t4.0\t2%\n', [
      'area',
      'low',
      'growth',
    ]);
    expect(web.map((c) => c?.values)).toEqual([
      [1250, 980],
      [-12.5, 4],
      [-0.015, 0.02],
    ]);
    // A column of money whose cell past the head (the first 500 rows) is in no format: named, with its row.
    const money = Array.from({ length: 600 }, (_, k) => `"$${(1000 + k).toLocaleString('en-US')}"`);
    const bad = await read('bad.csv', ['price', ...money, '"$1,25"'].join('\n') + '\n', ['price']);
    expect(bad[0]?.values.slice(0, 2)).toEqual([1000, 1001]);
    expect(bad[0]?.bad).toEqual({ row: 600, text: '$1,25' });
  });
});
