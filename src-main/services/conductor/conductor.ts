import { basename } from 'node:path';
import type { LlmConfig } from '../../engine/intent/llm/local-llm';
import type { DataSourceRequest, ExportContents, RegisterChoice, StageEdits } from '@shared/channels';
import { CodedError } from '@shared/errors';
import { plainError } from '@shared/plain-error';
import type { AppEvent } from '@shared/events';
import type { ExportInfo, ProjectState } from '@shared/project';
import { STAGE_LABELS, STAGES, type StageId } from '@shared/stages';
import { resolveSample } from '../resources/samples';
import type { ProjectStore } from '../store/project-store';
import { EventStamper } from './event-stamper';
import type { TrainerJobs } from '../../workers/trainer-methods';
import { STOP_AND_KEEP } from '../../workers/protocol';
import { STAGE_RUNNERS, type PendingSource, type RunContext } from './stage-runners';
import { applyStageAction, currentStage, goBack } from './stage-machine';
import { skippedStages } from './task-flow';
import { claimIsLive, claimRun, readRunClaim, withProjectLock, type HeldRun } from '../store/project-lock';
import { failInterrupted, runningElsewhere } from './interrupted';
import { assertChoicesMatchColumns, choicesByAppNames } from './resolve-intent';

export interface ConductorDeps {
  store: ProjectStore;
  jobs: TrainerJobs;
  /** Every stamped event goes here (to the UI, the CLI's --json, a test). */
  emit: (event: AppEvent) => void;
  dataDir: string;
  appVersion: string;
  /** Kaggle credentials for `kaggle` data sources (absent: Kaggle sources are refused with a clear message). */
  kaggle?: { credentials(): { creds: { username: string; key: string } } | null };
  /** The local language model that helps read goals, when one is set (Settings or AUTOML_LLM_URL); off by default. */
  llm?: () => Promise<LlmConfig | null>;
}

/**
 * Data as the conductor takes it: a file or folder on this computer (the hosts turn a renderer's file handle into
 * its path first; the CLI passes a path), a bundled sample, or a Kaggle dataset.
 */
export type SourceOnDisk =
  | { kind: 'path'; path: string; /** The name the person knows it by (an upload's original name). */ name?: string }
  | Exclude<DataSourceRequest, { kind: 'file' }>;

/**
 * The eight-stage state machine of a project. Stages run in the background after the call that started them
 * returns; every transition is saved to disk before its event goes out, so a closed app loses nothing.
 * One advance at a time per project; cancel is the only operation that cuts into a running one.
 */
export class Conductor {
  private readonly stampers = new Map<string, EventStamper>();
  private readonly inflight = new Map<
    string,
    { promise: Promise<void>; stage: StageId | null; controller: AbortController }
  >();
  private readonly pendingSources = new Map<string, PendingSource>();
  private readonly exportPaths = new Map<
    string,
    { path: string; include?: ExportContents; register?: RegisterChoice; locale?: string }
  >();

  constructor(private readonly deps: ConductorDeps) {}

  private stamper(projectId: string): EventStamper {
    let s = this.stampers.get(projectId);
    if (!s) {
      s = new EventStamper(projectId, (event) => {
        this.deps.emit(event);
        void this.deps.store.logEvent(event).catch(() => undefined);
      });
      this.stampers.set(projectId, s);
    }
    return s;
  }

  /** Creates a project; `choices` (from the command line) apply from the first reading of the goal on. */
  async create(name?: string, goal = '', choices?: StageEdits): Promise<ProjectState> {
    const state = await this.deps.store.create(name?.trim() || 'Untitled project', goal);
    if (choices && Object.keys(choices).length) {
      state.choices = choices;
      await this.deps.store.save(state);
    }
    if (goal.trim()) return this.setGoal(state.id, goal, true);
    return state;
  }

  /** Runs `fn` under the project's lock (this process and others): every change of project.json goes through it. */
  private locked<T>(projectId: string, fn: () => Promise<T>): Promise<T> {
    return withProjectLock(this.deps.store.dir(projectId), fn);
  }

  /**
   * Loads a project; a stage left `running` by a crash or a closed app becomes `failed` so it can be retried.
   * A stage that runs here, or in another live process, is left alone: a reader never downgrades a run it cannot see.
   */
  async get(projectId: string): Promise<ProjectState> {
    return this.locked(projectId, () => this.loadRecovered(projectId));
  }

  /** `get` without taking the lock (the caller holds it). */
  private async loadRecovered(projectId: string): Promise<ProjectState> {
    const state = await this.deps.store.load(projectId);
    if (this.inflight.has(projectId)) return state;
    if (!STAGES.some((s) => state.stages[s].status === 'running')) return state;
    if (claimIsLive(await readRunClaim(this.deps.store.dir(projectId)))) return state;
    state.stages = failInterrupted(state.stages);
    await this.deps.store.save(state);
    return state;
  }

  /** Waits for the background work of a project to settle (CLI and tests). */
  async whenIdle(projectId: string): Promise<ProjectState> {
    for (;;) {
      const job = this.inflight.get(projectId);
      if (!job) break;
      await job.promise;
    }
    return this.get(projectId);
  }

  async setGoal(projectId: string, goal: string, keepChoices = false): Promise<ProjectState> {
    return this.mutate(projectId, async (state) => {
      if (state.stages.PARSE_INTENT.status !== 'pending') state.stages = goBack(state.stages, 'PARSE_INTENT');
      state.goal = goal.trim();
      if (state.choices && !keepChoices) {
        // A new sentence is a new question: drop what was chosen for the old reading.
        const { task: _t, target: _g, horizon: _h, k: _k, date: _d, series: _s, ...rest } = state.choices;
        state.choices = rest;
      }
    });
  }

  async attachData(projectId: string, source: SourceOnDisk): Promise<ProjectState> {
    let local: PendingSource;
    if (source.kind === 'path') local = { path: source.path, originalName: source.name ?? basename(source.path) };
    else if (source.kind === 'kaggle') {
      const found = this.deps.kaggle?.credentials();
      if (!found)
        throw new CodedError('kaggle-auth', 'No Kaggle credentials yet. Enter your Kaggle username and API key first.');
      local = {
        path: '',
        originalName: source.ref,
        kaggle: { ref: source.ref, ...found.creds, baseUrl: process.env.KAGGLE_API_BASE },
      };
    } else {
      const { path, sample } = await resolveSample(source.id);
      local = { path, originalName: sample.file };
    }
    return this.mutate(projectId, async (state) => {
      if (state.stages.PARSE_INTENT.status === 'pending') {
        state.stages = applyStageAction(state.stages, 'PARSE_INTENT', 'start');
        await STAGE_RUNNERS.PARSE_INTENT(this.context(state, new AbortController().signal));
        state.stages = applyStageAction(
          applyStageAction(state.stages, 'PARSE_INTENT', 'await'),
          'PARSE_INTENT',
          'confirm',
        );
      } else if (state.stages.PARSE_INTENT.status === 'waiting_confirmation') {
        state.stages = applyStageAction(state.stages, 'PARSE_INTENT', 'confirm');
      }
      if (state.stages.DATA_SOURCE.status !== 'pending') state.stages = goBack(state.stages, 'DATA_SOURCE');
      this.pendingSources.set(projectId, local);
    });
  }

  /** Confirms a waiting stage (with optional edits), or retries a failed one. */
  async confirm(projectId: string, stage: StageId, edits: StageEdits = {}): Promise<ProjectState> {
    return this.mutate(projectId, async (state) => {
      const status = state.stages[stage].status;
      const { chosenModelId, ...asGiven } = edits;
      const choiceEdits = (state.dataset ? choicesByAppNames(asGiven, state.dataset) : asGiven) ?? {};
      if (state.dataset) assertChoicesMatchColumns(choiceEdits, state.dataset);
      if (Object.keys(choiceEdits).length) state.choices = { ...state.choices, ...choiceEdits };
      if (chosenModelId) {
        const known = state.training?.leaderboard.some((r) => r.modelId === chosenModelId);
        if (!known)
          throw new CodedError('model-not-found', `There is no trained model '${chosenModelId}' in this project.`);
        state.chosenModelId = chosenModelId;
      }
      if (status === 'failed') {
        // A retried DATA_SOURCE reads skipBadRows from the choices just saved.
        state.stages = applyStageAction(state.stages, stage, 'retry');
        return;
      }
      if (status !== 'waiting_confirmation') {
        throw new CodedError(
          'stage-order',
          `${STAGE_LABELS[stage]} is ${status.replace('_', ' ')}, not waiting for confirmation.`,
        );
      }
      const rereads = (['task', 'target', 'date', 'horizon', 'k', 'series'] as const).some((k) => k in choiceEdits);
      if (rereads && stage !== 'PARSE_INTENT') {
        // A new target or task changes everything after the profile: re-profile from here.
        state.stages = goBack(state.stages, 'PROFILE_DATA');
        if (stage === 'PROFILE_DATA') return;
      }
      if (stage === 'PREPROCESS' && (choiceEdits.drop || choiceEdits.columns)) {
        state.stages = goBack(state.stages, 'PREPROCESS');
        return;
      }
      if (stage === 'MODEL_SELECT' && (choiceEdits.models || choiceEdits.budgetSeconds)) {
        state.stages = goBack(state.stages, 'MODEL_SELECT');
        return;
      }
      if (stage === 'PARSE_INTENT' && rereads) {
        state.stages = goBack(state.stages, 'PARSE_INTENT');
        return;
      }
      state.stages = applyStageAction(state.stages, stage, 'confirm');
    });
  }

  /**
   * "Continue with more budget" after training (finished, or stopped and kept): TRAIN runs again for `budgetSeconds`
   * from the models the last run finished; Review and Export follow again. Tables only.
   */
  async continueTraining(projectId: string, budgetSeconds: number): Promise<ProjectState> {
    return this.mutate(projectId, async (state) => {
      if (state.stages.TRAIN.status !== 'done' || !state.training)
        throw new CodedError('stage-order', 'Train first: there is no finished training to continue.');
      const task = state.intent?.task;
      if (task !== 'classification' && task !== 'regression')
        throw new CodedError(
          'invalid-input',
          'Only table models (classification and regression) can continue training; run the step again instead.',
        );
      state.trainMore = { budgetSeconds };
      state.stages = goBack(state.stages, 'TRAIN');
    });
  }

  async back(projectId: string, stage: StageId): Promise<ProjectState> {
    return this.mutate(projectId, async (state) => {
      state.stages = goBack(state.stages, stage);
      if (stage === 'DATA_SOURCE' || stage === 'PARSE_INTENT') this.pendingSources.delete(projectId);
    });
  }

  /**
   * Cancels whatever runs in the background for this project (reading the data, the profile, training, the
   * export). `keep`: training stops and keeps the models finished so far (the project moves on to Review); a plain
   * cancel discards them. True when something was running.
   */
  cancel(projectId: string, keep = false): boolean {
    const job = this.inflight.get(projectId);
    if (!job) return false;
    job.controller.abort(keep && job.stage === 'TRAIN' ? STOP_AND_KEEP : undefined);
    return true;
  }

  /** Deletes a project: its background work is cancelled and has stopped before the folder goes. */
  async delete(projectId: string): Promise<void> {
    const job = this.inflight.get(projectId);
    if (job) {
      job.controller.abort();
      await job.promise;
    }
    await this.locked(projectId, async () => {
      const claim = await readRunClaim(this.deps.store.dir(projectId));
      if (claimIsLive(claim)) throw runningElsewhere(claim!);
      await this.deps.store.delete(projectId);
    });
    this.stampers.delete(projectId);
  }

  /** Starts EXPORT (REVIEW_EDIT is confirmed first if it is waiting) and resolves when the zip exists. */
  async exportZip(
    projectId: string,
    zipPath: string,
    include?: ExportContents,
    register?: RegisterChoice,
    /** The person's locale for the report (BCP 47). */
    locale?: string,
  ): Promise<ExportInfo> {
    this.exportPaths.set(projectId, { path: zipPath, include, register, locale });
    await this.mutate(projectId, async (state) => {
      if (state.stages.REVIEW_EDIT.status === 'waiting_confirmation')
        state.stages = applyStageAction(state.stages, 'REVIEW_EDIT', 'confirm');
      if (state.stages.EXPORT.status !== 'pending') state.stages = goBack(state.stages, 'EXPORT');
      if (currentStage(state.stages) !== 'EXPORT') {
        throw new CodedError(
          'stage-order',
          `Export comes after Review: finish ${STAGE_LABELS[currentStage(state.stages) ?? 'REVIEW_EDIT']} first.`,
        );
      }
    });
    const state = await this.whenIdle(projectId);
    if (state.stages.EXPORT.status === 'failed') {
      const e = state.stages.EXPORT.error;
      throw new CodedError(e?.code ?? 'internal', e?.message ?? 'Export failed.');
    }
    if (!state.export) throw new CodedError('internal', 'Export finished without a bundle.');
    return state.export;
  }

  /**
   * Applies a change to a project under its lock, saves, then advances through every stage that can run
   * without a person, in the background. Waits for a background advance of this project to settle first.
   */
  private async mutate(projectId: string, change: (state: ProjectState) => Promise<void>): Promise<ProjectState> {
    for (;;) {
      const job = this.inflight.get(projectId);
      if (job) {
        if (job.stage === 'TRAIN' || job.stage === 'EXPORT') {
          throw new CodedError('stage-order', `${STAGE_LABELS[job.stage]} is running. Wait for it or cancel it first.`);
        }
        await job.promise;
        continue;
      }
      const done = await this.locked(projectId, async () => {
        // Another change of this project started while we waited for the lock: wait for it too.
        if (this.inflight.has(projectId)) return null;
        const dir = this.deps.store.dir(projectId);
        const claim = await readRunClaim(dir);
        if (claimIsLive(claim)) throw runningElsewhere(claim!);
        const state = await this.loadRecovered(projectId);
        const before = structuredClone(state.stages);
        await change(state);
        await this.deps.store.save(state);
        this.announceChanges(state, before);
        this.startAdvance(state, await claimRun(dir, currentStage(state.stages) ?? 'EXPORT'));
        return state;
      });
      if (done) return done;
    }
  }

  private announceChanges(state: ProjectState, before: ProjectState['stages']): void {
    const emit = this.stamper(state.id).emit;
    for (const stage of STAGES) {
      const now = state.stages[stage];
      if (now.status !== before[stage].status)
        emit({ type: 'STAGE_STATUS', payload: { stage, status: now.status, error: now.error } });
    }
  }

  private context(state: ProjectState, signal: AbortSignal): RunContext {
    return {
      state,
      projectDir: this.deps.store.dir(state.id),
      dataDir: this.deps.dataDir,
      jobs: this.deps.jobs,
      emit: this.stamper(state.id).emit,
      signal,
      appVersion: this.deps.appVersion,
      pendingSource: this.pendingSources.get(state.id),
      exportPath: this.exportPaths.get(state.id),
      llm: this.deps.llm,
    };
  }

  private startAdvance(state: ProjectState, claim: HeldRun): void {
    const controller = new AbortController();
    const entry = { promise: Promise.resolve(), stage: null as StageId | null, controller };
    entry.promise = this.advance(state, controller, claim, (stage) => (entry.stage = stage))
      .catch(() => undefined)
      .finally(async () => {
        // The claim goes under the lock, after the last save: a reader sees either a live claim or a settled stage.
        await this.locked(state.id, () => claim.release()).catch(() => claim.release());
        if (this.inflight.get(state.id) === entry) this.inflight.delete(state.id);
      });
    this.inflight.set(state.id, entry);
  }

  /** Runs stages until one needs a person (or input), fails, or the project is finished. */
  private async advance(
    state: ProjectState,
    controller: AbortController,
    claim: HeldRun,
    onStage: (s: StageId | null) => void,
  ): Promise<void> {
    const emit = this.stamper(state.id).emit;
    /** Applies a transition and saves it under the project lock. */
    const commit = (apply: () => void) =>
      this.locked(state.id, async () => {
        apply();
        await this.deps.store.save(state);
      });
    for (;;) {
      const stage = currentStage(state.stages);
      if (!stage) return;
      const status = state.stages[stage].status;
      if (status !== 'pending') return;
      if (state.intent && skippedStages(state.intent.task).includes(stage) && stage !== 'PARSE_INTENT') {
        await commit(() => (state.stages = applyStageAction(state.stages, stage, 'skip')));
        emit({ type: 'STAGE_STATUS', payload: { stage, status: 'skipped' } });
        continue;
      }
      if (stage === 'DATA_SOURCE' && !this.pendingSources.has(state.id) && !state.dataset) return;
      if (stage === 'EXPORT' && !this.exportPaths.has(state.id)) return;

      onStage(stage);
      await claim.stage(stage);
      await commit(() => (state.stages = applyStageAction(state.stages, stage, 'start')));
      emit({ type: 'STAGE_STATUS', payload: { stage, status: 'running' } });
      try {
        const outcome = await STAGE_RUNNERS[stage](this.context(state, controller.signal));
        // Training returns the models it finished when stopped: kept only when the person asked to keep them.
        if (stage === 'TRAIN' && controller.signal.aborted && controller.signal.reason !== STOP_AND_KEEP) {
          delete state.training;
          delete state.chosenModelId;
          throw new CodedError('cancelled', 'Training was cancelled; the models trained so far were discarded.');
        }
        if (stage === 'DATA_SOURCE') this.pendingSources.delete(state.id);
        if (stage === 'EXPORT') this.exportPaths.delete(state.id);
        await commit(() => {
          state.stages = applyStageAction(state.stages, stage, outcome === 'await' ? 'await' : 'complete');
          delete state.lastError;
        });
        emit({ type: 'STAGE_STATUS', payload: { stage, status: state.stages[stage].status } });
        if (outcome === 'await') {
          emit({
            type: 'WAITING_CONFIRMATION',
            payload: { stage, message: `Check ${STAGE_LABELS[stage]} and confirm to continue.` },
          });
          return;
        }
      } catch (err) {
        const error = plainError(
          err,
          controller.signal.aborted
            ? { code: 'cancelled', message: 'Cancelled.' }
            : {
                code: 'internal',
                message: `${STAGE_LABELS[stage]} failed unexpectedly. Run it again; if it happens again, report it.`,
              },
        );
        if (controller.signal.aborted && error.code !== 'cancelled') error.code = 'cancelled';
        await commit(() => {
          state.stages = applyStageAction(state.stages, stage, 'fail', error);
          state.lastError = error;
        });
        emit({ type: 'STAGE_STATUS', payload: { stage, status: 'failed', error } });
        emit({ type: 'ERROR', payload: { error, stage } });
        return;
      }
    }
  }
}
