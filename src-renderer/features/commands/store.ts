import type { AppCommand } from '@shared/commands';
import { create } from 'zustand';

export interface CommandsStore {
  /** The keyboard-shortcuts overlay is open. */
  overlay: boolean;
  /** A file dropped on the window is being sent to the app (browser tab). */
  sending: { name: string; fraction: number } | null;
  /** Files are being dragged over the window (not over a drop zone). */
  dragging: boolean;
  /** Start-up (reopening the last project) is done: commands run at once from now on. */
  ready: boolean;
  /** Commands that arrived before start-up finished (a file opened with the app). */
  waiting: AppCommand[];
  setOverlay(open: boolean): void;
}

export const useCommandsStore = create<CommandsStore>()((set) => ({
  overlay: false,
  sending: null,
  dragging: false,
  ready: false,
  waiting: [],
  setOverlay(open) {
    set({ overlay: open });
  },
}));
