/**
 * What shadow mode could share with the champion's scoring. With a shadow version set, a prediction scores its file
 * twice (workers/jobs/predict-shadow.ts): the champion's scoreFile, then the shadow's, each reading and parsing the
 * file, running its own model and writing its own CSV (the log already keeps the inputs once: a shadow batch has
 * only predictions). Only the read can be shared (the models differ); this measures its share of one scoreFile:
 * scoreFile on a generated churn CSV against reading the same columns through the same reader (openTable, DuckDB's
 * parse and transfer), in the same run, alternating.
 *   OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 flock /work/bench.lock \
 *     npx tsx --tsconfig tsconfig.node.json bench/monitor/shadow-share.ts [--rows 300000] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateChurnCsv } from './churn-csv';
import { ModelRegistry } from '../../src-main/services/registry/model-registry';
import { tabularModelJson } from '../../src-main/engine/artifacts/model-json';
import { scoreFile, SCORE_BATCH_ROWS } from '../../src-main/engine/predict/score-file';
import { openTable } from '../../src-main/engine/predict/read-table';
import { churnModel, churnRows, profileOf, writeChurnCsv } from '../../src-main/engine/monitor/fixtures/churn';
import { medianTiming, numberArg, timed, type Timing } from '../lib/timing';

async function main(): Promise<void> {
  const rows = numberArg('rows', 300_000);
  const rounds = numberArg('rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'bench-shadow-'));
  try {
    const input = join(dir, 'batch.csv');
    await generateChurnCsv(input, rows);
    const train = writeChurnCsv(join(dir, 'train.csv'), churnRows(5000, 1));
    const { modelJson, onnx } = churnModel(await profileOf(train, dir, 'churned'), 0.7);
    await new ModelRegistry(dir).save({ modelId: 'churn', modelJson, onnx });
    const resolved = await new ModelRegistry(dir).resolve('churn');
    const mj = tabularModelJson(resolved.modelJson);
    const score = () =>
      scoreFile({ onnxPath: resolved.onnxPath, modelJson: mj, inputPath: input, outputPath: join(dir, 'out.csv') });
    const readOnly = async () => {
      const table = await openTable(input);
      try {
        const stream = await table.read(
          mj.features.map((f) => ({
            name: f.name,
            as: f.onnxType === 'string' ? ('cell' as const) : ('number' as const),
          })),
        );
        while (await stream.next(SCORE_BATCH_ROWS));
      } finally {
        table.close();
      }
    };
    const s: Timing[] = [];
    const r: Timing[] = [];
    for (let i = 0; i < rounds; i++) {
      s.push(await timed(score));
      r.push(await timed(readOnly));
      console.log(
        `round ${i + 1}: scoreFile ${(s[i].cpu / 1000).toFixed(2)} s CPU, read only ${(r[i].cpu / 1000).toFixed(2)} s CPU`,
      );
    }
    const ms = medianTiming(s);
    const mr = medianTiming(r);
    console.log(
      JSON.stringify({
        rows,
        features: mj.features.map((f) => f.name),
        scoreFileCpuSeconds: +(ms.cpu / 1000).toFixed(2),
        readOnlyCpuSeconds: +(mr.cpu / 1000).toFixed(2),
        readShareOfScoreFile: +(mr.cpu / ms.cpu).toFixed(3),
        readShareWall: +(mr.wall / ms.wall).toFixed(3),
        // Shadow mode costs two scoreFiles; sharing the read would save one read of the two.
        shadowModeSaving: +(mr.cpu / (2 * ms.cpu)).toFixed(3),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
