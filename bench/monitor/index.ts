/**
 * Cost of the prediction log: scoring a generated churn CSV with a registered model, with logging (summary counts
 * in the scoring loop, the batch and its drift committed to the model's DuckDB log, byte copies of the scored file
 * and the predictions kept as its rows) against plain scoring, in the same run, alternating (base, logged, base,
 * logged, ...). Goal: ≤ 1.3× on 1M rows. Also prints what compacting the copies into Parquet costs on the first read.
 *   OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 flock /work/bench.lock \
 *     npx tsx --tsconfig tsconfig.node.json bench/monitor/index.ts [--rows 1000000] [--rounds 2] [--log all|predictions]
 * The CSV goes to bench/.data/ (git-ignored) and is reused.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRows } from '@shared/monitor';
import { generateChurnCsv } from './churn-csv';
import { ModelRegistry } from '../../src-main/services/registry/model-registry';
import { tabularModelJson } from '../../src-main/engine/artifacts/model-json';
import { scoreFile } from '../../src-main/engine/predict/score-file';
import { BatchAccumulator } from '../../src-main/engine/monitor/batch-accumulator';
import { trainingReference } from '../../src-main/engine/monitor/reference';
import { beginBatch } from '../../src-main/engine/monitor/log-batch';
import { withLog } from '../../src-main/engine/monitor/log-db';
import { compactRows } from '../../src-main/engine/monitor/row-files';
import { applyUpdate, readSettings, writeSettings } from '../../src-main/engine/monitor/settings';
import { churnModel, churnRows, profileOf, writeChurnCsv } from '../../src-main/engine/monitor/fixtures/churn';
import { medianTiming, numberArg, ratios, timed, type Timing } from '../lib/timing';

const DATA = join(__dirname, '..', '.data');

async function main(): Promise<void> {
  const rows = numberArg('rows', 1_000_000);
  const rounds = numberArg('rounds', 2);
  const li = process.argv.indexOf('--log');
  const logRows = (li >= 0 ? process.argv[li + 1] : 'all') as LogRows;
  mkdirSync(DATA, { recursive: true });
  const input = join(DATA, `monitor-churn-${rows}.csv`);
  await generateChurnCsv(input, rows);
  const dir = mkdtempSync(join(tmpdir(), 'bench-monitor-'));
  try {
    const train = writeChurnCsv(join(dir, 'train.csv'), churnRows(5000, 1));
    const { modelJson, onnx } = churnModel(await profileOf(train, dir, 'churned'), 0.7);
    const saved = await new ModelRegistry(dir).save({ modelId: 'churn', modelJson, onnx });
    const resolved = await new ModelRegistry(dir).resolve('churn');
    const model = { ...resolved, modelJson: tabularModelJson(resolved.modelJson) };
    await withLog(dir, 'churn', async (conn) =>
      writeSettings(conn, applyUpdate(await readSettings(conn), { logRows, maxRows: 100_000_000 })),
    );
    const out = join(dir, 'out.csv');
    const base = () =>
      scoreFile({ onnxPath: model.onnxPath, modelJson: model.modelJson, inputPath: input, outputPath: out });
    // As the predict job does it: the input rows are copied while scoring runs, the predictions after.
    const logged = async () => {
      const acc = new BatchAccumulator(trainingReference(model.modelJson));
      const pending = await beginBatch({
        dataDir: dir,
        modelId: 'churn',
        modelJson: model.modelJson,
        inputPath: input,
      });
      await scoreFile({
        onnxPath: model.onnxPath,
        modelJson: model.modelJson,
        inputPath: input,
        outputPath: out,
        watch: acc,
      });
      await pending.finish({ version: saved.version, outputPath: out, counts: acc.finish(), source: 'cli' });
    };
    const b: Timing[] = [];
    const l: Timing[] = [];
    for (let r = 0; r < rounds; r++) {
      b.push(await timed(base));
      l.push(await timed(logged));
      console.log(
        `round ${r + 1}: plain ${(b[r].wall / 1000).toFixed(1)} s, logged ${(l[r].wall / 1000).toFixed(1)} s`,
      );
    }
    // The byte copies are compacted into Parquet on the first read of the log (feedback, Monitor screen).
    const compact = await timed(() => withLog(dir, 'churn', (conn) => compactRows(conn, dir, 'churn')));
    const mb = medianTiming(b);
    const ml = medianTiming(l);
    const logBytes = statSync(join(dir, 'monitor', 'churn', 'log.duckdb')).size;
    console.log(
      JSON.stringify({
        rows,
        logRows,
        plainSeconds: +(mb.wall / 1000).toFixed(2),
        loggedSeconds: +(ml.wall / 1000).toFixed(2),
        plainCpuSeconds: +(mb.cpu / 1000).toFixed(2),
        loggedCpuSeconds: +(ml.cpu / 1000).toFixed(2),
        ratio: ratios(ml, mb),
        compactSecondsPerBatch: +(compact.wall / 1000 / rounds).toFixed(2),
        compactCpuSecondsPerBatch: +(compact.cpu / 1000 / rounds).toFixed(2),
        logMegabytes: +(logBytes / 1e6).toFixed(1),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
