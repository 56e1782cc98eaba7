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
  lastFeedback: FeedbackReport | null;
  lastChallenge: ChallengeResult | null;
  load(modelId: string): Promise<void>;
  feedback(modelId: string, file: File): Promise<void>;
  retrain(modelId: string, file: File, mode: RetrainMode): Promise<void>;
  activate(modelId: string, version: number, kind: 'promote' | 'rollback', reason: string): Promise<void>;
  update(modelId: string, update: MonitorUpdate): Promise<void>;
}

export const useMonitorStore = create<MonitorStore>()((set) => ({
  state: null,
  error: null,
  busy: null,
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
    set({ busy: 'retrain', error: null });
    const ref = await fileToRef(file);
    const res = ref.ok
      ? await call('monitor:retrain', { modelId, file: { kind: 'file', handle: ref.value.handle }, mode })
      : ref;
    set(
      res.ok
        ? { state: res.value.state, lastChallenge: res.value.result, busy: null }
        : { error: res.error, busy: null },
    );
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
