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

/** True while some stage is running (the UI disables actions that would race it). */
export function isBusy(project: ProjectState): boolean {
  return STAGES.some((s) => project.stages[s].status === 'running');
}
