import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExplainedPrediction, WhatIfControl } from '@shared/explain';
import { CodedError } from '@shared/errors';
import { explainCells } from '../../engine/explain/explain-cells';
import { readExplainer, type ExplainerFile } from '../../engine/explain/explainer-file';
import { whatIfControls } from '../../engine/explain/what-if-controls';
import type { ModelJson } from '../../engine/pipeline/model-json';
import { openBundle } from '../../engine/predict/open-bundle';
import { ModelRegistry } from '../../services/registry/model-registry';
import type { ExplainRowJobInput } from '../trainer-methods';

/**
 * The last explainer read, kept while the worker lives: the what-if form asks again and again for one model, and the
 * compiled trees are cached per loaded background (tree-shap.ts), so a change is explained in milliseconds.
 */
let cached: Loaded | null = null;

interface Loaded {
  key: string;
  file: ExplainerFile;
  features: ModelJson['features'];
  /** The form's controls: the model's categories and the training data's ranges (model.json's profile). */
  controls: WhatIfControl[];
}

function answer(model: Loaded, row: Record<string, string | null>): ExplainedPrediction {
  return { ...explainCells(model.file, model.features, [row])[0], controls: model.controls };
}

function notTabular(): CodedError {
  return new CodedError('task-unsupported', 'Only models that predict a column from the others explain their rows.');
}

async function explainerIn(dir: string, modelJson: ModelJson, key: string): Promise<Loaded> {
  const file = await readExplainer(
    dir,
    modelJson.features.map((f) => f.name),
  );
  cached = {
    key,
    file,
    features: modelJson.features,
    controls: whatIfControls(file.pipeline, modelJson.trainingData.profile),
  };
  return cached;
}

/** Scores and explains one row with a registry model or a bundle. */
export async function explainRowJob(input: ExplainRowJobInput): Promise<ExplainedPrediction> {
  const explain = (model: { dir: string; modelJson: ModelJson }, key: string) =>
    explainerIn(model.dir, model.modelJson, key).then((loaded) => answer(loaded, input.row));
  if (input.source.kind === 'model') {
    const model = await new ModelRegistry(input.dataDir).resolve(input.source.modelId);
    const task = (model.modelJson as { task?: string }).task;
    if (task !== 'classification' && task !== 'regression') throw notTabular();
    if (cached?.key === model.dir) return answer(cached, input.row);
    return explain(model as { dir: string; modelJson: ModelJson }, model.dir);
  }
  const key = `${input.source.path}:${(await stat(input.source.path)).mtimeMs}`;
  if (cached?.key === key) return answer(cached, input.row);
  await mkdir(join(input.dataDir, 'bundles'), { recursive: true });
  const dest = await mkdtemp(join(input.dataDir, 'bundles', 'explain-'));
  try {
    const model = await openBundle(input.source.path, dest);
    const task = (model.modelJson as { task?: string }).task;
    if (task !== 'classification' && task !== 'regression') throw notTabular();
    return await explain(model as { dir: string; modelJson: ModelJson }, key);
  } finally {
    await rm(dest, { recursive: true, force: true });
  }
}
