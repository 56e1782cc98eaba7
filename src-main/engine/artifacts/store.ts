import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import type { AnalyticsTask, MetricName } from '@shared/tasks';
import type { AnomalyModelJson } from '../anomaly/anomaly-model';
import type { SegmentModelJson } from '../cluster/run-segmentation';
import type { ForecastModelJson } from '../forecast/model-json';
import type { ImageModelJson } from '../image/model-json';
import type { FittedPipeline } from '../pipeline/types';
import type { ExplainerFile } from '../explain/explainer-file';
import { ARTIFACT_FILES, pipelineFile } from './files';
import type { TaskResultFile, TaskResultOf } from './task-result';

/** split.json: the rows held out for testing (indices into the stored data) and how validation was done. */
export interface SplitFile {
  testIndices: number[];
  seed: number;
  testFraction: number;
  validation?: {
    kind: string;
    folds: number;
    /** Repeated k-fold: how many times the folds were drawn. */
    repeats?: number;
    stratified: boolean;
    orderedBy?: string;
    /** Holdout validation rows; absent for k-fold. */
    validationIndices?: number[];
  };
}

/** The type of each JSON artifact, by its key in ARTIFACT_FILES. */
export interface JsonArtifacts {
  pipeline: FittedPipeline;
  explainer: ExplainerFile;
  split: SplitFile;
  leaderboard: { metric: MetricName; rows: LeaderboardRow[] };
  imageModel: ImageModelJson;
  taskResult: TaskResultFile;
  forecastModel: ForecastModelJson;
  segmentModel: SegmentModelJson;
  anomalyModel: AnomalyModelJson;
}
export type JsonArtifactKey = keyof JsonArtifacts;

export const artifactPath = (dir: string, key: keyof typeof ARTIFACT_FILES): string => join(dir, ARTIFACT_FILES[key]);

export const hasArtifact = (dir: string, key: keyof typeof ARTIFACT_FILES): boolean =>
  existsSync(artifactPath(dir, key));

/** Machine-read and possibly large (row indices, tree arrays): written without indentation. */
const COMPACT: ReadonlySet<JsonArtifactKey> = new Set(['pipeline', 'explainer', 'split', 'taskResult']);

/** Writes one JSON artifact (creating the folder); returns its path. */
export function writeArtifact<K extends JsonArtifactKey>(dir: string, key: K, value: JsonArtifacts[K]): string {
  mkdirSync(dir, { recursive: true });
  const path = artifactPath(dir, key);
  writeFileSync(path, COMPACT.has(key) ? JSON.stringify(value) : JSON.stringify(value, null, 1));
  return path;
}

/** Reads one JSON artifact this app wrote; `null` when the run did not leave it. */
export async function readArtifact<K extends JsonArtifactKey>(dir: string, key: K): Promise<JsonArtifacts[K] | null> {
  const path = artifactPath(dir, key);
  if (!existsSync(path)) return null;
  return JSON.parse(await readFile(path, 'utf8')) as JsonArtifacts[K];
}

/** Reads one JSON artifact that must be there (a missing one means the run has to be repeated). */
export async function requireArtifact<K extends JsonArtifactKey>(dir: string, key: K): Promise<JsonArtifacts[K]> {
  const value = await readArtifact(dir, key);
  if (value === null)
    throw new CodedError('model-not-found', `The trained model's ${ARTIFACT_FILES[key]} is missing. Train again.`);
  return value;
}

/** task-result.json of the given analytics task (`null` when absent). */
export async function readTaskResult<T extends AnalyticsTask>(dir: string, task: T): Promise<TaskResultOf<T> | null> {
  const result = await readArtifact(dir, 'taskResult');
  // Files from before `task` was recorded carry no tag: they belong to the project's own task.
  return result && (result.task === undefined || result.task === task) ? (result as TaskResultOf<T>) : null;
}

/** Tabular: one trial's fitted pipeline (`pipeline-<id>.json`); writes return the path. */
export function writePipeline(dir: string, modelId: string, pipeline: FittedPipeline): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, pipelineFile(modelId));
  writeFileSync(path, JSON.stringify(pipeline));
  return path;
}

/** Tabular: the pipeline of `modelId`, or the best one when it is the best or not given. */
export async function readPipeline(dir: string, modelId?: string): Promise<FittedPipeline> {
  const path = modelId ? join(dir, pipelineFile(modelId)) : artifactPath(dir, 'pipeline');
  if (!existsSync(path))
    throw new CodedError('model-not-found', `The trained model file is missing (${path}). Train again.`);
  return JSON.parse(await readFile(path, 'utf8')) as FittedPipeline;
}
