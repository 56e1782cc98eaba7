import type { AppEvent } from '@shared/events';
import type { ProjectState } from '@shared/project';
import { STAGES, type StageId } from '@shared/stages';

/**
 * Folds one live event into the project the UI shows, so panels update before the refetch that
 * follows every STAGE_STATUS. Returns the same object when the event changes nothing visible.
 */
export function applyProjectEvent(project: ProjectState, event: AppEvent): ProjectState {
  if (event.projectId !== project.id) return project;
  switch (event.type) {
    case 'STAGE_STATUS': {
      const { stage, status, error } = event.payload;
      const prev = project.stages[stage];
      if (prev.status === status && prev.error === error) return project;
      return { ...project, stages: { ...project.stages, [stage]: { ...prev, status, error } } };
    }
    case 'PROMPT_PARSED':
      return { ...project, intent: event.payload.intent };
    case 'DATASET_SAMPLE_READY':
      return { ...project, dataset: event.payload.dataset };
    case 'PROFILE_SUMMARY':
      return { ...project, profile: event.payload.profile };
    case 'PREPROCESS_PLAN':
      return { ...project, plan: event.payload.plan };
    case 'MODEL_CANDIDATES':
      return { ...project, models: event.payload.selection };
    case 'EXPORT_READY':
      return { ...project, export: event.payload.export };
    case 'ERROR':
      return { ...project, lastError: event.payload.error };
    default:
      return project;
  }
}

const settled = (p: ProjectState, s: StageId) => p.stages[s].status === 'done' || p.stages[s].status === 'skipped';

/** The stage the wizard shows: the first one not done or skipped; EXPORT once everything is finished. */
export function activeStage(project: ProjectState): StageId {
  return STAGES.find((s) => !settled(project, s)) ?? 'EXPORT';
}

/**
 * The stage the wizard shows: the finished stage being looked at (`viewing`) while it is still finished,
 * else the active one.
 */
export function shownStage(project: ProjectState, viewing: StageId | null): StageId {
  const active = activeStage(project);
  return viewing && viewing !== active && project.stages[viewing].status === 'done' ? viewing : active;
}

/** True while some stage is running (the UI disables actions that would race it). */
export function isBusy(project: ProjectState): boolean {
  return STAGES.some((s) => project.stages[s].status === 'running');
}

/**
 * Keeps the previous object for every top-level part of the project that did not change, so a
 * refetch that returns an equal plan (or intent, or model list) does not look like a new one:
 * panels keep the person's unsaved edits and selectors do not re-render.
 */
export function shareUnchanged(prev: ProjectState | null, next: ProjectState): ProjectState {
  if (!prev || prev.id !== next.id) return next;
  const out = { ...next } as Record<string, unknown>;
  const old = prev as unknown as Record<string, unknown>;
  let same = Object.keys(old).length === Object.keys(out).length;
  for (const key of Object.keys(out)) {
    if (old[key] === out[key] || JSON.stringify(old[key]) === JSON.stringify(out[key])) out[key] = old[key];
    else same = false;
  }
  return same ? prev : (out as unknown as ProjectState);
}
