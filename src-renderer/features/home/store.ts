import type { SampleInfo } from '@shared/channels';
import type { AppError } from '@shared/errors';
import type { ProjectSummary } from '@shared/project';
import { create } from 'zustand';
import { call } from '../../lib/api';

/** Recent projects and the bundled samples (both lists come from main). */
export interface HomeStore {
  projects: ProjectSummary[] | null;
  samples: SampleInfo[] | null;
  error: AppError | null;
  loadProjects(): Promise<void>;
  loadSamples(): Promise<void>;
  deleteProject(projectId: string): Promise<boolean>;
}

export const useHomeStore = create<HomeStore>()((set, get) => ({
  projects: null,
  samples: null,
  error: null,
  async loadProjects() {
    const res = await call('project:list', {});
    if (res.ok) set({ projects: [...res.value].sort((a, b) => b.updatedAt - a.updatedAt), error: null });
    else set({ error: res.error, projects: get().projects ?? [] });
  },
  async loadSamples() {
    if (get().samples) return;
    const res = await call('samples:list', {});
    if (res.ok) set({ samples: res.value });
    else set({ error: res.error, samples: [] });
  },
  async deleteProject(projectId) {
    const res = await call('project:delete', { projectId });
    if (!res.ok) {
      set({ error: res.error });
      return false;
    }
    set({ projects: (get().projects ?? []).filter((p) => p.id !== projectId) });
    return true;
  },
}));
