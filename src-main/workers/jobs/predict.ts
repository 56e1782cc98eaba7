import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PredictResult } from '@shared/channels';
import { CodedError } from '@shared/errors';
import { DEFAULT_HORIZON } from '@shared/tasks';
import type { ProgressEvent } from '@shared/events';
import type { JobContext } from '../protocol';
import type { PredictJobInput } from '../trainer-methods';
import { ModelRegistry } from '../../services/registry/model-registry';
import { scoreFile } from '../../engine/predict/score-file';
import { openBundle } from '../../engine/predict/open-bundle';
import { extractZipSafely } from '../../engine/util/safe-unzip';
import { parseModelJson } from '../../engine/pipeline/model-json';
import { tabularModelJson, type BundleModelJson } from '../../engine/artifacts/model-json';
import { BUNDLE_FILES } from '../../engine/artifacts/files';
import { requireArtifact } from '../../engine/artifacts/store';
import { imageModelFacts } from '../../engine/image/model-json';
import { forecastFromHistory } from '../../engine/forecast/run-forecast';
import { predictImages } from '../../engine/image/predict-images';
import { writeCsv } from './write-csv';
import { segmentFile } from '../../engine/cluster/segment-assign';

type Ctx = JobContext<ProgressEvent>;

/** Scores new data with a registry model or an exported bundle; writes one output row per input row. */
export async function predictJob(input: PredictJobInput, ctx: Ctx): Promise<PredictResult> {
  let model: { dir: string; modelJson: BundleModelJson; onnxPath: string };
  if (input.source.kind === 'bundle') {
    const dest = join(input.dataDir, 'bundles', `${Date.now().toString(36)}`);
    await mkdir(dest, { recursive: true });
    model = await openAnyBundle(input.source.path, dest);
  } else {
    model = await new ModelRegistry(input.dataDir).resolve(input.source.modelId);
  }
  const json = model.modelJson;

  if (json.task === 'forecast') {
    const fitted = json['forecast-model'] ?? (await requireArtifact(model.dir, 'forecastModel'));
    const horizon = input.horizon ?? json.horizon ?? DEFAULT_HORIZON;
    const rows = await forecastFromHistory(fitted, input.inputPath, horizon);
    const columns = [fitted.dateColumn, 'prediction', 'lower', 'upper'];
    const table = rows.map((r) => [r.date, String(r.prediction), String(r.lower), String(r.upper)]);
    await writeCsv(input.outputPath, columns, table);
    return { outputPath: input.outputPath, rows: rows.length, columns, preview: table.slice(0, 20) };
  }
  if (json.task === 'image') {
    const results = await predictImages(model.onnxPath, json, input.inputPath);
    const { labels } = imageModelFacts(json);
    const columns = ['file', 'prediction', ...labels.map((c) => `proba_${c}`)];
    const table = results.map((r) => [r.file, r.prediction, ...r.probabilities.map(String)]);
    await writeCsv(input.outputPath, columns, table);
    return { outputPath: input.outputPath, rows: results.length, columns, preview: table.slice(0, 20) };
  }
  if (json.task === 'segment') {
    const fitted = json['segment-model'] ?? (await requireArtifact(model.dir, 'segmentModel'));
    const { header, rows } = await segmentFile(fitted, input.inputPath);
    const table = rows.map((r) => r.map(String));
    await writeCsv(input.outputPath, header, table);
    return { outputPath: input.outputPath, rows: rows.length, columns: header, preview: table.slice(0, 20) };
  }
  const tabular = tabularModelJson(json);
  if ((await stat(input.inputPath)).isDirectory()) {
    throw new CodedError('invalid-input', `${input.inputPath} is a folder; this model scores a CSV file.`);
  }
  const result = await scoreFile({
    onnxPath: model.onnxPath,
    modelJson: tabular,
    inputPath: input.inputPath,
    outputPath: input.outputPath,
    signal: ctx.signal,
    onProgress: (rows) =>
      ctx.emit({ type: 'TRAIN_PROGRESS', payload: { fraction: 0, message: `Scored ${rows} rows` } }),
  });
  return { outputPath: input.outputPath, rows: result.rows, columns: result.columns, preview: result.preview };
}

/** Bundles with an ONNX model open through openBundle's checks; a forecast bundle is model.json with fitted parameters only. */
async function openAnyBundle(
  zipPath: string,
  dest: string,
): Promise<{ dir: string; modelJson: BundleModelJson; onnxPath: string }> {
  await extractZipSafely(zipPath, dest, { maxFiles: 64, maxBytes: 2 * 1024 ** 3 });
  let text: string;
  try {
    text = await readFile(join(dest, BUNDLE_FILES.modelJson), 'utf8');
    JSON.parse(text);
  } catch {
    throw new CodedError(
      'invalid-input',
      `${zipPath} is not an AutoML bundle (no readable model.json inside). Export the model again.`,
    );
  }
  const json = parseModelJson(text, `model.json in '${zipPath}'`);
  if (json.task === 'forecast') return { dir: dest, modelJson: json, onnxPath: '' };
  return openBundle(zipPath, join(dest, 'checked'));
}
