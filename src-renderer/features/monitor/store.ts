import type { AppError } from '@shared/errors';
import type { ChallengeResult, FeedbackReport, MonitorState, MonitorUpdate, RetrainMode } from '@shared/monitor';
import { create } from 'zustand';
import { call } from '../../lib/api';
import { fileToRef } from '../../lib/upload';

/** The Monitor screen's state: one model's monitoring, and what the last feedback / retrain did. */
export interface MonitorStore {
  state: MonitorState | null;
  error: AppError | null;
  busy: 'feedback' | 'retrain' | 'activate' | 'update' | null;
  /** The retrain in progress (monitor:retrain-cancel stops it). */
  runId: string | null;
  /** The person asked the retrain to stop; it has not ended yet. */
  stopping: boolean;
  lastFeedback: FeedbackReport | null;
  lastChallenge: ChallengeResult | null;
  load(modelId: string): Promise<void>;
  feedback(modelId: string, file: File): Promise<void>;
  retrain(modelId: string, file: File, mode: RetrainMode): Promise<void>;
  cancelRetrain(): Promise<void>;
  activate(modelId: string, version: number, kind: 'promote' | 'rollback', reason: string): Promise<void>;
  update(modelId: string, update: MonitorUpdate): Promise<void>;
}

export const useMonitorStore = create<MonitorStore>()((set, get) => ({
  state: null,
  error: null,
  busy: null,
  runId: null,
  stopping: false,
  lastFeedback: null,
  lastChallenge: null,
  async load(modelId) {
    const res = await call('monitor:state', { modelId });
    set(res.ok ? { state: res.value, error: null } : { error: res.error });
  },
  async feedback(modelId, file) {
    set({ busy: 'feedback', error: null });
    const ref = await fileToRef(file);
    const res = ref.ok
      ? await call('monitor:feedback', { modelId, file: { kind: 'file', handle: ref.value.handle } })
      : ref;
    set(
      res.ok
        ? { state: res.value.state, lastFeedback: res.value.report, busy: null }
        : { error: res.error, busy: null },
    );
  },
  async retrain(modelId, file, mode) {
    const runId = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join(
      '',
    );
    set({ busy: 'retrain', runId, stopping: false, error: null });
    const ref = await fileToRef(file);
    const res = ref.ok
      ? await call('monitor:retrain', { modelId, file: { kind: 'file', handle: ref.value.handle }, mode, runId })
      : ref;
    // A cancel is kept as its error (code 'cancelled'): the screen says the retrain was cancelled.
    set(
      res.ok
        ? { state: res.value.state, lastChallenge: res.value.result, busy: null, runId: null, stopping: false }
        : { error: res.error, busy: null, runId: null, stopping: false },
    );
  },
  async cancelRetrain() {
    const { runId } = get();
    if (!runId) return;
    set({ stopping: true });
    await call('monitor:retrain-cancel', { runId });
  },
  async activate(modelId, version, kind, reason) {
    set({ busy: 'activate', error: null });
    const res = await call('monitor:activate', { modelId, version, kind, reason });
    set(res.ok ? { state: res.value, busy: null } : { error: res.error, busy: null });
  },
  async update(modelId, update) {
    set({ busy: 'update', error: null });
    const res = await call('monitor:update', { modelId, update });
    set(res.ok ? { state: res.value, busy: null } : { error: res.error, busy: null });
  },
}));
