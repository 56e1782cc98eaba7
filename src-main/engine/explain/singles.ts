/** The single pipelines inside a fitted pipeline, in one fixed order (the order of `ExplainBackground.singles`). */
import type { FittedPipeline, SinglePipeline } from '../pipeline/types';

export function singlesOf(p: FittedPipeline): SinglePipeline[] {
  if (p.kind === 'single') return [p];
  if (p.kind === 'ensemble') return p.members.map((m) => m.pipeline);
  return p.bases.flatMap((b) => b.pipelines);
}
