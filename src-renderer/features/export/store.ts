import { getLocale } from '@shared/locale';
import type { ExportContents, FileRef, RegisterChoice, RegisterOptions } from '@shared/channels';
import type { AppError } from '@shared/errors';
import type { ExportInfo } from '@shared/project';
import { create } from 'zustand';
import { call } from '../../lib/api';
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
  /** Where this project's model would go in the registry (loaded when the Export step opens). */
  options: RegisterOptions | null;
  /** The person's choice; null = the default (a new version of the first match, else a new model). */
  register: RegisterChoice | null;
  loadOptions(projectId: string): Promise<void>;
  setRegister(choice: RegisterChoice): void;
  chooseLocation(defaultName: string): Promise<void>;
  run(): Promise<ExportInfo | null>;
  reset(): void;
}

export const useExportStore = create<ExportStore>()((set, get) => ({
  location: null,
  running: false,
  error: null,
  include: { report: true, notebook: true, predictions: true, data: true },
  options: null,
  register: null,

  setInclude(part, on) {
    set({ include: { ...get().include, [part]: on } });
  },

  async loadOptions(projectId) {
    const res = await call('export:registerOptions', { projectId });
    if (res.ok) set({ options: res.value });
  },

  setRegister(choice) {
    set({ register: choice });
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
      register: get().register ?? undefined,
      locale: getLocale(),
    });
    // A cancel is not a failure to report again: the step's own panel says it was cancelled.
    set({ running: false, error: res.ok || res.error.code === 'cancelled' ? null : res.error });
    void useProjectStore.getState().refresh();
    return res.ok ? res.value : null;
  },

  reset() {
    set({ location: null, running: false, error: null, options: null, register: null });
  },
}));
