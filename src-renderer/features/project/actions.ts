import type { SampleInfo } from '@shared/channels';
import { useAppStore } from '../app/store';
import { useExportStore } from '../export/store';
import { useTrainingStore } from '../training/store';
import { useProjectStore } from './store';

/** Opens a saved project and shows it. */
export async function openProject(projectId: string): Promise<void> {
  useExportStore.getState().reset();
  useTrainingStore.getState().follow(projectId);
  useAppStore.getState().go('project');
  await useProjectStore.getState().open(projectId);
}

/** A project name from its goal: "predict the price of a house" → "Predict the price of a house". */
export function nameFromGoal(goal: string): string {
  const words = goal.trim().replace(/\s+/g, ' ');
  const short = words.length > 48 ? `${words.slice(0, 47).replace(/\s\S*$/, '')}…` : words;
  return short.charAt(0).toUpperCase() + short.slice(1);
}

/** Starts a new project from a goal sentence and shows it. */
export async function startProject(goal: string, name = nameFromGoal(goal)): Promise<void> {
  useExportStore.getState().reset();
  const state = await useProjectStore.getState().create(goal, name);
  if (!state) return;
  useTrainingStore.getState().follow(state.id);
  useAppStore.getState().go('project');
}

/** A sample in one click: a project with the sample's goal, and the sample attached. */
export async function startFromSample(sample: SampleInfo): Promise<void> {
  useExportStore.getState().reset();
  const state = await useProjectStore.getState().create(sample.goal, sample.name);
  if (!state) return;
  useTrainingStore.getState().follow(state.id);
  useAppStore.getState().go('project');
  await useProjectStore.getState().attach({ kind: 'sample', id: sample.id });
}
