import type { RegistryModel } from '@shared/channels';
import type { AppError } from '@shared/errors';
import { create } from 'zustand';
import { call } from '../../lib/api';

export interface RegistryStore {
  models: RegistryModel[] | null;
  error: AppError | null;
  load(): Promise<void>;
  activate(modelId: string, version: number): Promise<void>;
  remove(modelId: string): Promise<void>;
}

export const useRegistryStore = create<RegistryStore>()((set, get) => ({
  models: null,
  error: null,
  async load() {
    const res = await call('models:list', {});
    set(res.ok ? { models: res.value, error: null } : { error: res.error, models: get().models ?? [] });
  },
  async activate(modelId, version) {
    const res = await call('models:activate', { modelId, version });
    if (!res.ok) return set({ error: res.error });
    set({ models: (get().models ?? []).map((m) => (m.modelId === modelId ? res.value : m)), error: null });
  },
  async remove(modelId) {
    const res = await call('models:delete', { modelId });
    if (!res.ok) return set({ error: res.error });
    set({ models: (get().models ?? []).filter((m) => m.modelId !== modelId), error: null });
  },
}));
