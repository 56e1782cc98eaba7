import { create } from 'zustand';

/** Top-level screens. A project is shown in `project`; Predict and Models work without one. */
export type Screen = 'home' | 'project' | 'predict' | 'models' | 'monitor';

export interface AppStore {
  screen: Screen;
  /** The registered model the Monitor screen shows. */
  monitorModelId: string | null;
  go(screen: Screen): void;
  monitor(modelId: string): void;
}

export const useAppStore = create<AppStore>()((set) => ({
  screen: 'home',
  monitorModelId: null,
  go(screen) {
    set({ screen });
  },
  monitor(modelId) {
    set({ screen: 'monitor', monitorModelId: modelId });
  },
}));
