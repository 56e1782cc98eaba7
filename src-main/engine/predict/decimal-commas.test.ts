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

// Counts the reads of a file's head (the real function runs).
vi.mock('../ingest/encoding', async (original) => {
  const real = await original<typeof import('../ingest/encoding')>();
  return { ...real, readTextHead: vi.fn(real.readTextHead) };
});
import { scoreFile } from './score-file';

/** Issue 18.4: a file to score written by German Excel (`;`, decimal commas, thousands dots) scores as its twin. */
const dir = mkdtempSync(join(tmpdir(), 'score-commas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A number as German Excel writes it: thousands grouped by dots, a decimal comma ("123.456,789"). */
function german(v: number): string {
  const s = String(v);
  if (s.includes('e')) return s.replace('.', ',');
  const [int, frac] = s.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped}${frac === undefined ? '' : `,${frac}`}`;
}

/** The table as CSV: comma-separated with decimal points, or `;`-separated with decimal commas. */
function write(t: Table, path: string, style: 'en' | 'de'): void {
  const sep = style === 'en' ? ',' : ';';
  const num = (v: number): string => (Number.isNaN(v) ? '' : style === 'en' ? String(v) : german(v));
  const lines = [['x1', 'x 2', 'flag', 'color', 'city', 'when', 'note'].join(sep)];
  for (let i = 0; i < t.n; i++) {
    const c = t.cols;
    const flag = (c.flag as Float64Array)[i];
    const when = (c.when as Float64Array)[i];
    const text = (name: string): string => ((c[name] as Array<string | null>)[i] ?? '').replace(/[,;"\n]/g, ' ');
    lines.push(
      [
        num((c.x1 as Float64Array)[i]),
        num((c['x 2'] as Float64Array)[i]),
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
  it('gives exactly the predictions of the same rows written with decimal points', async () => {
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
    const en = join(dir, 'en.csv');
    const de = join(dir, 'de.csv');
    write(test, en, 'en');
    write(test, de, 'de');
    // The German file really holds grouped thousands and decimal commas.
    expect(readFileSync(de, 'utf8')).toMatch(/;-?\d{1,3}\.\d{3},\d+;/);
    await scoreFile({ onnxPath, modelJson, inputPath: en, outputPath: join(dir, 'en-out.csv'), threads: 1 });
    await scoreFile({ onnxPath, modelJson, inputPath: de, outputPath: join(dir, 'de-out.csv'), threads: 1 });
    const out = readFileSync(join(dir, 'de-out.csv'), 'utf8');
    expect(out.split('\n').length).toBe(test.n + 2);
    expect(out).toBe(readFileSync(join(dir, 'en-out.csv'), 'utf8'));

    // As the predict job scores it: the head readableText read judges the decimal commas; the file's head is read once.
    const heads = vi.mocked(encoding.readTextHead);
    heads.mockClear();
    const readable = await readableText(de);
    const outputPath = join(dir, 'de-out-2.csv');
    const inputHead = readable.head;
    await scoreFile({ onnxPath, modelJson, inputPath: readable.path, inputHead, outputPath, threads: 1 });
    expect(heads).toHaveBeenCalledTimes(1);
    expect(readFileSync(outputPath, 'utf8')).toBe(out);
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
});
