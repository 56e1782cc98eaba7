import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import type { BackboneMeta } from './backbone';
import type { ClassMetrics } from './metrics';

/** How model.onnx of an image classifier takes its pictures. */
export interface ImageInputSpec {
  name: 'image';
  dtype: 'float32';
  /** ['N', height, width, 3]. */
  shape: ['N', number, number, 3];
  layout: 'NHWC';
  channels: 'RGB';
  range: string;
  normalisation: string;
  /** How a picture becomes pixels, in words (decode, orientation, resize, crop). */
  preprocessing: string;
}

/**
 * image-model.json (and the model.json of an image bundle): the class labels in `probabilities` order, the
 * input contract of model.onnx, the backbone and head, validation metrics and what the data held.
 */
export interface ImageModelJson {
  format: 'automl-image-classifier';
  /** 1 as trained; the registry replaces it with the saved version number (as for every model.json). */
  version: number;
  task: 'image';
  labels: string[];
  input: ImageInputSpec;
  outputs: {
    prediction: { dtype: 'string'; shape: ['N']; meaning: string };
    probabilities: { dtype: 'float32'; shape: ['N', number]; meaning: string };
    /** Models trained before novelty have no third output. */
    novelty?: { dtype: 'float32'; shape: ['N']; meaning: string };
  };
  /** "Unlike anything it was trained on" (see novelty.ts): above `threshold` a picture is far from every class. */
  novelty?: { threshold: number; quantile: number; calibration: number; rule: string };
  backbone: BackboneMeta;
  head: { kind: 'logistic' | 'mlp'; modelId: string; params: LeaderboardRow['params'] };
  metrics: { validation: LeaderboardRow['metrics']; perClass: ClassMetrics['perClass'] };
  data: {
    classes: Array<{ name: string; count: number | undefined }>;
    train: number;
    validation: number;
    augmentedRows: number;
    droppedClasses: string[];
  };
  /** The exported graph checked against the in-app head on this many validation images. */
  exportCheck: { images: number; maxAbsDiff: number; noveltyRelDiff?: number };
  bytes: number;
  /** Set when the model is saved in the registry. */
  modelId?: string;
  createdAt?: string;
}

/** What scoring needs from an image model.json that came from a bundle or the registry (checked, not trusted). */
export function imageModelFacts(json: object): {
  labels: string[];
  input: ImageInputSpec;
  /** The novelty threshold (models with a `novelty` output), else null. */
  noveltyThreshold: number | null;
} {
  const { labels, input, novelty } = json as Partial<ImageModelJson>;
  const shape = input?.shape;
  if (
    !Array.isArray(labels) ||
    !labels.every((l) => typeof l === 'string') ||
    !Array.isArray(shape) ||
    shape.length !== 4 ||
    typeof shape[1] !== 'number' ||
    typeof shape[2] !== 'number' ||
    shape[3] !== 3 ||
    (input?.layout ?? 'NHWC') !== 'NHWC'
  ) {
    throw new CodedError(
      'invalid-input',
      'This model.json is not an image classifier (labels or an [N, height, width, 3] input missing). Train the image model again.',
    );
  }
  const threshold = novelty?.threshold;
  return {
    labels,
    input: input as ImageInputSpec,
    noveltyThreshold: typeof threshold === 'number' && Number.isFinite(threshold) ? threshold : null,
  };
}
