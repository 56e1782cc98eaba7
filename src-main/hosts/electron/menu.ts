import type { MenuItemConstructorOptions } from 'electron';
import { COMMANDS, type CommandId, type CommandInfo } from '@shared/commands';
import { EXTERNAL_LINKS } from '@shared/external-links';

/** What the menu's items do; the host wires them to the window, dialogs and the file manager. */
export interface MenuActions {
  run(id: CommandId): void;
  openLink(url: string): void;
  showDataFolder(): void;
  showLogFolder(): void;
}

function item(command: CommandInfo, actions: MenuActions): MenuItemConstructorOptions {
  return {
    id: command.id,
    label: command.label,
    accelerator: command.accelerator,
    // `?` is shown but left to the page, or no text box could receive it.
    registerAccelerator: !command.pageOnly,
    click: () => actions.run(command.id),
  };
}

const inMenu = (menu: CommandInfo['menu'], actions: MenuActions) =>
  COMMANDS.filter((c) => c.menu === menu).map((c) => item(c, actions));

/**
 * The application menu: the platform's usual roles (app menu on macOS, Edit, Window, zoom, full screen, Open
 * Recent on macOS) around the app's commands, with their shortcuts. Pure, so it is tested without Electron.
 */
export function menuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  options: { dev: boolean },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions[] = [
    ...inMenu('file', actions).slice(0, 3),
    ...(mac
      ? [
          {
            role: 'recentDocuments' as const,
            label: 'Open Recent',
            submenu: [{ role: 'clearRecentDocuments' as const }],
          },
        ]
      : []),
    { type: 'separator' },
    ...inMenu('file', actions).slice(3),
    { type: 'separator' },
    mac ? { role: 'close' } : { role: 'quit' },
  ];
  const view: MenuItemConstructorOptions[] = [
    ...inMenu('view', actions),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
    ...(options.dev
      ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]
      : []),
  ];
  const help: MenuItemConstructorOptions[] = [
    ...inMenu('help', actions),
    { type: 'separator' },
    { label: 'Get a Kaggle API token', click: () => actions.openLink(EXTERNAL_LINKS.kaggleApiToken) },
    { label: 'Run model.onnx elsewhere (ONNX Runtime)', click: () => actions.openLink(EXTERNAL_LINKS.onnxRuntime) },
    { label: 'View a model graph (Netron)', click: () => actions.openLink(EXTERNAL_LINKS.netron) },
    { type: 'separator' },
    { label: 'Show data folder', click: () => actions.showDataFolder() },
    { label: 'Show log folder', click: () => actions.showLogFolder() },
    ...(mac ? [] : [{ type: 'separator' as const }, { role: 'about' as const }]),
  ];
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: file },
    { role: 'editMenu' },
    { label: '&View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', label: '&Help', submenu: help },
  ];
}
