import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { classifyImage } from '../../engine/image/predict-images';

/** "Try an image": the project's trained model.onnx (backbone + head) on one picture. */
export async function classifyImageJob(input: { artifactDir: string; imagePath: string }) {
  let modelJson: Record<string, unknown>;
  try {
    modelJson = JSON.parse(await readFile(join(input.artifactDir, 'image-model.json'), 'utf8'));
  } catch {
    throw new CodedError('model-not-found', 'The trained image model is missing. Train again.');
  }
  const r = await classifyImage(join(input.artifactDir, 'model.onnx'), modelJson, input.imagePath);
  return {
    prediction: r.prediction,
    probabilities: r.labels
      .map((label, i) => ({ label, probability: r.probabilities[i] }))
      .sort((a, b) => b.probability - a.probability),
    ...(r.novelty ? { novelty: r.novelty } : {}),
  };
}
