import type { SampleInfo } from '@shared/channels';
import { useAppStore } from '../app/store';
import { useTrainingStore } from '../training/store';
import { useProjectStore } from './store';

/** Opens a saved project and shows it. */
export async function openProject(projectId: string): Promise<void> {
  useTrainingStore.getState().follow(projectId);
  useAppStore.getState().go('project');
  await useProjectStore.getState().open(projectId);
}

/** Starts a new project from a goal sentence and shows it. */
export async function startProject(goal: string, name?: string): Promise<void> {
  const state = await useProjectStore.getState().create(goal, name);
  if (!state) return;
  useTrainingStore.getState().follow(state.id);
  useAppStore.getState().go('project');
}

/** A sample in one click: a project with the sample's goal, and the sample attached. */
export async function startFromSample(sample: SampleInfo): Promise<void> {
  const state = await useProjectStore.getState().create(sample.goal, sample.name);
  if (!state) return;
  useTrainingStore.getState().follow(state.id);
  useAppStore.getState().go('project');
  await useProjectStore.getState().attach({ kind: 'sample', id: sample.id });
}
