import type { AppCommand, CommandId } from '@shared/commands';
import { getApi } from '../../lib/api';
import { useAppStore } from '../app/store';
import { useExportStore } from '../export/store';
import { useProjectStore } from '../project/store';
import { useSettingsStore } from '../settings/store';
import { openFileRef } from './open-file';
import { useCommandsStore } from './store';
import { t } from '../../strings';

/** Ids of the hidden file inputs the page opens for "Open data file…" and "Open model bundle…" in a browser tab. */
export const PICKER_IDS = { data: 'open-data-input', bundle: 'open-bundle-input' } as const;

function focusGoal() {
  requestAnimationFrame(() => document.getElementById('goal-input')?.focus());
}

/** Runs one command in the page (from a shortcut, the ☰ menu, or the native menu through the host). */
export async function runCommand(id: CommandId): Promise<void> {
  const go = useAppStore.getState().go;
  switch (id) {
    case 'project.new':
      go('home');
      focusGoal();
      return;
    case 'data.open':
    case 'bundle.open':
      // A browser tab picks with a file input (this runs inside the key press or click that asked for it).
      document.getElementById(id === 'data.open' ? PICKER_IDS.data : PICKER_IDS.bundle)?.click();
      return;
    case 'project.export': {
      const project = useProjectStore.getState().project;
      if (!project?.training) {
        useProjectStore.setState({
          error: {
            name: 'Error',
            code: 'stage-order',
            message: t.commands.nothingToExport,
          },
        });
        go(project ? 'project' : 'home');
        return;
      }
      go('project');
      await useExportStore.getState().run();
      return;
    }
    case 'go.projects':
      return go('home');
    case 'go.predict':
      return go('predict');
    case 'go.models':
      return go('models');
    case 'theme.toggle':
      return useSettingsStore.getState().toggleTheme();
    case 'help.shortcuts':
      return useCommandsStore.getState().setOverlay(true);
  }
}

function apply(command: AppCommand): void {
  if (command.id === 'file.open') void openFileRef(command.file, command.kind);
  else void runCommand(command.id);
}

/** A command from the host: run now, or after start-up when it comes early (a file the app was opened with). */
export function receiveCommand(command: AppCommand): void {
  if (useCommandsStore.getState().ready) apply(command);
  else useCommandsStore.setState((s) => ({ waiting: [...s.waiting, command] }));
}

/** Start-up is done: run what waited. */
export function commandsReady(): void {
  const waiting = useCommandsStore.getState().waiting;
  useCommandsStore.setState({ ready: true, waiting: [] });
  waiting.forEach(apply);
}

// Subscribed once, when the page loads (before the host sends anything).
getApi()?.onCommand(receiveCommand);
