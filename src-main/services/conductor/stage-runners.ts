import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { shownName } from '@shared/column-names';
import type { Emit } from '@shared/events';
import type { DataProfile, DatasetInfo, ModelSelection, ProjectState } from '@shared/project';
import type { StageId } from '@shared/stages';
import { applyPlanEdits, candidateModels, defaultPlan, withoutDroppedColumnWarnings } from '../../engine/tabular/plan';
import type {
  ExportJobInput,
  IngestJobInput,
  ProfileJobInput,
  TrainJobInput,
  TrainerJobs,
} from '../../workers/trainer-methods';
import type { ExportContents, RegisterChoice } from '@shared/channels';
import { askLlmIfSet, choicesByAppNames, resolveIntent } from './resolve-intent';
import { applyGoalInputs } from './goal-inputs';
import type { LlmConfig, LlmOutcome } from '../../engine/intent/llm/local-llm';
import { fixedCandidates, isSupervisedTabular } from './task-flow';
import { removeTempsBeside } from '../../engine/util/temp-beside';

/** What data:attach handed to DATA_SOURCE: a local path, or a Kaggle dataset to download first. */
export interface PendingSource {
  path: string;
  originalName: string;
  kaggle?: IngestJobInput['kaggle'];
}

export interface RunContext {
  state: ProjectState;
  projectDir: string;
  dataDir: string;
  jobs: TrainerJobs;
  emit: Emit;
  signal: AbortSignal;
  appVersion: string;
  /** The source handed to DATA_SOURCE by data:attach (already a local path). */
  pendingSource?: PendingSource;
  /** Where EXPORT writes the zip, which optional parts go in, and where the model is registered. */
  exportPath?: { path: string; include?: ExportContents; register?: RegisterChoice; locale?: string };
  /** The local language model that helps read goals, when one is set. */
  llm?: () => Promise<LlmConfig | null>;
}

/** `await`: stop at waiting_confirmation; `complete`: done, move on. */
export type Outcome = 'await' | 'complete';
export type StageRunner = (ctx: RunContext) => Promise<Outcome>;

const artifactDir = (ctx: RunContext) => join(ctx.projectDir, 'artifacts');

function require<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null)
    throw new CodedError('stage-order', `${what} is missing: go back and complete the earlier step.`);
  return value;
}

const parseIntent: StageRunner = async (ctx) => {
  const { state } = ctx;
  state.intent = resolveIntent(state.goal, state.choices, state);
  ctx.emit({ type: 'PROMPT_PARSED', payload: { intent: state.intent } });
  return 'await';
};

const dataSource: StageRunner = async (ctx) => {
  const { state } = ctx;
  if (ctx.pendingSource) {
    const input: IngestJobInput = {
      srcPath: ctx.pendingSource.path,
      destDir: join(ctx.projectDir, 'data'),
      originalName: ctx.pendingSource.originalName,
      skipBadRows: state.choices?.skipBadRows,
      kaggle: ctx.pendingSource.kaggle,
    };
    state.dataset = await ctx.jobs.request('ingest', input, { signal: ctx.signal, onEvent: ctx.emit });
    delete state.profile;
  }
  const dataset = require(state.dataset, 'The data');
  ctx.emit({ type: 'DATASET_SAMPLE_READY', payload: { dataset } });
  // Column names alone already sharpen the reading of the goal.
  const llm = await askLlmIfSet(state.goal, { dataset }, ctx.llm, ctx.signal);
  state.intent = resolveIntent(state.goal, state.choices, { dataset }, llm);
  ctx.emit({ type: 'PROMPT_PARSED', payload: { intent: state.intent } });
  return 'await';
};

function imageProfile(dataset: DatasetInfo): DataProfile {
  const classes = (dataset.imageClasses ?? []).map((c) => ({ value: c.name, count: c.count }));
  const counts = classes.map((c) => c.count);
  return {
    rows: counts.reduce((a, b) => a + b, 0),
    columns: [],
    duplicateRows: 0,
    correlations: [],
    target: {
      column: 'class',
      kind: 'classes',
      classes,
      imbalanceRatio: counts.length ? Math.max(...counts) / Math.max(1, Math.min(...counts)) : 1,
    },
    warnings: (dataset.rejectedRows ?? []).map((r) => r.reason),
    elapsedMs: 0,
  };
}

const profileData: StageRunner = async (ctx) => {
  const { state } = ctx;
  const dataset = require(state.dataset, 'The data');
  let llm: LlmOutcome | undefined;
  if (dataset.format === 'images') {
    state.profile = imageProfile(dataset);
  } else {
    const target = state.intent?.target ?? null;
    const input: ProfileJobInput = { dataPath: dataset.path, target };
    state.profile = await ctx.jobs.request('profile', input, { signal: ctx.signal, onEvent: ctx.emit });
    llm = await askLlmIfSet(state.goal, state, ctx.llm, ctx.signal);
    const intent = resolveIntent(state.goal, state.choices, state, llm);
    if (intent.target && intent.target !== target) {
      // The full profile named a different target: profile again so the target distribution is the right one.
      state.profile = await ctx.jobs.request(
        'profile',
        { dataPath: dataset.path, target: intent.target },
        { signal: ctx.signal, onEvent: ctx.emit },
      );
    }
  }
  state.intent = resolveIntent(state.goal, state.choices, state, llm);
  ctx.emit({ type: 'PROMPT_PARSED', payload: { intent: state.intent } });
  return 'await';
};

const preprocess: StageRunner = async (ctx) => {
  const { state } = ctx;
  const profile = require(state.profile, 'The data profile');
  const intent = require(state.intent, 'The goal');
  let plan = applyGoalInputs(
    defaultPlan(profile, { task: intent.task, target: intent.target, date: intent.date }),
    intent.inputs,
  );
  const choices = state.dataset ? choicesByAppNames(state.choices, state.dataset) : state.choices;
  if (choices?.drop?.length || choices?.columns) {
    plan = applyPlanEdits(plan, { drop: choices.drop, columns: choices.columns });
  }
  plan = withoutDroppedColumnWarnings(plan, (name) => shownName(profile.columns, name));
  state.plan = plan;
  ctx.emit({ type: 'PREPROCESS_PLAN', payload: { plan } });
  return 'await';
};

const modelSelect: StageRunner = async (ctx) => {
  const { state } = ctx;
  const intent = require(state.intent, 'The goal');
  const profile = require(state.profile, 'The data profile');
  let selection: ModelSelection | null = isSupervisedTabular(intent.task)
    ? candidateModels(intent.task, profile)
    : fixedCandidates(intent.task);
  selection = require(selection, 'A model list for this task');
  const chosen = state.choices?.models;
  if (chosen?.length) {
    const unknown = chosen.filter((m) => !selection!.candidates.some((c) => c.family === m));
    if (unknown.length) {
      throw new CodedError(
        'invalid-input',
        `Unknown model '${unknown[0]}'. Models for this task: ${selection.candidates.map((c) => c.family).join(', ')}.`,
      );
    }
    selection.candidates = selection.candidates.map((c) => ({ ...c, selected: chosen.includes(c.family) }));
  }
  if (state.choices?.budgetSeconds) selection.budgetSeconds = state.choices.budgetSeconds;
  state.models = selection;
  ctx.emit({ type: 'MODEL_CANDIDATES', payload: { selection } });
  return 'await';
};

const train: StageRunner = async (ctx) => {
  const { state } = ctx;
  const dataset = require(state.dataset, 'The data');
  const intent = require(state.intent, 'The goal');
  const input: TrainJobInput = {
    task: intent.task,
    dataPath: dataset.path,
    dataset,
    intent,
    profile: require(state.profile, 'The data profile'),
    plan: state.plan ?? null,
    // Continuing: this run's budget is the extra time asked for; the search starts from the last run's models.
    models:
      state.models && state.trainMore
        ? { ...state.models, budgetSeconds: state.trainMore.budgetSeconds }
        : (state.models ?? null),
    artifactDir: artifactDir(ctx),
    ...(state.trainMore ? { continueSearch: true } : {}),
  };
  const summary = await ctx.jobs.request('train', input, { signal: ctx.signal, onEvent: ctx.emit });
  delete state.trainMore;
  state.training = summary;
  state.chosenModelId = summary.bestModelId ?? undefined;
  return 'complete';
};

const review: StageRunner = async (ctx) => {
  const training = require(ctx.state.training, 'The training result');
  if (training.confusion && training.bestModelId) {
    ctx.emit({ type: 'CONFUSION_MATRIX_READY', payload: { modelId: training.bestModelId, ...training.confusion } });
  }
  ctx.emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: training.leaderboard, metric: training.metric } });
  return 'await';
};

const exportStage: StageRunner = async (ctx) => {
  const target = require(ctx.exportPath, 'An export location');
  const input: ExportJobInput = {
    state: ctx.state,
    artifactDir: artifactDir(ctx),
    zipPath: target.path,
    include: target.include,
    register: target.register,
    dataDir: ctx.dataDir,
    appVersion: ctx.appVersion,
    locale: target.locale,
  };
  let info;
  try {
    info = await ctx.jobs.request('export', input, { signal: ctx.signal, onEvent: ctx.emit });
  } catch (err) {
    // A worker stopped mid-write (a cancel it did not honour in time, a crash) leaves its temporary zip.
    await removeTempsBeside(target.path);
    throw err;
  }
  ctx.state.export = info;
  ctx.emit({ type: 'EXPORT_READY', payload: { export: info } });
  return 'complete';
};

export const STAGE_RUNNERS: Record<StageId, StageRunner> = {
  PARSE_INTENT: parseIntent,
  DATA_SOURCE: dataSource,
  PROFILE_DATA: profileData,
  PREPROCESS: preprocess,
  MODEL_SELECT: modelSelect,
  TRAIN: train,
  REVIEW_EDIT: review,
  EXPORT: exportStage,
};
