import { CodedError, toAppError } from '@shared/errors';
import { STAGE_LABELS, STAGES } from '@shared/stages';
import type { RunClaim } from '../store/project-lock';
import { applyStageAction, type Stages } from './stage-machine';

/** Every stage left `running` by a process that is gone becomes `failed`, with a Retry-able message. */
export function failInterrupted(stages: Stages): Stages {
  let next = stages;
  for (const stage of STAGES) {
    if (next[stage].status !== 'running') continue;
    next = applyStageAction(
      next,
      stage,
      'fail',
      toAppError(
        new CodedError('worker-crashed', `${STAGE_LABELS[stage]} was interrupted when the app closed. Run it again.`),
      ),
    );
  }
  return next;
}

/** The refusal when another live process (a second window, the command line) is advancing this project. */
export function runningElsewhere(claim: RunClaim): CodedError {
  return new CodedError(
    'project-busy',
    `${STAGE_LABELS[claim.stage] ?? 'A step'} of this project is running in another AutoML window or command (process ${claim.pid}). Wait for it to finish, or close that one.`,
    { pid: claim.pid, stage: claim.stage },
  );
}
