import type { DataSourceRequest, FileRef, PredictResult, RegistryModel } from '@shared/channels';
import type { AppError } from '@shared/errors';
import { create } from 'zustand';
import { call } from '../../lib/api';
import { pickable, type DataShape } from './model-fit';
import { useJobProgressStore } from '../jobs/store';

/** A registered model, or an exported zip the person chose (held as a handle; `file.name` is shown). */
export type PredictSource = { kind: 'model'; modelId: string } | { kind: 'bundle'; file: FileRef };

export interface PredictStore {
  models: RegistryModel[] | null;
  source: PredictSource | null;
  /** The last zip chosen, kept so the person can switch back to it after picking a registered model. */
  bundle: FileRef | null;
  /** The rows to score, and what can be told of them before sending (kind, header). */
  input: { request: DataSourceRequest; name: string; shape: DataShape } | null;
  running: boolean;
  /** The run in progress (predict:cancel stops it). */
  runId: string | null;
  result: PredictResult | null;
  error: AppError | null;
  loadModels(): Promise<void>;
  setSource(source: PredictSource | null): void;
  useBundle(file: FileRef): void;
  setInput(request: DataSourceRequest, name: string, shape: DataShape): void;
  run(): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * Keeps the chosen model when it can score the data; otherwise the first one that can (a person with one fitting
 * model should not have to pick it). A chosen zip is kept as it is.
 */
function fittingSource(s: Pick<PredictStore, 'models' | 'source' | 'input'>): PredictSource | null {
  const current = s.source;
  if (current?.kind === 'bundle') return current;
  const ok = pickable(s.models ?? [], s.input?.shape ?? null).shown.filter((m) => m.fit.ok);
  if (current && (!s.input || ok.some((m) => m.model.modelId === current.modelId))) return current;
  return ok[0] ? { kind: 'model', modelId: ok[0].model.modelId } : null;
}

export const usePredictStore = create<PredictStore>()((set, get) => ({
  models: null,
  source: null,
  bundle: null,
  input: null,
  running: false,
  runId: null,
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

  useBundle(file) {
    set({ source: { kind: 'bundle', file }, bundle: file, result: null, error: null });
  },

  setInput(request, name, shape) {
    set({ input: { request, name, shape }, result: null, error: null });
    set({ source: fittingSource(get()) });
  },

  async run() {
    const { source, input } = get();
    if (!source || !input) return;
    const runId = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join(
      '',
    );
    set({ running: true, runId, error: null, result: null });
    const res = await call('predict:run', {
      source: source.kind === 'bundle' ? { kind: 'bundle', handle: source.file.handle } : source,
      input: input.request,
      runId,
    });
    useJobProgressStore.getState().forget(runId);
    if (get().runId !== runId) return;
    // A cancel is kept as its error (code 'cancelled'): the screen says the prediction was cancelled.
    set(
      res.ok ? { running: false, runId: null, result: res.value } : { running: false, runId: null, error: res.error },
    );
  },

  async cancel() {
    const { runId } = get();
    if (!runId) return;
    await call('predict:cancel', { runId });
  },
}));
