import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CodedError } from '@shared/errors';
import { pipelineToOnnx } from '../onnx/pipeline-to-onnx';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { csvCells, makeTable, type Table } from '../onnx/fixtures/synthetic-data';
import { buildModelJson, type ModelJson } from '../pipeline/model-json';
import { predictPipeline } from '../pipeline/predict';
import type { FittedPipeline } from '../pipeline/types';
import { csvLine } from '../util/csv-writer';
import { OrtPool } from './ort-pool';
import { feedData } from './ort-session';
import { scoreFile } from './score-file';
import { ShadowLane, type Scorer } from './shadow-lane';

const dir = mkdtempSync(join(tmpdir(), 'score-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const train = makeTable(300, 1);
const test = makeTable(250, 5, true);

/** Writes the table as a user would have it: ISO dates, yes/no flags, an extra column, empty cells for missing. */
function writeCsv(t: Table, path: string, edit?: (row: string[], i: number) => void): void {
  const names = ['id', 'x1', 'x 2', 'flag', 'color', 'city', 'when', 'note', 'unused extra'];
  const lines = [csvLine(names)];
  for (let i = 0; i < t.n; i++) {
    const row = [String(i), ...csvCells(t, i), 'ignored'];
    edit?.(row, i);
    lines.push(csvLine(row));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

function exportModel(name: string, p: FittedPipeline): { onnxPath: string; modelJson: ModelJson } {
  const onnxPath = join(dir, `${name}.onnx`);
  writeFileSync(onnxPath, pipelineToOnnx(p));
  const modelJson = buildModelJson({
    appVersion: '0.1.0',
    task: p.task === 'regression' ? 'regression' : 'classification',
    pipeline: p,
    family: 'test',
    trainingData: { rows: 300, columns: 8 },
    trainingSeconds: 1,
  });
  return { onnxPath, modelJson };
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === '\n')) {
      row.push(cell);
      cell = '';
      if (ch === '\n') {
        rows.push(row);
        row = [];
      }
    } else cell += ch;
  }
  return rows;
}

describe('scoreFile', () => {
  it('scores a classifier in batches, row-aligned, matching predictPipeline, with progress', async () => {
    const p = fixturePipelines(train, 'multiclass').ensemble;
    const { onnxPath, modelJson } = exportModel('multi', p);
    const inputPath = join(dir, 'new.csv');
    writeCsv(test, inputPath);
    const outputPath = join(dir, 'out', 'pred.csv');
    const progress: number[] = [];
    const totals = new Set<string>();
    const r = await scoreFile({
      onnxPath,
      modelJson,
      inputPath,
      outputPath,
      batchRows: 64,
      threads: 2,
      onProgress: (n, total) => {
        progress.push(n);
        totals.add(JSON.stringify(total));
      },
    });
    // A small CSV is read whole by the estimate: its row count is exact.
    expect([...totals]).toEqual([JSON.stringify({ rows: test.n, exact: true })]);
    expect(r.rows).toBe(test.n);
    expect(r.columns).toEqual(['prediction', 'proba_low', 'proba_mid', 'proba_high']);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[progress.length - 1]).toBe(test.n);
    const rows = parseCsv(readFileSync(outputPath, 'utf8'));
    expect(rows[0]).toEqual(r.columns);
    expect(rows).toHaveLength(test.n + 1);
    const ref = predictPipeline(p, test.cols);
    rows.slice(1).forEach((row, i) => {
      expect(row[0]).toBe(ref.prediction[i]);
      for (let c = 0; c < 3; c++) {
        const want = (ref.probabilities as Float64Array)[i * 3 + c];
        // A linear member gives NaN when the date is missing (types.ts has no datetime imputation): written as ''.
        if (Number.isNaN(want)) expect(row[1 + c]).toBe('');
        else expect(Math.abs(Number(row[1 + c]) - want)).toBeLessThan(1e-12);
      }
    });
    expect(r.preview[0]).toEqual(rows[1]);
    expect(readdirSync(join(dir, 'out'))).toEqual(['pred.csv']);
    // One in-process session writes the same file as the pool of scoring threads.
    const single = join(dir, 'single.csv');
    await scoreFile({ onnxPath, modelJson, inputPath, outputPath: single, batchRows: 48, threads: 1 });
    expect(readFileSync(single, 'utf8')).toBe(readFileSync(outputPath, 'utf8'));
  });

  it('writes regression values and escapes labels that look like formulas', async () => {
    const reg = fixturePipelines(train, 'regression').gradient_boosting;
    const a = exportModel('reg', reg);
    const inputPath = join(dir, 'reg.csv');
    writeCsv(test, inputPath);
    const r = await scoreFile({ ...a, inputPath, outputPath: join(dir, 'reg-out.csv') });
    const ref = predictPipeline(reg, test.cols).prediction as number[];
    const vals = parseCsv(readFileSync(join(dir, 'reg-out.csv'), 'utf8'))
      .slice(1)
      .map((row) => Number(row[0]));
    vals.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-12));
    expect(r.columns).toEqual(['prediction']);

    const bin = fixturePipelines(train, 'binary').logistic;
    const evil: FittedPipeline = { ...bin, classes: ['=HYPERLINK("x")', '-1'] };
    const b = exportModel('evil', evil);
    await scoreFile({ ...b, inputPath, outputPath: join(dir, 'evil-out.csv') });
    const labels = new Set(
      parseCsv(readFileSync(join(dir, 'evil-out.csv'), 'utf8'))
        .slice(1)
        .map((row) => row[0]),
    );
    expect(labels).toEqual(new Set(['\'=HYPERLINK("x")', '-1']));
  });

  it('reads parquet with typed columns the same way, and a header-only CSV as zero rows', async () => {
    const p = fixturePipelines(train, 'binary').gradient_boosting;
    const m = exportModel('gbm-bin', p);
    const csv = join(dir, 'typed.csv');
    writeCsv(test, csv);
    const parquet = join(dir, 'typed.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    // Real types in the file: DOUBLE, BOOLEAN, TIMESTAMP, VARCHAR.
    await conn.run(`COPY (SELECT id, x1, "x 2", CASE flag WHEN 'yes' THEN true WHEN 'no' THEN false END AS flag, color, city,
      CAST("when" AS TIMESTAMP) AS "when", note FROM read_csv('${csv}', header = true)) TO '${parquet}' (FORMAT parquet)`);
    conn.closeSync();
    db.closeSync();
    await scoreFile({ ...m, inputPath: csv, outputPath: join(dir, 'from-csv.csv') });
    await scoreFile({ ...m, inputPath: parquet, outputPath: join(dir, 'from-parquet.csv') });
    expect(readFileSync(join(dir, 'from-parquet.csv'), 'utf8')).toBe(readFileSync(join(dir, 'from-csv.csv'), 'utf8'));

    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'x1,x 2,flag,color,city,when,note\n');
    const r = await scoreFile({ ...m, inputPath: empty, outputPath: join(dir, 'empty-out.csv') });
    expect(r.rows).toBe(0);
    expect(readFileSync(join(dir, 'empty-out.csv'), 'utf8')).toBe('prediction,proba_no,proba_yes\n');
  });

  it('names missing columns and reports an unreadable value with its row', async () => {
    const p = fixturePipelines(train, 'binary').random_forest;
    const m = exportModel('rf', p);
    const noColor = join(dir, 'no-color.csv');
    writeFileSync(noColor, 'x1,x 2\n1,2\n');
    const e1 = await scoreFile({ ...m, inputPath: noColor, outputPath: join(dir, 'x.csv') }).catch((e: unknown) => e);
    expect((e1 as CodedError).code).toBe('column-missing');
    expect((e1 as CodedError).message).toMatch(/'flag', 'color', 'city', 'when', 'note'/);

    const bad = join(dir, 'bad.csv');
    writeCsv(test, bad, (row, i) => {
      if (i === 99) row[1] = 'twelve';
    });
    const out = join(dir, 'bad-out.csv');
    const e2 = await scoreFile({ ...m, inputPath: bad, outputPath: out, batchRows: 32 }).catch((e: unknown) => e);
    expect((e2 as CodedError).code).toBe('column-type');
    expect((e2 as CodedError).message).toMatch(/^Row 100: column 'x1' holds "twelve", which is not a number/);
    expect(existsSync(out)).toBe(false);

    // Words for missing, in any case and with spaces, are missing numbers (scored as an empty cell is), not unreadable.
    const words = [' N/A ', 'NULL', '#n/a', '?', 'None', 'nan', 'NA'];
    const naWords = join(dir, 'na-words.csv');
    const blanks = join(dir, 'blanks.csv');
    writeCsv(test, naWords, (row, i) => {
      if (i < words.length) row[1] = words[i];
    });
    writeCsv(test, blanks, (row, i) => {
      if (i < words.length) row[1] = '';
    });
    await scoreFile({ ...m, inputPath: naWords, outputPath: join(dir, 'na-out.csv'), batchRows: 4 });
    await scoreFile({ ...m, inputPath: blanks, outputPath: join(dir, 'blank-out.csv'), batchRows: 4 });
    expect(readFileSync(join(dir, 'na-out.csv'), 'utf8')).toBe(readFileSync(join(dir, 'blank-out.csv'), 'utf8'));

    const badFlag = join(dir, 'bad-flag.csv');
    writeCsv(test, badFlag, (row, i) => {
      if (i === 4) row[3] = 'maybe';
    });
    const e3 = await scoreFile({ ...m, inputPath: badFlag, outputPath: out }).catch((e: unknown) => e);
    expect((e3 as CodedError).message).toMatch(/^Row 5: column 'flag' holds "maybe", which is not a yes\/no value/);
  });

  it('stops when cancelled and leaves no output behind', async () => {
    const p = fixturePipelines(train, 'regression').ridge;
    const m = exportModel('ridge', p);
    const inputPath = join(dir, 'cancel.csv');
    writeCsv(test, inputPath);
    const ac = new AbortController();
    const out = join(dir, 'cancel-out.csv');
    const err = await scoreFile({
      ...m,
      inputPath,
      outputPath: out,
      batchRows: 16,
      signal: ac.signal,
      onProgress: () => ac.abort(),
    }).catch((e: unknown) => e);
    expect((err as CodedError).code).toBe('cancelled');
    expect(existsSync(out)).toBe(false);
  });

  it('closes a pool of scoring threads while batches run: they finish, nothing crashes, later runs fail', async () => {
    const p = fixturePipelines(train, 'regression').gradient_boosting;
    const m = exportModel('pool', p);
    const ref = predictPipeline(p, test.cols).prediction as number[];
    for (let k = 0; k < 5; k++) {
      const pool = await OrtPool.open(m.onnxPath, 2);
      // run() transfers the feeds' buffers to the thread: each run gets its own copy.
      const feeds = (): ReturnType<typeof feedData> =>
        feedData(m.modelJson.features, structuredClone(test.cols), test.n);
      const runs = [0, 1, 2, 3].map(() => pool.run(feeds()));
      await pool.close();
      for (const r of await Promise.all(runs)) {
        (r.prediction as number[]).forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-9));
      }
      await expect(pool.run(feeds())).rejects.toThrow();
    }
  });

  it('opens its scoring threads while the table opens: each failure keeps its message and no thread is left', async () => {
    const p = fixturePipelines(train, 'binary').gradient_boosting;
    const m = exportModel('early', p);
    const input = join(dir, 'early.csv');
    writeCsv(test, input);
    const damaged = join(dir, 'damaged.onnx');
    writeFileSync(damaged, readFileSync(m.onnxPath).subarray(0, 200));
    const noColor = join(dir, 'early-no-color.csv');
    writeFileSync(noColor, 'x1,x 2\n1,2\n');
    const opens = vi.spyOn(OrtPool, 'open');
    const closes = vi.spyOn(OrtPool.prototype, 'close');
    // Every pool that opened has been closed.
    const leftOpen = async (): Promise<number> => {
      const pools = await Promise.allSettled(opens.mock.results.map((r) => r.value as Promise<OrtPool>));
      const closed = new Set(closes.mock.contexts);
      return pools.filter((r) => r.status === 'fulfilled' && !closed.has(r.value)).length;
    };
    try {
      const run = (over: Partial<Parameters<typeof scoreFile>[0]>) =>
        scoreFile({ ...m, inputPath: input, outputPath: join(dir, 'early-out.csv'), threads: 2, ...over }).catch(
          (e: unknown) => (e as CodedError).code,
        );
      // The input is missing: the threads opened meanwhile are closed.
      expect(await run({ inputPath: join(dir, 'nowhere.csv') })).toBe('file-not-found');
      // A column is missing and the model is damaged: the column is named first, as before.
      expect(await run({ inputPath: noColor, onnxPath: damaged })).toBe('column-missing');
      expect(await run({ onnxPath: damaged })).toBe('invalid-input');
      expect(await run({ inputPath: noColor })).toBe('column-missing');
      const rows = await scoreFile({ ...m, inputPath: input, outputPath: join(dir, 'early-out.csv'), threads: 2 });
      expect(rows.rows).toBe(test.n);
      expect(opens.mock.results.length).toBeGreaterThanOrEqual(3);
      expect(await leftOpen()).toBe(0);
    } finally {
      opens.mockRestore();
      closes.mockRestore();
    }
  });
});

describe('scoreFile with a shadow model', () => {
  it("writes both models' predictions from one read, each as scoring it alone does; a shadow's failure stops it alone", async () => {
    const fitted = fixturePipelines(train, 'binary');
    const champion = exportModel('champion', fitted.gradient_boosting);
    const shadow = exportModel('shadow', fitted.logistic);
    const input = join(dir, 'shadow-in.csv');
    writeCsv(test, input);
    const alone = async (m: { onnxPath: string; modelJson: ModelJson }, name: string) => {
      await scoreFile({ ...m, inputPath: input, outputPath: join(dir, name) });
      return readFileSync(join(dir, name), 'utf8');
    };
    const [championAlone, shadowAlone] = [await alone(champion, 'c.csv'), await alone(shadow, 's.csv')];
    expect(shadowAlone).not.toBe(championAlone);
    // Two scoring threads (the default here): the champion's take the buffers of the columns both read.
    const both = await scoreFile({
      ...champion,
      inputPath: input,
      outputPath: join(dir, 'c2.csv'),
      threads: 2,
      shadow: { ...shadow, outputPath: join(dir, 's2.csv') },
    });
    expect(both.shadow).toEqual({ rows: test.n });
    expect(readFileSync(join(dir, 'c2.csv'), 'utf8')).toBe(championAlone);
    expect(readFileSync(join(dir, 's2.csv'), 'utf8')).toBe(shadowAlone);

    // A column the shadow needs is missing, or its model file is damaged: it stops, writes nothing; the champion scores.
    const missing = shadow.modelJson.features[0];
    const needs = { ...shadow.modelJson, features: [...shadow.modelJson.features, { ...missing, name: 'not there' }] };
    const damaged = join(dir, 'damaged.onnx');
    writeFileSync(damaged, readFileSync(shadow.onnxPath).subarray(0, 200));
    for (const [spec, code] of [
      [{ onnxPath: shadow.onnxPath, modelJson: needs }, 'column-missing'],
      [{ onnxPath: damaged, modelJson: shadow.modelJson }, 'invalid-input'],
    ] as const) {
      const out = join(dir, `s-${code}.csv`);
      const res = await scoreFile({
        ...champion,
        inputPath: input,
        outputPath: join(dir, 'c3.csv'),
        shadow: { ...spec, outputPath: out },
      });
      expect(res.shadow).toEqual({ error: expect.objectContaining({ code }) });
      expect(existsSync(out)).toBe(false);
      expect(readFileSync(join(dir, 'c3.csv'), 'utf8')).toBe(championAlone);
    }

    // A shadow scorer that fails before the table is open (a damaged model loads fast) is read later, in plan() and
    // close(): until then it is not an unhandled rejection.
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', listener);
    try {
      const failed = Promise.reject<Scorer>(new CodedError('invalid-input', 'damaged shadow model'));
      const lane = new ShadowLane({ ...shadow, onnxPath: damaged, outputPath: join(dir, 's4.csv') }, failed);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      await expect(lane.close()).resolves.toBeUndefined();
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
