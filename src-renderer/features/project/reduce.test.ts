import type { AppEvent } from '@shared/events';
import type { ProjectState } from '@shared/project';
import { STAGES, type StageId, type StageStatus } from '@shared/stages';
import { describe, expect, it } from 'vitest';
import { activeStage, applyProjectEvent, isBusy, shareUnchanged } from './reduce';

function project(statuses: Partial<Record<StageId, StageStatus>> = {}): ProjectState {
  const stages = Object.fromEntries(
    STAGES.map((s) => [s, { status: statuses[s] ?? 'pending' }]),
  ) as ProjectState['stages'];
  return { id: 'p1', name: 'P', createdAt: 0, updatedAt: 0, goal: 'predict price', stages };
}
const event = (e: Omit<AppEvent, 'runId' | 'seq' | 'ts'>) => ({ runId: 'r', seq: 1, ts: 1, ...e }) as AppEvent;

describe('project reducer', () => {
  it('applies stage status and payload events of its own project only', () => {
    const p = project({ PARSE_INTENT: 'done' });
    const running = applyProjectEvent(
      p,
      event({ type: 'STAGE_STATUS', projectId: 'p1', payload: { stage: 'DATA_SOURCE', status: 'running' } }),
    );
    expect(running.stages.DATA_SOURCE.status).toBe('running');
    expect(p.stages.DATA_SOURCE.status).toBe('pending');
    expect(
      applyProjectEvent(
        p,
        event({ type: 'STAGE_STATUS', projectId: 'other', payload: { stage: 'DATA_SOURCE', status: 'running' } }),
      ),
    ).toBe(p);
    const intent = {
      task: 'regression' as const,
      target: 'price',
      horizon: null,
      k: null,
      date: null,
      confidence: 0.9,
      alternatives: [],
      explanation: 'Predict price',
    };
    expect(applyProjectEvent(p, event({ type: 'PROMPT_PARSED', projectId: 'p1', payload: { intent } })).intent).toEqual(
      intent,
    );
    expect(
      applyProjectEvent(p, event({ type: 'HELLO', projectId: 'p1', payload: { version: '1', host: 'node' } })),
    ).toBe(p);
  });

  it('shows the first unsettled stage, EXPORT when all are settled', () => {
    expect(activeStage(project())).toBe('PARSE_INTENT');
    expect(
      activeStage(
        project({
          PARSE_INTENT: 'done',
          DATA_SOURCE: 'done',
          PROFILE_DATA: 'done',
          PREPROCESS: 'skipped',
          MODEL_SELECT: 'waiting_confirmation',
        }),
      ),
    ).toBe('MODEL_SELECT');
    expect(activeStage(project(Object.fromEntries(STAGES.map((s) => [s, 'done']))))).toBe('EXPORT');
    expect(isBusy(project({ TRAIN: 'running' }))).toBe(true);
    expect(isBusy(project())).toBe(false);
  });
});

describe('shareUnchanged', () => {
  it('keeps equal parts by reference so drafts built from them survive a refetch', () => {
    const a = {
      ...project({ PARSE_INTENT: 'done' }),
      models: { metric: 'rmse' as const, budgetSeconds: 60, candidates: [] },
    };
    const refetched = JSON.parse(JSON.stringify(a)) as ProjectState;
    expect(shareUnchanged(a, refetched)).toBe(a);
    const changed = { ...refetched, models: { ...refetched.models!, budgetSeconds: 30 } };
    const merged = shareUnchanged(a, changed);
    expect(merged).not.toBe(a);
    expect(merged.models?.budgetSeconds).toBe(30);
    expect(merged.stages).toBe(a.stages);
    expect(shareUnchanged(null, a)).toBe(a);
  });
});
