import type { DataSourceRequest, FileRef, SampleInfo } from '@shared/channels';
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

/** A new project with data attached straight away, shown. */
async function startWithData(goal: string, name: string, source: DataSourceRequest): Promise<void> {
  useExportStore.getState().reset();
  const state = await useProjectStore.getState().create(goal, name);
  if (!state) return;
  useTrainingStore.getState().follow(state.id);
  useAppStore.getState().go('project');
  await useProjectStore.getState().attach(source);
}

/** A sample in one click: a project with the sample's goal, and the sample attached. */
export function startFromSample(sample: SampleInfo): Promise<void> {
  return startWithData(sample.goal, sample.name, { kind: 'sample', id: sample.id });
}

/** A data file opened from outside the wizard (menu, file manager, window drop): a project named after it. */
export function startFromFile(file: FileRef): Promise<void> {
  return startWithData('', file.name.replace(/\.[^.]+$/, '') || file.name, { kind: 'file', handle: file.handle });
}
