import type { KaggleHit } from '@shared/channels';
import type { AppError } from '@shared/errors';
import { create } from 'zustand';
import { call } from '../../lib/api';
import { useProjectStore } from '../project/store';

/** Where the host found the Kaggle token (`kaggle:status`). */
export interface KaggleStatus {
  configured: boolean;
  username: string | null;
  source: 'env' | 'file' | 'app' | null;
}

export interface KaggleStore {
  status: KaggleStatus | null;
  /** What the last search asked for, and what came back (null: nothing searched yet). */
  query: string;
  hits: KaggleHit[] | null;
  busy: 'status' | 'save' | 'search' | null;
  /** A failed request of this section (shown in the section, not as a stage failure). */
  error: AppError | null;
  /** The dataset handed to DATA_SOURCE, per project: tells the data panel that its running stage is a download. */
  using: { projectId: string; ref: string } | null;
  /** True while `use` hands the dataset over (any other attach means the person chose other data). */
  attaching: boolean;
  loadStatus(): Promise<void>;
  save(username: string, key: string): Promise<boolean>;
  search(query: string): Promise<void>;
  use(ref: string): Promise<void>;
  dismissError(): void;
}

export const useKaggleStore = create<KaggleStore>()((set, get) => ({
  status: null,
  query: '',
  hits: null,
  busy: null,
  error: null,
  using: null,
  attaching: false,
  async loadStatus() {
    set({ busy: 'status' });
    const res = await call('kaggle:status', {});
    set(res.ok ? { status: res.value, busy: null } : { error: res.error, busy: null });
  },
  async save(username, key) {
    set({ busy: 'save', error: null });
    const res = await call('kaggle:setCredentials', { username: username.trim(), key: key.trim() });
    if (!res.ok) {
      set({ error: res.error, busy: null });
      return false;
    }
    set({ status: { configured: true, username: res.value.username, source: 'app' }, busy: null });
    return true;
  },
  async search(query) {
    const q = query.trim();
    if (!q || get().busy === 'search') return;
    set({ busy: 'search', error: null, query: q });
    const res = await call('kaggle:search', { query: q });
    // A newer search (or a cleared box) may have replaced this one while it ran.
    if (get().query !== q) return;
    set(res.ok ? { hits: res.value, busy: null } : { error: res.error, hits: null, busy: null });
  },
  async use(ref) {
    const project = useProjectStore.getState().project;
    if (!project) return;
    set({ using: { projectId: project.id, ref }, error: null, attaching: true });
    try {
      await useProjectStore.getState().attach({ kind: 'kaggle', ref });
    } finally {
      set({ attaching: false });
    }
  },
  dismissError() {
    set({ error: null });
  },
}));

/** `owner/name` → `owner__name`, for test ids and element ids. */
export const refId = (ref: string): string => ref.replace(/\//g, '__');

// A file or a sample attached after a Kaggle pick: DATA_SOURCE no longer downloads anything.
useProjectStore.subscribe((s, prev) => {
  if (s.busy === 'attach' && prev.busy !== 'attach' && !useKaggleStore.getState().attaching)
    useKaggleStore.setState({ using: null });
});
