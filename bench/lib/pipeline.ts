/** A pipeline over numeric columns passed through unchanged (no imputation or scaling), for benches. */
import type { FittedModel, FittedPipeline } from '../../src-main/engine/pipeline/types';

export function numericPipeline(
  names: string[],
  head: Pick<FittedPipeline, 'task' | 'target' | 'classes'>,
  model: FittedModel,
): FittedPipeline {
  return {
    kind: 'single',
    ...head,
    inputs: names.map((name) => ({ name, kind: 'numeric' as const })),
    steps: names.map((column) => ({
      kind: 'numeric' as const,
      column,
      impute: 0,
      center: 0,
      scale: 1,
      indicator: false,
    })),
    featureNames: names,
    model,
  };
}
