import type { FileRef } from './channels';

/**
 * The app's commands, declared once: the Electron menu is built from this list, the renderer binds the same
 * shortcuts under the Node host, and the help overlay (`?`) and the Node host's menu show them.
 */
export const COMMAND_IDS = [
  'project.new',
  'data.open',
  'bundle.open',
  'project.export',
  'go.projects',
  'go.predict',
  'go.models',
  'theme.toggle',
  'help.shortcuts',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export interface CommandInfo {
  id: CommandId;
  label: string;
  /** Electron accelerator syntax (`CmdOrCtrl+Shift+O`); the renderer matches and shows the same string. */
  accelerator?: string;
  /** Which menu it sits in. */
  menu: 'file' | 'view' | 'help';
  /** Typed in the page rather than bound by the OS menu (a bare `?` must still reach text boxes). */
  pageOnly?: boolean;
}

export const COMMANDS: readonly CommandInfo[] = [
  { id: 'project.new', label: 'New project', accelerator: 'CmdOrCtrl+N', menu: 'file' },
  { id: 'data.open', label: 'Open data file…', accelerator: 'CmdOrCtrl+O', menu: 'file' },
  { id: 'bundle.open', label: 'Open model bundle…', accelerator: 'CmdOrCtrl+Shift+O', menu: 'file' },
  { id: 'project.export', label: 'Export bundle', accelerator: 'CmdOrCtrl+E', menu: 'file' },
  { id: 'go.projects', label: 'Projects', accelerator: 'CmdOrCtrl+1', menu: 'view' },
  { id: 'go.predict', label: 'Predict', accelerator: 'CmdOrCtrl+2', menu: 'view' },
  { id: 'go.models', label: 'Models', accelerator: 'CmdOrCtrl+3', menu: 'view' },
  { id: 'theme.toggle', label: 'Dark mode on/off', accelerator: 'CmdOrCtrl+Shift+L', menu: 'view' },
  { id: 'help.shortcuts', label: 'Keyboard shortcuts', accelerator: '?', menu: 'help', pageOnly: true },
];

export function commandInfo(id: CommandId): CommandInfo {
  return COMMANDS.find((c) => c.id === id)!;
}

/** Keys the wizard already uses, shown in the help overlay beside the commands. */
export const PAGE_KEYS: ReadonlyArray<{ keys: string; label: string }> = [
  { keys: 'Enter', label: 'Send the goal, or confirm a focused step' },
  { keys: 'Escape', label: 'Close a dialog or this overlay' },
  { keys: 'Tab / Shift+Tab', label: 'Move between controls (every chart and table is reachable)' },
];

/** What a data file or bundle opened from outside the page (menu, file manager, second launch) is for. */
export type OpenedKind = 'data' | 'bundle';

/** Main → renderer: run a command, or open a file the person chose outside the page. */
export type AppCommand = { id: CommandId } | { id: 'file.open'; file: FileRef; kind: OpenedKind };

/** The channel AppCommands travel on (Electron only; the Node host runs commands in the page). */
export const COMMAND_CHANNEL = 'app:command';

/** `CmdOrCtrl+Shift+O` as a person reads it on this platform: `⇧⌘O` on macOS, `Ctrl+Shift+O` elsewhere. */
export function acceleratorLabel(accelerator: string, mac: boolean): string {
  const parts = accelerator.split('+');
  const key = parts.pop()!;
  const mods = parts.map((m) => (m === 'CmdOrCtrl' ? (mac ? 'Cmd' : 'Ctrl') : m));
  if (!mac) return [...mods, key].join('+');
  const symbol: Record<string, string> = { Cmd: '⌘', Shift: '⇧', Alt: '⌥', Ctrl: '⌃' };
  const order = ['Ctrl', 'Alt', 'Shift', 'Cmd'];
  return (
    mods
      .sort((a, b) => order.indexOf(a) - order.indexOf(b))
      .map((m) => symbol[m] ?? m)
      .join('') + key
  );
}

/** The parts of a keyboard event the matcher reads (a DOM KeyboardEvent has them all). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * True when a key press is `accelerator` on this platform. `CmdOrCtrl` is ⌘ on macOS and Ctrl elsewhere; Shift
 * is ignored for a bare printable symbol like `?` (typing it needs Shift on most layouts).
 */
export function matchesAccelerator(press: KeyPress, accelerator: string, mac: boolean): boolean {
  const parts = accelerator.split('+');
  const key = parts.pop()!;
  const want = new Set(parts);
  const cmd = want.has('CmdOrCtrl');
  const primary = mac ? press.metaKey : press.ctrlKey;
  const other = mac ? press.ctrlKey : press.metaKey;
  if (primary !== cmd || other || press.altKey !== want.has('Alt')) return false;
  const symbol = key.length === 1 && !/[a-z0-9]/i.test(key);
  if (!symbol && press.shiftKey !== want.has('Shift')) return false;
  return press.key.toLowerCase() === key.toLowerCase();
}
