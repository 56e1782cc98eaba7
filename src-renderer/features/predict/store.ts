import type { DataSourceRequest, FileRef, PredictResult, RegistryModel } from '@shared/channels';
import type { AppError } from '@shared/errors';
import { create } from 'zustand';
import { call } from '../../lib/api';

/** A registered model, or an exported zip the person chose (held as a handle; `file.name` is shown). */
export type PredictSource = { kind: 'model'; modelId: string } | { kind: 'bundle'; file: FileRef };

export interface PredictStore {
  models: RegistryModel[] | null;
  source: PredictSource | null;
  /** The last zip chosen, kept so the person can switch back to it after picking a registered model. */
  bundle: FileRef | null;
  input: { request: DataSourceRequest; name: string } | null;
  running: boolean;
  result: PredictResult | null;
  error: AppError | null;
  loadModels(): Promise<void>;
  setSource(source: PredictSource | null): void;
  useBundle(file: FileRef): void;
  setInput(request: DataSourceRequest, name: string): void;
  run(): Promise<void>;
}

export const usePredictStore = create<PredictStore>()((set, get) => ({
  models: null,
  source: null,
  bundle: null,
  input: null,
  running: false,
  result: null,
  error: null,

  async loadModels() {
    const res = await call('models:list', {});
    if (!res.ok) return set({ error: res.error, models: [] });
    set({ models: res.value });
    // A person with one model should not have to pick it.
    if (!get().source && res.value.length > 0) set({ source: { kind: 'model', modelId: res.value[0].modelId } });
  },

  setSource(source) {
    set({ source, result: null, error: null });
  },

  useBundle(file) {
    set({ source: { kind: 'bundle', file }, bundle: file, result: null, error: null });
  },

  setInput(request, name) {
    set({ input: { request, name }, result: null, error: null });
  },

  async run() {
    const { source, input } = get();
    if (!source || !input) return;
    set({ running: true, error: null, result: null });
    const res = await call('predict:run', {
      source: source.kind === 'bundle' ? { kind: 'bundle', handle: source.file.handle } : source,
      input: input.request,
    });
    set(res.ok ? { running: false, result: res.value } : { running: false, error: res.error });
  },
}));
