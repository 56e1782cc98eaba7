import type { AppEvent } from '@shared/events';
import type { LeaderboardRow } from '@shared/project';
import type { MetricName, ModelFamily } from '@shared/tasks';
import { emptySeries, pushPoint, type CappedSeries } from '../../lib/series';

/** Live training view of one project: what TRAIN_PROGRESS, METRIC_SCALAR and the leaderboard events said. */
export interface TrainingLive {
  projectId: string | null;
  running: boolean;
  /** 0..1, never decreases within a run. */
  fraction: number;
  message: string;
  etaSeconds: number | null;
  currentModelId: string | null;
  currentFamily: ModelFamily | null;
  startedAt: number | null;
  rows: LeaderboardRow[];
  metric: MetricName | null;
  /** Model family of each run seen in progress events (names the curves of runs not yet on the leaderboard). */
  families: Record<string, ModelFamily>;
  /** Curves keyed `${modelId}\u0000${name}\u0000${split}`, each capped. */
  series: Record<string, CappedSeries>;
}

export const SERIES_CAP = 400;

export function emptyTraining(projectId: string | null = null): TrainingLive {
  return {
    projectId,
    running: false,
    fraction: 0,
    message: '',
    etaSeconds: null,
    currentModelId: null,
    currentFamily: null,
    startedAt: null,
    rows: [],
    metric: null,
    families: {},
    series: {},
  };
}

export const seriesKey = (modelId: string, name: string, split: string) => `${modelId}\u0000${name}\u0000${split}`;

export function parseSeriesKey(key: string): { modelId: string; name: string; split: string } {
  const [modelId, name, split] = key.split('\u0000');
  return { modelId, name, split };
}

function upsertRow(rows: LeaderboardRow[], row: LeaderboardRow): LeaderboardRow[] {
  const i = rows.findIndex((r) => r.modelId === row.modelId);
  if (i < 0) return [...rows, row];
  const next = rows.slice();
  next[i] = row;
  return next;
}

/** Folds one event into the live training view. Events of other projects are ignored. */
export function reduceTraining(state: TrainingLive, event: AppEvent): TrainingLive {
  if (event.projectId !== state.projectId) return state;
  switch (event.type) {
    case 'STAGE_STATUS': {
      // A new download (DATA_SOURCE) reports progress through the same events: start it from zero.
      if (event.payload.stage === 'DATA_SOURCE' && event.payload.status === 'running')
        return { ...emptyTraining(event.projectId), startedAt: event.ts };
      if (event.payload.stage !== 'TRAIN') return state;
      if (event.payload.status === 'running')
        return { ...emptyTraining(event.projectId), running: true, startedAt: event.ts, message: 'Starting…' };
      return {
        ...state,
        running: false,
        etaSeconds: null,
        fraction: event.payload.status === 'done' ? 1 : state.fraction,
      };
    }
    case 'TRAIN_PROGRESS': {
      const p = event.payload;
      return {
        ...state,
        running: true,
        startedAt: state.startedAt ?? event.ts,
        // Progress never runs backwards on screen, even if events arrive out of order.
        fraction: Math.max(state.fraction, Math.min(1, Math.max(0, p.fraction))),
        message: p.message,
        etaSeconds: p.etaSeconds ?? null,
        currentModelId: p.modelId ?? state.currentModelId,
        currentFamily: p.family ?? state.currentFamily,
        families:
          p.modelId && p.family && state.families[p.modelId] !== p.family
            ? { ...state.families, [p.modelId]: p.family }
            : state.families,
      };
    }
    case 'METRIC_SCALAR': {
      const p = event.payload;
      if (!Number.isFinite(p.value)) return state;
      const key = seriesKey(p.modelId, p.name, p.split);
      return {
        ...state,
        series: { ...state.series, [key]: pushPoint(state.series[key] ?? emptySeries(), p.step, p.value, SERIES_CAP) },
      };
    }
    case 'TRAIN_RUN_FINISHED':
      return { ...state, rows: upsertRow(state.rows, event.payload.row) };
    case 'LEADERBOARD_UPDATED':
      return { ...state, rows: event.payload.rows, metric: event.payload.metric };
    default:
      return state;
  }
}

/** Applies a batch of events in order (METRIC_SCALAR arrives in bursts; one store update per frame). */
export function reduceTrainingBatch(state: TrainingLive, events: AppEvent[]): TrainingLive {
  return events.reduce(reduceTraining, state);
}
