import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { buildModelJson } from '../../engine/pipeline/model-json';
import type { SinglePipeline } from '../../engine/pipeline/types';
import { predictJob } from '../../workers/jobs/predict';
import { ModelRegistry } from '../registry/model-registry';
import { MonitorService } from './monitor-service';

/**
 * Outcomes written by German Excel (`;`, "1,5", "1.234,5") are read as ingest reads such a file: the live metric
 * equals the one from the same outcomes written with decimal points, and a comma-separated file's quoted "1,5"
 * (never a decimal comma there, as in ingest) is not taken for 1.5.
 */
let dir = '';
const ctx = { signal: new AbortController().signal, emit: () => undefined };

/** price = 2·size + 1, by hand. */
const pipeline: SinglePipeline = {
  kind: 'single',
  task: 'regression',
  target: 'price',
  inputs: [{ name: 'size', kind: 'numeric' }],
  steps: [{ kind: 'numeric', column: 'size', impute: 0, center: 0, scale: 1, indicator: false }],
  featureNames: ['size'],
  model: { family: 'linear', coef: [[2]], intercept: [1], link: 'identity' },
};

const ROWS = 40;
const id = (i: number): string => `r${i}`;
/** The true price: the model's prediction plus an error of ±(0.25 + i/8), a few above a thousand. */
const truth = (i: number): number => 2 * (i * 30) + 1 + (i % 2 ? 1 : -1) * (0.25 + i / 8);
const german = (v: number): string =>
  v.toLocaleString('de-DE', { useGrouping: true, maximumFractionDigits: 10 }).replace(/\u00a0/g, ' ');

async function modelWithScoredRows(modelId: string): Promise<MonitorService> {
  const modelJson = buildModelJson({
    appVersion: '0.1.0',
    task: 'regression',
    pipeline,
    family: 'linear',
    metrics: { primary: 'rmse', test: { rmse: 1 } },
    trainingData: { rows: ROWS, columns: 2 },
    trainingSeconds: 1,
  });
  await new ModelRegistry(dir).save({ modelId, modelJson, onnx: pipelineToOnnx(pipeline) });
  const service = new MonitorService(dir);
  await service.update(modelId, { keyColumn: 'id' });
  const input = join(dir, `${modelId}-in.csv`);
  writeFileSync(input, ['id,size', ...Array.from({ length: ROWS }, (_, i) => `${id(i)},${i * 30}`)].join('\n') + '\n');
  await predictJob(
    {
      dataDir: dir,
      source: { kind: 'model', modelId },
      inputPath: input,
      outputPath: join(dir, `${modelId}-out.csv`),
    },
    ctx,
  );
  expect(readFileSync(join(dir, `${modelId}-out.csv`), 'utf8').split('\n')[2]).toBe('61');
  return service;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'feedback-commas-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('feedback outcomes written with decimal commas', () => {
  it('reads "1,5" and "1.234,5" in a ;-separated file as ingest does: the same live metric as decimal points', async () => {
    const points = await modelWithScoredRows('points');
    const pointsFile = join(dir, 'points.csv');
    writeFileSync(
      pointsFile,
      ['id,price', ...Array.from({ length: ROWS }, (_, i) => `${id(i)},${truth(i)}`)].join('\n') + '\n',
    );
    const a = await points.feedback('points', pointsFile);

    const commas = await modelWithScoredRows('commas');
    const commasFile = join(dir, 'commas.csv');
    const lines = Array.from({ length: ROWS }, (_, i) => `${id(i)};${german(truth(i))}`);
    expect(lines).toContain('r1;61,375');
    expect(lines).toContain('r39;2.346,125');
    writeFileSync(commasFile, ['id;price', ...lines].join('\r\n') + '\r\n');
    const b = await commas.feedback('commas', commasFile);

    expect(b.report).toMatchObject({ received: ROWS, matched: ROWS, unmatched: 0, empty: 0, outcomeColumn: 'price' });
    const live = (s: typeof a.state) => s.evaluations[0].perWeek[0];
    expect(live(b.state).n).toBe(ROWS);
    // RMSE by hand: the errors are ±(0.25 + i/8).
    const rmse = Math.sqrt(Array.from({ length: ROWS }, (_, i) => (0.25 + i / 8) ** 2).reduce((s, e) => s + e) / ROWS);
    expect(live(a.state).metrics.rmse).toBeCloseTo(rmse, 12);
    expect(live(b.state).metrics).toEqual(live(a.state).metrics);

    // The same outcomes as a US spreadsheet formats money ("$2,346.125"): the same metric again.
    const dollars = await modelWithScoredRows('dollars');
    const dollarsFile = join(dir, 'dollars.csv');
    const money = Array.from(
      { length: ROWS },
      (_, i) => `${id(i)},"$${truth(i).toLocaleString('en-US', { maximumFractionDigits: 10 })}"`,
    );
    expect(money).toContain('r39,"$2,346.125"');
    writeFileSync(dollarsFile, ['id,price', ...money].join('\n') + '\n');
    const c = await dollars.feedback('dollars', dollarsFile);
    expect(c.report).toMatchObject({ received: ROWS, matched: ROWS, unmatched: 0, empty: 0 });
    expect(live(c.state).metrics).toEqual(live(a.state).metrics);
  });

  it('scores and takes outcomes from German Excel files (Windows-1252, a "sep=;" line) as from their UTF-8 twins', async () => {
    const service = await modelWithScoredRows('excel');
    // The UTF-8 copies go to a temporary folder of this test's own, to see that none is left behind.
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    onTestFinished(() => {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    });
    const sizes = Array.from({ length: ROWS }, (_, i) => i * 30 + 0.5);
    // Ids with umlauts: the key logged from the scored file must match the one read from the outcomes file.
    const key = (i: number): string => `Kunde ä${i}`;
    const excel = join(dir, 'Vorhersage.csv');
    const rows = sizes.map((v, i) => `${key(i)};${german(v)};Größe ß`);
    writeFileSync(excel, Buffer.from(['sep=;', 'id;size;Notiz', ...rows].join('\r\n') + '\r\n', 'latin1'));
    const twin = join(dir, 'twin.csv');
    writeFileSync(twin, ['id,size,Notiz', ...sizes.map((v, i) => `${key(i)},${v},Größe ß`)].join('\n') + '\n');
    const scored = await Promise.all(
      [excel, twin].map(async (inputPath, n) => {
        const outputPath = join(dir, `excel-out-${n}.csv`);
        const res = await predictJob(
          { dataDir: dir, source: { kind: 'model', modelId: 'excel' }, inputPath, outputPath },
          ctx,
        );
        return { res, out: readFileSync(outputPath, 'utf8') };
      }),
    );
    expect(scored[0].out).toBe(scored[1].out);
    expect(scored[0].out.split('\n')[2]).toBe('62');
    expect(scored[0].res.input?.preview[0]).toEqual(['Kunde ä0', '0,5', 'Größe ß']);
    expect(scored[0].res.monitor?.note ?? '').not.toMatch(/could not be added/);

    const outcomes = join(dir, 'Ergebnisse.csv');
    const truthLines = sizes.map((v, i) => `${key(i)};${german(2 * v + 1 + (i % 2 ? 0.5 : -0.5))}`);
    writeFileSync(outcomes, Buffer.from(['sep=;', 'id;price', ...truthLines].join('\r\n') + '\r\n', 'latin1'));
    const { report } = await service.feedback('excel', outcomes);
    // Every id was scored twice (the German file and its twin): both batches' rows match.
    expect(report).toMatchObject({ received: ROWS, matched: ROWS, unmatched: 0, empty: 0, outcomeColumn: 'price' });
    // No copy is left behind.
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('leaves a quoted "1,5" in a comma-separated file as written (not a number there), as ingest does', async () => {
    const service = await modelWithScoredRows('quoted');
    const file = join(dir, 'quoted.csv');
    writeFileSync(file, ['id,price', `${id(0)},"1,5"`, `${id(1)},61.5`].join('\n') + '\n');
    const { report, state } = await service.feedback('quoted', file);
    expect(report).toMatchObject({ received: 2, matched: 2, empty: 0 });
    // Only the row with a readable number is scored.
    expect(state.evaluations[0].perWeek[0].n).toBe(1);
  });
});
