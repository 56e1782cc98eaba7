import { create } from 'zustand';

/** Top-level screens. A project is shown in `project`; Predict and Models work without one. */
export type Screen = 'home' | 'project' | 'predict' | 'models';

export interface AppStore {
  screen: Screen;
  go(screen: Screen): void;
}

export const useAppStore = create<AppStore>()((set) => ({
  screen: 'home',
  go(screen) {
    set({ screen });
  },
}));
