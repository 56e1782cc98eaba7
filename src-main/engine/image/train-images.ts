import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import type { Emit, TrainingEvent } from '@shared/events';
import type { ImageDiagnostics } from '@shared/diagnostics';
import type { LeaderboardRow, TrainingSummary } from '@shared/project';
import { loadBackbone, releaseSession } from './backbone';
import { embedImages, type EmbedJob } from './embed';
import { exportImageModel, inputSpec } from './export-onnx';
import { fitLogisticHead, type HeadResult } from './fit-logistic-head';
import { fitMlpHead } from './fit-mlp-head';
import { argmaxRows, balancedWeights, headProbabilities, stackRows } from './heads';
import { listImageSet } from './ingest-images';
import { runImageModel } from './predict-images';
import type { View } from './preprocess';
import { stratifiedSplit } from './split';
import { artifactPath, writeArtifact } from '../artifacts/store';
import type { ImageModelJson } from './model-json';
import { fitNovelty, novelty as noveltyOf } from './novelty';
import { writeCsvFile } from '../util/csv-writer';
import { ProgressReporter } from '../util/progress';

export interface TrainImagesInput {
  /** The ingest folder (with images/<class>/...) or any folder of class subfolders. */
  datasetDir: string;
  artifactDir: string;
  budgetSeconds?: number;
  heads?: Array<'logistic' | 'mlp'>;
  /** Adds horizontally flipped and zoomed views of the training images as extra rows. */
  augment?: boolean;
  /** Embedding cache; default <datasetDir>/.embeddings. */
  cacheDir?: string;
  /** Backbone id in resources/backbones (default: the bundled one). */
  backbone?: string;
  validationFraction?: number;
}

const HEAD_LABEL = { logistic: 'Logistic regression', mlp: 'Small neural net (MLP)' } as const;

/**
 * Image classification: embeddings from the frozen backbone (ORT), heads trained on them, the best one
 * exported with the backbone as ONE model.onnx. Emits TRAIN_PROGRESS (embedding too), METRIC_SCALAR,
 * LEADERBOARD_UPDATED and CONFUSION_MATRIX_READY; honours ctx.signal.
 */
export async function trainImageClassifier(
  input: TrainImagesInput,
  ctx: { signal: AbortSignal; emit: Emit<TrainingEvent> },
): Promise<{
  summary: TrainingSummary & { diagnostics: ImageDiagnostics };
  onnxPath: string;
  modelJson: ImageModelJson;
  holdoutPath: string;
}> {
  const started = performance.now();
  const deadline = started + (input.budgetSeconds ?? 120) * 1000;
  const heads = input.heads?.length ? input.heads : (['logistic', 'mlp'] as const);
  const { root, entries: all, labels: folderLabels } = await listImageSet(input.datasetDir);
  const counts = new Map<string, number>();
  for (const e of all) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const labels = folderLabels.filter((l) => (counts.get(l) ?? 0) >= 2);
  const dropped = folderLabels.filter((l) => !labels.includes(l));
  if (labels.length < 2) {
    throw new CodedError(
      'dataset-invalid',
      'Image training needs at least two classes with two or more pictures each. Add pictures and try again.',
    );
  }
  const entries = all.filter((e) => labels.includes(e.label));
  const y = entries.map((e) => labels.indexOf(e.label));
  const { train, valid } = stratifiedSplit(y, input.validationFraction ?? 0.2);
  const backbone = loadBackbone(input.backbone);
  await mkdir(input.artifactDir, { recursive: true });

  // Embeddings: every image once, plus augmented views of training images.
  const augViews: View[] = input.augment ? ['flip', 'zoom'] : [];
  const jobs: EmbedJob[] = entries.map((e) => ({ file: join(root, e.file), view: 'orig' }));
  const augOf: number[] = [];
  for (const i of train)
    for (const v of augViews) {
      jobs.push({ file: join(root, entries[i].file), view: v });
      augOf.push(i);
    }
  const progress = new ProgressReporter(ctx.emit);
  progress.report(0, `Embedding ${jobs.length} images with ${backbone.meta.architecture}`);
  const emb = await embedImages(jobs, {
    backbone,
    cacheDir: input.cacheDir ?? join(input.datasetDir, '.embeddings'),
    signal: ctx.signal,
    onProgress: (done, total) => progress.report(0.6 * (done / total), `Embedding images ${done}/${total}`),
  });
  const d = backbone.meta.embeddingDim;
  const trainRows = [...train.map((i) => emb.rows[i]), ...augOf.map((_, k) => emb.rows[entries.length + k])];
  const yTrain = [...train.map((i) => y[i]), ...augOf.map((i) => y[i])];
  const classW = balancedWeights(yTrain, labels.length);
  const data = {
    train: stackRows(trainRows, d),
    yTrain,
    wTrain: yTrain.map((v) => classW[v]),
    valid: stackRows(
      valid.map((i) => emb.rows[i]),
      d,
    ),
    yValid: valid.map((i) => y[i]),
    labels,
  };

  // Heads, one leaderboard row each.
  const rows: LeaderboardRow[] = heads.map((h) => ({
    modelId: `image-${h}`,
    family: h,
    label: `${HEAD_LABEL[h]} on ${backbone.meta.architecture.split(' (')[0]} embeddings`,
    params: {},
    metrics: {},
    fitSeconds: 0,
    status: 'running',
  }));
  const results = new Map<string, HeadResult>();
  for (let k = 0; k < heads.length; k++) {
    const h = heads[k];
    const row = rows[k];
    const base = 0.6 + (0.35 * k) / heads.length;
    progress.report(base, `Training ${HEAD_LABEL[h].toLowerCase()}`, {
      modelId: row.modelId,
      family: h,
      modelFraction: 0,
    });
    ctx.emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: structuredClone(rows), metric: 'accuracy' } });
    // Each remaining head gets an equal share of the time left, so a slow first head cannot starve the next.
    const now = performance.now();
    const headDeadline = now + Math.max(0, deadline - now) / (heads.length - k);
    const headCtx = { signal: ctx.signal, emit: ctx.emit, deadline: headDeadline, modelId: row.modelId };
    const res =
      h === 'logistic'
        ? await fitLogisticHead(data, headCtx)
        : await fitMlpHead(data, {
            ...headCtx,
            onEpoch: (f) =>
              progress.report(base + (0.35 / heads.length) * f, `Training small neural net`, {
                modelId: row.modelId,
                family: h,
                modelFraction: f,
              }),
          });
    results.set(row.modelId, res);
    Object.assign(row, {
      params: { ...res.params, augment: Boolean(input.augment), backbone: backbone.meta.id },
      metrics: {
        accuracy: res.valid.accuracy,
        f1_macro: res.valid.f1_macro,
        precision_macro: res.valid.precision_macro,
        recall_macro: res.valid.recall_macro,
        log_loss: res.valid.log_loss,
      },
      fitSeconds: res.fitSeconds,
      status: 'done',
    } satisfies Partial<LeaderboardRow>);
    ctx.emit({ type: 'TRAIN_RUN_FINISHED', payload: { row: structuredClone(row) } });
    ctx.emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: structuredClone(rows), metric: 'accuracy' } });
  }
  rows.sort(
    (a, b) =>
      (b.metrics.accuracy ?? 0) - (a.metrics.accuracy ?? 0) || (a.metrics.log_loss ?? 0) - (b.metrics.log_loss ?? 0),
  );
  const bestRow = rows[0];
  const best = results.get(bestRow.modelId) as HeadResult;
  ctx.emit({
    type: 'CONFUSION_MATRIX_READY',
    payload: { modelId: bestRow.modelId, labels, matrix: best.valid.confusion },
  });

  // Export backbone + head as one graph, then check it against the in-app probabilities.
  progress.report(0.95, 'Writing model.onnx', { modelId: bestRow.modelId });
  const onnxPath = artifactPath(input.artifactDir, 'onnx');
  await releaseSession(onnxPath);
  // "Unlike anything it was trained on": class centres of the original training pictures, calibrated on held-out ones.
  const novelty = fitNovelty(
    train.map((i) => emb.rows[i]),
    train.map((i) => y[i]),
    valid.map((i) => emb.rows[i]),
    labels.length,
  );
  const { bytes } = await exportImageModel({
    backboneOnnx: backbone.onnxPath,
    meta: backbone.meta,
    head: best.head,
    labels,
    outPath: onnxPath,
    novelty,
  });
  const checkIdx = valid.slice(0, 4);
  const onnxRows = await runImageModel(
    onnxPath,
    { labels, input: inputSpec(backbone.meta), novelty: { threshold: novelty.threshold } },
    checkIdx.map((i) => join(root, entries[i].file)),
  );
  const inApp = headProbabilities(
    best.head,
    stackRows(
      checkIdx.map((i) => emb.rows[i]),
      d,
    ),
  );
  let maxDiff = 0;
  let noveltyDiff = 0;
  onnxRows.forEach((r, k) => {
    r.probabilities.forEach((p, j) => (maxDiff = Math.max(maxDiff, Math.abs(p - inApp[k * labels.length + j]))));
    // The graph's novelty (float32 sums over the embedding) against the same arithmetic in float64, relatively.
    const own = noveltyOf(novelty, emb.rows[checkIdx[k]]);
    noveltyDiff = Math.max(noveltyDiff, Math.abs((r.novelty?.value ?? Infinity) - own) / Math.max(1, own));
  });
  if (noveltyDiff > 1e-3)
    throw new CodedError('internal', `The exported model's novelty disagrees with the trained one (${noveltyDiff}).`);
  if (maxDiff > 1e-4)
    throw new CodedError('internal', `The exported model disagrees with the trained one (max difference ${maxDiff}).`);
  ctx.emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'onnx', path: onnxPath } });

  // Holdout predictions and the most confidently wrong pictures for the review screen.
  const c = labels.length;
  const validPred = argmaxRows(best.validProba, valid.length, c);
  const holdoutPath = artifactPath(input.artifactDir, 'imageHoldout');
  const csvRows = valid.map((i, k) => [
    entries[i].file,
    labels[y[i]],
    labels[validPred[k]],
    ...best.validProba.subarray(k * c, (k + 1) * c),
  ]);
  await writeCsvFile(holdoutPath, ['file', 'actual', 'prediction', ...labels.map((l) => `proba_${l}`)], csvRows);
  ctx.emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'predictions', path: holdoutPath } });
  const mostConfused = valid
    .map((i, k) => ({
      file: join(root, entries[i].file),
      actual: labels[y[i]],
      predicted: labels[validPred[k]],
      probability: best.validProba[k * c + validPred[k]],
    }))
    .filter((r) => r.actual !== r.predicted)
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 12);

  const elapsedSeconds = (performance.now() - started) / 1000;
  const embedding = {
    backbone: backbone.meta.id,
    images: jobs.length,
    computed: emb.computed,
    cached: jobs.length - emb.computed,
    imagesPerSecond: emb.computed > 0 ? emb.computed / emb.seconds : null,
    cpuSeconds: emb.cpuSeconds,
  };
  const modelJson: ImageModelJson = {
    format: 'automl-image-classifier',
    version: 1,
    task: 'image',
    labels,
    input: inputSpec(backbone.meta),
    outputs: {
      prediction: { dtype: 'string', shape: ['N'], meaning: 'the most probable class label' },
      probabilities: { dtype: 'float32', shape: ['N', c], meaning: 'softmax probabilities in `labels` order' },
      novelty: {
        dtype: 'float32',
        shape: ['N'],
        meaning:
          'distance to the nearest class centre in standardised embedding units; above novelty.threshold the picture is unlike the training pictures',
      },
    },
    novelty: {
      threshold: novelty.threshold,
      quantile: novelty.quantile,
      calibration: novelty.calibration,
      rule: `unlike anything it was trained on when further from every class centre than ${Math.round(novelty.quantile * 100)}% of ${novelty.calibration} held-out training pictures (each against centres fitted without it)`,
    },
    backbone: backbone.meta,
    head: { kind: best.head.kind, modelId: bestRow.modelId, params: bestRow.params },
    metrics: { validation: bestRow.metrics, perClass: best.valid.perClass },
    data: {
      classes: labels.map((l) => ({ name: l, count: counts.get(l) })),
      train: train.length,
      validation: valid.length,
      augmentedRows: augOf.length,
      droppedClasses: dropped,
    },
    exportCheck: { images: checkIdx.length, maxAbsDiff: maxDiff, noveltyRelDiff: noveltyDiff },
    bytes,
  };
  const modelJsonPath = writeArtifact(input.artifactDir, 'imageModel', modelJson);
  ctx.emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'model-json', path: modelJsonPath } });
  progress.report(1, `Done: ${bestRow.label}, validation accuracy ${(bestRow.metrics.accuracy ?? 0).toFixed(3)}`, {
    modelId: bestRow.modelId,
  });

  const summary: TrainingSummary & { diagnostics: ImageDiagnostics } = {
    task: 'image',
    metric: 'accuracy',
    leaderboard: rows,
    bestModelId: bestRow.modelId,
    elapsedSeconds,
    cancelled: false,
    confusion: { labels, matrix: best.valid.confusion },
    diagnostics: {
      perClass: best.valid.perClass,
      mostConfused,
      embedding,
      classWeights: Object.fromEntries(labels.map((l, k) => [l, classW[k]])),
      droppedClasses: dropped,
    },
    artifactDir: input.artifactDir,
  };
  return { summary, onnxPath, modelJson, holdoutPath };
}
