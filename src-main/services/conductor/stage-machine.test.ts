import { describe, expect, it } from 'vitest';
import { STAGES, type StageStatus } from '@shared/stages';
import { freshStages } from '../store/project-store';
import { applyStageAction, currentStage, goBack, type StageAction, type Stages } from './stage-machine';

const ALL_STATUSES: StageStatus[] = ['pending', 'running', 'waiting_confirmation', 'done', 'failed', 'skipped'];
const ACTIONS: StageAction[] = ['start', 'await', 'complete', 'fail', 'confirm', 'skip', 'retry'];
const LEGAL: Record<string, StageStatus> = {
  'pending:start': 'running',
  'pending:skip': 'skipped',
  'running:await': 'waiting_confirmation',
  'running:complete': 'done',
  'running:fail': 'failed',
  'waiting_confirmation:confirm': 'done',
  'failed:retry': 'pending',
};

/** All earlier stages done, `stage` in `status`. */
function at(stageIdx: number, status: StageStatus): Stages {
  const s = freshStages();
  STAGES.forEach((id, i) => {
    if (i < stageIdx) s[id] = { status: 'done' };
  });
  s[STAGES[stageIdx]] = { status };
  return s;
}

describe('stage machine: every action from every status', () => {
  for (const status of ALL_STATUSES) {
    for (const action of ACTIONS) {
      const key = `${status}:${action}`;
      it(`${key} is ${LEGAL[key] ? `legal → ${LEGAL[key]}` : 'refused'}`, () => {
        const stages = at(3, status);
        if (LEGAL[key]) {
          const next = applyStageAction(stages, 'PREPROCESS', action);
          expect(next.PREPROCESS.status).toBe(LEGAL[key]);
          expect(stages.PREPROCESS.status).toBe(status); // input untouched
        } else {
          expect(() => applyStageAction(stages, 'PREPROCESS', action)).toThrow(
            expect.objectContaining({ code: 'stage-order' }),
          );
        }
      });
    }
  }
});

describe('stage ordering', () => {
  it('refuses to start a stage while an earlier one is not settled', () => {
    const s = freshStages();
    expect(() => applyStageAction(s, 'PROFILE_DATA', 'start')).toThrow(/Finish Goal before Profile/);
    expect(() => applyStageAction(s, 'TRAIN', 'skip')).toThrow(/Finish Goal/);
  });

  it('allows starting the next stage once earlier ones are done or skipped', () => {
    let s = at(2, 'pending');
    s = { ...s, DATA_SOURCE: { status: 'skipped' } };
    expect(applyStageAction(s, 'PROFILE_DATA', 'start').PROFILE_DATA.status).toBe('running');
  });

  it('records start and finish times and the failure reason', () => {
    let s = applyStageAction(at(0, 'pending'), 'PARSE_INTENT', 'start', undefined, 10);
    expect(s.PARSE_INTENT.startedAt).toBe(10);
    s = applyStageAction(s, 'PARSE_INTENT', 'fail', { name: 'E', code: 'internal', message: 'boom' }, 20);
    expect(s.PARSE_INTENT).toMatchObject({ status: 'failed', finishedAt: 20, error: { message: 'boom' } });
    s = applyStageAction(s, 'PARSE_INTENT', 'retry');
    expect(s.PARSE_INTENT.error).toBeUndefined();
  });

  it('walks all eight stages to the end', () => {
    let s = freshStages();
    for (const stage of STAGES) {
      expect(currentStage(s)).toBe(stage);
      s = applyStageAction(s, stage, 'start');
      s = applyStageAction(s, stage, 'await');
      s = applyStageAction(s, stage, 'confirm');
    }
    expect(currentStage(s)).toBeNull();
  });
});

describe('going back', () => {
  it('invalidates the chosen stage and every later one, keeps earlier ones', () => {
    let s = freshStages();
    for (const stage of STAGES) s[stage] = { status: 'done' };
    s = goBack(s, 'PREPROCESS');
    expect(STAGES.map((id) => s[id].status)).toEqual([
      'done',
      'done',
      'done',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(currentStage(s)).toBe('PREPROCESS');
  });

  it('refuses while a later stage is running', () => {
    const s = at(5, 'running');
    expect(() => goBack(s, 'PREPROCESS')).toThrow(/Train is still running/);
    expect(goBack(s, 'REVIEW_EDIT').REVIEW_EDIT.status).toBe('pending');
  });
});
