import { CodedError } from '@shared/errors';
import type { ImageClassification } from '@shared/channels';
import type { ClassifyImageJobInput } from '../trainer-methods';
import { artifactPath, readArtifact } from '../../engine/artifacts/store';
import { classifyImage } from '../../engine/image/predict-images';

/** "Try an image": the project's trained model.onnx (backbone + head) on one picture. */
export async function classifyImageJob(input: ClassifyImageJobInput): Promise<ImageClassification> {
  const modelJson = await readArtifact(input.artifactDir, 'imageModel').catch(() => null);
  if (!modelJson) throw new CodedError('model-not-found', 'The trained image model is missing. Train again.');
  const r = await classifyImage(artifactPath(input.artifactDir, 'onnx'), modelJson, input.imagePath);
  return {
    prediction: r.prediction,
    probabilities: r.labels
      .map((label, i) => ({ label, probability: r.probabilities[i] }))
      .sort((a, b) => b.probability - a.probability),
    ...(r.novelty ? { novelty: r.novelty } : {}),
  };
}
