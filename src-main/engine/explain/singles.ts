/** The single pipelines inside a fitted pipeline, in one fixed order (the order of `ExplainBackground.singles`). */
import type { FittedPipeline, SinglePipeline } from '../pipeline/types';

export function singlesOf(p: FittedPipeline): SinglePipeline[] {
  return p.kind === 'single' ? [p] : p.members.map((m) => m.pipeline);
}
