import { CodedError } from '@shared/errors';
import { STAGES, STAGE_LABELS, stageIndex, type StageId, type StageState, type StageStatus } from '@shared/stages';
import type { AppError } from '@shared/errors';

export type StageAction = 'start' | 'await' | 'complete' | 'fail' | 'confirm' | 'skip' | 'retry';

/** Which action is legal from which status, and where it leads. `back` is separate: it resets a range. */
const TRANSITIONS: Record<StageAction, Partial<Record<StageStatus, StageStatus>>> = {
  start: { pending: 'running' },
  await: { running: 'waiting_confirmation' },
  complete: { running: 'done' },
  fail: { running: 'failed' },
  confirm: { waiting_confirmation: 'done' },
  skip: { pending: 'skipped' },
  retry: { failed: 'pending' },
};

export type Stages = Record<StageId, StageState>;

function settled(s: StageState): boolean {
  return s.status === 'done' || s.status === 'skipped';
}

/** The first stage that is not done or skipped: where the project is. */
export function currentStage(stages: Stages): StageId | null {
  return STAGES.find((s) => !settled(stages[s])) ?? null;
}

/**
 * Applies one action to one stage and returns the new stages (input untouched).
 * Throws `stage-order` for an illegal move: wrong status, or an earlier stage not yet settled.
 */
export function applyStageAction(
  stages: Stages,
  stage: StageId,
  action: StageAction,
  error?: AppError,
  now = Date.now(),
): Stages {
  const from = stages[stage].status;
  const to = TRANSITIONS[action][from];
  if (!to) {
    throw new CodedError(
      'stage-order',
      `Cannot ${action} ${STAGE_LABELS[stage]} while it is ${from.replace('_', ' ')}.`,
      { stage, from, action },
    );
  }
  if (action === 'start' || action === 'skip') {
    const blocker = STAGES.slice(0, stageIndex(stage)).find((s) => !settled(stages[s]));
    if (blocker) {
      throw new CodedError('stage-order', `Finish ${STAGE_LABELS[blocker]} before ${STAGE_LABELS[stage]}.`, {
        stage,
        blocker,
      });
    }
  }
  const next: StageState = { ...stages[stage], status: to };
  if (action === 'start') {
    next.startedAt = now;
    delete next.finishedAt;
    delete next.error;
  }
  if (to === 'done' || to === 'failed' || to === 'skipped') next.finishedAt = now;
  if (action === 'fail') next.error = error;
  if (action === 'retry') delete next.error;
  return { ...stages, [stage]: next };
}

/**
 * Going back to `stage`: it and every later stage return to pending (their results are invalid now).
 * Not allowed while a stage at or after it is running (cancel first).
 */
export function goBack(stages: Stages, stage: StageId): Stages {
  const from = stageIndex(stage);
  const running = STAGES.slice(from).find((s) => stages[s].status === 'running');
  if (running) {
    throw new CodedError('stage-order', `${STAGE_LABELS[running]} is still running. Cancel it before going back.`, {
      stage,
      running,
    });
  }
  const next = { ...stages };
  for (const s of STAGES.slice(from)) next[s] = { status: 'pending' };
  return next;
}
