/** Test support: the TrainData a run builds for a frame (not used by the app). */
import type { Frame } from '../frame/load-frame';
import { validationRows, type TrainData } from './evaluate';
import { defaultPlan } from './plan';
import { quickProfile } from './quick-profile';
import { makeSplit, type Split } from './split';
import { prepareTarget } from './target';

/**
 * Classification data for `target` of `frame`, with the default plan minus the target and seed 0, as training
 * prepares it. The split is the app's own (makeSplit) unless one is given.
 */
export function classificationData(frame: Frame, target: string, split?: Split): TrainData {
  return tableData(frame, target, 'classification', split);
}

/** The same for any task (regression: a numeric target). */
export function tableData(
  frame: Frame,
  target: string,
  task: 'regression' | 'classification',
  split?: Split,
): TrainData {
  const plan = defaultPlan(quickProfile(frame, target), { task, target });
  const prepared = prepareTarget(frame.get(target) as NonNullable<ReturnType<typeof frame.get>>, task);
  const chosen = split ?? makeSplit(prepared.rows, prepared.info, plan, 0);
  return {
    frame,
    plan: { ...plan, columns: plan.columns.filter((c) => c.name !== target) },
    target: prepared,
    targetName: target,
    split: chosen,
    valRows: validationRows(chosen),
    seed: 0,
    hasText: false,
  };
}

/** A trial context with ten minutes to spare (tests that are not about the deadline). */
export function roomyContext(): { signal: AbortSignal; deadline: number; onIteration: () => void } {
  return { signal: new AbortController().signal, deadline: Date.now() + 600_000, onIteration: () => {} };
}
