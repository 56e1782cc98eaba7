import type { DataSourceRequest, PredictResult, RegistryModel } from '@shared/channels';
import type { AppError } from '@shared/errors';
import { create } from 'zustand';
import { call } from '../../lib/api';
import { pickable, type DataShape } from './model-fit';

export type PredictSource = { kind: 'model'; modelId: string } | { kind: 'bundle'; path: string };

export interface PredictStore {
  models: RegistryModel[] | null;
  source: PredictSource | null;
  input: { request: DataSourceRequest; name: string; shape: DataShape } | null;
  running: boolean;
  result: PredictResult | null;
  error: AppError | null;
  loadModels(): Promise<void>;
  setSource(source: PredictSource | null): void;
  useBundle(path: string): void;
  chooseBundle(): Promise<void>;
  setInput(request: DataSourceRequest, name: string, shape: DataShape): void;
  run(): Promise<void>;
}

/** Keeps the chosen model when it can score the data; otherwise the first one that can (a person with one fitting model should not have to pick it). */
function fittingSource(s: Pick<PredictStore, 'models' | 'source' | 'input'>): PredictSource | null {
  const current = s.source;
  if (current?.kind === 'bundle') return current;
  const { shown } = pickable(s.models ?? [], s.input?.shape ?? null);
  const ok = shown.filter((m) => m.fit.ok);
  if (current && (!s.input || ok.some((m) => m.model.modelId === current.modelId))) return current;
  return ok[0] ? { kind: 'model', modelId: ok[0].model.modelId } : null;
}

export const usePredictStore = create<PredictStore>()((set, get) => ({
  models: null,
  source: null,
  input: null,
  running: false,
  result: null,
  error: null,

  async loadModels() {
    const res = await call('models:list', {});
    if (!res.ok) return set({ error: res.error, models: [] });
    set({ models: res.value });
    set({ source: fittingSource(get()) });
  },

  setSource(source) {
    set({ source, result: null, error: null });
  },

  useBundle(path) {
    set({ source: { kind: 'bundle', path }, result: null, error: null });
  },

  async chooseBundle() {
    const res = await call('dialog:openFile', {});
    if (!res.ok) set({ error: res.error });
    else if (res.value.path) get().useBundle(res.value.path);
  },

  setInput(request, name, shape) {
    set({ input: { request, name, shape }, result: null, error: null });
    set({ source: fittingSource(get()) });
  },

  async run() {
    const { source, input } = get();
    if (!source || !input) return;
    set({ running: true, error: null, result: null });
    const res = await call('predict:run', { source, input: input.request });
    set(res.ok ? { running: false, result: res.value } : { running: false, error: res.error });
  },
}));
