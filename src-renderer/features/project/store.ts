import type { DataSourceRequest, StageEdits } from '@shared/channels';
import type { AppError, Result } from '@shared/errors';
import type { AppEvent } from '@shared/events';
import type { ProjectState } from '@shared/project';
import type { StageId } from '@shared/stages';
import { create } from 'zustand';
import { call } from '../../lib/api';
import { applyProjectEvent, shareUnchanged } from './reduce';

export interface ProjectStore {
  project: ProjectState | null;
  /** What is being asked of the engine right now (disables the matching controls), e.g. "confirm:PREPROCESS". */
  busy: string | null;
  /** The last request that failed (a stage failing in the background shows through project.stages instead). */
  error: AppError | null;
  /**
   * A stage to confirm again, without edits, as soon as it waits once more: edits to the plan or the model
   * list re-run that stage, and the person already said "continue".
   */
  autoConfirm: StageId | null;
  /**
   * A finished stage the person opened from the timeline to look at (read-only), instead of the stage that
   * needs attention. Looking changes nothing; "Change and re-run from here" is a separate action (`back`).
   */
  viewing: StageId | null;
  view(stage: StageId | null): void;
  create(goal: string, name?: string): Promise<ProjectState | null>;
  open(projectId: string): Promise<boolean>;
  close(): void;
  setGoal(goal: string): Promise<void>;
  attach(source: DataSourceRequest): Promise<void>;
  confirm(stage: StageId, edits?: StageEdits, opts?: { thenContinue?: boolean }): Promise<void>;
  back(stage: StageId): Promise<void>;
  /** Stops the running step; `keep` (training): keep the models finished so far. */
  cancel(keep?: boolean): Promise<void>;
  /** Trains for `budgetSeconds` more, continuing the search from the models already trained. */
  continueTraining(budgetSeconds: number): Promise<void>;
  refresh(): Promise<void>;
  clearError(): void;
  onEvent(event: AppEvent): void;
}

let refetchTimer: ReturnType<typeof setTimeout> | null = null;
let refetchSeq = 0;

export const useProjectStore = create<ProjectStore>()((set, get) => {
  /** Runs one request that returns the project; stores the result or the error. */
  async function run(label: string, request: () => Promise<Result<ProjectState>>): Promise<ProjectState | null> {
    set({ busy: label, error: null });
    const res = await request();
    refetchSeq++; // a refetch started before this answer is older than it
    if (res.ok) {
      set({ project: shareUnchanged(get().project, res.value), busy: null });
      // Stages advance in the background after the answer was written: read the saved state once more.
      scheduleRefetch();
    } else set({ error: res.error, busy: null });
    return res.ok ? res.value : null;
  }

  function scheduleRefetch(delay = 60): void {
    if (refetchTimer) clearTimeout(refetchTimer);
    refetchTimer = setTimeout(() => {
      refetchTimer = null;
      void get().refresh();
    }, delay);
  }

  function maybeAutoConfirm(): void {
    const { project, autoConfirm, busy } = get();
    if (!project || !autoConfirm || busy) return;
    const status = project.stages[autoConfirm].status;
    if (status === 'waiting_confirmation') {
      set({ autoConfirm: null });
      void get().confirm(autoConfirm);
    } else if (status === 'failed' || status === 'done') {
      set({ autoConfirm: null });
    }
  }

  return {
    project: null,
    busy: null,
    error: null,
    autoConfirm: null,
    viewing: null,

    view(stage) {
      set({ viewing: stage });
    },

    async create(goal, name) {
      set({ viewing: null });
      const state = await run('create', () => call('project:create', { goal, name }));
      if (state) void call('settings:set', { lastProjectId: state.id });
      return state;
    },

    async open(projectId) {
      set({ project: null, autoConfirm: null, viewing: null });
      const state = await run('open', () => call('project:get', { projectId }));
      if (state) void call('settings:set', { lastProjectId: state.id });
      return state !== null;
    },

    close() {
      set({ project: null, error: null, busy: null, autoConfirm: null, viewing: null });
    },

    async setGoal(goal) {
      const p = get().project;
      if (!p) {
        await get().create(goal);
        return;
      }
      await run('goal', () => call('goal:set', { projectId: p.id, goal }));
    },

    async attach(source) {
      const p = get().project;
      if (!p) return;
      await run('attach', () => call('data:attach', { projectId: p.id, source }));
    },

    async confirm(stage, edits, opts) {
      const p = get().project;
      if (!p) return;
      const hasEdits = edits !== undefined && Object.keys(edits).length > 0;
      const state = await run(`confirm:${stage}`, () =>
        call('stage:confirm', { projectId: p.id, stage, edits: hasEdits ? edits : undefined }),
      );
      if (state && hasEdits && opts?.thenContinue) {
        set({ autoConfirm: stage });
        maybeAutoConfirm();
      }
    },

    async back(stage) {
      const p = get().project;
      if (!p) return;
      set({ viewing: null });
      await run(`back:${stage}`, () => call('stage:back', { projectId: p.id, stage }));
    },

    async continueTraining(budgetSeconds) {
      const p = get().project;
      if (!p) return;
      set({ viewing: null });
      await run('continue:TRAIN', () => call('training:continue', { projectId: p.id, budgetSeconds }));
    },

    async cancel(keep) {
      const p = get().project;
      if (!p) return;
      set({ busy: keep ? 'keep' : 'cancel', autoConfirm: null });
      const res = await call('stage:cancel', { projectId: p.id, keep });
      set({ busy: null, error: res.ok ? null : res.error });
      void get().refresh();
    },

    async refresh() {
      const p = get().project;
      if (!p) return;
      const seq = ++refetchSeq;
      const res = await call('project:get', { projectId: p.id });
      // Drop answers overtaken by a newer request, or for a project no longer shown.
      if (seq !== refetchSeq || get().project?.id !== p.id) return;
      if (res.ok) set({ project: shareUnchanged(get().project, res.value) });
      maybeAutoConfirm();
    },

    clearError() {
      set({ error: null });
    },

    onEvent(event) {
      const p = get().project;
      if (!p || event.projectId !== p.id) return;
      const next = shareUnchanged(p, applyProjectEvent(p, event));
      if (next !== p) set({ project: next });
      // Coalesce bursts of status changes into one refetch of the saved state.
      if (event.type === 'STAGE_STATUS') scheduleRefetch();
    },
  };
});
