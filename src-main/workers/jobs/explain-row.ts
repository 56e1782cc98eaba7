import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExplainedPrediction } from '@shared/explain';
import { CodedError } from '@shared/errors';
import { explainCells } from '../../engine/explain/explain-cells';
import { readExplainer, type ExplainerFile } from '../../engine/explain/explainer-file';
import type { ModelJson } from '../../engine/pipeline/model-json';
import { openBundle } from '../../engine/predict/open-bundle';
import { ModelRegistry } from '../../services/registry/model-registry';
import type { ExplainRowJobInput } from '../trainer-methods';

/**
 * The last explainer read, kept while the worker lives: the what-if form asks again and again for one model, and the
 * compiled trees are cached per loaded background (tree-shap.ts), so a change is explained in milliseconds.
 */
let cached: { key: string; file: ExplainerFile; features: ModelJson['features'] } | null = null;

function notTabular(): CodedError {
  return new CodedError('task-unsupported', 'Only models that predict a column from the others explain their rows.');
}

async function explainerIn(dir: string, modelJson: ModelJson, key: string): Promise<ExplainerFile> {
  const file = await readExplainer(
    dir,
    modelJson.features.map((f) => f.name),
  );
  cached = { key, file, features: modelJson.features };
  return file;
}

/** Scores and explains one row with a registry model or a bundle. */
export async function explainRowJob(input: ExplainRowJobInput): Promise<ExplainedPrediction> {
  const explain = (model: { dir: string; modelJson: ModelJson }, key: string) =>
    explainerIn(model.dir, model.modelJson, key).then(
      (file) => explainCells(file, model.modelJson.features, [input.row])[0],
    );
  if (input.source.kind === 'model') {
    const model = await new ModelRegistry(input.dataDir).resolve(input.source.modelId);
    const task = (model.modelJson as { task?: string }).task;
    if (task !== 'classification' && task !== 'regression') throw notTabular();
    if (cached?.key === model.dir) return explainCells(cached.file, cached.features, [input.row])[0];
    return explain(model as { dir: string; modelJson: ModelJson }, model.dir);
  }
  const key = `${input.source.path}:${(await stat(input.source.path)).mtimeMs}`;
  if (cached?.key === key) return explainCells(cached.file, cached.features, [input.row])[0];
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
