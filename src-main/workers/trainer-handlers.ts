import type { Handlers } from './protocol';
import type { TrainerMethods } from './trainer-methods';
import { ingestData } from './jobs/ingest-data';
import { profileDataset } from '../engine/profile/profile-dataset';
import { trainProject } from './jobs/train-project';
import { exportProject } from './jobs/export-project';
import { predictJob } from './jobs/predict';
import { classifyImageJob } from './jobs/classify-image';

/** Every heavy job of the conductor, by name. Runs inside the trainer worker (or in-process in tests). */
export const trainerHandlers = {
  ingest: ingestData,
  profile: (input, ctx) => profileDataset(input.dataPath, { target: input.target }, ctx),
  train: trainProject,
  export: exportProject,
  predict: predictJob,
  'classify-image': classifyImageJob,
} satisfies Handlers<TrainerMethods>;
