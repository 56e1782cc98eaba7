import type { Handlers } from './protocol';
import type { TrainerMethods } from './trainer-methods';

/**
 * Every heavy job of the conductor, by name. Runs inside the trainer worker (or in-process in tests).
 * Each job's code is imported when the job first runs, so a worker that only ingests and profiles never loads
 * tfjs, sharp or onnxruntime (about 1–2 s of start-up on a busy machine; issue 17).
 */
export const trainerHandlers = {
  ingest: async (input, ctx) => (await import('./jobs/ingest-data')).ingestData(input, ctx),
  profile: async (input, ctx) =>
    (await import('../engine/profile/profile-dataset')).profileDataset(input.dataPath, { target: input.target }, ctx),
  train: async (input, ctx) => (await import('./jobs/train-project')).trainProject(input, ctx),
  export: async (input, ctx) => (await import('./jobs/export-project')).exportProject(input, ctx),
  predict: async (input, ctx) => (await import('./jobs/predict')).predictJob(input, ctx),
  'explain-row': async (input) => (await import('./jobs/explain-row')).explainRowJob(input),
  retrain: async (input, ctx) => (await import('./jobs/retrain')).retrainJob(input, ctx),
  'classify-image': async (input) => (await import('./jobs/classify-image')).classifyImageJob(input),
} satisfies Handlers<TrainerMethods>;
