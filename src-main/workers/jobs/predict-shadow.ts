/**
 * Shadow mode (issue 15): after the active version scored and logged a batch, the model's shadow version (a
 * candidate chosen in the monitoring settings) scores the same file. Its predictions go to a scratch file and into
 * the log with role 'shadow', beside the champion batch; they are never returned. A failure is a note.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import type { BatchSummary } from '@shared/monitor';
import { ModelRegistry } from '../../services/registry/model-registry';
import { tabularModelJson } from '../../engine/artifacts/model-json';
import { scoreFile } from '../../engine/predict/score-file';
import { BatchAccumulator } from '../../engine/monitor/batch-accumulator';
import { trainingReference } from '../../engine/monitor/reference';
import { beginBatch } from '../../engine/monitor/log-batch';

export interface ShadowArgs {
  dataDir: string;
  modelId: string;
  /** The shadow version, and the batch of the active version it scores beside. */
  version: number;
  championBatchId: string;
  inputPath: string;
  source: BatchSummary['source'];
  signal?: AbortSignal;
}

/** Scores and logs the shadow batch; returns a note when it could not (the champion's predictions stand). */
export async function scoreShadow(args: ShadowArgs): Promise<string | undefined> {
  await mkdir(join(args.dataDir, 'scratch'), { recursive: true });
  const work = await mkdtemp(join(args.dataDir, 'scratch', 'shadow-'));
  try {
    const model = await new ModelRegistry(args.dataDir).resolve(args.modelId, args.version);
    const mj = tabularModelJson(model.modelJson);
    const watch = new BatchAccumulator(trainingReference(mj));
    const pending = await beginBatch({
      dataDir: args.dataDir,
      modelId: args.modelId,
      modelJson: mj,
      inputPath: args.inputPath,
      shadowOf: args.championBatchId,
    });
    const out = join(work, 'shadow.csv');
    try {
      await scoreFile({
        onnxPath: model.onnxPath,
        modelJson: mj,
        inputPath: args.inputPath,
        outputPath: out,
        signal: args.signal,
        watch,
      });
    } catch (err) {
      await pending.abort();
      throw err;
    }
    await pending.finish({
      version: args.version,
      outputPath: out,
      counts: watch.finish(),
      source: args.source,
      role: 'shadow',
      shadowOf: args.championBatchId,
    });
    return undefined;
  } catch (err) {
    const why = err instanceof CodedError ? ` ${err.message}` : '';
    return `The shadow version ${args.version} could not score this file, so it has no predictions beside these.${why}`;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
