import type { AppEvent } from '@shared/events';
import { create } from 'zustand';
import { emptyTraining, reduceTrainingBatch, type TrainingLive } from './reduce';

export interface TrainingStore extends TrainingLive {
  /** Follow another project (or none); forgets the live view of the previous one. */
  follow(projectId: string | null): void;
  onEvents(events: AppEvent[]): void;
}

export const useTrainingStore = create<TrainingStore>()((set, get) => ({
  ...emptyTraining(),
  follow(projectId) {
    if (get().projectId !== projectId) set(emptyTraining(projectId));
  },
  onEvents(events) {
    const { follow: _f, onEvents: _o, ...live } = get();
    const next = reduceTrainingBatch(live, events);
    if (next !== live) set(next);
  },
}));
