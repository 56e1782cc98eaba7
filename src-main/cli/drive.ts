import { CodedError } from '@shared/errors';
import type { ProjectState } from '@shared/project';
import { STAGES, type StageId } from '@shared/stages';
import type { Conductor } from '../services/conductor/conductor';
import { currentStage } from '../services/conductor/stage-machine';
import { skippedStages } from '../services/conductor/task-flow';

/** True when confirming `stage` would run straight into `next` (everything between is skipped for the task). */
export function leadsInto(state: ProjectState, stage: StageId, next: StageId): boolean {
  const skipped = state.intent ? skippedStages(state.intent.task) : [];
  const between = STAGES.slice(STAGES.indexOf(stage) + 1, STAGES.indexOf(next));
  return STAGES.indexOf(stage) < STAGES.indexOf(next) && between.every((s) => skipped.includes(s));
}

/**
 * Drives a project through its stages with every gate auto-confirmed, until `stopBefore` is the current stage
 * (or the project is finished). A failed stage becomes a thrown CodedError carrying its message.
 */
export async function driveProject(
  conductor: Conductor,
  projectId: string,
  stopBefore: StageId | null,
  signal?: AbortSignal,
  /** Called with the state just before a gate is auto-confirmed (to say what is about to be accepted). */
  beforeConfirm?: (stage: StageId, state: ProjectState) => void,
): Promise<ProjectState> {
  for (;;) {
    const state = await conductor.whenIdle(projectId);
    if (signal?.aborted) {
      const stopped = STAGES.find((s) => state.stages[s].error?.code === 'cancelled');
      throw new CodedError(
        'cancelled',
        `${stopped ? state.stages[stopped].error!.message : 'Stopped.'} The project is kept as it was: open it in the app to go on.`,
      );
    }
    const failed = STAGES.find((s) => state.stages[s].status === 'failed');
    if (failed) {
      const e = state.stages[failed].error;
      throw new CodedError(e?.code ?? 'internal', e?.message ?? `${failed} failed.`, e?.detail);
    }
    const stage = currentStage(state.stages);
    if (!stage || stage === stopBefore) return state;
    const status = state.stages[stage].status;
    if (
      status === 'waiting_confirmation' &&
      stopBefore &&
      stage !== 'PARSE_INTENT' &&
      leadsInto(state, stage, stopBefore)
    )
      return state;
    if (status === 'waiting_confirmation') {
      beforeConfirm?.(stage, state);
      await conductor.confirm(projectId, stage);
      continue;
    }
    if (status === 'pending' && stage === 'EXPORT') return state;
    if (status === 'pending') {
      throw new CodedError(
        'stage-order',
        `The project stopped at ${stage}: it needs input the command line did not give.`,
      );
    }
  }
}
