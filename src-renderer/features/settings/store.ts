import type { Settings } from '@shared/channels';
import { create } from 'zustand';
import { isLoopbackUrl } from '@shared/loopback';
import { call } from '../../lib/api';
import { t } from '../../strings';

export type ThemeName = 'light' | 'dark';

export interface SettingsStore {
  theme: Settings['theme'];
  /** The theme actually shown ('system' resolved through the OS preference). */
  resolved: ThemeName;
  lastProjectId: string | undefined;
  /** The local language model for reading goals; url '' = off. */
  llm: { url: string; model: string };
  loaded: boolean;
  load(): Promise<Settings | null>;
  /** Saves the local language model settings; the error message when the address is refused. */
  saveLlm(llm: { url: string; model: string }): Promise<string | null>;
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
  llm: { url: '', model: '' },
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
      llm: { url: res.value.llm?.url ?? '', model: res.value.llm?.model ?? '' },
      loaded: true,
    });
    return res.value;
  },

  async saveLlm(llm) {
    const next = { url: llm.url.trim(), model: llm.model.trim() };
    if (next.url && !isLoopbackUrl(next.url)) return t.settings.loopbackOnly;
    const res = await call('settings:set', { llm: next.model ? next : { url: next.url } });
    if (!res.ok) return res.error.message;
    set({ llm: { url: res.value.llm?.url ?? '', model: res.value.llm?.model ?? '' } });
    return null;
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
