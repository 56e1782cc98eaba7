/**
 * Shadow mode (issue 15): the model's shadow version (a candidate chosen in the monitoring settings) scores the rows
 * the active version scores, from the same read of the file (scoreFile's `shadow`). Its predictions go to a scratch
 * file and into the log with role 'shadow', beside the champion batch; they are never returned. A failure is a note.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import type { BatchSummary } from '@shared/monitor';
import { ModelRegistry } from '../../services/registry/model-registry';
import { tabularModelJson } from '../../engine/artifacts/model-json';
import type { ShadowOutcome, ShadowScoring } from '../../engine/predict/shadow-lane';
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
}

/** A shadow batch being scored: what scoreFile needs, then its logging once the champion batch is logged. */
export interface OpenShadow {
  scoring: ShadowScoring;
  /**
   * Logs the batch when it scored and the champion batch was logged (`championLogged`); a note when it could not
   * score. Its scratch file is removed either way.
   */
  finish(
    outcome: ShadowOutcome | undefined,
    championLogged: boolean,
    source: BatchSummary['source'],
  ): Promise<string | undefined>;
  /** The prediction failed: nothing is logged. */
  abort(): Promise<void>;
}

/** Prepares the shadow batch; a note instead when the shadow version cannot be opened. */
export async function openShadow(args: ShadowArgs): Promise<OpenShadow | { note: string }> {
  await mkdir(join(args.dataDir, 'scratch'), { recursive: true });
  const work = await mkdtemp(join(args.dataDir, 'scratch', 'shadow-'));
  const clean = () => rm(work, { recursive: true, force: true });
  try {
    const model = await new ModelRegistry(args.dataDir).resolve(args.modelId, args.version);
    const modelJson = tabularModelJson(model.modelJson);
    const watch = new BatchAccumulator(trainingReference(modelJson));
    const pending = await beginBatch({
      dataDir: args.dataDir,
      modelId: args.modelId,
      modelJson,
      inputPath: args.inputPath,
      shadowOf: args.championBatchId,
    });
    const outputPath = join(work, 'shadow.csv');
    return {
      scoring: { onnxPath: model.onnxPath, modelJson, outputPath, watch },
      finish: async (outcome, championLogged, source) => {
        try {
          if (!outcome || 'error' in outcome || !championLogged) {
            await pending.abort();
            return outcome && 'error' in outcome ? shadowNote(args.version, outcome.error) : undefined;
          }
          await pending.finish({
            version: args.version,
            outputPath,
            counts: watch.finish(),
            source,
            role: 'shadow',
            shadowOf: args.championBatchId,
          });
          return undefined;
        } catch (err) {
          return shadowNote(args.version, err);
        } finally {
          await clean();
        }
      },
      abort: async () => {
        await pending.abort();
        await clean();
      },
    };
  } catch (err) {
    await clean();
    return { note: shadowNote(args.version, err) };
  }
}

function shadowNote(version: number, err: unknown): string {
  const why = err instanceof CodedError ? ` ${err.message}` : '';
  return `The shadow version ${version} could not score this file, so it has no predictions beside these.${why}`;
}
