/**
 * model.json: everything a person or another program needs beside model.onnx: schema (inputs with their
 * ONNX types), task, target, classes, preprocessing, hyperparameters, metrics, training data shape and
 * profile (for drift checks), training time, feature importance, app and format versions.
 */
import { z } from 'zod';
import { CodedError } from '@shared/errors';
import type { DataProfile } from '@shared/project';
import { isTask, type MetricName, type ModelFamily, type TabularTask } from '@shared/tasks';
import { onnxInputType, OUTPUT_PREDICTION, OUTPUT_PROBABILITIES } from '../onnx/pipeline-to-onnx';
import { OPSETS } from '../onnx/graph-builder';
import { classesOf, stepWidth } from './predict';
import type { FeatureStep, FittedPipeline, InputKind } from './types';
import type { BundleModelJson } from '../artifacts/model-json';

export const MODEL_FORMAT_VERSION = 1;

/** One raw input column of model.onnx. */
export interface ModelFeature {
  /** The app's name of the column (the ONNX input's name). */
  name: string;
  /**
   * The column's name as written in the training file, when the app's differs ('price' beside 'Price' is the app's
   * 'price_1'): predict finds the column by it, and outputs show it.
   */
  written?: string;
  kind: InputKind;
  /** Element type of the ONNX input tensor ([N,1]). Pipelines export 'double' and 'string'; 'float' is accepted for other models. */
  onnxType: 'float' | 'double' | 'string';
  /** DuckDB type of the column in the training data (e.g. BIGINT, VARCHAR), when known: new data is read the same way. */
  dbType?: string;
  /** strptime format the training dates parsed with, when known. */
  dateFormat?: string;
}

/** One preprocessing step, summarised for people (full parameters stay in pipeline.json / the ONNX graph). */
export interface PreprocessingSummary {
  column: string;
  step: FeatureStep['kind'];
  /** Number of features it produces. */
  width: number;
  detail: string;
}

export type MetricSet = Partial<Record<MetricName, number>>;

/**
 * What the model predicted on its held-out rows (bins share the profile's (a, b] convention): the reference that
 * prediction drift is measured against. A model's predictions are narrower than the target it learnt (a regression
 * shrinks towards the mean), so against the target's own distribution every batch looked drifted.
 */
export type HeldOutPredictions =
  | { kind: 'numeric'; edges: number[]; counts: number[]; mean: number }
  | { kind: 'classes'; labels: string[]; counts: number[] };

export interface ModelJson {
  formatVersion: 1;
  appVersion: string;
  modelId: string;
  /** 1, 2, ... within modelId; the registry assigns it on save. */
  version: number;
  /** ISO 8601. */
  createdAt: string;
  task: TabularTask;
  /** For tabular pipelines: regression, binary or multiclass. */
  pipelineTask?: 'regression' | 'binary' | 'multiclass';
  target: string | null;
  /** The target's name as written in the training file, when the app's differs (as ModelFeature.written). */
  targetWritten?: string;
  /** Class labels in the order of `probabilities` columns and `proba_<class>` output columns. */
  classes?: string[];
  features: ModelFeature[];
  preprocessing: PreprocessingSummary[];
  family: ModelFamily | string;
  hyperparameters: Record<string, number | string | boolean>;
  metrics: { primary?: MetricName; train?: MetricSet; validation?: MetricSet; test?: MetricSet };
  trainingData: { rows: number; columns: number; profile?: DataProfile; predictions?: HeldOutPredictions };
  trainingSeconds: number;
  featureImportance?: Array<{ feature: string; importance: number }>;
  /** How to call model.onnx. */
  onnx: {
    file: 'model.onnx';
    opsets: Record<string, number>;
    inputs: Array<{ name: string; type: string; shape: Array<string | number> }>;
    outputs: Array<{ name: string; type: string; shape: Array<string | number>; description: string }>;
    missing: { numeric: 'NaN'; string: '' };
  };
  [extra: string]: unknown;
}

function summarise(s: FeatureStep): PreprocessingSummary {
  const detail = ((): string => {
    switch (s.kind) {
      case 'numeric':
        return `standardised (centre ${s.center}, scale ${s.scale}); missing -> ${s.impute + s.center}${s.indicator ? ', plus a missing indicator' : ''}`;
      case 'spline':
        return `piecewise-linear spline basis with ${s.knots.length} knots (standardised units)`;
      case 'onehot':
        return `one-hot over ${s.categories.length} categories; unseen or missing -> all zeros`;
      case 'ordinal':
        return `ordinal code over ${s.categories.length} categories; unseen or missing -> -1`;
      case 'target':
        return `target encoding over ${s.categories.length} categories; unseen or missing -> the training mean`;
      case 'datetime':
        return `date parts (UTC): ${s.parts.join(', ')}`;
      case 'tfidf':
        return `TF-IDF over ${s.vocabulary.length} terms (${s.ngram[0]}-${s.ngram[1]}-grams), L2-normalised`;
    }
  })();
  return { column: s.column, step: s.kind, width: stepWidth(s), detail };
}

function stepsOf(p: FittedPipeline): FeatureStep[] {
  if (p.kind === 'single') return p.steps;
  if (p.kind === 'stack') return p.bases.flatMap((b) => b.pipelines.flatMap((m) => m.steps));
  return p.members.flatMap((m) => m.pipeline.steps);
}

export interface BuildModelJsonArgs {
  appVersion: string;
  task: TabularTask;
  /** A tabular pipeline: features, classes, preprocessing and the ONNX contract are derived from it. */
  pipeline?: FittedPipeline;
  /** Without a pipeline, the caller describes the model's inputs (e.g. segmentation, image models). */
  features?: ModelFeature[];
  target?: string | null;
  classes?: string[];
  outputs?: ModelJson['onnx']['outputs'];
  family: ModelFamily | string;
  hyperparameters?: Record<string, number | string | boolean>;
  metrics?: ModelJson['metrics'];
  trainingData: { rows: number; columns: number; profile?: DataProfile; predictions?: HeldOutPredictions };
  trainingSeconds: number;
  featureImportance?: Array<{ feature: string; importance: number }>;
  modelId?: string;
  version?: number;
  createdAt?: Date | number;
  extra?: Record<string, unknown>;
}

/** A model id made from words: lower-case letters, digits and dashes. */
export function slugId(...words: string[]): string {
  const s = words
    .join('-')
    .toLowerCase()
    .normalize('NFKD')
    // The accents NFKD split off go, not the letter: gekündigt is gekundigt, not geku-ndigt.
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (s || 'model').slice(0, 48).replace(/-+$/, '');
}

/**
 * How a binary pipeline with a decision threshold picks its label, in words (model.json and the report), or null
 * for the argmax: "'present' when its probability is above 0.2712 (...), otherwise 'absent'".
 */
export function decisionRule(p: FittedPipeline | null | undefined): string | null {
  const t = p?.task === 'binary' ? p.decisionThreshold : undefined;
  const classes = p?.classes;
  if (t === undefined || !classes || classes.length !== 2) return null;
  return `'${classes[1]}' when its probability is above ${Math.round(t * 1e4) / 1e4} (a threshold chosen on out-of-fold predictions for the run's metric, in place of 0.5), otherwise '${classes[0]}'`;
}

export function buildModelJson(a: BuildModelJsonArgs): ModelJson {
  const p = a.pipeline;
  const profileCols = new Map((a.trainingData.profile?.columns ?? []).map((c) => [c.name, c]));
  const features: ModelFeature[] = p
    ? p.inputs.map((i) => {
        const prof = profileCols.get(i.name);
        return {
          name: i.name,
          ...(prof?.written !== undefined ? { written: prof.written } : {}),
          kind: i.kind,
          onnxType: onnxInputType(i.kind),
          ...(prof?.dbType ? { dbType: prof.dbType } : {}),
          ...(prof?.dateFormat ? { dateFormat: prof.dateFormat } : {}),
        };
      })
    : (a.features ?? []);
  const classes = p ? (p.task === 'regression' ? undefined : classesOf(p)) : a.classes;
  const target = p ? p.target : (a.target ?? null);
  const targetWritten = target === null ? undefined : profileCols.get(target)?.written;
  const rule = decisionRule(p);
  const outputs =
    a.outputs ??
    (classes
      ? [
          {
            name: OUTPUT_PREDICTION,
            type: 'tensor(string)',
            shape: ['N'],
            description: rule ? `predicted class label: ${rule}` : 'predicted class label',
          },
          {
            name: OUTPUT_PROBABILITIES,
            type: 'tensor(double)',
            shape: ['N', classes.length],
            description: 'class probabilities, columns in `classes` order',
          },
        ]
      : [
          {
            name: OUTPUT_PREDICTION,
            type: 'tensor(double)',
            shape: ['N'],
            description: `predicted ${targetWritten ?? target ?? 'value'}`,
          },
        ]);
  const created = a.createdAt === undefined ? new Date() : new Date(a.createdAt);
  return {
    ...a.extra,
    formatVersion: MODEL_FORMAT_VERSION,
    appVersion: a.appVersion,
    modelId: a.modelId ?? slugId(target ?? a.task, String(a.family)),
    version: a.version ?? 1,
    createdAt: created.toISOString(),
    task: a.task,
    ...(p ? { pipelineTask: p.task } : {}),
    target,
    ...(targetWritten !== undefined ? { targetWritten } : {}),
    ...(classes ? { classes } : {}),
    ...(p?.task === 'binary' && p.decisionThreshold !== undefined && rule
      ? { decisionThreshold: { threshold: p.decisionThreshold, positiveClass: classes?.[1], rule } }
      : {}),
    features,
    preprocessing: p ? stepsOf(p).map(summarise) : [],
    family: a.family,
    hyperparameters: a.hyperparameters ?? {},
    metrics: a.metrics ?? {},
    trainingData: a.trainingData,
    trainingSeconds: a.trainingSeconds,
    ...(a.featureImportance ? { featureImportance: a.featureImportance } : {}),
    onnx: {
      file: 'model.onnx',
      opsets: { 'ai.onnx': OPSETS.onnx, 'ai.onnx.ml': OPSETS.ml },
      inputs: features.map((f) => ({ name: f.name, type: `tensor(${f.onnxType})`, shape: ['N', 1] })),
      outputs,
      missing: { numeric: 'NaN', string: '' },
    },
  };
}

const featureSchema = z.object({
  name: z.string().min(1),
  written: z.string().optional(),
  kind: z.enum(['numeric', 'categorical', 'text', 'datetime', 'boolean']),
  onnxType: z.enum(['float', 'double', 'string']),
  dbType: z.string().optional(),
  dateFormat: z.string().optional(),
});

const modelJsonSchema = z
  .object({
    formatVersion: z.literal(1),
    appVersion: z.string(),
    modelId: z.string(),
    version: z.number().int().positive(),
    createdAt: z.string(),
    task: z.string().refine(isTask, 'unknown task'),
    target: z.string().nullable(),
    classes: z.array(z.string()).optional(),
    features: z.array(featureSchema),
    metrics: z.object({}).passthrough(),
    trainingData: z.object({ rows: z.number(), columns: z.number() }).passthrough(),
  })
  .passthrough();

/**
 * Parses and checks model.json text (from a bundle or the registry). Tabular models (classification,
 * regression) must match this file's schema, since scoring relies on `features`; other tasks (image,
 * segmentation, forecast, ...) keep their own model.json layouts and are only checked to be JSON objects.
 */
export function parseModelJson(text: string, where: string): BundleModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CodedError(
      'invalid-input',
      `${where} is not valid JSON (it is damaged or was edited by hand). Export the model again.`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CodedError(
      'invalid-input',
      `${where} is not a model description (expected a JSON object). Export the model again.`,
    );
  }
  const formatVersion = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof formatVersion === 'number' && formatVersion > MODEL_FORMAT_VERSION) {
    throw new CodedError(
      'unsupported-format',
      `${where} has format version ${formatVersion}; this app reads version ${MODEL_FORMAT_VERSION}. Update the app.`,
    );
  }
  const task = (raw as { task?: unknown }).task;
  // Other tasks' layouts are checked where they are read (e.g. imageModelFacts).
  if (task !== 'classification' && task !== 'regression') return raw as BundleModelJson;
  const r = modelJsonSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CodedError(
      'invalid-input',
      `${where} is not a valid model.json: ${issue.path.join('.') || 'root'}: ${issue.message}. Export the model again.`,
    );
  }
  return r.data as unknown as ModelJson;
}
