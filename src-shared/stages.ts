/** The conductor's eight stages, in order. Going back to one invalidates every later one. */
export const STAGES = [
  'PARSE_INTENT',
  'DATA_SOURCE',
  'PROFILE_DATA',
  'PREPROCESS',
  'MODEL_SELECT',
  'TRAIN',
  'REVIEW_EDIT',
  'EXPORT',
] as const;

export type StageId = (typeof STAGES)[number];

export type StageStatus = 'pending' | 'running' | 'waiting_confirmation' | 'done' | 'failed' | 'skipped';

export interface StageState {
  status: StageStatus;
  /** Epoch milliseconds. */
  startedAt?: number;
  finishedAt?: number;
  /** Set when status is `failed`. */
  error?: import('./errors').AppError;
}

export const STAGE_LABELS: Record<StageId, string> = {
  PARSE_INTENT: 'Goal',
  DATA_SOURCE: 'Data',
  PROFILE_DATA: 'Profile',
  PREPROCESS: 'Preprocess',
  MODEL_SELECT: 'Models',
  TRAIN: 'Train',
  REVIEW_EDIT: 'Review',
  EXPORT: 'Export',
};

export function stageIndex(stage: StageId): number {
  return STAGES.indexOf(stage);
}

export function isStageId(value: unknown): value is StageId {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}
