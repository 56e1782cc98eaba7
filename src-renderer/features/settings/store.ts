import type { Settings } from '@shared/channels';
import { create } from 'zustand';
import { call } from '../../lib/api';

export type ThemeName = 'light' | 'dark';

export interface SettingsStore {
  theme: Settings['theme'];
  /** The theme actually shown ('system' resolved through the OS preference). */
  resolved: ThemeName;
  lastProjectId: string | undefined;
  loaded: boolean;
  load(): Promise<Settings | null>;
  toggleTheme(): void;
  setSystemDark(dark: boolean): void;
}

function systemPrefersDark(): boolean {
  return (
    typeof window !== 'undefined' &&
    typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-color-scheme: dark)').matches
  );
}

export function resolveTheme(theme: Settings['theme'], systemDark: boolean): ThemeName {
  return theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
}

export const useSettingsStore = create<SettingsStore>()((set, get) => ({
  theme: 'system',
  resolved: systemPrefersDark() ? 'dark' : 'light',
  lastProjectId: undefined,
  loaded: false,

  async load() {
    const res = await call('settings:get', {});
    if (!res.ok) {
      set({ loaded: true });
      return null;
    }
    set({
      theme: res.value.theme,
      resolved: resolveTheme(res.value.theme, systemPrefersDark()),
      lastProjectId: res.value.lastProjectId,
      loaded: true,
    });
    return res.value;
  },

  toggleTheme() {
    const theme: ThemeName = get().resolved === 'dark' ? 'light' : 'dark';
    set({ theme, resolved: theme });
    void call('settings:set', { theme });
  },

  setSystemDark(dark) {
    if (get().theme === 'system') set({ resolved: dark ? 'dark' : 'light' });
  },
}));
