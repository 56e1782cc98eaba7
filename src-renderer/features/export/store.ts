import type { ExportContents, FileRef } from '@shared/channels';
import type { AppError } from '@shared/errors';
import type { ExportInfo } from '@shared/project';
import { create } from 'zustand';
import { call } from '../../lib/api';
import { dirnameOf } from '../../lib/data-source';
import { useProjectStore } from '../project/store';

export interface ExportStore {
  /** Where the zip goes (a save location the person chose); null = the app's exports folder. */
  location: FileRef | null;
  running: boolean;
  error: AppError | null;
  /** Optional parts of the zip. Kept for the whole session (reset() leaves them), so a person who
   * never wants the notebook unticks it once. */
  include: Required<ExportContents>;
  setInclude(part: keyof ExportContents, on: boolean): void;
  chooseLocation(defaultName: string): Promise<void>;
  run(): Promise<ExportInfo | null>;
  openFolder(zipPath: string): Promise<void>;
  reset(): void;
}

export const useExportStore = create<ExportStore>()((set, get) => ({
  location: null,
  running: false,
  error: null,
  include: { report: true, notebook: true, predictions: true, data: true },

  setInclude(part, on) {
    set({ include: { ...get().include, [part]: on } });
  },

  async chooseLocation(defaultName) {
    const res = await call('dialog:saveFile', { defaultName });
    if (!res.ok) set({ error: res.error });
    else if (res.value.file) set({ location: res.value.file, error: null });
  },

  async run() {
    const project = useProjectStore.getState().project;
    if (!project) return null;
    set({ running: true, error: null });
    const res = await call('export:run', {
      projectId: project.id,
      target: get().location?.handle,
      include: get().include,
    });
    set({ running: false, error: res.ok ? null : res.error });
    void useProjectStore.getState().refresh();
    return res.ok ? res.value : null;
  },

  async openFolder(zipPath) {
    const res = await call('shell:openFolder', { path: dirnameOf(zipPath) });
    if (!res.ok) set({ error: res.error });
  },

  reset() {
    set({ location: null, running: false, error: null });
  },
}));
