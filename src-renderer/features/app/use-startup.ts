import { useEffect, useState } from 'react';
import { useProjectStore } from '../project/store';
import { useSettingsStore } from '../settings/store';
import { useTrainingStore } from '../training/store';
import { commandsReady } from '../commands/run-command';
import { useAppStore } from './store';

/**
 * Loads settings once, follows the OS theme while the person has not picked one, and reopens the
 * last project (a desktop app comes back where it was left). Returns true when the first screen can show.
 */
export function useStartup(): boolean {
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let live = true;
    void (async () => {
      const settings = await useSettingsStore.getState().load();
      if (settings?.lastProjectId) {
        const opened = await useProjectStore.getState().open(settings.lastProjectId);
        if (opened && live) {
          useTrainingStore.getState().follow(settings.lastProjectId);
          useAppStore.getState().go('project');
        } else useProjectStore.getState().clearError();
      }
      if (live) {
        setReady(true);
        // A file the app was opened with goes in after the last project is back (it may start a new one).
        commandsReady();
      }
    })();
    const mq = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    const onChange = (e: MediaQueryListEvent) => useSettingsStore.getState().setSystemDark(e.matches);
    mq?.addEventListener('change', onChange);
    return () => {
      live = false;
      mq?.removeEventListener('change', onChange);
    };
  }, []);

  return ready;
}
