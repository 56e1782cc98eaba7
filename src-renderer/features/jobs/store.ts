import type { AppEvent, EventPayloads } from '@shared/events';
import { create } from 'zustand';

export type JobProgressNow = EventPayloads['JOB_PROGRESS'];

/** Where a job's progress is kept: its project, or (outside a project: predict) the run id the page chose. */
export function jobKey(event: Pick<AppEvent, 'projectId' | 'runId'>): string {
  return event.projectId || event.runId;
}

export interface JobProgressStore {
  /** The latest JOB_PROGRESS by project id (or run id), until the project's stage changes status. */
  byKey: Record<string, JobProgressNow>;
  onEvent(event: AppEvent): void;
  forget(key: string): void;
}

/** The last word of each running job (ingest, download, profile, export, predict): the progress cards read it. */
export const useJobProgressStore = create<JobProgressStore>()((set, get) => ({
  byKey: {},
  onEvent(event) {
    if (event.type === 'JOB_PROGRESS') set({ byKey: { ...get().byKey, [jobKey(event)]: event.payload } });
    // A stage that starts, stops or fails ends what its job said.
    else if (event.type === 'STAGE_STATUS' && get().byKey[event.projectId]) get().forget(event.projectId);
  },
  forget(key) {
    const { [key]: _gone, ...rest } = get().byKey;
    set({ byKey: rest });
  },
}));
